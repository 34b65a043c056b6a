#pragma once

#include "core/common/result.h"
#include "ast.h"
#include "core/labels/selector_edit.h"

#include <string>
#include <string_view>
#include <vector>

namespace sg::promql {

/// Appends the vector selectors of `e` (inside every kind of node), in source order, to `out`.
void collectSelectors(const Expr* e, std::vector<SelectorSite>& out);

/// Adds `filters` to every vector selector of `query`, as Grafana's Prometheus data source applies ad hoc filters
/// (enhanceExprWithAdHocFilters / addLabelToQuery): selectors are found with the parser's positions (inside
/// functions, aggregations, binary operations, range and subquery selectors, `{__name__="x"}` forms, bare metric
/// names), each gets the filters it does not already have, and every other character of the query stays as typed.
/// A query that does not parse is an error (the caller runs it unchanged).
Result<std::string> addLabelFilters(std::string_view query, const std::vector<LabelFilter>& filters);

} // namespace sg::promql
