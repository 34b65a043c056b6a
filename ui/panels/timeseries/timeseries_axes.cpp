#include "timeseries_axes.h"

#include <QFontMetricsF>
#include <QPainter>

#include <cmath>

namespace sg::ui::timeseries {

namespace colors {
QColor background() { return QColor(0x18, 0x1b, 0x1f); }
QColor grid() { return QColor(240, 250, 255, 23); }
QColor axisText() { return QColor(204, 204, 220); }
QColor mutedText() { return QColor(204, 204, 220, 166); }
QColor tooltipBackground() { return QColor(0x22, 0x25, 0x2b); }
QColor border() { return QColor(204, 204, 220, 31); }
} // namespace colors

void paintGrid(QPainter& p, const Layout& layout, const PlotModel& model)
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(colors::grid(), 1));
    const QRectF& plot = layout.plot;
    for (const TimeTick& t : layout.timeTicks) {
        const double x = std::floor(layout.x(t.ms)) + 0.5;
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
    // Only the first axis draws grid lines, as Grafana turns the grid off for the others.
    if (!layout.axes.empty()) {
        const AxisBox& axis = layout.axes.front();
        const Scale& scale = model.scales[std::size_t(axis.scale)];
        for (const ValueTick& t : axis.ticks) {
            const double y = layout.y(scale, t.value);
            if (std::isfinite(y))
                p.drawLine(QPointF(plot.left(), std::floor(y) + 0.5), QPointF(plot.right(), std::floor(y) + 0.5));
        }
    }
    p.restore();
}

void paintAxes(QPainter& p, const Layout& layout, const PlotModel& model)
{
    p.save();
    const QFontMetricsF fm(p.font());
    const QRectF& plot = layout.plot;

    for (const AxisBox& axis : layout.axes) {
        const Scale& scale = model.scales[std::size_t(axis.scale)];
        p.setPen(colors::axisText());
        for (const ValueTick& t : axis.ticks) {
            const double y = layout.y(scale, t.value);
            if (!std::isfinite(y))
                continue;
            const double w = fm.horizontalAdvance(t.label);
            const double baseline = std::clamp(y + fm.ascent() / 2 - 1, plot.top() - fm.height() / 2 + fm.ascent(),
                plot.bottom() + fm.ascent() / 2);
            const double x = axis.right ? axis.rect.left() + 6 : axis.rect.right() - 6 - w;
            p.drawText(QPointF(x, baseline), t.label);
        }
        if (!scale.label.isEmpty()) {
            p.save();
            const double cx = axis.right ? axis.rect.right() - fm.descent() - 1 : axis.rect.left() + fm.ascent();
            p.translate(cx, plot.center().y());
            p.rotate(axis.right ? 90 : -90);
            const double w = fm.horizontalAdvance(scale.label);
            p.drawText(QPointF(-w / 2, 0), scale.label);
            p.restore();
        }
    }

    p.setPen(colors::axisText());
    const double baseline = plot.bottom() + 4 + fm.ascent();
    for (const TimeTick& t : layout.timeTicks) {
        const double x = layout.x(t.ms);
        const double w = fm.horizontalAdvance(t.label);
        const double lx = std::clamp(x - w / 2, layout.bounds.left(), layout.bounds.right() - w);
        p.drawText(QPointF(lx, baseline), t.label);
    }
    p.restore();
}

} // namespace sg::ui::timeseries
