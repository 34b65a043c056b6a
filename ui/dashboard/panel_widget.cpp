#include "panel_widget.h"

#include "ui/charts/time_series_panel.h"
#include "ui/logs/logs_panel.h"
#include "ui/widgets/query_editor.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

#include <array>

using namespace Qt::StringLiterals;

namespace sg::ui {

PanelWidget::PanelWidget(dashboards::Panel panel, services::QueryService* queries, QWidget* parent)
    : QFrame(parent)
    , m_panel(std::move(panel))
    , m_queries(queries)
{
    setObjectName(u"panel"_s);
    setFrameShape(QFrame::NoFrame);
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet(u"sg--ui--PanelWidget { background: #181b1f; border: 1px solid #2c3035; border-radius: 3px; }"_s);

    m_title = new QLabel(m_panel.title, this);
    m_title->setObjectName(u"panelTitle"_s);
    m_title->setStyleSheet(u"font-weight: 600; color: #d8d9da; background: transparent; border: 0;"_s);
    m_edit = new QToolButton(this);
    m_edit->setObjectName(u"panelEditButton"_s);
    m_edit->setText(tr("Edit"));
    m_edit->setCheckable(true);
    m_edit->setAutoRaise(true);
    m_edit->setToolTip(tr("Show the panel's query"));
    auto* titleBar = new QHBoxLayout;
    titleBar->setContentsMargins(8, 4, 4, 0);
    titleBar->addWidget(m_title, 1);
    titleBar->addWidget(m_edit);

    m_editor = new QueryEditor(this);
    m_editor->setText(m_panel.queries.empty() ? QString() : m_panel.queries.front().expr);
    m_editor->hide();
    connect(m_edit, &QToolButton::toggled, m_editor, &QWidget::setVisible);
    connect(m_editor, &QueryEditor::runRequested, this, [this](const QString& query) {
        if (m_panel.queries.empty())
            m_panel.queries.push_back({ m_panel.type == dashboards::PanelType::Logs ? dashboards::Datasource::Loki
                                                                                     : dashboards::Datasource::Prometheus,
                {}, {} });
        m_panel.queries.front().expr = query;
        if (m_logs)
            m_logs->setQueryText(query);
        refresh(m_range.maxMs > m_range.minMs ? m_range : TimeRange { nowMs() - 3600'000, nowMs() });
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(1, 1, 1, 4);
    layout->setSpacing(2);
    layout->addLayout(titleBar);
    auto* editorRow = new QHBoxLayout;
    editorRow->setContentsMargins(6, 0, 6, 0);
    editorRow->addWidget(m_editor);
    layout->addLayout(editorRow);
    if (m_panel.type == dashboards::PanelType::Logs) {
        m_logs = new LogsPanel(this);
        m_logs->setQueryText(m_editor->text());
        layout->addWidget(m_logs, 1);
    } else {
        m_chart = new TimeSeriesPanel(this);
        m_chart->setUnit(m_panel.unit);
        connect(m_chart, &TimeSeriesPanel::seriesClicked, this, &PanelWidget::seriesClicked);
        layout->addWidget(m_chart, 1);
    }
}

DurationMs PanelWidget::stepFor(TimeRange range, int plotWidthPx, DurationMs minStep)
{
    static constexpr std::array<DurationMs, 19> Nice { 1'000, 2'000, 5'000, 10'000, 15'000, 20'000, 30'000,
        60'000, 120'000, 300'000, 600'000, 900'000, 1'800'000, 3'600'000, 7'200'000, 10'800'000, 21'600'000,
        43'200'000, 86'400'000 };
    const DurationMs span = std::max<DurationMs>(1, range.maxMs - range.minMs);
    const DurationMs raw = span / std::max(1, plotWidthPx);
    DurationMs step = Nice.back();
    for (DurationMs n : Nice) {
        if (n >= raw) {
            step = n;
            break;
        }
    }
    return std::max(step, minStep);
}

void PanelWidget::refresh(TimeRange range)
{
    m_range = range;
    const int width = m_chart ? int(m_chart->chartView()->chart()->plotArea().width()) : 0;
    m_step = stepFor(range, width > 50 ? width : std::max(200, this->width() - 60));
    m_hasError = false;
    m_latest.assign(m_panel.queries.size(), 0);
    m_results.assign(m_panel.queries.size(), {});
    m_pending = 0;
    if (!m_queries || m_panel.queries.empty()) {
        if (m_chart)
            m_chart->setResults({}, range.minMs, range.maxMs);
        Q_EMIT refreshed();
        return;
    }
    for (std::size_t i = 0; i < m_panel.queries.size(); ++i) {
        // A logs panel shows the lines of its first query only.
        if (m_logs && i > 0)
            break;
        ++m_pending;
        runQuery(i);
    }
    if (m_chart)
        m_chart->setLoading(true);
    if (m_logs)
        m_logs->setLoading(true);
}

void PanelWidget::runQuery(std::size_t index)
{
    const auto& query = m_panel.queries[index];
    if (query.datasource == dashboards::Datasource::Prometheus) {
        services::MetricRangeRequest request { query.expr, m_range.minMs, m_range.maxMs, m_step };
        m_latest[index] = m_queries->runMetricRange(request, this, [this, index](const services::MetricResponse& r) {
            if (index >= m_latest.size() || r.id != m_latest[index]) {
                ++m_dropped;
                return;
            }
            onMetricAnswer(index, r.matrix, r.error);
        });
        return;
    }
    services::LogRequest request;
    request.query = query.expr;
    request.start = msToNs(m_range.minMs);
    request.end = msToNs(m_range.maxMs + 1); // Loki's end is exclusive
    request.step = m_logs ? 0 : m_step;      // a LogQL metric query in a graph panel
    m_latest[index] = m_queries->runLogQuery(request, this, [this, index](const services::LogResponse& r) {
        if (index >= m_latest.size() || r.id != m_latest[index]) {
            ++m_dropped;
            return;
        }
        if (m_logs) {
            onLogsAnswer(r);
            return;
        }
        if (!r.error && r.isLogs) {
            onMetricAnswer(index, {}, Error { ErrorCode::Execution,
                "a log query returns lines, not a graph: wrap it in a metric query such as count_over_time()", {} });
            return;
        }
        onMetricAnswer(index, r.matrix, r.error);
    });
}

void PanelWidget::onMetricAnswer(std::size_t index, const promql::Matrix& matrix, const std::optional<Error>& error)
{
    m_latest[index] = 0;
    if (error)
        showError(index, *error);
    else
        m_results[index] = matrix;
    finishOne();
}

void PanelWidget::onLogsAnswer(const services::LogResponse& response)
{
    m_latest[0] = 0;
    if (response.error) {
        showError(0, *response.error);
    } else {
        m_logs->setQueryText(m_panel.queries.front().expr);
        m_logs->setStreams(response.streams, logs::Direction::Backward);
        m_editor->clearError();
    }
    finishOne();
}

void PanelWidget::showError(std::size_t index, const Error& error)
{
    m_hasError = true;
    const QString text = QueryEditor::caretText(m_panel.queries[index].expr, error);
    if (m_chart)
        m_chart->setError(text);
    if (m_logs)
        m_logs->setError(text);
    if (index == 0)
        m_editor->setError(error);
}

void PanelWidget::finishOne()
{
    if (--m_pending > 0)
        return;
    if (m_chart) {
        m_chart->setLoading(false);
        if (!m_hasError) {
            redrawChart();
            m_editor->clearError();
        }
    }
    if (m_logs)
        m_logs->setLoading(false);
    Q_EMIT refreshed();
}

void PanelWidget::redrawChart()
{
    std::vector<LegendedMatrix> results;
    for (std::size_t i = 0; i < m_results.size(); ++i)
        results.push_back({ std::move(m_results[i]), m_panel.queries[i].legendFormat });
    m_results.assign(m_panel.queries.size(), {});
    m_chart->setResults(std::move(results), m_range.minMs, m_range.maxMs);
}

} // namespace sg::ui
