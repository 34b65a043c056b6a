#pragma once

#include "core/dashboards/dashboard.h"

#include <QString>

#include <optional>
#include <utility>
#include <vector>

namespace sg::dashboards {

/// A Grafana dashboard URL (`/d/<uid>/<slug>?var-x=a&var-x=b&from=now-1h&to=now`), as internal links write it.
struct DashboardUrl
{
    QString uid;
    QString slug;
    /// `var-NAME=VALUE` pairs in order, decoded; a name given twice selects both values.
    std::vector<std::pair<QString, QString>> variables;
    QString from; ///< empty: the dashboard's own range
    QString to;
};

/// Reads a link as Grafana's locationUtil does for internal links: a path `/d/<uid>[/<slug>]` (also without the
/// leading slash, or under a `/grafana` style sub path) with an optional query. Links with a scheme or host, and
/// other paths, are not dashboard links (nullopt).
std::optional<DashboardUrl> parseDashboardUrl(const QString& href);

/// Selects `values` (NAME=VALUE, a name given twice selects both) in the dashboard's variables' `current`, as the
/// URL's `var-` parameters do: several values make the selection a list; text boxes and constants also take the
/// value as their query. Names the dashboard does not have are ignored.
void applyVariableValues(Dashboard& dashboard, const std::vector<std::pair<QString, QString>>& values);

} // namespace sg::dashboards
