#pragma once

// The painting and mouse plumbing the heatmap, histogram, bar chart and state timeline views share: the data is
// painted once into a cached image (rebuilt when the data, the options or the size change), and mouse moves only
// repaint the hover overlay and the drag selection over that image. Header-only for the reason in viz_colors.h.

#include "ui/panels/heatmap/viz_axes.h"
#include "ui/panels/heatmap/viz_colors.h"
#include "ui/panels/panel_plugin.h"

#include <QElapsedTimer>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>

#include <optional>

namespace sg::ui::viz {

class CachedPlotView : public PanelView
{
public:
    explicit CachedPlotView(QWidget* parent = nullptr)
        : PanelView(parent)
    {
        setMouseTracking(true);
        setMinimumSize(60, 40);
        setAttribute(Qt::WA_OpaquePaintEvent);
    }

    void setTimeZone(const QString& tz) override
    {
        PanelView::setTimeZone(tz);
        invalidate();
    }

    /// Milliseconds the last rebuild of the cached image took.
    double lastRenderMs() const { return m_lastRenderMs; }
    /// The plot area (inside the axes) of the last rebuild, in widget coordinates.
    QRectF plotRect() const { return m_plot; }

    /// The time at widget x within the plot (time-based views).
    qint64 timeAt(double x) const
    {
        if (m_plot.width() <= 0)
            return m_fromMs;
        const double f = std::clamp((x - m_plot.left()) / m_plot.width(), 0.0, 1.0);
        return m_fromMs + qint64(std::llround(f * double(m_toMs - m_fromMs)));
    }
    double xAt(qint64 ms) const
    {
        if (m_toMs <= m_fromMs)
            return m_plot.left();
        return m_plot.left() + m_plot.width() * double(ms - m_fromMs) / double(m_toMs - m_fromMs);
    }

protected:
    // A size change needs no hook: paintEvent rebuilds the image when its size no longer matches the widget's.

    /// Paints everything but the hover state into `p` over `area`; sets m_plot.
    virtual void renderBase(QPainter& p, const QRectF& area) = 0;
    /// Paints the hover highlight and tooltip for the mouse at `pos`.
    virtual void paintHover(QPainter& p, const QPointF& pos) { }
    /// True when x is time over [m_fromMs, m_toMs]: drags select a range and hovering moves the shared crosshair.
    virtual bool timeBased() const { return false; }
    /// A click (no drag) at `pos`.
    virtual void clickedAt(const QPointF& pos) { }

    void invalidate()
    {
        m_cacheValid = false;
        update();
    }
    QTimeZone zone() const { return zoneFor(m_timeZone); }

    void paintEvent(QPaintEvent*) override
    {
        const qreal dpr = devicePixelRatioF();
        const QSize px = (QSizeF(size()) * dpr).toSize();
        if (!m_cacheValid || m_cache.size() != px) {
            QElapsedTimer timer;
            timer.start();
            m_cache = QImage(px, QImage::Format_ARGB32_Premultiplied);
            m_cache.setDevicePixelRatio(dpr);
            m_cache.fill(panelBackground());
            QPainter cp(&m_cache);
            cp.setFont(font());
            renderBase(cp, QRectF(rect()));
            cp.end();
            m_cacheValid = true;
            m_lastRenderMs = double(timer.nsecsElapsed()) / 1e6;
        }
        QPainter p(this);
        p.drawImage(QPointF(0, 0), m_cache);
        if (m_dragging && timeBased()) {
            const double a = std::clamp(std::min(m_dragStartX, m_dragX), m_plot.left(), m_plot.right());
            const double b = std::clamp(std::max(m_dragStartX, m_dragX), m_plot.left(), m_plot.right());
            p.fillRect(QRectF(a, m_plot.top(), b - a, m_plot.height()), selectionColor());
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

    void mousePressEvent(QMouseEvent* e) override
    {
        if (e->button() == Qt::LeftButton && m_plot.contains(e->position())) {
            m_pressed = true;
            m_dragStartX = m_dragX = e->position().x();
        }
    }

    void mouseMoveEvent(QMouseEvent* e) override
    {
        m_hover = e->position();
        if (m_pressed) {
            m_dragX = e->position().x();
            m_dragging = std::abs(m_dragX - m_dragStartX) >= 3;
        }
        if (timeBased())
            Q_EMIT hoverTimeChanged(m_plot.contains(e->position()) ? timeAt(e->position().x()) : -1);
        update();
    }

    void mouseReleaseEvent(QMouseEvent* e) override
    {
        if (!m_pressed || e->button() != Qt::LeftButton)
            return;
        m_dragX = e->position().x();
        const bool drag = std::abs(m_dragX - m_dragStartX) >= 3;
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

    void leaveEvent(QEvent* e) override
    {
        m_hover.reset();
        if (timeBased())
            Q_EMIT hoverTimeChanged(-1);
        update();
        PanelView::leaveEvent(e);
    }

    /// "No data" (or the error) centred in `area`.
    void paintNoData(QPainter& p, const QRectF& area, const QString& text = QStringLiteral("No data"))
    {
        p.setPen(mutedTextColor());
        p.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, text);
    }

    QRectF m_plot;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    std::optional<QPointF> m_hover;

private:
    QImage m_cache;
    bool m_cacheValid = false;
    bool m_pressed = false;
    bool m_dragging = false;
    double m_dragStartX = 0;
    double m_dragX = 0;
    double m_lastRenderMs = 0;
};

} // namespace sg::ui::viz
