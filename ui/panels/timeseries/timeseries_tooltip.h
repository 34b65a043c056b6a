#pragma once

// The hover tooltip: which samples it shows (single: the series nearest the mouse; multi: every series at the
// hovered time, sorted as `options.tooltip.sort` says), their values formatted with each series' unit and value
// mappings, and its painting.

#include "timeseries_layout.h"

#include <QColor>
#include <QString>
#include <QTimeZone>

#include <vector>

class QPainter;

namespace sg::ui::timeseries {

struct TooltipRow
{
    int series = 0;
    QString name;
    QString value;   ///< formatted, mapped
    QColor color;
    double number = 0;
    bool focused = false;
};

struct TooltipContent
{
    QString header;  ///< the sample's time, "YYYY-MM-DD HH:mm:ss"
    qint64 timeMs = -1;
    std::vector<TooltipRow> rows;
    bool isEmpty() const { return rows.empty(); }
    /// "header", then "name: value" per row (for tests and the accessible text).
    QStringList lines() const;
};

/// The series (index into model.series) whose sample nearest to the time under `pos` is closest to `pos` in
/// pixels; -1 when none is visible.
int nearestSeries(const PlotModel& model, const Layout& layout, const QPointF& pos, double* distancePx = nullptr);

/// What the tooltip shows at time `t` (`focused`: the series the mouse is nearest, for single mode).
TooltipContent tooltipAt(const PlotModel& model, qint64 t, int focused, TooltipOptions::Mode mode,
    const QTimeZone& zone);

/// Paints the tooltip box beside `anchor`, kept inside `bounds`. At most as many rows as fit are shown.
void paintTooltip(QPainter& p, const TooltipContent& content, const QPointF& anchor, const QRectF& bounds);

} // namespace sg::ui::timeseries
