#pragma once

// Internal to sg_scrape: what one scrape's body becomes, computed off the loop's thread.

#include "core/scrape/exposition_parser.h"
#include "core/scrape/target.h"
#include "core/tsdb/storage.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sg::scrape {

/// Label-set hash → position, open addressing without an allocation per entry. Keyed by the hash alone, as
/// Prometheus' scrape cache keys the series of a scrape (a 64-bit collision is taken as the same series).
class SeriesIndex
{
public:
    /// Inserts; false (and nothing changes) when the hash is present.
    bool insert(std::uint64_t hash, std::uint32_t position);
    bool contains(std::uint64_t hash) const { return find(hash) != Empty; }
    std::size_t size() const { return m_size; }
    /// Calls f(position) for every entry.
    template<class F>
    void forEach(F&& f) const
    {
        for (const auto& slot : m_slots)
            if (slot.position != Empty)
                f(slot.position);
    }

    /// The position of `hash`, if present.
    std::optional<std::uint32_t> positionOf(std::uint64_t hash) const
    {
        const std::uint32_t p = find(hash);
        return p == Empty ? std::nullopt : std::optional<std::uint32_t>(p);
    }

private:
    static constexpr std::uint32_t Empty = 0xffffffffu;
    std::uint32_t find(std::uint64_t hash) const;
    struct Slot
    {
        std::uint64_t hash = 0;
        std::uint32_t position = Empty;
    };
    std::vector<Slot> m_slots; ///< a power of two, at most half full
    std::size_t m_size = 0;
};

/// The series of one scrape, for the next: its batch (as it was appended), the positions of the samples that take
/// part in staleness (`index`, by final label-set hash; not those with their own timestamp, nor the synthetic
/// series), and of every kept sample by the hash of its labels as scraped (`byScraped`): like Prometheus' scrape
/// cache, a series scraped again reuses its final label set instead of merging and relabeling it again.
struct ScrapeSeries
{
    tsdb::AppendBatch batch;
    SeriesIndex index;
    SeriesIndex byScraped;
};

/// Everything processScrape() needs; copies, so that it can run on any thread.
struct ScrapeInput
{
    std::string body; ///< inflated
    ExpositionFormat format = ExpositionFormat::PrometheusText;
    QString error; ///< the fetch's error; when set the body is ignored
    TimestampMs start = 0;
    double durationSeconds = 0;
    TargetConfig config;
    Labels targetLabels;
    std::shared_ptr<const ScrapeSeries> previous; ///< series of the last scrape, for staleness (never null)
};

/// One scrape's batch (samples, stale markers, synthetic series: `current->batch`), status and series.
struct ScrapeResult
{
    TargetStatus status;
    std::shared_ptr<const ScrapeSeries> current; ///< never null
    bool parsed = false; ///< the body parsed: `metadata` is the target's new metadata
    std::vector<MetricMetadata> metadata;
};

/// Parses the body and applies honor_labels, metric_relabel_configs and the sample and label limits sample by
/// sample, as Prometheus' appender does: past sample_limit samples are only counted, so memory stays bounded
/// by the limit whatever the body holds; a label-limit violation stops parsing. A failed scrape keeps nothing
/// of the body. Thread-safe (touches nothing but its input).
ScrapeResult processScrape(ScrapeInput in);

/// The label_limit / label_name_length_limit / label_value_length_limit violation of a series, or empty.
QString labelLimitViolation(const Labels& labels, const ScrapeLimits& limits);

} // namespace sg::scrape
