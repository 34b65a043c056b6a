#pragma once

#include "core/dashboards/dashboard.h"

namespace sg::dashboards {

/// Grid operations as Grafana's dashboard grid (react-grid-layout with vertical compaction) performs them.

/// Collapses or expands a row: collapsing moves the panels below it (up to the next row) into the row's `panels`;
/// expanding puts them back under the row at their saved offsets and pushes the panels below down.
/// Returns false when `rowId` is not a row.
bool toggleRow(Dashboard& d, int rowId);

/// Vertical compaction: every panel moves up as far as it can without overlapping another (in y, then x order);
/// rows keep their full width. Returns true when anything moved.
bool compact(Dashboard& d);

/// Moves (or resizes) a panel to `pos` (clamped to the 24 columns), pushes the panels it now overlaps down, then
/// compacts, as dragging in Grafana's grid does.
bool movePanel(Dashboard& d, int panelId, GridPos pos);

/// Adds a panel at the top (Grafana's "Add visualization"), shifting the others down; gives it a new id when it has
/// none or a used one. Returns the id.
int addPanelOnTop(Dashboard& d, Panel panel);

/// A copy of panel `id` placed right of it (or below when there is no room), with a new id. Returns the new id,
/// or 0 when there is no such panel.
int duplicatePanel(Dashboard& d, int id);

/// Removes panel `id` (a row removes with its collapsed panels). Returns false when there is none.
bool removePanel(Dashboard& d, int id);

bool overlaps(const GridPos& a, const GridPos& b);

/// Where panels at `positions` are shown: taken in reading order (y, then x; ties keep their order), each moves below
/// whatever placed panel it overlaps, then up as far as it fits (the grid's vertical compaction). The result is in
/// the order of `positions`.
std::vector<GridPos> placeInReadingOrder(const std::vector<GridPos>& positions);

} // namespace sg::dashboards
