#pragma once

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QIODevice;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTableWidget;
class QTabWidget;

namespace sg::ui {

class DashboardModel;
class PanelFrame;

namespace editor {
class InspectTableModel;
}

/// Grafana's Inspect drawer as a dialog over one panel frame: Data (the frame's data as a table, joined by time or
/// one series at a time, raw or formatted, downloadable as CSV), Query (what each query ran and cost) and JSON (the
/// panel's JSON, editable; Apply writes it to the dashboard as one undo step).
class InspectDialog : public QDialog
{
    Q_OBJECT
public:
    enum Tab { DataTab, QueryTab, JsonTab };

    InspectDialog(DashboardModel* model, PanelFrame* frame, QWidget* parent = nullptr);
    ~InspectDialog() override;

    void showTab(Tab tab);
    /// Writes the table the Data tab shows as CSV.
    void writeCsv(QIODevice* device) const;
    /// Asks for a file and writes the CSV there.
    void downloadCsv();

    QTabWidget* tabs() const { return m_tabs; }
    /// The Data tab's model (headers and rows as shown).
    editor::InspectTableModel* dataModel() const { return m_dataModel; }
    QTableView* dataView() const { return m_dataView; }
    /// "Series joined by time", then one entry per series.
    QComboBox* seriesPicker() const { return m_seriesPicker; }
    QCheckBox* formattedToggle() const { return m_formatted; }
    QPushButton* downloadButton() const { return m_download; }
    QTableWidget* queryTable() const { return m_queryTable; }
    QPlainTextEdit* jsonEdit() const { return m_json; }
    QPushButton* applyJsonButton() const { return m_applyJson; }
    /// The JSON tab's error ("Line 3, column 5: …"), empty when none.
    QString jsonError() const;

public Q_SLOTS:
    /// Re-reads the frame's data and plan (also done when the frame refreshes).
    void reload();
    /// Parses the JSON tab and writes it to the dashboard; returns false (and shows why) when it is not a panel.
    bool applyJson();

private:
    QWidget* buildDataTab();
    QWidget* buildQueryTab();
    QWidget* buildJsonTab();
    void rebuildTable();
    void reloadJson();

    DashboardModel* m_model = nullptr;
    QPointer<PanelFrame> m_frame;
    int m_panelId = 0;
    QTabWidget* m_tabs = nullptr;
    editor::InspectTableModel* m_dataModel = nullptr;
    QTableView* m_dataView = nullptr;
    QComboBox* m_seriesPicker = nullptr;
    QCheckBox* m_formatted = nullptr;
    QPushButton* m_download = nullptr;
    QLabel* m_dataSummary = nullptr;
    QTableWidget* m_queryTable = nullptr;
    QPlainTextEdit* m_json = nullptr;
    QPushButton* m_applyJson = nullptr;
    QLabel* m_jsonError = nullptr;
};

} // namespace sg::ui
