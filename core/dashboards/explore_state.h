#pragma once

#include "core/common/result.h"
#include "core/dashboards/dashboard.h"

#include <QString>

#include <vector>

namespace sg::dashboards {

/// One query row of an Explore pane, as Grafana's Explore URL writes a query.
struct ExploreQuery
{
    QString refId = QStringLiteral("A");
    QString datasourceUid;  ///< empty: the pane's datasource
    QString datasourceType; ///< Grafana plugin id ("prometheus", "loki"); empty when unknown
    QString expr;
    bool instant = false;   ///< an instant query instead of a range query
    bool table = false;     ///< shown as a table (Grafana's `format: "table"`) instead of a graph
    bool hidden = false;    ///< kept but not run (Grafana's `hide`)
    bool annotations = false; ///< a log query shown as markers on the pane's graph (Sightglass' `sgAnnotations`)

    bool operator==(const ExploreQuery&) const = default;
};

/// One Explore pane: its queries and its time range as Grafana writes it ("now-1h", or epoch milliseconds).
struct ExplorePaneState
{
    QString datasourceUid; ///< the pane's datasource (Grafana's pane `datasource`)
    std::vector<ExploreQuery> queries;
    QString from = QStringLiteral("now-1h");
    QString to = QStringLiteral("now");

    bool operator==(const ExplorePaneState&) const = default;
};

/// Explore's state: one pane, or two side by side (split), and whether their time ranges move together.
struct ExploreState
{
    std::vector<ExplorePaneState> panes;
    bool syncTime = true;

    bool operator==(const ExploreState&) const = default;
};

/// The link that reopens `state`: `sightglass://explore?schemaVersion=1&panes={...}` where `panes` is Grafana's
/// Explore JSON (`{"a":{"datasource":..,"queries":[..],"range":{"from":..,"to":..}},"b":{..}}`), percent-encoded,
/// and `&syncTime=false` when the panes' ranges do not move together.
QString exploreLink(const ExploreState& state);

/// Reads an Explore link: ours (`sightglass://explore?...`), and Grafana's own forms `/explore?panes=...`
/// (schemaVersion 1), `/explore?left=...&right=...` with JSON objects, and the legacy compact
/// `left=["now-1h","now","Loki",{"expr":"..."}]` array (with or without a host and scheme, under a sub path).
/// Fails with a message for anything that is not an Explore link or whose JSON does not read.
Result<ExploreState> parseExploreLink(const QString& link);

/// The panel "Add to dashboard" makes of an Explore query: a `logs` panel for a log query (`isLogQuery`), else a
/// `timeseries` panel (a `table` one for an instant or table query), titled after the query, with its datasource.
Panel explorePanel(const ExploreQuery& query, bool isLogQuery);

/// Adds explorePanel() on top of `dashboard` (Grafana's "Add to dashboard"); returns the panel's id.
int addExploreQuery(Dashboard& dashboard, const ExploreQuery& query, bool isLogQuery);

/// True when `link` looks like an Explore link (its path ends in `explore`, or `sightglass://explore`).
bool isExploreLink(const QString& link);

} // namespace sg::dashboards
