#pragma once

// Reads the lines of a LogQL log query through the QueryClient in time slices, so that mining a million lines
// never holds them all: one slice is mined while the next is read.

#include "core/common/result.h"
#include "core/logql/ast.h"
#include "core/logstore/log_store.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string_view>

namespace sg::services {
class QueryClient;
}

namespace sg::patterns {

/// Tunes readLogLines.
struct ReadOptions
{
    /// The slice width adapts so that a slice holds about this many lines.
    std::size_t sliceLines = 100'000;
    /// Checked between slices and by the engine while it evaluates one.
    const std::atomic_bool* cancel = nullptr;
};

/// What a read went through.
struct ReadStats
{
    std::uint64_t lines = 0;
    std::size_t slices = 0;
};

/// Receives one slice's streams (entries in time order within each stream; slices in time order).
using SliceSink = std::function<void(const std::vector<logs::Stream>& streams)>;

/// Parses `query` as a LogQL log query (a selector with an optional pipeline); metric queries are an error.
Result<logql::ExprPtr> parseLogQuery(std::string_view query);

/// Calls `sink` with the lines `expr` (a log query) selects in [start, end), slice after slice. A plain selector
/// reads the store directly through the client's log querier; a query with a pipeline is evaluated by the
/// client's LogQL engine. The next slice is read on another thread while `sink` runs.
Result<ReadStats> readLogLines(const services::QueryClient& client, const logql::Expr& expr, TimestampNs start,
    TimestampNs end, const SliceSink& sink, const ReadOptions& options = {});

} // namespace sg::patterns
