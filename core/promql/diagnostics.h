#pragma once

// Diagnostics of a PromQL query as typed, for `sightglass query check` and the query editor: where it does not
// parse, and what looks wrong without looking at any data.

#include "core/common/query_text.h"
#include "core/labels/matcher.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::promql {

/// The parse error of `query` (comments and Grafana variables allowed), at its range in `query`; or, when it
/// parses, warnings in the order of their position:
/// - a subquery whose range equals its step (`[5m:5m]`): each evaluation sees a single point;
/// - `irate` or `idelta` over a range longer than 5m: they use the last two samples only;
/// - `rate`, `irate` or `increase` over `$__interval` (Grafana's `$__rate_interval` is meant for them) or over a
///   metric whose name does not end in _total, _sum, _count or _bucket (Prometheus' "might not be a counter");
/// - a regex matcher that matches the empty string: it also selects series without the label.
std::vector<Diagnostic> checkQuery(std::string_view query);

/// The warning for a regex matcher that matches the empty string (`job=~".*"`), or nullopt. `what` names the
/// selected things ("series", "streams"); `name` is the label as written.
std::optional<std::string> emptyMatchWarning(const Matcher& m, const std::string& name, const char* what);

} // namespace sg::promql
