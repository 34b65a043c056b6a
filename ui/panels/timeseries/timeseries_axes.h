#pragma once

// Painting of the grid, the value axes and the time axis (the ticks themselves come from the layout).

#include "timeseries_layout.h"

#include <QColor>

class QPainter;

namespace sg::ui::timeseries {

/// Grafana's dark theme colours the chart is painted with.
namespace colors {
QColor background();  ///< panel background
QColor grid();        ///< uPlot grid stroke: rgba(240, 250, 255, 0.09)
QColor axisText();    ///< text primary
QColor mutedText();   ///< text secondary
QColor tooltipBackground();
QColor border();
} // namespace colors

/// Vertical lines at the time ticks and horizontal lines at the first shown value axis's ticks.
void paintGrid(QPainter& p, const Layout& layout, const PlotModel& model);

/// Tick labels of every value axis (with its rotated axis label) and of the time axis.
void paintAxes(QPainter& p, const Layout& layout, const PlotModel& model);

} // namespace sg::ui::timeseries
