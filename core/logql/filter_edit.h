#pragma once

#include "core/common/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace sg::logql {

/// Where a field shown in a log line's details comes from, which decides how a filter on it is written.
enum class FieldSource {
    StreamLabel, ///< a stream label: a matcher in the stream selector (`{app="x", k="v"}`)
    Metadata,    ///< structured metadata: a label filter stage (`| k="v"`)
    Parsed,      ///< a field parsed from the line (json/logfmt): a label filter stage after the pipeline
};

/// A filter-for (`k="v"`) or filter-out (`k!="v"`) on one field value, as Grafana's log details offer.
struct FieldFilter
{
    std::string name;
    std::string value;
    FieldSource source = FieldSource::Parsed;
    bool exclude = false; ///< filter out (`!=`) instead of filter for (`=`)
    /// Parsed fields: the parser that finds the field (`json`, `logfmt`); added before the filter when the pipeline
    /// has no parser yet, so that the filter has a label to test.
    std::string parser;
};

/// Whether every selector of `query` already carries `filter` (a selector matcher for stream labels, a
/// `| name="value"` label filter stage otherwise). A query that does not parse is an error.
Result<bool> hasFieldFilter(std::string_view query, const FieldFilter& filter);

/// Grafana's filter-for / filter-out on a log field: toggles `filter` in every selector of `query`. When the
/// filter is present it is removed; otherwise it is added, replacing the opposite filter on the same value
/// (`k!="v"` gives way to `k="v"`). Stream labels are matchers of the selector (the selector's braces are
/// rewritten, the rest of the query stays as typed); metadata and parsed fields are label filter stages appended
/// to the selector's pipeline (after `| <parser>` for a parsed field whose selector has no parser). Removing the last matcher of a selector is an error, as `{}` selects nothing.
Result<std::string> toggleFieldFilter(std::string_view query, const FieldFilter& filter);

/// A positive line filter of a query (`|= "x"` or `|~ "re"`), the text the log list highlights.
struct LineFilterTerm
{
    std::string text;
    bool regex = false;
};

/// The positive line filters of every selector of `query` (negative filters and `ip()` are left out; a pattern
/// filter `|>` is left out too). Empty when the query does not parse.
std::vector<LineFilterTerm> positiveLineFilters(std::string_view query);

/// The stream selector text (`{a="b", c="d"}`) of a stream, for context queries on exactly that stream.
std::string streamSelector(const std::vector<std::pair<std::string, std::string>>& labels);

} // namespace sg::logql
