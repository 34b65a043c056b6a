#pragma once

#include "ast.h"

#include <string_view>

namespace sg::logql {

/// Parses and validates a LogQL query (a log query or a metric query). Errors are `ErrorCode::Parse` with the
/// offending range and a Loki-like message ("parse error at line 1, col 12: syntax error: unexpected ...").
Result<ExprPtr> parseQuery(std::string_view query);

/// Canonical text of an expression, which parses back to the same tree.
std::string printExpr(const Expr& expr);
/// Canonical text of a log selector with its pipeline.
std::string printLogSelector(const LogSelector& selector);
/// Canonical text of a label filter expression.
std::string printLabelFilter(const LabelFilterExpr& filter);

} // namespace sg::logql
