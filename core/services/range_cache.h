#pragma once

#include "core/common/result.h"
#include "core/promql/value.h"

#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace sg::services {

/// What one cached range query computed and what it reused.
struct RangeCacheStats
{
    std::size_t stepsComputed = 0;
    std::size_t stepsReused = 0;
};

/// A step-aligned cache of PromQL range query answers, as Thanos' and Mimir's query frontends keep one: a range
/// query evaluates every step on its own, so the steps of a new range that an earlier answer (same expression, same
/// step, same alignment) already holds are taken from it and only the others are evaluated. A time picker shifted
/// by a minute, or a dashboard refreshed, then computes a few new steps instead of the whole range.
///
/// Only steps in the settled past are kept, and an entry is used only while the store's past is unchanged
/// (tsdb::Querier::pastWrites()): a late or backfilled sample, or a dropped block, invalidates it. Answers whose
/// value depends on the whole range (`@ start()`, `@ end()`, `range()` in a duration) are never cached.
/// Thread-safe; bounded in bytes, least recently used entries go first.
class RangeCache
{
public:
    /// Evaluates the query over [start, end] at the cache's step (start on the step grid).
    using Evaluate = std::function<Result<promql::QueryResult>(TimestampMs start, TimestampMs end)>;

    explicit RangeCache(std::size_t maxBytes = 256u << 20);

    /// Whether answers to `expr` may be cached at all.
    static bool cacheable(std::string_view expr);

    /// The answer to `expr` over [start, end] at `step`, from cached steps where they are valid for `pastWrites`
    /// and from `evaluate` for the rest. Steps after `settledBefore` are answered but not kept. `key` must
    /// identify everything else the answer depends on (expression, lookback, limits).
    Result<promql::QueryResult> query(const std::string& key, TimestampMs start, TimestampMs end, DurationMs step,
        TimestampMs settledBefore, std::uint64_t pastWrites, const Evaluate& evaluate, RangeCacheStats* stats = nullptr);

    void clear();
    std::size_t bytes() const;
    std::size_t entries() const;

private:
    struct Entry
    {
        std::uint64_t pastWrites = 0;
        TimestampMs from = 0; ///< first cached step
        TimestampMs to = 0;   ///< last cached step
        promql::Matrix matrix; ///< sorted by labels; points only within [from, to]
        std::vector<std::string> warnings;
        std::size_t bytes = 0;
    };
    using EntryPtr = std::shared_ptr<const Entry>;

    EntryPtr find(const std::string& key);
    void store(const std::string& key, EntryPtr entry);

    std::size_t m_maxBytes;
    mutable std::mutex m_mutex;
    std::list<std::string> m_lru; ///< most recently used first
    struct Slot
    {
        EntryPtr entry;
        std::list<std::string>::iterator lru;
    };
    std::unordered_map<std::string, Slot> m_entries;
    std::size_t m_bytes = 0;
};

} // namespace sg::services
