#pragma once

#include "core/dashboards/dashboard.h"
#include "core/templating/interpolate.h"

#include <QHash>
#include <QList>
#include <QStringList>

#include <vector>

namespace sg::dashboards {

/// One thing the grid shows: a panel or a row header, the original or a repeated copy, where it goes before the
/// grid's compaction, and the values of the repeat variables it stands for (Grafana's scopedVars).
struct GridItem
{
    int panelId = 0;
    int repeatIndex = 0;    ///< the copy of a repeated panel (0: the first), Grafana's repeatIteration
    int rowRepeatIndex = 0; ///< the copy of the repeated row holding it (0: the first)
    GridPos pos;
    QHash<QString, templating::ScopedValue> scoped;
};

/// The values a repeat variable gives: its selection, or every option when All is selected.
QStringList repeatValues(const QList<templating::Variable>& variables, const QString& name);

/// The dashboard's top-level panels and rows with Grafana's repeats expanded, in document order:
///   - a panel with `repeat` is copied once per value, side by side (`repeatDirection` "h", at most `maxPerRow`, 4 by
///     default, a row) or stacked ("v");
///   - a row with `repeat` is copied once per value with the panels it holds (the panels after it up to the next
///     row, repeated panels among them expanded), each copy below the previous one; a collapsed row's copies are
///     collapsed headers. Whatever follows moves down by the copies' height.
/// Every copy gets its variable's value as a scoped value; panels in a repeated row get the row's value too.
std::vector<GridItem> expandRepeats(const Dashboard& dashboard, const QList<templating::Variable>& variables);

} // namespace sg::dashboards
