#pragma once

#include "core/dashboards/dashboard.h"
#include "core/dashboards/datasources.h"
#include "core/labels/selector_edit.h"

#include <QString>

#include <vector>

namespace sg::dashboards {

/// The filters of an ad hoc variable (`templating.list[].filters`: `{key, operator, value}`); entries with an
/// operator other than `=`, `!=`, `=~`, `!~` or without a key are left out.
std::vector<LabelFilter> adhocFilters(const Variable& variable);
/// Writes `filters` as the variable's `filters` array (Grafana's shape, `condition` ""), keeping its other keys.
void setAdhocFilters(Variable& variable, const std::vector<LabelFilter>& filters);

/// The filters of every ad hoc variable whose datasource is `datasource`, as Grafana applies them to a query: the
/// variable's datasource reference resolves like a panel's (a `$ds` variable, a name, none = the default).
std::vector<LabelFilter> adhocFiltersFor(
    const Dashboard& dashboard, const DatasourceRegistry& registry, const DatasourceInfo& datasource);

/// `expr` with `filters` added to its selectors: PromQL vector selectors, or LogQL stream selectors. An error when
/// the query does not parse (it then runs unchanged).
Result<QString> applyAdhocFilters(const QString& expr, DatasourceKind kind, const std::vector<LabelFilter>& filters);

} // namespace sg::dashboards
