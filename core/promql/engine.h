#pragma once

#include "core/common/result.h"
#include "core/tsdb/storage.h"
#include "value.h"

#include <atomic>
#include <chrono>
#include <optional>
#include <string_view>

namespace sg::promql {

/// Per-query knobs, with Prometheus' defaults.
/// A range query answers at most this many steps per series, as Prometheus (its error names the figure).
inline constexpr std::int64_t MaxPointsPerSeries = 11'000;

struct QueryOptions
{
    DurationMs lookbackDelta = 5 * 60'000;
    std::size_t maxSamples = 50'000'000;
    /// Polled during evaluation; when it turns true the query ends with ErrorCode::Canceled.
    const std::atomic_bool* cancel = nullptr;
    /// Polled with `cancel`: once passed the query ends with ErrorCode::Timeout (Prometheus' query.timeout).
    std::optional<std::chrono::steady_clock::time_point> deadline;
};

/// Evaluates PromQL against a querier. Stateless apart from its options; safe to use from many threads.
class Engine
{
public:
    /// Evaluates `query` at time `t`. Parse errors come back as ErrorCode::Parse with a position.
    Result<QueryResult> instantQuery(const tsdb::Querier& querier, std::string_view query, TimestampMs t,
        const QueryOptions& options = {}) const;
    /// Evaluates `query` at start, start+step, ..., end. The result value is always a Matrix.
    Result<QueryResult> rangeQuery(const tsdb::Querier& querier, std::string_view query, TimestampMs start,
        TimestampMs end, DurationMs step, const QueryOptions& options = {}) const;
};

} // namespace sg::promql
