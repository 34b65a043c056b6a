#pragma once

#include "core/common/result.h"
#include "core/labels/selector_edit.h"

#include <string>
#include <string_view>
#include <vector>

namespace sg::logql {

/// Adds `filters` to every stream selector of `query` (`{app="x"} |= "e"` → `{app="x",k="v"} |= "e"`), as Grafana's
/// Loki data source adds ad hoc filters for indexed labels; selectors are found with the parser's positions (log
/// queries, range aggregations, binary operations) and the rest of the query stays as typed. Grafana adds a filter
/// after the last parser instead when every selector has a matcher and the query parses labels; Sightglass always
/// uses the stream selector. A query that does not parse is an error.
Result<std::string> addLabelFilters(std::string_view query, const std::vector<LabelFilter>& filters);

} // namespace sg::logql
