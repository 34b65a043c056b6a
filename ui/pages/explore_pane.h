#pragma once

#include "core/common/time.h"
#include "core/dashboards/datasources.h"
#include "core/dashboards/explore_state.h"
#include "core/labels/labels.h"
#include "core/services/query_client.h"

#include <QPointer>
#include <QWidget>

#include <atomic>
#include <memory>
#include <vector>

class QDialog;
class QLabel;
class QPushButton;
class QSplitter;
class QTableWidget;
class QToolButton;
class QVBoxLayout;

namespace sg::ui {

class AnnotationRunner;
class ExploreRow;
class LogsPanel;
class QueryEditor;
class TimeRangePicker;
class TimeSeriesPanel;

/// One Explore pane, as Grafana's: any number of query rows (PromQL or LogQL, each with its datasource, Range or
/// Instant, Graph or Table, hidden or not) run together by "Run query" or Ctrl+Enter; under them the graph of the
/// metric rows, the table of the instant and Table rows, and the log lines of the log rows (merged, newest first).
/// The logs volume, older lines and What changed use every shown log row; the first metric row and the first log
/// row are what the metric → logs tools (Rate by level, click-through) read and write.
class ExplorePane : public QWidget
{
    Q_OBJECT
public:
    ExplorePane(services::QueryClient* queries, const dashboards::DatasourceRegistry* datasources,
        QWidget* parent = nullptr);

    // --- rows
    int rowCount() const { return int(m_rows.size()); }
    ExploreRow* row(int index) const { return m_rows.at(std::size_t(index)); }
    /// Appends a row running `query` (the next free refId when `query.refId` is taken); returns it.
    ExploreRow* addRow(const dashboards::ExploreQuery& query);
    /// A Prometheus row below the others ("+ Add query").
    ExploreRow* addQuery();
    ExploreRow* duplicateRow(ExploreRow* row);
    /// Removes `row`; the last row stays (it is emptied instead).
    void removeRow(ExploreRow* row);
    QPushButton* addQueryButton() const { return m_addQuery; }
    QPushButton* runButton() const { return m_run; }
    QToolButton* closeButton() const { return m_close; }
    TimeRangePicker* timePicker() const { return m_picker; }

    // --- time
    /// The range the pane queries; a later showLogs() narrows the log rows until the range changes again.
    void setTimeRange(TimeRange range);
    /// The same with Grafana's raw ends kept for the link ("now-1h", "now").
    void setTimeRange(TimeRange range, const QString& from, const QString& to);
    TimeRange timeRange() const { return m_range; }
    TimeRange logsRange() const { return m_logsRange; }
    /// Shows the pane's own time picker (in split view).
    void setTimePickerVisible(bool visible);

    // --- state
    dashboards::ExplorePaneState state() const;
    /// Replaces the rows and range with `state` (ranges such as "now-1h" resolve now); does not run.
    void setState(const dashboards::ExplorePaneState& state);

    // --- runs
    /// Every shown row: the metric rows into the graph and table, the log rows into the log list.
    void runAll();
    void runMetrics();
    void runLogs();
    bool isLogsLoading() const { return m_logsRun.pending > 0; }
    /// The step of the last metric run.
    DurationMs metricsStep() const { return m_step; }

    // --- the metric and log rows the correlation tools use
    /// The first metric row's editor (a Prometheus row is added when there is none).
    QueryEditor* metricsEditor();
    /// The first log row's editor (a Loki row is added when there is none).
    QueryEditor* logsEditor();
    ExploreRow* metricsRow();
    ExploreRow* logsRow();
    /// Fills the log row with `selector` and runs it over [from, to].
    /// Shows the logs of `selector` over [from, to]; with `datasourceUid`, on that (Loki) datasource.
    void showLogs(const QString& selector, TimestampMs from, TimestampMs to, const QString& datasourceUid = {});
    /// Fills the metric row with `query` (a Loki row when it reads as LogQL) and runs the metric rows.
    void showMetrics(const QString& query);
    bool showRateByLevel();
    /// "What changed" over the logs range for every shown log row, against the baseline the view has picked.
    void showWhatChanged();
    /// "What changed" for `selector` (put in the log row and run over the window) in [from, to] (a drag-selected
    /// spike).
    void showWhatChanged(const QString& selector, TimestampMs from, TimestampMs to);
    /// The text of every shown, non-empty log row, in row order (rows shown as annotations left out).
    QStringList logQueries() const;

    // --- log rows shown as annotations
    /// Runs the rows shown as annotations over the pane's range; their markers go on the graph (annotationsChanged).
    void runAnnotations();
    /// The markers of the other pane (while the panes' time is synced), drawn beside this pane's own.
    void setForeignAnnotations(std::vector<query::Annotation> annotations);
    const std::vector<query::Annotation>& ownAnnotations() const { return m_ownAnnotations; }
    /// The marker colour of a row shown as annotations (Grafana colour names, by the row's place among them).
    static QString annotationColor(int index);
    void showLogContext(int row);

    TimeSeriesPanel* chart() const { return m_chart; }
    QTableWidget* table() const { return m_table; }
    LogsPanel* logsPanel() const { return m_logs; }
    QPushButton* rateByLevelButton() const { return m_rateByLevel; }
    QPushButton* relatedPanelsButton() const { return m_relatedPanels; }
    QPushButton* whatChangedButton() const { return m_whatChanged; }
    QDialog* whatChangedDialog() const { return m_whatChangedDialog; }
    QSplitter* splitter() const { return m_splitter; }

Q_SIGNALS:
    void logsFinished();
    void metricsFinished();
    void seriesClicked(sg::Labels labels, qint64 timeMs);
    void logsRangeSelected(qint64 fromMs, qint64 toMs);
    /// A Shift+drag over the graph, then "What changed in the logs".
    void whatChangedRangeSelected(qint64 fromMs, qint64 toMs);
    void relatedPanelsRequested(const QString& query);
    /// The pane's own picker changed its range (the page syncs the other pane).
    void timeRangePicked(sg::TimeRange range);
    /// `asAnnotation`: a log row shown as annotations, added to the dashboard's annotations instead of as a panel.
    void addToDashboardRequested(const sg::dashboards::ExploreQuery& query, bool isLogQuery, bool asAnnotation);
    /// The markers of this pane's rows shown as annotations changed.
    void annotationsChanged(const std::vector<sg::query::Annotation>& annotations);
    void rowsChanged();

protected:
    void showEvent(QShowEvent* event) override;

private:
    /// Gives the query rows the height they need (at most two fifths of the pane).
    void fitQueries();
    /// A log query over [fromMs, toMs] (`limit` 0: the list's 1,000 lines).
    static services::QueryRequest logRequest(const QString& expr, qint64 fromMs, qint64 toMs, logs::Direction direction, int limit = 0);
    /// The first row that is (`logQuery`) or is not a log query; one is added when there is none.
    ExploreRow* firstRow(bool logQuery);
    void buildResults();
    QWidget* buildLogsSection();
    ExploreRow* insertRow(const dashboards::ExploreQuery& query);
    QString nextRefId() const;
    void updateCompletionData();
    void updateCompletionData(ExploreRow* row);
    /// Narrows the log rows' range (until the pane's range changes again).
    void setLogsRange(TimeRange range);
    void updateSections();
    /// The logs volume of every log row of the last run, summed by level.
    void runLogsVolume();
    /// The lines before each row's oldest line, for the rows whose answer reached the limit.
    void loadOlderLogs();
    /// Notes row `slot`'s answer `rows`: its oldest line and whether it reached the limit.
    void noteLogAnswer(std::size_t slot, const std::vector<query::LogRow>& rows);
    /// Shows "limit reached" for the rows whose last answer reached it.
    void updateLimitReached();
    /// `$__interval`-like step from the graph's width.
    DurationMs computeStep() const;
    void finishMetrics();
    void finishLogs();
    void ensureWhatChangedDialog();
    /// Mines m_whatChangedQueries over m_whatChangedSpike against the view's baseline, off the UI thread.
    void mineWhatChanged();

    /// One run of several rows: answers are collected until the last comes in; a newer run drops older answers.
    struct Run
    {
        quint64 generation = 0;
        int pending = 0;
        std::vector<services::RequestId> requests;
    };
    struct MetricAnswer
    {
        QPointer<ExploreRow> row;
        QString query;
        services::QueryResponse response;
    };

    services::QueryClient* m_queries = nullptr;
    const dashboards::DatasourceRegistry* m_datasources = nullptr;
    std::vector<ExploreRow*> m_rows;
    QWidget* m_rowsHolder = nullptr;
    QVBoxLayout* m_rowsLayout = nullptr;
    QSplitter* m_splitter = nullptr;
    QPushButton* m_addQuery = nullptr;
    QPushButton* m_run = nullptr;
    QToolButton* m_close = nullptr;
    TimeRangePicker* m_picker = nullptr;
    QWidget* m_graphSection = nullptr;
    QWidget* m_tableSection = nullptr;
    QWidget* m_logsSection = nullptr;
    TimeSeriesPanel* m_chart = nullptr;
    QTableWidget* m_table = nullptr;
    LogsPanel* m_logs = nullptr;
    QLabel* m_logsWindow = nullptr;
    QPushButton* m_rateByLevel = nullptr;
    QPushButton* m_relatedPanels = nullptr;
    QPushButton* m_whatChanged = nullptr;
    QDialog* m_whatChangedDialog = nullptr;
    std::shared_ptr<std::atomic_bool> m_whatChangedCancel;
    QStringList m_whatChangedQueries;
    TimeRange m_whatChangedSpike;
    TimeRange m_range;
    TimeRange m_logsRange;
    QString m_rawFrom = QStringLiteral("now-1h");
    QString m_rawTo = QStringLiteral("now");
    Run m_metricsRun;
    Run m_logsRun;
    std::vector<MetricAnswer> m_metricAnswers;
    /// A log row of the last run: where its older lines continue.
    struct LogRowRun
    {
        QString refId;
        services::QueryRequest request;
        bool limitReached = false;
        qint64 oldestNs = 0; ///< the oldest line held (0: none)
    };
    std::vector<LogRowRun> m_logRowRuns;
    std::vector<logs::Stream> m_logStreams;
    QString m_logsError; ///< the first log row error of the run
    Run m_olderRun;
    Run m_volumeRun;
    std::vector<query::SeriesFrame> m_volumeSeries;
    AnnotationRunner* m_annotationRunner = nullptr;
    std::vector<query::Annotation> m_ownAnnotations;
    std::vector<query::Annotation> m_foreignAnnotations;
    DurationMs m_step = 15'000;
};

} // namespace sg::ui
