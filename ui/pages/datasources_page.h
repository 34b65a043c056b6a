#pragma once

#include "core/services/datasource_files.h"
#include "ui/pages/datasource_editor.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

#include <functional>
#include <vector>

class QLabel;
class QPushButton;
class QTableWidget;

namespace sg::services {
class QueryClient;
}

namespace sg::ui {

class DatasourceTester;

/// The Data sources tab, as Grafana's: the embedded Prometheus and Loki (read-only), then every remote source with
/// name, type, URL, uid, default flag and the last test's result. Add, edit, duplicate, remove and test them; each
/// change is written to the file the sources came from (DatasourceFileSet::savePath) and then announced with
/// datasourcesChanged(), which the window applies to the query client, dashboards and Explore.
class DatasourcesPage : public QWidget
{
    Q_OBJECT
public:
    enum Column { Name, Type, Url, Uid, Default, Status, Test, ColumnCount };
    /// Rows before the remote sources: the embedded Prometheus and Loki.
    static constexpr int EmbeddedRows = 2;

    explicit DatasourcesPage(services::QueryClient* client, QWidget* parent = nullptr);

    /// Reads the workbench's files (services::loadDatasourceFileSet); false, with the error shown, when they cannot
    /// be read.
    bool loadFiles(const QString& configFile, const QString& datasourcesFile, const QString& fallbackFile);
    /// Shows `set` (nothing is written or announced).
    void setFileSet(services::DatasourceFileSet set);
    const services::DatasourceFileSet& fileSet() const { return m_set; }
    /// Every remote source, read-only ones included.
    std::vector<remote::RemoteDatasource> remoteDatasources() const { return m_set.all(); }

    /// Where the remove button asks for confirmation (the question); a message box unless set otherwise.
    using Confirm = std::function<bool(const QString&)>;
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }

    QTableWidget* table() const { return m_table; }
    /// The editor open now, or nullptr.
    DatasourceEditor* editor() const { return m_editor; }
    /// The tester of remote source `index`.
    DatasourceTester* tester(int index) const;
    /// "Saved to ..." or the save error.
    QLabel* saveStatus() const { return m_saveStatus; }
    /// The selected remote source (-1: none or an embedded row).
    int currentIndex() const;

public Q_SLOTS:
    /// Opens the editor on a new Prometheus-compatible source.
    DatasourceEditor* addSource();
    /// Opens the editor on remote source `index` (nullptr when it is read-only or out of range).
    DatasourceEditor* editSource(int index);
    /// Opens the editor on a copy of source `index` with a new name and uid.
    DatasourceEditor* duplicateSource(int index);
    /// Removes source `index` after confirmation and saves; false when nothing was removed.
    bool removeSource(int index);
    /// Tests source `index`; the result shows in its row.
    void testSource(int index);

Q_SIGNALS:
    /// The remote sources changed and were saved: every one, in order (read-only ones included).
    void datasourcesChanged(const std::vector<remote::RemoteDatasource>& datasources);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /// Opens the editor on `start`; saving replaces source `replace` (-1: adds one).
    DatasourceEditor* openEditor(const remote::RemoteDatasource& start, int replace, const QString& title);
    /// Saves `next` as the sources; on success adopts and announces them, otherwise returns the error. The testers of
    /// `changedUids` start over (their results were for the sources before the change).
    QString commit(std::vector<services::EditableDatasource> next, const QString& done, const QStringList& changedUids);
    DatasourceTester* testerFor(const QString& uid);
    void rebuild();
    void fillRow(int row, const QStringList& cells, bool editable);
    void showTest(const QString& uid);
    /// The uid shown in table row `row` (embedded rows included).
    QString uidAtRow(int row) const;
    /// Tests the source of table row `row`: an embedded store or a remote source.
    void testRow(int row);
    void updateButtons();
    void updateHeader();

    services::QueryClient* m_client = nullptr;
    services::DatasourceFileSet m_set;
    QHash<QString, DatasourceTester*> m_testers; ///< by uid: a result stays with its source across changes
    Confirm m_confirm;
    QPointer<DatasourceEditor> m_editor;
    QLabel* m_header = nullptr;
    QLabel* m_saveStatus = nullptr;
    QLabel* m_details = nullptr;
    QTableWidget* m_table = nullptr;
    QPushButton* m_edit = nullptr;
    QPushButton* m_duplicate = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_test = nullptr;
};

} // namespace sg::ui
