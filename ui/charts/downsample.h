#pragma once

#include "core/common/time.h"
#include "core/promql/value.h"

#include <QList>
#include <QPointF>

#include <vector>

namespace sg::ui {

/// Reduces a series to at most ~4 points per pixel column (first, min, max, last of each column, in
/// time order) so the drawn line keeps every spike while Qt Charts only sees about 2x the plot width.
/// Points outside [from, to] and non-finite values are dropped. x is milliseconds since the epoch.
QList<QPointF> downsampleMinMax(const std::vector<promql::Point>& points, TimestampMs from, TimestampMs to,
    int columns);

/// Splits a drawn line where consecutive points are more than `maxGap` apart in x, so missing data shows as
/// a gap (as Grafana draws it) instead of a straight line across. At most `maxSegments` parts: the rest joins
/// the last part.
std::vector<QList<QPointF>> splitAtGaps(const QList<QPointF>& points, double maxGap, int maxSegments = 64);

/// The smallest positive time distance between consecutive points (the series' step), or 0.
DurationMs minimumSpacing(const std::vector<promql::Point>& points);

} // namespace sg::ui
