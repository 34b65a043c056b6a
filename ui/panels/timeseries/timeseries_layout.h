#pragma once

// Where everything goes inside the view, computed without painting: the plot rectangle, one box per shown value
// axis (left ones outwards from the plot, then right ones), the time axis ticks and the legend's rectangle; and the
// mapping between times/values and pixels.

#include "timeseries_model.h"

#include <QFontMetricsF>
#include <QRectF>
#include <QTimeZone>

#include <vector>

#include "ui/panels/common/plot_axes.h"

namespace sg::ui::timeseries {

/// A tick on the time axis.
struct TimeTick
{
    qint64 ms = 0;
    QString label;
};

/// Round time steps (1 ms … 1 year) at least `minSpacingPx` apart over `widthPx`, aligned to the zone's wall
/// clock, labelled as Grafana's time axis does (HH:mm:ss, HH:mm, MM/DD HH:mm, MM/DD, YYYY-MM, YYYY).
std::vector<TimeTick> timeTicks(qint64 fromMs, qint64 toMs, double widthPx, const QTimeZone& zone,
    const QFontMetricsF& fm);

/// One shown value axis.
struct AxisBox
{
    int scale = 0;
    bool right = false;
    QRectF rect; ///< the strip beside the plot holding the tick labels and the axis label
    std::vector<ValueTick> ticks;
};

struct Layout
{
    QRectF bounds;
    QRectF plot;
    QRectF legend; ///< empty when there is no legend
    std::vector<AxisBox> axes;
    std::vector<TimeTick> timeTicks;
    qint64 fromMs = 0;
    qint64 toMs = 1;

    double x(qint64 t) const { return plot.left() + plot.width() * double(t - fromMs) / double(toMs - fromMs); }
    qint64 timeAt(double px) const;
    /// Pixel y of `v` on `scale`; NaN when not on the scale.
    double y(const Scale& scale, double v) const { return plot.bottom() - scale.fraction(v) * plot.height(); }
};

/// Lays the chart out in `bounds`, leaving `legendExtent` px (height at the bottom, or width at the right) for the
/// legend.
Layout computeLayout(const PlotModel& model, const QRectF& bounds, double legendExtent, const QFontMetricsF& fm,
    const QTimeZone& zone);

/// The zone of a dashboard time zone setting (the panels' shared rule).
using plot::zoneFor;

} // namespace sg::ui::timeseries
