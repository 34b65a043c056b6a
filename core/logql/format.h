#pragma once

// Formatting of LogQL as Loki's `format_query` does it, for queries as people write them: with `# comments` and
// Grafana template variables (see README.md, "Formatting").

#include "core/common/query_text.h"
#include "parser.h"

#include <string>
#include <string_view>

namespace sg::logql {

/// Options of formatQuery.
struct FormatOptions
{
    /// The longest expression kept on one line (Loki's `maxCharsPerLine`); longer ones are split.
    int columnLimit = 100;
};

/// Lays `query` out as Loki's `syntax.Prettify` (`/loki/api/v1/format_query`) does: an expression whose canonical
/// text (Loki's `String()`) fits in the column limit stays on one line; a longer log pipeline puts each stage on
/// its own line, a longer aggregation, binary operation or label_replace its operands one level (two spaces)
/// deeper. Where Loki's output would not mean the query (it drops `or` alternatives of a split line filter,
/// parentheses a split operand needs, `by ()` of a range aggregation) this one keeps them. `# comments` and
/// template variables are kept as in promql::formatQuery. The result parses to the same tree and formats to
/// itself. Errors: a parse error (ErrorCode::Parse, its range in `query`); ErrorCode::Internal if the formatted
/// text would not mean the same.
Result<std::string> formatQuery(std::string_view query, const FormatOptions& options = {});

/// Parses `query` with its variables as placeholders (see promql::parseTemplated). Error ranges are in
/// query.text(); error messages have no "parse error at line L, col C: " prefix.
Result<ExprPtr> parseTemplated(TemplatedQuery& query);

/// A dump of the tree of `query` that does not depend on how it is written (layout, parentheses, duration and
/// number spelling, quotes); variables appear as written. Two queries with the same signature mean the same.
Result<std::string> treeSignature(std::string_view query);

} // namespace sg::logql
