#pragma once

#include "core/common/nesting.h"

#include "ast.h"

#include <string_view>

namespace sg::promql {

/// Options of the parser.
struct ParseOptions
{
    /// Deepest nesting accepted before failing with an error (instead of exhausting the stack).
    int maxDepth = MaxParseNesting;
    /// Accept experimental functions (`sort_by_label`, `double_exponential_smoothing` ...).
    bool experimentalFunctions = true;
};

/// Parses a PromQL expression. Errors carry ErrorCode::Parse, a Prometheus-like message and the byte range.
Result<ExprPtr> parse(std::string_view query, const ParseOptions& options = {});

/// Human name of a value type as used in PromQL messages ("instant vector", "range vector", ...).
const char* typeDocName(ValueType t);

} // namespace sg::promql
