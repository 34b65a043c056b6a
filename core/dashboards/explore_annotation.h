#pragma once

// Explore's log rows shown as annotations, as dashboard annotation queries: what "Add to dashboard" writes for them.

#include "dashboard.h"
#include "explore_state.h"

namespace sg::dashboards {

/// The `annotations.list` entry of an Explore log query shown as annotations: a Loki datasource (the row's, else
/// the embedded Loki), the query as `expr`, `iconColor`, enabled, named after the row ("Explore B: {app=\"api\"}").
QJsonObject exploreAnnotation(const ExploreQuery& query, const QString& iconColor);

/// Appends exploreAnnotation() to `dashboard`'s `annotations.list` (created when missing); returns its index.
int addExploreAnnotation(Dashboard& dashboard, const ExploreQuery& query, const QString& iconColor);

} // namespace sg::dashboards
