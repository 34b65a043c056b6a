#include "cached_plot_view.h"

#include "panel_paint.h"
#include "plot_axes.h"

#include <QElapsedTimer>
#include <QMouseEvent>
#include <QPaintEngine>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace sg::ui::plot {

namespace {

// A press moved this far (in pixels) is a drag, not a click.
constexpr double DragThresholdPx = 3;

} // namespace

CachedPlotView::CachedPlotView(QWidget* parent)
    : PanelView(parent)
{
    setMouseTracking(true);
    setMinimumSize(60, 40);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void CachedPlotView::setTimeZone(const QString& tz)
{
    PanelView::setTimeZone(tz);
    invalidate();
}

qint64 CachedPlotView::timeAt(double x) const
{
    if (m_plot.width() <= 0)
        return m_fromMs;
    const double f = std::clamp((x - m_plot.left()) / m_plot.width(), 0.0, 1.0);
    return m_fromMs + qint64(std::llround(f * double(m_toMs - m_fromMs)));
}

double CachedPlotView::xAt(qint64 ms) const
{
    if (m_toMs <= m_fromMs)
        return m_plot.left();
    return m_plot.left() + m_plot.width() * double(ms - m_fromMs) / double(m_toMs - m_fromMs);
}

void CachedPlotView::paintHover(QPainter&, const QPointF&) { }

void CachedPlotView::clickedAt(const QPointF&) { }

void CachedPlotView::invalidate()
{
    m_cacheValid = false;
    update();
}

QTimeZone CachedPlotView::zone() const
{
    return zoneFor(m_timeZone);
}

void CachedPlotView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    if (p.paintEngine()->type() != QPaintEngine::Raster) {
        // An SVG or PDF export: paint the data as vectors, not the cached picture of it.
        p.fillRect(rect(), paint::panelBackground());
        p.setFont(font());
        renderBase(p, QRectF(rect()));
        return;
    }
    const qreal dpr = devicePixelRatioF();
    const QSize px = (QSizeF(size()) * dpr).toSize();
    if (!m_cacheValid || m_cache.size() != px) {
        QElapsedTimer timer;
        timer.start();
        m_cache = QImage(px, QImage::Format_ARGB32_Premultiplied);
        m_cache.setDevicePixelRatio(dpr);
        m_cache.fill(paint::panelBackground());
        QPainter cp(&m_cache);
        cp.setFont(font());
        renderBase(cp, QRectF(rect()));
        cp.end();
        m_cacheValid = true;
        m_lastRenderMs = double(timer.nsecsElapsed()) / 1e6;
    }
    p.drawImage(QPointF(0, 0), m_cache);
    if (m_dragging && timeBased()) {
        const double a = std::clamp(std::min(m_dragStartX, m_dragX), m_plot.left(), m_plot.right());
        const double b = std::clamp(std::max(m_dragStartX, m_dragX), m_plot.left(), m_plot.right());
        p.fillRect(QRectF(a, m_plot.top(), b - a, m_plot.height()), paint::selection());
    }
    if (m_hover) {
        if (timeBased() && m_plot.contains(*m_hover)) {
            p.setPen(QPen(QColor(255, 255, 255, 90), 1, Qt::DashLine));
            p.drawLine(QPointF(m_hover->x(), m_plot.top()), QPointF(m_hover->x(), m_plot.bottom()));
        }
        if (!m_dragging)
            paintHover(p, *m_hover);
    }
}

void CachedPlotView::mousePressEvent(QMouseEvent* e)
{
    if (e->button() == Qt::LeftButton && m_plot.contains(e->position())) {
        m_pressed = true;
        m_dragStartX = m_dragX = e->position().x();
    }
}

void CachedPlotView::mouseMoveEvent(QMouseEvent* e)
{
    m_hover = e->position();
    if (m_pressed) {
        m_dragX = e->position().x();
        m_dragging = std::abs(m_dragX - m_dragStartX) >= DragThresholdPx;
    }
    if (timeBased())
        Q_EMIT hoverTimeChanged(m_plot.contains(e->position()) ? timeAt(e->position().x()) : -1);
    update();
}

void CachedPlotView::mouseReleaseEvent(QMouseEvent* e)
{
    if (!m_pressed || e->button() != Qt::LeftButton)
        return;
    m_dragX = e->position().x();
    const bool drag = std::abs(m_dragX - m_dragStartX) >= DragThresholdPx;
    m_pressed = m_dragging = false;
    if (drag && timeBased()) {
        const qint64 a = timeAt(std::min(m_dragStartX, m_dragX));
        const qint64 b = timeAt(std::max(m_dragStartX, m_dragX));
        if (b > a)
            Q_EMIT rangeSelected(a, b);
    } else if (!drag) {
        clickedAt(e->position());
    }
    update();
}

void CachedPlotView::leaveEvent(QEvent* e)
{
    m_hover.reset();
    if (timeBased())
        Q_EMIT hoverTimeChanged(-1);
    update();
    PanelView::leaveEvent(e);
}

void CachedPlotView::paintNoData(QPainter& p, const QRectF& area, const QString& text)
{
    p.setPen(paint::mutedText());
    p.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, text);
}

} // namespace sg::ui::plot
