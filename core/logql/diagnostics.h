#pragma once

// Diagnostics of a LogQL query as typed, for `sightglass query check` and the query editor.

#include "core/common/query_text.h"

#include <string_view>
#include <vector>

namespace sg::logql {

/// The parse error of `query` (comments and Grafana variables allowed), at its range in `query` and without the
/// parser's "parse error at line L, col C: " prefix; or, when it parses, warnings in the order of their position:
/// - a line filter that keeps every line (`|= ""`, `|~ ".*"`) or drops every line (`!= ""`, `!~ ".*"`);
/// - a regex stream matcher that matches the empty string: it also selects streams without the label.
std::vector<Diagnostic> checkQuery(std::string_view query);

} // namespace sg::logql
