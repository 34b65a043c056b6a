// ExplorePane's runs: every shown row at once, metric answers into the graph and the table, log answers merged
// into the log list; the logs volume (summed by level) and older lines of every log row.
#include "explore_pane.h"

#include "explore_row.h"

#include "core/query/frames.h"
#include "core/templating/interval.h"
#include "ui/charts/time_series_panel.h"
#include "ui/logs/logs_panel.h"
#include "ui/logs/logs_volume.h"
#include "ui/query_editor/query_history.h"
#include "ui/widgets/query_editor.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QTableWidget>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sg::ui {
namespace {
constexpr int LogsLimit = 1000;
constexpr int TableRowsLimit = 10'000;

void record(ExploreRow* row)
{
    // A run from "Run query" counts in the history as Ctrl+Enter in the editor does.
    if (QueryHistory* h = row->editor()->history())
        h->add(row->editor()->language(), row->editor()->text());
}

void addTableRow(QTableWidget* table, const QString& refId, const QString& series, TimestampMs t, double v)
{
    const int r = table->rowCount();
    table->insertRow(r);
    table->setItem(r, 0, new QTableWidgetItem(refId));
    table->setItem(r, 1, new QTableWidgetItem(series));
    table->setItem(r, 2, new QTableWidgetItem(QDateTime::fromMSecsSinceEpoch(t).toString(u"yyyy-MM-dd HH:mm:ss"_s)));
    auto* value = new QTableWidgetItem(QString::number(v, 'g', 10));
    value->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    table->setItem(r, 3, value);
}
} // namespace

services::QueryRequest ExplorePane::logRequest(const QString& expr, qint64 fromMs, qint64 toMs, logs::Direction direction, int limit)
{
    services::QueryRequest request;
    request.language = services::QueryLanguage::LogQL;
    request.kind = services::QueryKind::Logs;
    request.expr = expr;
    request.fromMs = fromMs;
    request.toMs = toMs;
    request.limit = limit > 0 ? limit : LogsLimit;
    request.direction = direction;
    return request;
}

void ExplorePane::runAll()
{
    for (ExploreRow* r : m_rows)
        if (!r->isHidden() && !r->editor()->text().trimmed().isEmpty())
            record(r);
    runMetrics();
    runLogs();
    runAnnotations();
}

DurationMs ExplorePane::computeStep() const
{
    // Grafana's step: $__interval from the plot width (at least the 15 s scrape interval), at most 11,000 points.
    const int width = int(m_chart->chartView()->chart()->plotArea().width());
    templating::PrometheusStepRequest stepRequest;
    stepRequest.fromMs = m_range.minMs;
    stepRequest.toMs = m_range.maxMs;
    stepRequest.maxDataPoints = width > 50 ? width : 600;
    if (auto interval = templating::calculateInterval(m_range.minMs, m_range.maxMs, stepRequest.maxDataPoints, u"15s"); interval.ok())
        stepRequest.intervalMs = interval->intervalMs;
    auto step = templating::prometheusStep(stepRequest);
    return step.ok() ? step->stepMs : 15'000;
}

void ExplorePane::runMetrics()
{
    if (!m_queries)
        return;
    for (services::RequestId id : m_metricsRun.requests)
        m_queries->cancel(id); // a new run supersedes the one still evaluating
    m_metricsRun = { m_metricsRun.generation + 1, 0, {} };
    m_metricAnswers.clear();
    m_step = computeStep();
    const QString stepText = m_step % 1000 == 0 ? u"%1s"_s.arg(m_step / 1000) : u"%1ms"_s.arg(m_step);
    const TimeRange range = m_range;
    for (ExploreRow* row : m_rows) {
        // Sent untrimmed so error positions match the editor's text.
        const QString query = row->editor()->text();
        if (row->isHidden() || row->isLogQuery() || query.trimmed().isEmpty())
            continue;
        row->editor()->clearError();
        services::QueryRequest request = row->request();
        // `$__auto` is the step, as Grafana's Loki reads it (Rate by level writes it).
        request.expr = QString(query).replace(u"$__auto"_s, stepText);
        request.fromMs = request.kind == services::QueryKind::Instant ? range.maxMs : range.minMs;
        request.toMs = range.maxMs;
        request.stepMs = m_step;
        const std::size_t slot = m_metricAnswers.size();
        m_metricAnswers.push_back({ row, query, {} });
        ++m_metricsRun.pending;
        const quint64 generation = m_metricsRun.generation;
        m_metricsRun.requests.push_back(m_queries->submit(request, this, [this, generation, slot](const services::QueryResponse& r) {
            if (generation != m_metricsRun.generation)
                return; // a newer run superseded this one
            m_metricAnswers[slot].response = r;
            if (--m_metricsRun.pending == 0)
                finishMetrics();
        }));
    }
    if (m_metricsRun.pending > 0)
        m_chart->setLoading(true);
}

void ExplorePane::finishMetrics()
{
    m_metricsRun.requests.clear();
    m_chart->setLoading(false);
    std::vector<LegendedMatrix> graph;
    QString graphError;
    m_table->setRowCount(0);
    for (const MetricAnswer& a : m_metricAnswers) {
        if (!a.row)
            continue;
        const services::QueryResponse& r = a.response;
        if (r.error) {
            a.row->editor()->setError(*r.error);
            if (!a.row->showsAsTable() && graphError.isEmpty())
                graphError = QueryEditor::caretText(a.query, *r.error);
            continue;
        }
        if (a.row->showsAsTable()) {
            for (const query::SeriesFrame& s : r.series)
                for (std::size_t i = 0; i < s.timesMs.size() && m_table->rowCount() < TableRowsLimit; ++i)
                    addTableRow(m_table, a.row->refId(), s.name, s.timesMs[i], s.values[i]);
            continue;
        }
        // A lone series without labels is named after its query, as Grafana's Explore does.
        const bool bare = r.series.size() == 1 && r.series.front().labels.empty() && !a.query.contains(u"{{"_s);
        graph.push_back({ query::toMatrix(r.series), bare ? a.query.simplified() : QString() });
    }
    m_table->resizeColumnToContents(0);
    m_table->resizeColumnToContents(2);
    if (graph.empty() && !graphError.isEmpty())
        m_chart->setError(graphError);
    else
        m_chart->setResults(std::move(graph), m_range.minMs, m_range.maxMs);
    updateSections();
    Q_EMIT metricsFinished();
}

void ExplorePane::runLogs()
{
    if (!m_queries)
        return;
    for (services::RequestId id : m_logsRun.requests)
        m_queries->cancel(id);
    m_logsRun = { m_logsRun.generation + 1, 0, {} };
    // Older lines still loading belong to the rows of the previous run.
    for (services::RequestId id : m_olderRun.requests)
        m_queries->cancel(id);
    m_olderRun = { m_olderRun.generation + 1, 0, {} };
    m_logStreams.clear();
    m_logRowRuns.clear();
    m_logsError.clear();
    QString first;
    for (ExploreRow* row : m_rows) {
        const QString query = row->editor()->text();
        if (row->isHidden() || !row->isLogQuery() || row->showsAsAnnotations() || query.trimmed().isEmpty())
            continue;
        row->editor()->clearError();
        if (first.isEmpty())
            first = query;
        services::QueryRequest request = logRequest(query, m_logsRange.minMs, m_logsRange.maxMs, logs::Direction::Backward);
        request.datasourceUid = row->request().datasourceUid;
        request.refId = row->refId();
        const std::size_t slot = m_logRowRuns.size();
        m_logRowRuns.push_back({ row->refId(), request, false, 0 });
        ++m_logsRun.pending;
        const quint64 generation = m_logsRun.generation;
        QPointer<ExploreRow> guard(row);
        m_logsRun.requests.push_back(m_queries->submit(request, this, [this, generation, guard, query, slot](const services::QueryResponse& r) {
            if (generation != m_logsRun.generation)
                return;
            if (r.error) {
                if (guard)
                    guard->editor()->setError(*r.error);
                if (m_logsError.isEmpty())
                    m_logsError = QueryEditor::caretText(query, *r.error);
            } else if (r.isLogs) {
                noteLogAnswer(slot, r.logs);
                auto streams = query::toStreams(r.logs);
                m_logStreams.insert(m_logStreams.end(), std::make_move_iterator(streams.begin()), std::make_move_iterator(streams.end()));
            }
            if (--m_logsRun.pending == 0)
                finishLogs();
        }));
    }
    if (m_logsRun.pending == 0) {
        // The last log row went to the markers: its lines leave the list.
        const bool markersOnly = std::any_of(m_rows.begin(), m_rows.end(), [](const ExploreRow* r) { return r->showsAsAnnotations(); });
        if (markersOnly) {
            m_logs->setStreams({}, logs::Direction::Backward);
            m_logs->setLimitReached(false, LogsLimit);
            m_logs->setSourceCaption({});
            m_logs->volume()->hide();
        }
        return;
    }
    m_logs->stopLive();
    m_logs->setQueryText(first);
    QStringList sources;
    for (const LogRowRun& run : m_logRowRuns)
        sources.append(run.refId + u' ' + run.request.expr.simplified());
    m_logs->setSourceCaption(sources.size() > 1
            ? tr("%1  ·  merged by time, volume summed by level").arg(sources.join(u"  +  "_s))
            : QString());
    m_logs->setLoading(true);
    runLogsVolume();
}

void ExplorePane::noteLogAnswer(std::size_t slot, const std::vector<query::LogRow>& rows)
{
    LogRowRun& run = m_logRowRuns[slot];
    run.limitReached = int(rows.size()) >= LogsLimit;
    for (const query::LogRow& row : rows)
        run.oldestNs = run.oldestNs == 0 ? row.timeNs : std::min(run.oldestNs, row.timeNs);
}

void ExplorePane::updateLimitReached()
{
    QStringList atLimit;
    for (const LogRowRun& run : m_logRowRuns)
        if (run.limitReached)
            atLimit.append(run.refId);
    // One log row: the plain message; several: which rows stopped at the limit.
    if (m_logRowRuns.size() == 1)
        m_logs->setLimitReached(!atLimit.isEmpty(), LogsLimit);
    else
        m_logs->setLimitReached(atLimit, LogsLimit);
}

void ExplorePane::finishLogs()
{
    m_logsRun.requests.clear();
    m_logs->setLoading(false);
    // An error shows over the list unless another log row brought lines (its editor still underlines it).
    if (m_logStreams.empty() && !m_logsError.isEmpty()) {
        m_logs->setError(m_logsError);
    } else {
        // The lines of every log row, merged by time (the model orders them).
        m_logs->setStreams(std::move(m_logStreams), logs::Direction::Backward);
        updateLimitReached();
    }
    m_logStreams.clear();
    Q_EMIT logsFinished();
}

void ExplorePane::runLogsVolume()
{
    // Grafana's logs volume: each log row's lines counted by level over the whole range (~100 buckets), the rows'
    // counts summed per level.
    const TimeRange range = m_logsRange;
    const qint64 stepMs = std::max<qint64>(1000, (range.maxMs - range.minMs) / 100 / 1000 * 1000);
    for (services::RequestId id : m_volumeRun.requests)
        m_queries->cancel(id);
    m_volumeRun = { m_volumeRun.generation + 1, 0, {} };
    m_volumeSeries.clear();
    // Lines whose stream has no `level` label get one from their text (`level=x`, `"level":"x"`, lvl, severity), as
    // the list detects it; a stream label of that name wins over the extracted one.
    const QString levelOfLine = u"| regexp `(?i)(?:level|lvl|severity)\"?\\s*[=:]\\s*\"?(?P<level>[a-z]+)`"_s;
    auto answered = std::make_shared<int>(0); // rows whose volume query answered without error
    for (const LogRowRun& row : m_logRowRuns) {
        services::QueryRequest request;
        request.language = services::QueryLanguage::LogQL;
        request.kind = services::QueryKind::Range;
        request.datasourceUid = row.request.datasourceUid;
        request.expr = u"sum by (level) (count_over_time(%1 %2 [%3s]))"_s.arg(row.request.expr.trimmed(), levelOfLine).arg(stepMs / 1000);
        request.fromMs = range.minMs;
        request.toMs = range.maxMs;
        request.stepMs = stepMs;
        ++m_volumeRun.pending;
        const quint64 generation = m_volumeRun.generation;
        m_volumeRun.requests.push_back(m_queries->submit(request, this, [this, generation, range, stepMs, answered](const services::QueryResponse& r) {
            if (generation != m_volumeRun.generation)
                return;
            if (!r.error) {
                ++*answered;
                m_volumeSeries.insert(m_volumeSeries.end(), r.series.begin(), r.series.end());
            }
            if (--m_volumeRun.pending > 0)
                return;
            m_volumeRun.requests.clear();
            if (*answered == 0) {
                m_logs->volume()->hide(); // metric queries or ones the volume cannot wrap
                return;
            }
            m_logs->volume()->setData(volumeFromSeries(m_volumeSeries, range.minMs, range.maxMs, stepMs));
            m_logs->volume()->setToolTip(m_logRowRuns.size() > 1 ? tr("Lines per level of every log row, summed") : QString());
            m_logs->volume()->show();
            m_volumeSeries.clear();
        }));
    }
}

void ExplorePane::loadOlderLogs()
{
    if (!m_queries)
        return;
    for (services::RequestId id : m_olderRun.requests)
        m_queries->cancel(id);
    m_olderRun = { m_olderRun.generation + 1, 0, {} };
    auto older = std::make_shared<std::vector<logs::Stream>>();
    for (std::size_t slot = 0; slot < m_logRowRuns.size(); ++slot) {
        const LogRowRun& row = m_logRowRuns[slot];
        // A row below the limit has all its lines of the range already.
        if (!row.limitReached || row.oldestNs == 0)
            continue;
        // Log queries end one millisecond after toMs; the lines of the oldest line's millisecond are already held.
        services::QueryRequest request = row.request;
        request.toMs = row.oldestNs / 1'000'000 - 1;
        ++m_olderRun.pending;
        const quint64 generation = m_olderRun.generation;
        m_olderRun.requests.push_back(m_queries->submit(request, this, [this, generation, slot, older](const services::QueryResponse& r) {
            if (generation != m_olderRun.generation)
                return;
            if (!r.error && r.isLogs) {
                m_logRowRuns[slot].oldestNs = 0;
                noteLogAnswer(slot, r.logs);
                auto streams = query::toStreams(r.logs);
                older->insert(older->end(), std::make_move_iterator(streams.begin()), std::make_move_iterator(streams.end()));
            } else {
                m_logRowRuns[slot].limitReached = false; // nothing more to load from this row
            }
            if (--m_olderRun.pending > 0)
                return;
            m_olderRun.requests.clear();
            m_logsRun.pending = 0;
            m_logs->setLoading(false);
            m_logs->appendStreams(*older);
            updateLimitReached();
            Q_EMIT logsFinished();
        }));
    }
    if (m_olderRun.pending == 0)
        return;
    m_logs->setLoading(true);
    m_logsRun.pending = 1; // isLogsLoading() while older lines load
}

} // namespace sg::ui
