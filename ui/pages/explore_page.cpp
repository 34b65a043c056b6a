#include "explore_page.h"

#include "core/correlation/log_selector.h"
#include "core/langsvc/query_client_data.h"
#include "core/logql/parser.h"
#include "core/logql/query_language.h"
#include "core/query/frames.h"

#include "ui/charts/time_series_panel.h"
#include "core/templating/interval.h"
#include "ui/logs/log_context.h"
#include "ui/logs/log_lines_model.h"
#include "ui/logs/logs_panel.h"
#include "ui/logs/logs_volume.h"
#include "ui/query_editor/explain_attach.h"
#include "ui/widgets/query_editor.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QLabel>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {
namespace {
QWidget* section(const QString& title, QWidget* editor, QWidget* extra, QWidget* body, QWidget* parent)
{
    auto* box = new QWidget(parent);
    box->setAttribute(Qt::WA_StyledBackground);
    box->setStyleSheet(u"QWidget#exploreSection { background: #181b1f; border: 1px solid #2c3035; }"_s);
    box->setObjectName(u"exploreSection"_s);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);
    auto* label = new QLabel(title, box);
    label->setStyleSheet(u"font-weight: 600; color: #d8d9da; border: 0;"_s);
    layout->addWidget(label);
    layout->addWidget(editor);
    if (extra)
        layout->addWidget(extra);
    layout->addWidget(body, 1);
    return box;
}

constexpr int LogsLimit = 1000;

services::QueryRequest logQuery(const QString& expr, qint64 fromMs, qint64 toMs, int limit, logs::Direction direction)
{
    services::QueryRequest request;
    request.language = services::QueryLanguage::LogQL;
    request.kind = services::QueryKind::Logs;
    request.expr = expr;
    request.fromMs = fromMs;
    request.toMs = toMs;
    request.limit = limit;
    request.direction = direction;
    return request;
}

QString formatRange(TimeRange r)
{
    const QString f = u"yyyy-MM-dd HH:mm:ss"_s;
    return QDateTime::fromMSecsSinceEpoch(r.minMs).toString(f) + u" → "_s
        + QDateTime::fromMSecsSinceEpoch(r.maxMs).toString(f);
}
} // namespace

ExplorePage::ExplorePage(services::QueryClient* queries, QWidget* parent)
    : QWidget(parent)
    , m_queries(queries)
{
    setObjectName(u"explorePage"_s);
    const TimestampMs now = nowMs();
    m_range = { now - 3600'000, now };
    m_logsRange = m_range;

    m_metricsEditor = new QueryEditor(this);
    m_metricsEditor->setObjectName(u"metricsEditor"_s);
    m_metricsEditor->setPlaceholderText(tr("PromQL, e.g. sum by (status) (rate(http_requests_total[2m]))"));
    m_chart = new TimeSeriesPanel(this);
    m_chart->setObjectName(u"exploreChart"_s);
    connect(m_metricsEditor, &QueryEditor::runRequested, this, &ExplorePage::runMetrics);
    connect(m_chart, &TimeSeriesPanel::seriesClicked, this, &ExplorePage::seriesClicked);
    connect(m_chart, &TimeSeriesPanel::logsRangeSelected, this, &ExplorePage::logsRangeSelected);

    m_logsEditor = new QueryEditor(this);
    m_logsEditor->setObjectName(u"logsEditor"_s);
    m_logsEditor->setLanguage(langsvc::Language::LogQL);
    m_logsEditor->setPlaceholderText(tr("LogQL, e.g. {app=\"fastapi\"} |= \"ERROR\""));
    m_logsWindow = new QLabel(this);
    m_logsWindow->setObjectName(u"logsWindow"_s);
    m_logsWindow->setStyleSheet(u"color: #8e8e9a; border: 0;"_s);
    m_logs = new LogsPanel(this);
    m_logs->setObjectName(u"exploreLogs"_s);
    connect(m_logsEditor, &QueryEditor::runRequested, this, &ExplorePage::runLogs);
    m_logs->setVolumeFromLines(!m_queries);
    if (m_queries)
        m_logs->setTailSource(m_queries->logsQuerier());
    connect(m_logs, &LogsPanel::queryChangeRequested, this, [this](const QString& query) {
        m_logsEditor->setText(query);
        runLogs();
    });
    connect(m_logs, &LogsPanel::loadOlderRequested, this, &ExplorePage::loadOlderLogs);
    connect(m_logs, &LogsPanel::contextRequested, this, &ExplorePage::showLogContext);
    connect(m_logs->volume(), &LogsVolume::rangeSelected, this, [this](qint64 from, qint64 to) {
        m_logsRange = { from, to };
        m_logsWindow->setText(formatRange(m_logsRange));
        runLogs();
    });
    m_rateByLevel = new QPushButton(tr("Rate by level"), this);
    m_rateByLevel->setObjectName(u"rateByLevel"_s);
    m_rateByLevel->setToolTip(tr("Graph this log query's lines per level in the metrics half"));
    connect(m_rateByLevel, &QPushButton::clicked, this, &ExplorePage::showRateByLevel);
    m_relatedPanels = new QPushButton(tr("Metric panels"), this);
    m_relatedPanels->setObjectName(u"relatedPanels"_s);
    m_relatedPanels->setToolTip(tr("The open dashboard's metric panels whose series share this log query's labels"));
    connect(m_relatedPanels, &QPushButton::clicked, this,
        [this] { Q_EMIT relatedPanelsRequested(m_logsEditor->text()); });
    m_whatChanged = new QPushButton(tr("What changed"), this);
    m_whatChanged->setObjectName(u"whatChanged"_s);
    m_whatChanged->setToolTip(tr("The log patterns of this range against the same length just before, most changed first"));
    connect(m_whatChanged, &QPushButton::clicked, this, &ExplorePage::showWhatChanged);
    auto* logsBar = new QWidget(this);
    auto* logsBarLayout = new QHBoxLayout(logsBar);
    logsBarLayout->setContentsMargins(0, 0, 0, 0);
    logsBarLayout->addWidget(m_logsWindow, 1);
    logsBarLayout->addWidget(m_rateByLevel);
    logsBarLayout->addWidget(m_relatedPanels);
    logsBarLayout->addWidget(m_whatChanged);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(u"exploreSplitter"_s);
    splitter->addWidget(section(tr("Metrics"), m_metricsEditor, nullptr, m_chart, splitter));
    splitter->addWidget(section(tr("Logs"), m_logsEditor, logsBar, m_logs, splitter));
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 1000, 1000 });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(splitter);
    m_logsWindow->setText(formatRange(m_logsRange));
    updateCompletionData();
    attachExplain(m_metricsEditor, m_queries, [this] { return std::pair(m_range.minMs, m_range.maxMs); });
    attachExplain(m_logsEditor, m_queries, [this] { return std::pair(m_logsRange.minMs, m_logsRange.maxMs); });
}

void ExplorePage::setTimeRange(TimeRange range)
{
    m_range = range;
    m_logsRange = range;
    m_logsWindow->setText(formatRange(m_logsRange));
    updateCompletionData();
}

void ExplorePage::updateCompletionData()
{
    if (!m_queries)
        return;
    // Completion reads labels, values and log samples of the page's range (the workbench owns the client).
    auto data = std::make_shared<langsvc::QueryClientCompletionData>(m_queries, m_range.minMs, m_range.maxMs);
    m_metricsEditor->setCompletionData(data);
    m_logsEditor->setCompletionData(data);
}

void ExplorePage::showLogs(const QString& selector, TimestampMs from, TimestampMs to)
{
    m_logsEditor->setText(selector);
    m_logsRange = { from, to };
    m_logsWindow->setText(formatRange(m_logsRange));
    runLogs();
}

void ExplorePage::showMetrics(const QString& query)
{
    m_metricsEditor->setLanguage(langsvc::Language::PromQL);
    m_metricsEditor->setText(query);
    runMetrics();
}

bool ExplorePage::showRateByLevel()
{
    const auto rate = correlation::logRateQuery(m_logsEditor->text().toStdString());
    if (!rate.ok()) {
        m_logs->setError(tr("Rate by level needs a log query: %1").arg(QString::fromStdString(rate.error().message)));
        return false;
    }
    m_metricsEditor->setLanguage(langsvc::Language::LogQL);
    m_metricsEditor->setText(QString::fromStdString(rate.value()));
    runMetrics();
    return true;
}

void ExplorePage::runMetrics()
{
    // Sent untrimmed so error positions match the editor's text.
    const QString query = m_metricsEditor->text();
    if (query.trimmed().isEmpty() || !m_queries)
        return;
    const int width = int(m_chart->chartView()->chart()->plotArea().width());
    // Grafana's step: $__interval from the plot width (at least the 15 s scrape interval), at most 11,000 points.
    templating::PrometheusStepRequest stepRequest;
    stepRequest.fromMs = m_range.minMs;
    stepRequest.toMs = m_range.maxMs;
    stepRequest.maxDataPoints = width > 50 ? width : 600;
    if (auto interval = templating::calculateInterval(m_range.minMs, m_range.maxMs, stepRequest.maxDataPoints, u"15s"); interval.ok())
        stepRequest.intervalMs = interval->intervalMs;
    auto step = templating::prometheusStep(stepRequest);
    m_step = step.ok() ? step->stepMs : 15'000;
    const TimeRange range = m_range;
    m_chart->setLoading(true);
    services::QueryRequest request;
    request.expr = query;
    // A LogQL metric query (Rate by level) graphs here too; `$__auto` is the step, as Grafana's Loki reads it.
    const QString stepText = m_step % 1000 == 0 ? u"%1s"_s.arg(m_step / 1000) : u"%1ms"_s.arg(m_step);
    const QString concrete = QString(query).replace(u"$__auto"_s, stepText);
    const std::string text = concrete.toStdString();
    const bool editorSaysLogQL = m_metricsEditor->language() == langsvc::Language::LogQL && logql::parseQuery(text).ok();
    if (editorSaysLogQL || logql::guessQueryLanguage(text) == logql::QueryLanguage::LogQL) {
        request.language = services::QueryLanguage::LogQL;
        request.expr = concrete;
    }
    request.fromMs = range.minMs;
    request.toMs = range.maxMs;
    request.stepMs = m_step;
    m_queries->cancel(m_metricsRequest); // a new run supersedes the one still evaluating
    m_metricsRequest = m_queries->submit(request, this, [this, query, range](const services::QueryResponse& r) {
        if (r.id != m_metricsRequest)
            return; // a newer run superseded this one
        m_metricsRequest = 0;
        m_chart->setLoading(false);
        if (r.error) {
            m_metricsEditor->setError(*r.error);
            m_chart->setError(QueryEditor::caretText(query, *r.error));
        } else {
            // A lone series without labels is named after its query, as Grafana's Explore does.
            const bool bare = r.series.size() == 1 && r.series.front().labels.empty() && !query.contains(u"{{"_s);
            m_chart->setMatrix(query::toMatrix(r.series), bare ? query.simplified() : QString(), range.minMs, range.maxMs);
        }
        Q_EMIT metricsFinished();
    });
}

void ExplorePage::runLogs()
{
    const QString query = m_logsEditor->text();
    if (query.trimmed().isEmpty() || !m_queries)
        return;
    const auto request = logQuery(query, m_logsRange.minMs, m_logsRange.maxMs, LogsLimit, logs::Direction::Backward);
    m_logs->stopLive();
    m_logs->setQueryText(query);
    m_logs->setLoading(true);
    m_queries->cancel(m_logsRequest);
    runLogsVolume(query);
    m_logsRequest = m_queries->submit(request, this, [this, query, limit = request.limit](const services::QueryResponse& r) {
        if (r.id != m_logsRequest)
            return;
        m_logsRequest = 0;
        m_logs->setLoading(false);
        if (r.error) {
            m_logsEditor->setError(*r.error);
            m_logs->setError(QueryEditor::caretText(query, *r.error));
        } else if (!r.isLogs) {
            m_logs->setError(tr("This is a metric query: run it in the metrics half to graph it."));
        } else {
            m_logs->setStreams(query::toStreams(r.logs), logs::Direction::Backward);
            m_logs->setLimitReached(int(r.logs.size()) >= limit, limit);
        }
        Q_EMIT logsFinished();
    });
}

void ExplorePage::runLogsVolume(const QString& query)
{
    // Grafana's logs volume: the query's lines counted by level over the whole range, ~100 buckets.
    const TimeRange range = m_logsRange;
    const qint64 stepMs = std::max<qint64>(1000, (range.maxMs - range.minMs) / 100 / 1000 * 1000);
    services::QueryRequest request;
    request.language = services::QueryLanguage::LogQL;
    request.kind = services::QueryKind::Range;
    // Lines whose stream has no `level` label get one from their text (`level=x`, `"level":"x"`, lvl, severity), as
    // the list detects it; a stream label of that name wins over the extracted one.
    const QString levelOfLine = u"| regexp `(?i)(?:level|lvl|severity)\"?\\s*[=:]\\s*\"?(?P<level>[a-z]+)`"_s;
    request.expr = u"sum by (level) (count_over_time(%1 %2 [%3s]))"_s.arg(query.trimmed(), levelOfLine).arg(stepMs / 1000);
    request.fromMs = range.minMs;
    request.toMs = range.maxMs;
    request.stepMs = stepMs;
    m_queries->cancel(m_volumeRequest);
    m_volumeRequest = m_queries->submit(request, this, [this, range, stepMs](const services::QueryResponse& r) {
        if (r.id != m_volumeRequest)
            return;
        m_volumeRequest = 0;
        if (r.error) {
            m_logs->volume()->hide(); // a metric query or one the volume cannot wrap
            return;
        }
        m_logs->volume()->setData(volumeFromSeries(r.series, range.minMs, range.maxMs, stepMs));
        m_logs->volume()->show();
    });
}

void ExplorePage::loadOlderLogs(qint64 beforeNs)
{
    const QString query = m_logs->queryText();
    if (query.isEmpty() || !m_queries)
        return;
    // Log queries end one millisecond after toMs; the lines of the oldest line's millisecond are already held.
    const auto request = logQuery(query, m_logsRange.minMs, beforeNs / 1'000'000 - 1, LogsLimit, logs::Direction::Backward);
    m_logs->setLoading(true);
    m_logsRequest = m_queries->submit(request, this, [this, limit = request.limit](const services::QueryResponse& r) {
        if (r.id != m_logsRequest)
            return;
        m_logsRequest = 0;
        m_logs->setLoading(false);
        if (!r.error && r.isLogs) {
            m_logs->appendStreams(query::toStreams(r.logs));
            m_logs->setLimitReached(int(r.logs.size()) >= limit, limit);
        }
        Q_EMIT logsFinished();
    });
}

void ExplorePage::showLogContext(int row)
{
    const LogLinesModel* model = m_logs->model();
    if (!m_queries || row < 0 || row >= model->rowCount())
        return;
    auto fetch = [this](const QString& selector, qint64 fromMs, qint64 toMs, int limit, logs::Direction direction,
                     std::function<void(std::vector<logs::Stream>)> done) {
        m_queries->submit(logQuery(selector, fromMs, toMs, limit, direction), this, [done = std::move(done)](const services::QueryResponse& r) {
            done(r.error ? std::vector<logs::Stream> {} : query::toStreams(r.logs));
        });
    };
    auto* dialog = new LogContextDialog(model->streamAt(row).labels, model->entryAt(row), fetch, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

} // namespace sg::ui
