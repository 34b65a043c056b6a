#pragma once

#include "core/dashboards/dashboard.h"
#include "core/dashboards/datasources.h"
#include "core/templating/interpolate.h"
#include "core/templating/time_spec.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace sg::dashboards {

/// The dashboard variables as interpolation sees them: each variable's current value and options from its JSON
/// (query variables' options come from the last refresh; until then their `current` alone).
QList<templating::Variable> templatingVariables(const Dashboard& dashboard);

/// What a panel's queries need besides the panel: the dashboard's range, the clock, the panel's width.
struct PanelQueryContext
{
    QString from = QStringLiteral("now-6h"); ///< the dashboard's raw range
    QString to = QStringLiteral("now");
    TimestampMs nowMs = 0;
    templating::TimeOptions time;
    int widthPx = 1000;                     ///< the panel's plot width (Grafana's resolution without maxDataPoints)
    QList<templating::Variable> variables;
    /// A repeated panel's or row's own value of its repeat variable (Grafana's scopedVars).
    QHash<QString, templating::ScopedValue> scoped;
    QString scrapeInterval;                 ///< the Prometheus datasource's scrape interval ("" = 15s)
};

enum class PlannedKind { Range, Instant, Logs };

/// One target, ready to run: datasource resolved, variables and built-ins interpolated, step chosen.
struct PlannedQuery
{
    QString refId;
    std::optional<DatasourceInfo> datasource; ///< a copy: a plan outlives the registry it was made with
    PlannedKind kind = PlannedKind::Range;
    QString rawExpr;
    QString expr;                    ///< interpolated
    templating::Interpolated interp; ///< maps positions in `expr` back to `rawExpr`
    QString legendFormat;            ///< interpolated (the `{{label}}` parts are the frame's business)
    TimestampMs fromMs = 0;
    TimestampMs toMs = 0;
    qint64 stepMs = 0;
    int maxLines = 1000;
    QStringList warnings;            ///< e.g. a `[2m]` window shorter than the step
    QString error;                   ///< the query cannot run (datasource missing, bad min interval, ...)
};

/// A panel's queries for one refresh, with the panel's own time (timeFrom / timeShift applied).
struct PanelQueryPlan
{
    TimestampMs fromMs = 0;
    TimestampMs toMs = 0;
    qint64 intervalMs = 0;  ///< `$__interval_ms`
    QString interval;       ///< `$__interval`
    QString timeInfo;       ///< Grafana's panel time note: "Last 1 hour", "timeshift -1d"
    std::vector<PlannedQuery> queries; ///< the targets that run (hidden ones are left out)
    QString error;          ///< the panel's range cannot be resolved
};

/// Plans a panel's queries as Grafana's PanelQueryRunner and the Prometheus/Loki datasources do: the panel range
/// (dashboard range, then `timeFrom` "1h" = last hour, then `timeShift`), `$__interval` from the range and the panel's
/// resolution (maxDataPoints, else its width) with the panel's min interval (else the scrape interval), and per
/// target the Prometheus step (at most 11,000 points, the target's min step) or Loki step, the range aligned to it,
/// and every variable and built-in interpolated with the datasource's escaping.
PanelQueryPlan planPanelQueries(const Panel& panel, const Dashboard& dashboard, const DatasourceRegistry& datasources,
    const PanelQueryContext& context);

/// Range-vector windows (`[2m]`) in a PromQL/LogQL text, in milliseconds.
std::vector<qint64> rangeWindowsMs(const QString& expr);

} // namespace sg::dashboards
