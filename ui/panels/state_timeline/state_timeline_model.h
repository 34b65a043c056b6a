#pragma once

#include "core/dashboards/dashboard.h"
#include "core/fieldconfig/field_config.h"
#include "core/query/frame.h"

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
    fieldconfig::FieldConfig config; ///< the series' field config (defaults, overrides, the panel's value range)
    std::vector<Region> regions; ///< in time order, not overlapping
};

/// One lane per series: consecutive equal values merged into one region (`mergeValues`), each region running to the
/// next sample with another value; a null ends the state before it (unless a special mapping gives nulls a state);
/// the last state runs to the end of the range. Colours come from the series' field config (mappings, then the
/// colour mode, thresholds by default), as sg::fieldconfig's display processor gives them.
std::vector<Lane> buildLanes(const dashboards::Panel& panel, const query::PanelData& data);

/// The text a region of `lane` shows: its mapping's text, else the value in the field's unit and decimals.
QString regionText(const Lane& lane, const Region& region);

} // namespace sg::ui::state_timeline
