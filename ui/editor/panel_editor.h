#pragma once

#include "core/dashboards/datasources.h"
#include "core/dashboards/panel_queries.h"

#include <QDialog>

#include <functional>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTimer;
class QToolButton;

namespace sg::services {
class QueryClient;
}

namespace sg::ui {

class DashboardModel;
class PanelFrame;

namespace editor {
class OptionsPane;
class QueryRowsEditor;
class VisualizationPicker;
}

/// Grafana's panel edit mode as a dialog: a live preview of a working copy of the panel's JSON on top, its
/// queries below, the visualization's options (or the visualization picker) on the right. Nothing reaches the
/// dashboard until Apply, which writes the working copy as one undo step (or adds the panel when it is new).
class PanelEditorDialog : public QDialog
{
    Q_OBJECT
public:
    /// `panelId` 0 edits a new panel (a time series with one query), added to the dashboard on Apply.
    /// `contextProvider` gives the dashboard's current range and variables for each preview run.
    PanelEditorDialog(DashboardModel* model, services::QueryClient* client,
        const dashboards::DatasourceRegistry& datasources, int panelId,
        std::function<dashboards::PanelQueryContext()> contextProvider, QWidget* parent = nullptr);
    ~PanelEditorDialog() override;

    /// The panel as edited so far.
    const dashboards::Panel& workingCopy() const { return m_working; }
    /// The edited panel's id (a new panel's once applied; 0 before).
    int panelId() const { return m_panelId; }
    /// True when the working copy differs from what was last applied (or opened).
    bool hasChanges() const;

    PanelFrame* preview() const { return m_preview; }
    editor::QueryRowsEditor* queryRows() const { return m_rows; }
    editor::OptionsPane* optionsPane() const { return m_options; }
    editor::VisualizationPicker* visualizationPicker() const { return m_picker; }
    /// Shows the visualization picker in place of the options (and back).
    QToolButton* visualizationButton() const { return m_vizButton; }
    QPushButton* applyButton() const { return m_apply; }
    QPushButton* discardButton() const { return m_discard; }
    QPushButton* applyAndCloseButton() const { return m_applyClose; }

    /// Replaces how Escape asks whether to drop unapplied changes (tests answer without a message box).
    void setDiscardConfirmation(std::function<bool()> confirm) { m_confirmDiscard = std::move(confirm); }

public Q_SLOTS:
    /// Runs the preview's queries now.
    void runQueries();
    /// Writes the working copy to the dashboard.
    void apply();
    /// Switches the working copy to panel type `pluginId`, keeping what both types share.
    void setVisualization(const QString& pluginId);
    /// Drops the working copy's changes and closes.
    void discard();
    /// Closes; with unapplied changes, asks first (Escape).
    void reject() override;

Q_SIGNALS:
    /// The working copy was written to the dashboard as panel `panelId`.
    void applied(int panelId);
    /// A preview run finished (its data, or an error shown on its row).
    void previewRefreshed();

private:
    void buildUi();
    void onQueriesChanged(bool rerun);
    void onOptionChanged(const QString& path, const QJsonValue& value);
    void workingCopyChanged();
    void scheduleRun();
    void onPreviewRefreshed();
    QJsonObject queryKey() const;
    QStringList variableNames() const;
    void updateTitle();

    DashboardModel* m_model = nullptr;
    services::QueryClient* m_client = nullptr;
    dashboards::DatasourceRegistry m_datasources;
    std::function<dashboards::PanelQueryContext()> m_contextProvider;
    std::function<bool()> m_confirmDiscard;
    int m_panelId = 0;
    dashboards::Panel m_working;
    dashboards::Panel m_baseline; ///< the working copy as opened or last applied
    QJsonObject m_lastRunKey;

    PanelFrame* m_preview = nullptr;
    editor::QueryRowsEditor* m_rows = nullptr;
    editor::OptionsPane* m_options = nullptr;
    editor::VisualizationPicker* m_picker = nullptr;
    QStackedWidget* m_rightStack = nullptr;
    QToolButton* m_vizButton = nullptr;
    QLabel* m_panelError = nullptr;
    QPushButton* m_apply = nullptr;
    QPushButton* m_discard = nullptr;
    QPushButton* m_applyClose = nullptr;
    QTimer* m_runTimer = nullptr;
};

} // namespace sg::ui
