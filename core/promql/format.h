#pragma once

// Formatting of PromQL as Prometheus' `format_query` does it, for queries as people write them: with `# comments`
// and Grafana template variables, which Prometheus rejects (see README.md, "Formatting").

#include "core/common/query_text.h"
#include "parser.h"

#include <string>
#include <string_view>

namespace sg::promql {

/// Options of formatQuery.
struct FormatOptions
{
    /// The longest expression kept on one line (Prometheus' `maxCharactersPerLine`); longer ones are split.
    int columnLimit = 100;
};

/// Lays `query` out as Prometheus 2.42's `promql.Prettify` (`/api/v1/format_query`) does: an expression whose
/// canonical text fits in the column limit stays on one line, a longer one is split with its operands indented by
/// two spaces per level. Beyond Prometheus, `# comments` are kept (a node holding one is split so that the comment
/// ends a line near where it was) and so are template variables (`$var`, `${var}`, `[[var]]`, `$__rate_interval`).
/// The result parses to the same tree and formats to itself. Errors: a parse error (ErrorCode::Parse, with its
/// range in `query`); ErrorCode::Internal if the formatted text would not mean the same (a variable in a place
/// the parser folds away, such as `[$__interval * 2]`).
Result<std::string> formatQuery(std::string_view query, const FormatOptions& options = {});

/// Parses `query` with its variables as placeholders; where a name placeholder stands where the parser needs a
/// number (`topk($n, ...)`), it is made a number and the query parsed again. Error ranges are in query.text().
Result<ExprPtr> parseTemplated(TemplatedQuery& query, const ParseOptions& options = {});

/// A dump of the tree of `query` that does not depend on how it is written (layout, matcher order, duration and
/// number spelling, quotes); variables appear as written. Two queries with the same signature mean the same.
Result<std::string> treeSignature(std::string_view query);

} // namespace sg::promql
