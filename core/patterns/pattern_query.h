#pragma once

// Turning a mined pattern into LogQL: a `|>` pattern line filter, or a `| pattern` parser naming its parts.

#include <string>
#include <string_view>

namespace sg::patterns {

/// `text` as a LogQL string literal: in backticks (no escaping) unless it holds a backtick, else double-quoted
/// with `\` and `"` escaped.
std::string logqlString(std::string_view text);

/// The line filter keeping the lines of `pattern`: ``|> `<pattern>` ``.
std::string patternToLineFilter(std::string_view pattern);

/// The pattern parser extracting `pattern`'s variable parts: ``| pattern `...` `` with the n-th `<_>` renamed
/// `<field1>` … `<fieldN>` (a name the pattern's literal text already holds as `<name>` is skipped).
std::string patternToParserQuery(std::string_view pattern);

/// `query` with `stage` appended (one space between), as a new pipeline stage of a log query.
std::string appendStage(std::string_view query, std::string_view stage);

} // namespace sg::patterns
