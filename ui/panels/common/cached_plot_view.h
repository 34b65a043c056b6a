#pragma once

#include "ui/panels/panel_plugin.h"

#include <QImage>
#include <QPointF>
#include <QRectF>
#include <QTimeZone>

#include <optional>

namespace sg::ui::plot {

/// The painting and mouse plumbing of the chart-like panel views: the data is painted once into a cached image
/// (rebuilt when the data, the options or the size change), and mouse moves only repaint the hover overlay and the
/// drag selection over that image.
class CachedPlotView : public PanelView
{
    Q_OBJECT
public:
    explicit CachedPlotView(QWidget* parent = nullptr);

    void setTimeZone(const QString& tz) override;

    /// Milliseconds the last rebuild of the cached image took.
    double lastRenderMs() const { return m_lastRenderMs; }
    /// The plot area (inside the axes) of the last rebuild, in widget coordinates.
    QRectF plotRect() const { return m_plot; }

    /// The time at widget x within the plot (time-based views).
    qint64 timeAt(double x) const;
    /// The widget x of `ms` within the plot.
    double xAt(qint64 ms) const;

protected:
    // A size change needs no hook: paintEvent rebuilds the image when its size no longer matches the widget's.

    /// Paints everything but the hover state into `p` over `area`; sets m_plot.
    virtual void renderBase(QPainter& p, const QRectF& area) = 0;
    /// Paints the hover highlight and tooltip for the mouse at `pos`.
    virtual void paintHover(QPainter& p, const QPointF& pos);
    /// True when x is time over [m_fromMs, m_toMs]: drags select a range and hovering moves the shared crosshair.
    virtual bool timeBased() const { return false; }
    /// A click (no drag) at `pos`.
    virtual void clickedAt(const QPointF& pos);

    void invalidate();
    QTimeZone zone() const;

    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void leaveEvent(QEvent* e) override;

    /// "No data" (or the error) centred in `area`.
    void paintNoData(QPainter& p, const QRectF& area, const QString& text = QStringLiteral("No data"));

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

} // namespace sg::ui::plot
