#pragma once

// Painting of the series and the threshold styles into the cached plot image. Dense series are reduced per pixel
// column first (first, min, max and last sample of each device-pixel column, in time order), so a series costs at
// most about four points per column however many samples it has.

#include "timeseries_layout.h"

#include <QPolygonF>

#include <vector>

class QPainter;

namespace sg::ui::timeseries {

/// A run of samples drawn as one connected line (the line breaks at nulls and gaps spanNulls does not bridge).
struct PixelSegment
{
    std::vector<int> samples; ///< indices into the series' samples, after the per-column reduction
    QPolygonF top;            ///< the line's points in widget coordinates
    QPolygonF base;           ///< stacked series: the band's bottom at the same samples
};

/// The series' drawn segments over the layout's time range, reduced per device-pixel column (`dpr` px per unit).
std::vector<PixelSegment> pixelSegments(const PlotModel& model, const PlotSeries& series, const Layout& layout,
    double dpr = 1.0);

/// True when a line series shows its points: always / never, or for "auto" when the samples in view are at least
/// about two point diameters apart.
bool pointsShown(const SeriesStyle& style, qsizetype samplesInView, double plotWidth);

/// Threshold areas (`areas`) or threshold lines of every scale with a thresholdsStyle.
void paintThresholds(QPainter& p, const Layout& layout, const PlotModel& model, bool areas);

/// One series: its fill, line, bars or points, with the gradient mode.
void paintSeries(QPainter& p, const Layout& layout, const PlotModel& model, const PlotSeries& series, double dpr = 1.0);

} // namespace sg::ui::timeseries
