#pragma once

#include "engine.h"

#include <vector>

namespace sg::logql {

/// Runs log query `expr` over `streams` alone (entries in any order, however old), as a live tail filters what
/// arrived: the streams go into a scratch store that keeps them all, and every entry that passes the pipeline comes
/// back, oldest first.
Result<QueryResult> evaluateOverStreams(const Engine& engine, const Expr& expr, std::vector<logs::Stream> streams);

} // namespace sg::logql
