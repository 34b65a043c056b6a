#pragma once

// Annotation markers on a time axis, as Grafana draws them: a dashed line across the plot and a small triangle on
// its bottom edge in the annotation's colour, with a tooltip (time · title, text, tags). Shared by the dashboard's
// time series panel and Explore's graph.

#include "core/query/frame.h"

#include <QRect>
#include <QStringList>
#include <QTimeZone>

#include <functional>
#include <vector>

class QPainter;

namespace sg::ui {

/// Where a marker at time `t` sits: the x of `t` in `plot` (time axis [fromMs, toMs]); nullopt outside.
using TimeToX = std::function<std::optional<double>(qint64 t)>;

/// The marker box (the triangle) of an annotation at `x` on the bottom edge of `plot`.
QRect annotationMarkerRect(double x, const QRectF& plot);
/// The annotation whose marker is nearest `pos` (within a few pixels, in the markers' band), or -1.
int annotationNear(const std::vector<query::Annotation>& annotations, const QPointF& pos, const QRectF& plot,
    const TimeToX& timeToX);
/// "time · title" ("time – end · title" for a region), the text, "tags: a, b" (the text and the tags only when set).
QStringList annotationTooltipLines(const query::Annotation& annotation, const QTimeZone& zone);
/// Draws the markers of `annotations` that fall on the plot; a region (timeEndMs after timeMs) is shaded to its end.
void paintAnnotationMarkers(QPainter& p, const QRectF& plot, const std::vector<query::Annotation>& annotations,
    const TimeToX& timeToX);

} // namespace sg::ui
