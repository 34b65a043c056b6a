#include "explore_page.h"

#include "core/correlation/log_selector.h"
#include "core/langsvc/query_client_data.h"
#include "core/logql/parser.h"
#include "core/logql/query_language.h"
#include "core/query/frames.h"

#include "ui/charts/time_series_panel.h"
#include "core/templating/interval.h"
#include "ui/logs/logs_panel.h"
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
    m_rateByLevel = new QPushButton(tr("Rate by level"), this);
    m_rateByLevel->setObjectName(u"rateByLevel"_s);
    m_rateByLevel->setToolTip(tr("Graph this log query's lines per level in the metrics half"));
    connect(m_rateByLevel, &QPushButton::clicked, this, &ExplorePage::showRateByLevel);
    m_relatedPanels = new QPushButton(tr("Metric panels"), this);
    m_relatedPanels->setObjectName(u"relatedPanels"_s);
    m_relatedPanels->setToolTip(tr("The open dashboard's metric panels whose series share this log query's labels"));
    connect(m_relatedPanels, &QPushButton::clicked, this,
        [this] { Q_EMIT relatedPanelsRequested(m_logsEditor->text()); });
    auto* logsBar = new QWidget(this);
    auto* logsBarLayout = new QHBoxLayout(logsBar);
    logsBarLayout->setContentsMargins(0, 0, 0, 0);
    logsBarLayout->addWidget(m_logsWindow, 1);
    logsBarLayout->addWidget(m_rateByLevel);
    logsBarLayout->addWidget(m_relatedPanels);

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
    services::QueryRequest request;
    request.language = services::QueryLanguage::LogQL;
    request.kind = services::QueryKind::Logs;
    request.expr = query;
    request.fromMs = m_logsRange.minMs;
    request.toMs = m_logsRange.maxMs;
    request.limit = 1000;
    request.direction = logs::Direction::Backward;
    m_logs->setQueryText(query);
    m_logs->setLoading(true);
    m_queries->cancel(m_logsRequest);
    m_logsRequest = m_queries->submit(request, this, [this, query](const services::QueryResponse& r) {
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
        }
        Q_EMIT logsFinished();
    });
}

} // namespace sg::ui
