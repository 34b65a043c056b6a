#pragma once

#include "log_store.h"

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <span>

namespace sg::logs {

/// Entries in the order a store accepted them, kept while anyone follows: what Loki's tail streams. An entry that
/// arrives late, with a timestamp older than entries already sent, is still new to a follower. Recording costs
/// nothing while nobody follows. The feed keeps at most `capacityBytes` of entries; a follower that falls further
/// behind is told how many it missed. Thread-safe.
class ArrivalFeed
{
public:
    explicit ArrivalFeed(std::size_t capacityBytes = 64ull << 20) : m_capacity(capacityBytes) { }

    /// A follower's registration: while any is alive, accepted entries are recorded.
    using Subscription = std::shared_ptr<void>;
    /// Registers a follower; `*cursor` is set to the end of the feed (it will read entries from now on).
    Subscription follow(std::uint64_t* cursor);

    bool active() const { return m_followers.load(std::memory_order_acquire) > 0; }
    /// Records entries a store accepted for one stream; the store calls it in the order it applies them, inside
    /// the section that makes them visible to queries (so a follower's query and the feed miss nothing between).
    void record(const Labels& labels, std::span<const LogEntry* const> entries);

    struct Read
    {
        std::vector<Stream> streams; ///< in arrival order; a stream may appear more than once
        std::uint64_t missed = 0;    ///< entries dropped from the feed before this follower read them
    };
    /// Entries recorded since `*cursor` whose stream matches every matcher, at most `maxEntries` of them;
    /// advances `*cursor` past what it returned and past entries of other streams.
    Read since(std::uint64_t* cursor, const Matchers& matchers, std::size_t maxEntries) const;

private:
    struct Block
    {
        std::uint64_t first = 0; ///< arrival number of entries[0]
        Labels labels;
        std::vector<LogEntry> entries;
        std::size_t bytes = 0;
    };
    void unfollow();

    std::atomic<int> m_followers { 0 };
    mutable std::mutex m_mutex;
    std::deque<Block> m_blocks;
    std::uint64_t m_begin = 0; ///< arrival number of the oldest kept entry
    std::uint64_t m_end = 0;   ///< arrival number of the next entry
    std::size_t m_bytes = 0;
    std::size_t m_capacity;
};

} // namespace sg::logs
