#pragma once

#include "core/dashboards/dashboard.h"
#include "core/query/frame.h"

#include <QString>
#include <QTimeZone>

#include <vector>

namespace sg::ui::barchart {

/// One category on the bar chart's x axis with a value per field (NaN: no bar).
struct Group
{
    QString label;
    std::vector<double> values;
};

/// The bar chart's frame: the fields (bars within a group) and the categories.
struct Bars
{
    std::vector<QString> fields;
    std::vector<Group> groups;
    bool byTime = false; ///< categories are time points (a table frame), not series

    bool isEmpty() const { return groups.empty() || fields.empty(); }
};

/// A category per series holding its last non-null value; or, when the panel's targets are tables (`format:
/// "table"`) whose series share their timestamps, a category per time point (labelled in `zone`) with a bar per
/// series, as Grafana draws a table with a time column and a value column per series.
Bars buildBars(const dashboards::Panel& panel, const query::PanelData& data, const QTimeZone& zone);

} // namespace sg::ui::barchart
