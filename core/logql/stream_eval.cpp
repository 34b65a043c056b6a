#include "stream_eval.h"

#include "core/logstore/memory_log_store.h"

#include <limits>

namespace sg::logql {
namespace {
/// Windows wide enough that the scratch store keeps every entry, however old.
constexpr DurationMs Century = 100LL * 365 * 24 * 3600'000;
} // namespace

Result<QueryResult> evaluateOverStreams(const Engine& engine, const Expr& expr, std::vector<logs::Stream> streams)
{
    logs::MemoryLogStore scratch(Century, Century);
    std::size_t count = 0;
    for (const auto& st : streams)
        count += st.entries.size();
    scratch.push(logs::PushBatch { std::move(streams) });
    QueryParams params;
    params.start = std::numeric_limits<TimestampNs>::min();
    params.end = std::numeric_limits<TimestampNs>::max();
    params.limit = count;
    params.direction = logs::Direction::Forward;
    return engine.evaluate(scratch, expr, params);
}

} // namespace sg::logql
