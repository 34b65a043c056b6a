#pragma once

#include "core/dashboards/dashboard.h"
#include "core/dashboards/datasources.h"
#include "core/query/frame.h"

#include <vector>

namespace sg::services {

/// A dashboard's annotation query over a Loki datasource (`annotations.list` entries), as Grafana's Loki
/// datasource reads it: a LogQL log query whose lines become markers.
struct LogAnnotationQuery
{
    QString name;
    dashboards::DatasourceRef datasource;
    QString expr;
    QString iconColor = QStringLiteral("red");
    QString titleFormat; ///< `{{label}}` templates over the line's stream labels; empty: no title
    QString textFormat;  ///< empty: the log line
    QStringList tagKeys; ///< labels whose values become tags
    int maxLines = 100;
    bool hidden = false; ///< `hide`: runs, but its toggle is not shown

    /// A logs panel with the query as its one target, for the panel query planner (interpolation, datasource).
    dashboards::Panel asPanel() const;
};

/// The enabled annotation queries of `dashboard` whose datasource is Loki (by type, or by a uid the registry
/// resolves to Loki); Grafana's built-in annotations and other types are left out.
std::vector<LogAnnotationQuery> logAnnotationQueries(const dashboards::Dashboard& dashboard,
    const dashboards::DatasourceRegistry& registry);

/// One marker per log line, as Grafana's Loki datasource makes them.
std::vector<query::Annotation> annotationsFromLogs(const LogAnnotationQuery& query, const std::vector<query::LogRow>& lines);

} // namespace sg::services
