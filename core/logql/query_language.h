#pragma once

// Which language a query is written in, when nobody says: for `sightglass query format|check` without --lang.

#include <string_view>

namespace sg::logql {

/// The two query languages.
enum class QueryLanguage { PromQL, LogQL };

/// LogQL when a `{...}` selector is followed by a pipeline (`|`, `|=`, `|~`, `|>`, or `!=`, `!~`, `!>` before a
/// string or `ip(`) or the query calls a function only LogQL has (bytes_over_time, bytes_rate, rate_counter);
/// PromQL otherwise. When that guess does not parse and the other language does, the other one.
QueryLanguage guessQueryLanguage(std::string_view query);

/// "promql" or "logql".
const char* queryLanguageName(QueryLanguage language);

} // namespace sg::logql
