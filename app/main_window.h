#pragma once

#include "core/dashboards/dashboard_store.h"
#include "core/dashboards/datasources.h"
#include "core/dashboards/panel_queries.h"
#include "core/dashboards/url_state.h"
#include "core/common/time.h"
#include "core/labels/labels.h"
#include "core/query/frame.h"
#include "ui/storage/storage_status.h"

#include <QMainWindow>

#include <functional>
#include <memory>
#include <vector>

class QLabel;
class QMenu;
class QTabWidget;
class QToolButton;

namespace sg::services {
class QueryClient;
}

namespace sg::scrape {
class ScrapeManager;
}

namespace sg::ui {
class DashboardModel;
class PanelFrame;
class DashboardView;
class DashboardsPage;
class DatasourcesPage;
class ExplorePage;
class GrafanaTimePicker;
class InspectDialog;
class LabelBridgeState;
class LabelMappingDialog;
class LinkOpener;
class PanelEditorDialog;
class TargetsPage;
class VariableBar;
class VariableRefresher;
} // namespace sg::ui

namespace sg {

/// The workbench window: menus and toolbar (dashboard title, star, save, time range and refresh), the variable
/// bar, and the Dashboards, Dashboard, Explore, Targets and Data sources pages in tabs. It wires the pages; each owns its logic.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(services::QueryClient* client, const QString& dashboardsDir,
        QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens a dashboard of the library by uid; false (with a message) when it cannot be read.
    bool openDashboard(const QString& uid);
    /// Opens a dashboard link (`/d/<uid>?var-x=..&from=..&to=..`): the dashboard from the library with those
    /// variable values and that range; false (with a message) when the library has no such dashboard.
    bool openDashboardUrl(const dashboards::DashboardUrl& url);
    /// Where panel and data links go; tests replace its URL opener.
    ui::LinkOpener* linkOpener() const { return m_linkOpener; }
    /// Opens a dashboard file where it is: Ctrl+S writes back to that file.
    bool openFile(const QString& path);
    /// Imports a Grafana dashboard file (or pasted JSON) into the library and opens it.
    bool importFile(const QString& path);
    bool importJson(const QByteArray& json);
    /// Saves the open dashboard (to its file); false with a message on failure.
    bool save();
    /// Adds a new time series panel on top (one undo step) and opens it in the panel editor; returns its id.
    int addPanel();
    /// Grafana's panel edit mode for panel `panelId` (0: a new panel, added on Apply), as a dialog.
    ui::PanelEditorDialog* editPanel(int panelId);
    /// Grafana's Inspect drawer for panel `panelId`: data, query stats, panel JSON.
    ui::InspectDialog* inspectPanel(int panelId);
    /// Asks where to save a file (caption, suggested name, filter); empty when the user cancels. A file dialog
    /// unless set otherwise (tests).
    using SavePathChooser = std::function<QString(const QString&, const QString&, const QString&)>;
    void setSavePathChooser(SavePathChooser chooser) { m_savePathChooser = std::move(chooser); }
    /// Exports panel `panelId` (0: the whole dashboard) as PNG, or SVG with `svg`, to `path` (empty: asks where).
    bool exportImage(int panelId, bool svg, QString path = {});
    /// The range, clock, time zone and variables panels run with now.
    dashboards::PanelQueryContext queryContext() const;

    ui::DashboardModel* model() const { return m_model; }
    ui::DashboardView* dashboardView() const { return m_view; }
    ui::DashboardsPage* dashboardsPage() const { return m_list; }
    ui::ExplorePage* explorePage() const { return m_explore; }
    ui::TargetsPage* targetsPage() const { return m_targets; }
    /// The Data sources page; its saved changes reach the query client, dashboards and Explore.
    ui::DatasourcesPage* datasourcesPage() const { return m_datasourcesPage; }
    ui::GrafanaTimePicker* timePicker() const { return m_picker; }
    ui::VariableBar* variableBar() const { return m_variableBar; }
    ui::VariableRefresher* variableRefresher() const { return m_refresher; }
    QTabWidget* tabs() const { return m_tabs; }
    dashboards::DashboardStore* store() const { return m_store.get(); }
    QString statusText() const;
    void setScrapeManager(scrape::ScrapeManager* manager);
    /// The datasources dashboards and variables resolve against (embedded and remote).
    void setDatasources(const dashboards::DatasourceRegistry& registry);
    /// Shows the stores' health in the status bar (red, with path and reason, when one fails) and enables
    /// View > Storage. `notes`: what the start noticed (a lock taken over, a store moved into the layout).
    void setStorage(ui::StorageHealthSource source, const QString& dataDir, const QStringList& notes = {});
    ui::StorageStatusButton* storageStatus() const { return m_storageStatus; }
    /// The Storage dialog: paths, state, retention (editable), sizes.
    ui::StorageDialog* showStorage();
    /// The label bridge (metric → log label mapping) the click-throughs and badges use.
    ui::LabelBridgeState* labelBridge() const { return m_bridge; }
    /// Keeps the user's label mapping in `dataDir` (setStorage does it for the GUI's data dir).
    void setLabelMappingDataDir(const QString& dataDir);
    /// View > Label mapping: the mapping editor.
    ui::LabelMappingDialog* editLabelMapping();
    /// Logs → metrics: a menu (under Explore's "Metric panels") of the open dashboard's metric panels whose series
    /// could share the labels of `logQuery`; an entry shows its panel. Null (with a message) for a query that does
    /// not parse.
    QMenu* showRelatedPanels(const QString& logQuery);

public Q_SLOTS:
    /// Re-runs the visible page's queries for the picker's range.
    void refresh();
    /// Reads the stores' health again (a store failed or recovered).
    void updateStorage();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenus();
    void connectLinks();
    void connectBridge();
    /// Points the label bridge at the datasources the open dashboard correlates (bridgePairOf) and infers again.
    void updateBridgePair();
    /// The panel menu's "Log lens" toggle (time series panels).
    void addLensAction(ui::PanelFrame* frame);
    Labels mappedLogLabels(const Labels& series) const;
    /// The logs' window for a click at `timeMs` on a graph with `stepMs`: ui::logsWindowFor, at least the padding on
    /// both sides.
    TimeRange clickLogsWindow(qint64 timeMs, qint64 stepMs) const;
    void openPanelRangeLogs(int panelId, qint64 fromMs, qint64 toMs);
    /// The logs of `series` (mapped) over [fromMs, toMs] widened by the padding; `where` names them in messages.
    /// `whatChanged`: the range's "What changed" instead of its logs.
    void openSeriesRangeLogs(const std::vector<Labels>& series, const QString& where, qint64 fromMs, qint64 toMs,
        bool whatChanged = false);
    void openLogsRange(const QString& selector, qint64 fromMs, qint64 toMs);
    void onLoaded();
    void updateTitle();
    void openLogsFor(int panelId, const query::LabelPairs& labels, qint64 timeMs);
    void openLogs(const QString& baseSelector, const query::LabelPairs& labels, qint64 timeMs, qint64 stepMs);
    /// Asks what to do with unsaved changes; false when the user cancels.
    bool confirmDiscard();
    void exportJson(bool forSharing);
    void showMessage(const QString& text);

    services::QueryClient* m_client = nullptr;
    std::unique_ptr<dashboards::DashboardStore> m_store;
    ui::DashboardModel* m_model = nullptr;
    ui::DashboardView* m_view = nullptr;
    ui::DashboardsPage* m_list = nullptr;
    ui::ExplorePage* m_explore = nullptr;
    ui::TargetsPage* m_targets = nullptr;
    ui::DatasourcesPage* m_datasourcesPage = nullptr;
    ui::GrafanaTimePicker* m_picker = nullptr;
    ui::VariableBar* m_variableBar = nullptr;
    ui::VariableRefresher* m_refresher = nullptr;
    ui::LinkOpener* m_linkOpener = nullptr;
    ui::LabelBridgeState* m_bridge = nullptr;
    dashboards::DatasourceRegistry m_datasources = dashboards::DatasourceRegistry::embedded();
    QMenu* m_relatedMenu = nullptr;
    SavePathChooser m_savePathChooser;
    QWidget* m_dashboardPage = nullptr;
    QTabWidget* m_tabs = nullptr;
    QLabel* m_title = nullptr;
    QToolButton* m_star = nullptr;
    QLabel* m_status = nullptr;
    ui::StorageStatusButton* m_storageStatus = nullptr;
    ui::StorageHealthSource m_storageSource;
    QString m_dataDir;
    QStringList m_storageNotes;
    QString m_exploreBaseSelector; ///< what Explore's clicks narrow (not the already narrowed text)
};

} // namespace sg
