#include "time_series_panel.h"

#include "ui/logs/log_level.h"

#include "downsample.h"
#include "ui/theme.h"
#include "value_format.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QGraphicsLayout>
#include <QGraphicsLineItem>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sg::ui {

TimeSeriesPanel::TimeSeriesPanel(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"timeSeriesPanel"_s);
    m_chart = new QChart;
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundBrush(theme::panelBackground());
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(4, 10, 12, 2));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->setPlotAreaBackgroundVisible(false);

    QLegend* legend = m_chart->legend();
    legend->setAlignment(Qt::AlignBottom);
    legend->setLabelColor(theme::text());
    legend->setMarkerShape(QLegend::MarkerShapeRectangle);
    QFont legendFont = font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85);
    legend->setFont(legendFont);

    QFont axisFont = font();
    axisFont.setPointSizeF(axisFont.pointSizeF() * 0.8);
    m_timeAxis = new QCategoryAxis;
    m_timeAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_timeAxis->setLabelsColor(theme::mutedText());
    m_timeAxis->setLabelsFont(axisFont);
    m_timeAxis->setGridLineColor(theme::gridLine());
    m_timeAxis->setLinePenColor(theme::gridLine());
    m_timeAxis->setTitleVisible(false);
    m_valueAxis = new QCategoryAxis;
    m_valueAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_valueAxis->setLabelsColor(theme::mutedText());
    m_valueAxis->setLabelsFont(axisFont);
    m_valueAxis->setGridLineColor(theme::gridLine());
    m_valueAxis->setLinePenColor(theme::gridLine());
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_valueAxis, Qt::AlignLeft);

    m_view = new QChartView(m_chart, this);
    m_view->setObjectName(u"chartView"_s);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setBackgroundBrush(theme::panelBackground());
    m_view->viewport()->setMouseTracking(true);
    m_view->viewport()->installEventFilter(this);
    m_view->setCursor(Qt::CrossCursor);

    m_crosshair = new QGraphicsLineItem;
    m_crosshair->setPen(QPen(QColor(0xcc, 0xcc, 0xdc, 0x90), 1, Qt::DashLine));
    m_crosshair->setZValue(100);
    m_crosshair->hide();
    m_chart->scene()->addItem(m_crosshair);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    m_overlay = new QLabel(this);
    m_overlay->setObjectName(u"chartOverlay"_s);
    m_overlay->setAlignment(Qt::AlignCenter);
    m_overlay->setWordWrap(true);
    m_overlay->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_overlay->hide();
    m_loadingLabel = new QLabel(tr("Loading…"), this);
    m_loadingLabel->setObjectName(u"chartLoading"_s);
    m_loadingLabel->setStyleSheet(u"color: #8e8e9a; background: transparent; padding: 2px 6px;"_s);
    m_loadingLabel->hide();

    const TimestampMs now = nowMs();
    m_from = now - 3600'000;
    m_to = now;
    updateAxes();
}

TimeSeriesPanel::~TimeSeriesPanel() = default;

void TimeSeriesPanel::setMatrix(const promql::Matrix& matrix, const QString& legendFormat, TimestampMs from,
    TimestampMs to)
{
    std::vector<LegendedMatrix> results;
    results.push_back({ matrix, legendFormat });
    setResults(std::move(results), from, to);
}

void TimeSeriesPanel::setResults(std::vector<LegendedMatrix> results, TimestampMs from, TimestampMs to)
{
    m_error.clear();
    m_from = from;
    m_to = std::max(to, from + 1);
    clearLines();
    m_series.clear();
    for (auto& result : results) {
        for (auto& series : result.matrix) {
            SeriesData d;
            d.legend = formatLegend(result.legendFormat, series.metric);
            d.labels = std::move(series.metric);
            d.points = std::move(series.points);
            d.spacing = minimumSpacing(d.points);
            m_series.push_back(std::move(d));
        }
    }
    rebuild();
}

void TimeSeriesPanel::setNamedSeries(std::vector<NamedSeries> series, TimestampMs from, TimestampMs to)
{
    m_error.clear();
    m_from = from;
    m_to = std::max(to, from + 1);
    clearLines();
    m_series.clear();
    for (auto& s : series) {
        SeriesData d;
        d.legend = std::move(s.name);
        d.labels = std::move(s.labels);
        d.points = std::move(s.points);
        d.spacing = minimumSpacing(d.points);
        m_series.push_back(std::move(d));
    }
    rebuild();
}

void TimeSeriesPanel::clearLines()
{
    // removeSeries() hands ownership back to us.
    for (auto& s : m_series) {
        m_chart->removeSeries(s.line);
        delete s.line;
        for (auto* gap : s.gaps) {
            m_chart->removeSeries(gap);
            delete gap;
        }
        s.line = nullptr;
        s.gaps.clear();
    }
}

QLineSeries* TimeSeriesPanel::newLine(const QColor& colour)
{
    auto* line = new QLineSeries;
    QPen pen(colour);
    pen.setWidthF(1.5);
    line->setPen(pen);
    m_chart->addSeries(line);
    line->attachAxis(m_timeAxis);
    line->attachAxis(m_valueAxis);
    return line;
}

namespace {
/// Series split by log level get the level's colour, as Grafana's log volume does; others the palette's.
QColor colourFor(const Labels& labels, int index)
{
    if (labels.size() == 1 && labels.has("level"))
        if (const LogLevel level = parseLogLevel(labels.get("level")); level != LogLevel::Unknown)
            return logLevelColor(level);
    return theme::seriesColor(index);
}
}

void TimeSeriesPanel::rebuild()
{
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        m_series[i].line = newLine(colourFor(m_series[i].labels, int(i)));
        m_series[i].line->setName(m_series[i].legend);
    }
    // A long list of series would push the plot away: Grafana hides the legend in that case too.
    m_chart->legend()->setVisible(!m_series.empty() && m_series.size() <= 8);
    replot();
    if (!m_error.isEmpty())
        showOverlay(m_error, true);
    else if (m_series.empty())
        showOverlay(tr("No data"), false);
    else
        m_overlay->hide();
}

void TimeSeriesPanel::replot()
{
    const int columns = std::max(50, int(m_chart->plotArea().width()));
    const double columnMs = double(m_to - m_from) / columns;
    for (auto& s : m_series) {
        const double maxGap = std::max(2.5 * double(s.spacing), 2.0 * columnMs);
        auto parts = splitAtGaps(downsampleMinMax(s.points, m_from, m_to, columns), maxGap);
        s.line->replace(parts.front());
        for (std::size_t p = 1; p < parts.size(); ++p) {
            if (s.gaps.size() < p) {
                s.gaps.push_back(newLine(s.line->pen().color()));
                for (auto* marker : m_chart->legend()->markers(s.gaps.back()))
                    marker->setVisible(false);
            }
            s.gaps[p - 1]->replace(parts[p]);
        }
        for (std::size_t p = parts.size(); p <= s.gaps.size(); ++p)
            s.gaps[p - 1]->clear();
    }
    updateAxes();
    if (m_markers)
        m_markers->update();
}

void TimeSeriesPanel::updateAxes()
{
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    for (const auto& s : m_series) {
        for (const auto& p : s.points) {
            if (p.t < m_from || p.t > m_to || !std::isfinite(p.v))
                continue;
            lo = std::min(lo, p.v);
            hi = std::max(hi, p.v);
        }
    }
    if (!std::isfinite(lo)) {
        lo = 0;
        hi = 1;
    }
    // Grafana starts rates and sizes at zero when everything is positive.
    if (lo > 0 && lo < hi)
        lo = 0;
    const int targetTicks = std::clamp(int(m_chart->plotArea().height() / 40), 2, 8);
    const AxisTicks ticks = niceTicks(lo, hi, m_unit, targetTicks);
    const auto labels = m_valueAxis->categoriesLabels();
    for (const auto& label : labels)
        m_valueAxis->remove(label);
    m_valueAxis->setStartValue(ticks.min);
    for (qsizetype i = 0; i < ticks.values.size(); ++i)
        m_valueAxis->append(ticks.labels[i], ticks.values[i]);
    m_valueAxis->setRange(ticks.min, ticks.max);

    const AxisTicks times = timeTicks(m_from, m_to, std::clamp(int(m_chart->plotArea().width() / 90), 2, 12));
    const auto timeLabels = m_timeAxis->categoriesLabels();
    for (const auto& label : timeLabels)
        m_timeAxis->remove(label);
    m_timeAxis->setStartValue(double(m_from));
    for (qsizetype i = 0; i < times.values.size(); ++i)
        m_timeAxis->append(times.labels[i], times.values[i]);
    m_timeAxis->setRange(double(m_from), double(m_to));
}

void TimeSeriesPanel::setError(const QString& message)
{
    m_error = message;
    setLoading(false);
    showOverlay(message, true);
}

QString TimeSeriesPanel::errorText() const { return m_error; }

void TimeSeriesPanel::setLoading(bool loading)
{
    m_loading = loading;
    m_loadingLabel->setVisible(loading);
    if (loading)
        m_loadingLabel->raise();
}

void TimeSeriesPanel::setUnit(const QString& unit)
{
    m_unit = unit == u"none"_s ? QString() : unit;
    updateAxes();
}

QStringList TimeSeriesPanel::legendTexts() const
{
    QStringList out;
    for (const auto& s : m_series)
        out.append(s.legend);
    return out;
}

const Labels& TimeSeriesPanel::seriesLabels(int seriesIndex) const { return m_series.at(seriesIndex).labels; }

void TimeSeriesPanel::showOverlay(const QString& text, bool isError)
{
    m_overlay->setText(text);
    // Errors carry a caret line that must stay under its column: left-aligned, not centred.
    m_overlay->setAlignment(isError ? Qt::AlignLeft | Qt::AlignVCenter : Qt::AlignCenter);
    m_overlay->setStyleSheet(isError
            ? u"color: #ff7383; background: rgba(224, 47, 68, 0.12); border: 1px solid #e02f44; padding: 8px;"
              " font-family: monospace;"_s
            : u"color: #8e8e9a; background: transparent;"_s);
    m_overlay->show();
    m_overlay->raise();
    resizeEvent(nullptr);
}

void TimeSeriesPanel::resizeEvent(QResizeEvent* event)
{
    if (event)
        QWidget::resizeEvent(event);
    if (m_markers)
        m_markers->setGeometry(m_view->viewport()->rect());
    const QRect r = rect().adjusted(12, 12, -12, -12);
    if (!m_error.isEmpty()) {
        const int h = std::min(r.height(), m_overlay->heightForWidth(r.width()) + 4);
        m_overlay->setGeometry(r.x(), r.y() + (r.height() - h) / 2, r.width(), std::max(h, 40));
    } else {
        m_overlay->setGeometry(r);
    }
    m_loadingLabel->adjustSize();
    m_loadingLabel->move(width() - m_loadingLabel->width() - 4, 2);
    if (event && !m_series.empty())
        replot();
}

} // namespace sg::ui
