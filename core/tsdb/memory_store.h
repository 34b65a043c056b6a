#pragma once

#include "storage.h"

#include <map>
#include <shared_mutex>
#include <unordered_map>

namespace sg::tsdb {

/// An in-memory series store with label postings. One writer (the TSDB service thread) appends;
/// any number of readers select concurrently under a shared lock, each select seeing one consistent state.
class MemoryStore final : public Querier
{
public:
    /// `retention`: samples older than newest-sample-time minus retention are dropped on append.
    explicit MemoryStore(DurationMs retention = 24 * 3600 * 1000LL);

    AppendStats append(const AppendBatch& batch);

    std::vector<SeriesSamples> select(const Matchers& matchers, TimestampMs mint, TimestampMs maxt) const override;
    std::vector<Labels> series(const Matchers& matchers, TimestampMs mint, TimestampMs maxt) const override;
    std::vector<std::string> labelNames() const override;
    std::vector<std::string> labelValues(std::string_view name) const override;

    std::size_t seriesCount() const;
    std::size_t sampleCount() const;

private:
    struct Series
    {
        Labels labels;
        std::vector<Sample> samples;
    };
    using SeriesId = std::uint32_t;

    std::vector<SeriesId> candidates(const Matchers& matchers) const;
    void trim(TimestampMs before);

    mutable std::shared_mutex m_mutex;
    std::vector<Series> m_series;
    std::unordered_map<Labels, SeriesId, LabelsHash> m_ids;
    /// postings: label name -> value -> sorted series ids
    std::map<std::string, std::map<std::string, std::vector<SeriesId>, std::less<>>, std::less<>> m_postings;
    DurationMs m_retention;
    TimestampMs m_maxT = 0;
    TimestampMs m_lastTrim = 0;
    std::size_t m_samples = 0;
};

} // namespace sg::tsdb
