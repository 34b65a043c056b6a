#pragma once

#include "core/common/result.h"
#include "core/logstore/log_store.h"
#include "core/promql/value.h"

#include <atomic>
#include <string_view>

namespace sg::logql {

struct Expr;

/// Parameters of one LogQL query, as Loki's query_range API takes them.
struct QueryParams
{
    TimestampNs start = 0;
    TimestampNs end = 0;       ///< log queries: exclusive; metric queries: last evaluation time
    DurationMs step = 0;       ///< metric queries: evaluation step; 0 evaluates once, at `end` (instant)
    std::size_t limit = 1000;  ///< log queries: at most this many entries in total
    logs::Direction direction = logs::Direction::Backward;
    const std::atomic_bool* cancel = nullptr;
    /// Log queries: entries keep their structured metadata (the log view's details show it); the HTTP API leaves
    /// it out, as the metadata serves label filters without splitting streams.
    bool withMetadata = false;
};

/// A LogQL answer: either streams (log query) or a promql value (metric query).
struct QueryResult
{
    bool isLogs = true;
    /// Log queries: streams, entries ordered by `direction`, at most `limit` entries in total
    /// (the newest for backward, the oldest for forward).
    std::vector<logs::Stream> streams;
    /// Metric queries: a Matrix for range queries (step > 0), a Vector for instant queries.
    promql::Value value;
    std::vector<std::string> warnings;
};

/// Evaluates LogQL against a log querier. Safe to use from many threads.
class Engine
{
public:
    Result<QueryResult> query(const logs::LogQuerier& querier, std::string_view query, const QueryParams& params) const;
    /// Evaluates an already parsed expression (see parser.h); `expr` must outlive the call.
    Result<QueryResult> evaluate(const logs::LogQuerier& querier, const Expr& expr, const QueryParams& params) const;

private:
    Result<QueryResult> evaluateChecked(const logs::LogQuerier& querier, const Expr& expr, const QueryParams& params) const;
};

} // namespace sg::logql
