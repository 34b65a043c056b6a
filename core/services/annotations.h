#pragma once

#include "core/dashboards/dashboard.h"
#include "core/dashboards/datasources.h"
#include "core/query/frame.h"

#include <vector>

namespace sg::services {

/// A dashboard's annotation query (`annotations.list` entries) over a Loki or Prometheus datasource, embedded or
/// remote, as Grafana's datasources read them:
/// - Loki: a LogQL log query whose lines become markers;
/// - Prometheus: a PromQL range query at `step` whose points with a value above zero become markers, points of one
///   series at most `step` apart merged into one region (`useValueForTime`: the value is the marker's time).
struct AnnotationQuery
{
    enum class Kind { Logs, Metrics };
    Kind kind = Kind::Logs;
    QString name;
    dashboards::DatasourceRef datasource;
    QString expr;
    QString iconColor = QStringLiteral("red");
    QString titleFormat; ///< `{{label}}` templates over the line's stream labels (series labels); empty: no title
    QString textFormat;  ///< empty: the log line (Prometheus: no text)
    QStringList tagKeys; ///< labels whose values become tags
    int maxLines = 100;
    qint64 stepMs = 60'000;      ///< Prometheus: the query's step and the gap that still joins points into a region
    bool useValueForTime = false; ///< Prometheus: the value (ms since the epoch) is the marker's time
    bool hidden = false; ///< `hide`: runs, but its toggle is not shown

    /// A logs (Prometheus: time series) panel with the query as its one target, for the panel query planner
    /// (interpolation, datasource).
    dashboards::Panel asPanel() const;
};
/// The name the Loki-only version of these queries had.
using LogAnnotationQuery = AnnotationQuery;

/// The enabled annotation queries of `dashboard` whose datasource is Loki or Prometheus (by type, or by a uid the
/// registry resolves); Grafana's built-in annotations and other types are left out.
std::vector<AnnotationQuery> annotationQueries(const dashboards::Dashboard& dashboard,
    const dashboards::DatasourceRegistry& registry);
/// Those of them over Loki.
std::vector<AnnotationQuery> logAnnotationQueries(const dashboards::Dashboard& dashboard,
    const dashboards::DatasourceRegistry& registry);

/// One marker per log line, as Grafana's Loki datasource makes them.
std::vector<query::Annotation> annotationsFromLogs(const AnnotationQuery& query, const std::vector<query::LogRow>& lines);

/// The markers of a Prometheus annotation query's series, as Grafana's Prometheus datasource makes them: per series,
/// the points whose value is above zero (with `useValueForTime`: every point, at the time its value gives), each
/// within `stepMs` of the previous one extending the same region; title and text from the formats over the series'
/// labels, tags the values of `tagKeys`' labels. Sorted by time.
std::vector<query::Annotation> annotationsFromSeries(const AnnotationQuery& query,
    const std::vector<query::SeriesFrame>& series);

} // namespace sg::services
