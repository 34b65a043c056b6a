#pragma once

#include "core/common/time.h"
#include "core/dashboards/datasources.h"
#include "core/dashboards/explore_state.h"
#include "core/labels/labels.h"
#include "core/services/query_client.h"

#include <QWidget>

class QDialog;
class QLabel;
class QPushButton;
class QSplitter;
class QToolButton;

namespace sg::dashboards {
class DashboardStore;
}

namespace sg::ui {

class AddToDashboardDialog;
class ExploreHistory;
class ExplorePane;
class LogsPanel;
class QueryEditor;
class TimeSeriesPanel;

/// Grafana's Explore: one pane of query rows, or two side by side (Split / Close) whose time ranges move together
/// while the link toggle is on and whose graphs share a crosshair; a query history drawer; "Add to dashboard" for
/// any row; and the whole state as a `sightglass://explore?...` link (Copy link, Open link).
/// The single-pane calls (showLogs, runMetrics, logsEditor, ...) act on the left pane.
class ExplorePage : public QWidget
{
    Q_OBJECT
public:
    explicit ExplorePage(services::QueryClient* queries, QWidget* parent = nullptr);

    /// The datasources rows pick from (the embedded Prometheus and Loki until set); new rows see the change.
    void setDatasources(const dashboards::DatasourceRegistry& registry);
    /// Where "Add to dashboard" lists and saves dashboards (none: the button says so).
    void setDashboardStore(dashboards::DashboardStore* store);

    // --- panes
    int paneCount() const { return int(m_panes.size()); }
    ExplorePane* pane(int index) const { return m_panes.at(std::size_t(index)); }
    /// Opens a second pane to the right, a copy of the first (Grafana's Split); returns it.
    ExplorePane* split();
    /// Closes pane `index` (the other stays).
    void closePane(int index);
    /// Time sync between the panes (on by default): a range picked in one is applied to the other.
    bool isTimeSynced() const { return m_synced; }
    void setTimeSynced(bool synced);
    /// Runs every pane.
    void runAll();

    // --- state and links
    dashboards::ExploreState state() const;
    /// Restores `state` (panes, rows, ranges, sync) and runs it.
    void setState(const dashboards::ExploreState& state);
    QString link() const;
    /// Restores the state of an Explore link (ours or Grafana's); false, with the reason shown, when it does not read.
    bool openLink(const QString& link);
    /// Puts link() on the clipboard.
    void copyLink();

    // --- the left pane, as the single Explore of the correlation tools
    /// The range of the left pane (and of the right one while time is synced).
    void setTimeRange(TimeRange range);
    TimeRange timeRange() const;
    TimeRange logsRange() const;
    /// Shows the logs of `selector` over [from, to]; with `datasourceUid`, on that (Loki) datasource.
    void showLogs(const QString& selector, TimestampMs from, TimestampMs to, const QString& datasourceUid = {});
    void showMetrics(const QString& query);
    void runMetrics();
    void runLogs();
    void showLogContext(int row);
    bool showRateByLevel();
    void showWhatChanged();
    void showWhatChanged(const QString& selector, TimestampMs from, TimestampMs to);
    QueryEditor* metricsEditor() const;
    QueryEditor* logsEditor() const;
    TimeSeriesPanel* chart() const;
    /// The graph of the pane where a range was dragged last (logsRangeSelected, whatChangedRangeSelected).
    TimeSeriesPanel* rangeChart() const;
    LogsPanel* logsPanel() const;
    QPushButton* rateByLevelButton() const;
    QPushButton* relatedPanelsButton() const;
    QPushButton* whatChangedButton() const;
    QDialog* whatChangedDialog() const;
    DurationMs metricsStep() const;
    bool isLogsLoading() const;

    QPushButton* splitButton() const { return m_split; }
    QToolButton* syncButton() const { return m_sync; }
    QPushButton* copyLinkButton() const { return m_copyLink; }
    QPushButton* openLinkButton() const { return m_openLink; }
    QToolButton* historyButton() const { return m_historyButton; }
    ExploreHistory* history() const { return m_history; }
    /// The last "Add to dashboard" dialog (null before the first).
    AddToDashboardDialog* addToDashboardDialog() const { return m_addDialog; }
    /// The message of the last action (link copied, dashboard saved, a link that did not read).
    QString statusText() const;

Q_SIGNALS:
    void logsFinished();
    void metricsFinished();
    /// A click on an Explore graph (the window may narrow the logs with it).
    void seriesClicked(sg::Labels labels, qint64 timeMs);
    /// A Shift+drag over an Explore graph: the logs of its series for [fromMs, toMs].
    void logsRangeSelected(qint64 fromMs, qint64 toMs);
    /// A Shift+drag over the left pane's graph, then "What changed in the logs".
    void whatChangedRangeSelected(qint64 fromMs, qint64 toMs);
    /// Logs → metrics: which dashboard panels graph series with the labels of the log query `query`.
    void relatedPanelsRequested(const QString& query);
    /// "Add to dashboard" saved dashboard `uid` in the store.
    void dashboardSaved(const QString& uid);

private:
    ExplorePane* createPane();
    void updatePaneChrome();
    void syncFrom(ExplorePane* source, TimeRange range);
    void showStatus(const QString& text);
    void addToDashboard(const dashboards::ExploreQuery& query, bool isLogQuery, bool asAnnotation);
    void runFromHistory(bool logql, const QString& query);

    services::QueryClient* m_queries = nullptr;
    dashboards::DatasourceRegistry m_datasources;
    dashboards::DashboardStore* m_store = nullptr;
    std::vector<ExplorePane*> m_panes;
    ExplorePane* m_rangePane = nullptr; ///< compared only, never followed: a pane may be gone
    QSplitter* m_splitter = nullptr;
    QPushButton* m_split = nullptr;
    QToolButton* m_sync = nullptr;
    QPushButton* m_copyLink = nullptr;
    QPushButton* m_openLink = nullptr;
    QToolButton* m_historyButton = nullptr;
    ExploreHistory* m_history = nullptr;
    AddToDashboardDialog* m_addDialog = nullptr;
    QLabel* m_status = nullptr;
    bool m_synced = true;
    bool m_addedAnnotation = false; ///< the dialog's last query goes to the annotations
};

} // namespace sg::ui
