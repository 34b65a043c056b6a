#pragma once

#include "core/dashboards/dashboard.h"
#include "core/query/frame.h"
#include "ui/panels/heatmap/viz_field.h"

#include <QColor>
#include <QString>

#include <vector>

namespace sg::ui::state_timeline {

/// A stretch of time over which a lane holds one state.
struct Region
{
    qint64 startMs = 0;
    qint64 endMs = 0;
    double value = 0; ///< NaN for a null shown through a "null" special mapping
    QColor color;     ///< opaque; the view applies the fill opacity
};

/// One series' row of the timeline.
struct Lane
{
    QString name;
    query::LabelPairs labels;
    std::vector<Region> regions; ///< in time order, not overlapping
};

/// One lane per series: consecutive equal values merged into one region (`mergeValues`), each region running to the
/// next sample with another value; a null ends the state before it (unless a special mapping gives nulls a state);
/// the last state runs to the end of the range. Colours and texts come from the field config (mappings, then the
/// colour mode, thresholds by default).
std::vector<Lane> buildLanes(const dashboards::Panel& panel, const query::PanelData& data);

/// The field config of a state timeline: Grafana's defaults (colour mode "thresholds" when the panel sets none).
viz::FieldColors fieldColors(const dashboards::Panel& panel);

} // namespace sg::ui::state_timeline
