// Mouse handling of TimeSeriesPanel: hit testing in pixel space, click-through and the hover crosshair.
#include "time_series_panel.h"

#include "value_format.h"
#include "ui/widgets/range_menu.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QGraphicsLineItem>
#include <QLineSeries>
#include <QMouseEvent>
#include <QToolTip>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::ui {
namespace {
constexpr double ClickRadiusPx = 12.0;

auto lowerByTime(const std::vector<promql::Point>& points, TimestampMs t)
{
    return std::lower_bound(
        points.begin(), points.end(), t, [](const promql::Point& p, TimestampMs value) { return p.t < value; });
}

/// Index of the finite point nearest in time to `t`, or -1.
qsizetype nearestInTime(const std::vector<promql::Point>& points, TimestampMs t)
{
    auto it = lowerByTime(points, t);
    qsizetype best = -1;
    TimestampMs bestDistance = 0;
    auto consider = [&](auto candidate) {
        // Walk past gaps of non-finite values in both directions.
        if (candidate < points.begin() || candidate >= points.end() || !std::isfinite(candidate->v))
            return;
        const TimestampMs d = std::abs(candidate->t - t);
        if (best < 0 || d < bestDistance) {
            best = candidate - points.begin();
            bestDistance = d;
        }
    };
    consider(it);
    if (it != points.begin())
        consider(it - 1);
    return best;
}
} // namespace

QPointF TimeSeriesPanel::toViewport(int seriesIndex, const promql::Point& p) const
{
    const QPointF chartPos = m_chart->mapToPosition(QPointF(double(p.t), p.v), m_series[seriesIndex].line);
    return QPointF(m_view->mapFromScene(m_chart->mapToScene(chartPos)));
}

QPoint TimeSeriesPanel::pointPosition(int seriesIndex, TimestampMs t) const
{
    if (seriesIndex < 0 || seriesIndex >= seriesCount())
        return {};
    const auto& points = m_series[seriesIndex].points;
    const qsizetype i = nearestInTime(points, t);
    if (i < 0)
        return {};
    return toViewport(seriesIndex, points[i]).toPoint();
}

TimeSeriesPanel::Hit TimeSeriesPanel::hitTest(const QPointF& viewportPos) const
{
    Hit hit;
    const QRectF plot = m_chart->plotArea();
    const QPointF chartPos = m_chart->mapFromScene(m_view->mapToScene(viewportPos.toPoint()));
    if (m_series.empty() || !plot.adjusted(-ClickRadiusPx, -ClickRadiusPx, ClickRadiusPx, ClickRadiusPx).contains(chartPos))
        return hit;
    const double msPerPx = double(m_to - m_from) / std::max(1.0, plot.width());
    const TimestampMs clickT = m_from + TimestampMs((chartPos.x() - plot.left()) * msPerPx);
    const TimestampMs window = TimestampMs(std::ceil(ClickRadiusPx * msPerPx));

    // First choice: the nearest data point within the click radius, in pixels.
    double best = ClickRadiusPx * ClickRadiusPx;
    for (int s = 0; s < seriesCount(); ++s) {
        const auto& points = m_series[s].points;
        for (auto it = lowerByTime(points, clickT - window); it != points.end() && it->t <= clickT + window; ++it) {
            if (!std::isfinite(it->v))
                continue;
            const QPointF d = toViewport(s, *it) - viewportPos;
            const double dist2 = d.x() * d.x() + d.y() * d.y();
            if (dist2 <= best) {
                best = dist2;
                hit = { s, std::size_t(it - points.begin()) };
            }
        }
    }
    if (hit.series >= 0)
        return hit;

    // Otherwise: the series whose value at that time is nearest vertically.
    double bestDy = std::numeric_limits<double>::infinity();
    for (int s = 0; s < seriesCount(); ++s) {
        const qsizetype i = nearestInTime(m_series[s].points, clickT);
        if (i < 0)
            continue;
        const double dy = std::abs(toViewport(s, m_series[s].points[i]).y() - viewportPos.y());
        if (dy < bestDy) {
            bestDy = dy;
            hit = { s, std::size_t(i) };
        }
    }
    return hit;
}

bool TimeSeriesPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched != m_view->viewport())
        return QWidget::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::MouseButtonPress: {
        auto* me = static_cast<QMouseEvent*>(event);
        if (me->button() != Qt::LeftButton)
            break;
        if (me->modifiers() & Qt::ShiftModifier) {
            m_shiftPress = me->position();
            return true;
        }
        const Hit hit = hitTest(me->position());
        if (hit.series >= 0) {
            const auto& s = m_series[hit.series];
            Q_EMIT seriesClicked(s.labels, s.points[hit.point].t);
            return true;
        }
        break;
    }
    case QEvent::MouseButtonRelease: {
        auto* me = static_cast<QMouseEvent*>(event);
        if (me->button() != Qt::LeftButton || !m_shiftPress)
            break;
        const TimestampMs a = timeAtViewport(*m_shiftPress);
        const TimestampMs b = timeAtViewport(me->position());
        m_shiftPress.reset();
        if (a != b && !m_series.empty())
            chooseRangeAction(std::min(a, b), std::max(a, b), me->globalPosition().toPoint());
        return true;
    }
    case QEvent::MouseMove:
        updateHover(static_cast<QMouseEvent*>(event)->position().toPoint());
        break;
    case QEvent::Resize:
        if (m_markers)
            m_markers->setGeometry(m_view->viewport()->rect());
        break;
    case QEvent::Leave:
        clearHover();
        Q_EMIT hoverTimeChanged(-1);
        break;
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

void TimeSeriesPanel::chooseRangeAction(TimestampMs from, TimestampMs to, QPoint globalPos)
{
    popupRangeMenu(this, globalPos, [this, from, to](RangeAction action) {
        if (action == RangeAction::ShowLogs)
            Q_EMIT logsRangeSelected(from, to);
        else if (action == RangeAction::WhatChanged)
            Q_EMIT whatChangedRangeSelected(from, to);
        else
            Q_EMIT zoomRangeSelected(from, to);
    });
}

TimestampMs TimeSeriesPanel::timeAtViewport(const QPointF& viewportPos) const
{
    const QRectF plot = m_chart->plotArea();
    const QPointF chartPos = m_chart->mapFromScene(m_view->mapToScene(viewportPos.toPoint()));
    const double x = std::clamp(chartPos.x(), plot.left(), plot.right());
    return m_from + TimestampMs((x - plot.left()) * double(m_to - m_from) / std::max(1.0, plot.width()));
}

void TimeSeriesPanel::updateHover(const QPoint& viewportPos)
{
    const QRectF plot = m_chart->plotArea();
    const QPointF chartPos = m_chart->mapFromScene(m_view->mapToScene(viewportPos));
    if (m_series.empty() || !plot.contains(chartPos)) {
        clearHover();
        Q_EMIT hoverTimeChanged(-1);
        return;
    }
    if (showAnnotationTooltip(viewportPos)) {
        m_crosshair->hide();
        return;
    }
    const QPointF top = m_chart->mapToScene(QPointF(chartPos.x(), plot.top()));
    const QPointF bottom = m_chart->mapToScene(QPointF(chartPos.x(), plot.bottom()));
    m_crosshair->setLine(QLineF(top, bottom));
    m_crosshair->show();

    const double msPerPx = double(m_to - m_from) / std::max(1.0, plot.width());
    const TimestampMs t = m_from + TimestampMs((chartPos.x() - plot.left()) * msPerPx);
    Q_EMIT hoverTimeChanged(t);
    QString html = u"<b>%1</b>"_s.arg(QDateTime::fromMSecsSinceEpoch(t).toString(u"yyyy-MM-dd HH:mm:ss"_s));
    const int shown = std::min(seriesCount(), 12);
    for (int s = 0; s < shown; ++s) {
        const qsizetype i = nearestInTime(m_series[s].points, t);
        if (i < 0)
            continue;
        const QString colour = m_series[s].line->pen().color().name();
        html += u"<br><span style=\"color:%1\">&#9632;</span> %2: <b>%3</b>"_s.arg(colour,
            m_series[s].legend.toHtmlEscaped(), formatValue(m_series[s].points[i].v, m_unit));
    }
    if (seriesCount() > shown)
        html += u"<br>… %1 more"_s.arg(seriesCount() - shown);
    QToolTip::showText(m_view->viewport()->mapToGlobal(viewportPos + QPoint(16, 16)), html, m_view->viewport());
}

void TimeSeriesPanel::setSharedHover(qint64 timeMs)
{
    // The crosshair only: the tooltip belongs to the graph under the mouse.
    const QRectF plot = m_chart->plotArea();
    if (timeMs < 0 || m_series.empty() || timeMs < m_from || timeMs > m_to || m_to <= m_from) {
        m_crosshair->hide();
        return;
    }
    const double x = plot.left() + double(timeMs - m_from) * plot.width() / double(m_to - m_from);
    m_crosshair->setLine(QLineF(m_chart->mapToScene(QPointF(x, plot.top())), m_chart->mapToScene(QPointF(x, plot.bottom()))));
    m_crosshair->show();
}

bool TimeSeriesPanel::isCrosshairVisible() const
{
    return m_crosshair->isVisible();
}

qreal TimeSeriesPanel::crosshairX() const
{
    return m_crosshair->line().x1();
}

void TimeSeriesPanel::clearHover()
{
    m_crosshair->hide();
    QToolTip::hideText();
}

} // namespace sg::ui
