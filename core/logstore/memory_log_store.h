#pragma once

#include "arrival_feed.h"
#include "log_store.h"

#include <map>
#include <shared_mutex>
#include <unordered_map>

namespace sg::logs {

/// In-memory log store: streams keyed by label set, entries kept time-ordered per stream.
/// One writer (the log service thread) pushes; readers select concurrently under a shared lock.
class MemoryLogStore final : public LogQuerier
{
public:
    /// `outOfOrderWindow`: how far behind a stream's newest entry a new entry may be and still be accepted
    /// (inserted in order). `retention`: entries older than newest minus retention are dropped.
    explicit MemoryLogStore(DurationMs outOfOrderWindow = 3600'000, DurationMs retention = 24 * 3600'000LL);

    PushStats push(const PushBatch& batch);

    std::vector<Stream> select(const Matchers& matchers, TimestampNs start, TimestampNs end) const override;
    std::vector<Labels> streams(const Matchers& matchers, TimestampNs start, TimestampNs end) const override;
    std::vector<std::string> labelNames() const override;
    std::vector<std::string> labelValues(std::string_view name) const override;
    ArrivalFeed* arrivals() const override { return &m_arrivals; }

    std::size_t streamCount() const;
    std::size_t entryCount() const;

private:
    void trim(TimestampNs before);

    mutable std::shared_mutex m_mutex;
    std::vector<Stream> m_streams;
    std::unordered_map<Labels, std::size_t, LabelsHash> m_ids;
    std::map<std::string, std::map<std::string, std::vector<std::size_t>, std::less<>>, std::less<>> m_postings;
    TimestampNs m_window;
    TimestampNs m_retention;
    TimestampNs m_maxTs = 0;
    TimestampNs m_lastTrim = 0;
    std::size_t m_entries = 0;
    mutable ArrivalFeed m_arrivals;
};

} // namespace sg::logs
