#pragma once

#include "core/common/time.h"
#include "core/labels/labels.h"
#include "core/services/query_client.h"

#include <QWidget>

#include <atomic>
#include <memory>

class QLabel;
class QDialog;
class QPushButton;
class QSplitter;

namespace sg::ui {

class LogsPanel;
class QueryEditor;
class TimeSeriesPanel;

/// Grafana's split Explore: a PromQL editor over a graph, and a LogQL editor over the log lines.
class ExplorePage : public QWidget
{
    Q_OBJECT
public:
    explicit ExplorePage(services::QueryClient* queries, QWidget* parent = nullptr);

    /// The range both halves query; a later showLogs() narrows the logs half until the range changes again.
    void setTimeRange(TimeRange range);
    TimeRange timeRange() const { return m_range; }
    TimeRange logsRange() const { return m_logsRange; }

    /// Fills the logs editor with `selector` and runs it over [from, to].
    void showLogs(const QString& selector, TimestampMs from, TimestampMs to);
    /// Fills the metrics editor with `query` and runs it over the current range.
    void showMetrics(const QString& query);

    void runMetrics();
    void runLogs();
    /// Opens the context (lines before and after in the same stream) of the log list's `row`.
    void showLogContext(int row);
    /// Logs → metrics: the rate by level of the logs editor's query (`sum by (level) (count_over_time(...))`) into
    /// the metrics editor, run; false (the error shown in the logs half) when the log query does not parse.
    bool showRateByLevel();
    /// "What changed": the log patterns of the logs editor's query in the logs range against the same length just
    /// before, mined off the UI thread and shown in a dialog whose actions put a filter into the logs editor.
    void showWhatChanged();

    QueryEditor* metricsEditor() const { return m_metricsEditor; }
    QueryEditor* logsEditor() const { return m_logsEditor; }
    TimeSeriesPanel* chart() const { return m_chart; }
    LogsPanel* logsPanel() const { return m_logs; }
    QPushButton* rateByLevelButton() const { return m_rateByLevel; }
    QPushButton* relatedPanelsButton() const { return m_relatedPanels; }
    QPushButton* whatChangedButton() const { return m_whatChanged; }
    /// The "What changed" dialog (null before the first use).
    QDialog* whatChangedDialog() const { return m_whatChangedDialog; }
    /// The step of the last metrics run.
    DurationMs metricsStep() const { return m_step; }
    bool isLogsLoading() const { return m_logsRequest != 0; }

Q_SIGNALS:
    void logsFinished();
    void metricsFinished();
    /// A click on the Explore graph (the window may narrow the logs with it).
    void seriesClicked(sg::Labels labels, qint64 timeMs);
    /// A Shift+drag over the Explore graph: the logs of its series for [fromMs, toMs].
    void logsRangeSelected(qint64 fromMs, qint64 toMs);
    /// Logs → metrics: which dashboard panels graph series with the labels of the log query `query`.
    void relatedPanelsRequested(const QString& query);

private:
    void updateCompletionData();
    /// Runs `sum by (level) (count_over_time(<logs query>[step]))` over the logs range for the logs volume.
    void runLogsVolume(const QString& query);
    void loadOlderLogs(qint64 beforeNs);
    /// Gives `editor` an Explain pane that explains its query over `range` when toggled on and on every run.

    services::QueryClient* m_queries = nullptr;
    QueryEditor* m_metricsEditor = nullptr;
    QueryEditor* m_logsEditor = nullptr;
    TimeSeriesPanel* m_chart = nullptr;
    LogsPanel* m_logs = nullptr;
    QLabel* m_logsWindow = nullptr;
    QPushButton* m_rateByLevel = nullptr;
    QPushButton* m_relatedPanels = nullptr;
    QPushButton* m_whatChanged = nullptr;
    QDialog* m_whatChangedDialog = nullptr;
    std::shared_ptr<std::atomic_bool> m_whatChangedCancel;
    TimeRange m_range;
    TimeRange m_logsRange;
    services::RequestId m_metricsRequest = 0;
    services::RequestId m_logsRequest = 0;
    services::RequestId m_volumeRequest = 0;
    DurationMs m_step = 15'000;
};

} // namespace sg::ui
