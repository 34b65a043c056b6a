#pragma once

// Internal to sg_scrape: what one scrape's body becomes, computed off the loop's thread.

#include "core/scrape/exposition_parser.h"
#include "core/scrape/scrape_cache.h"
#include "core/scrape/target.h"
#include "core/tsdb/storage.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sg::scrape {

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
    /// The target's scrape cache (never null); its key: what the final label sets depend on (ScrapeLoop::key()).
    std::shared_ptr<ScrapeCache> cache;
    std::string cacheKey;
};

/// One scrape's batch (samples, stale markers, synthetic series) and status. The batch borrows the cache's
/// label sets: `cache->commit(run, status.up)` and, once it is handed on, `cache->giveBack(batch)` (under the
/// cache's lock) must follow (giveBack() even for a result nobody wants) before the cache serves another scrape.
struct ScrapeResult
{
    TargetStatus status;
    tsdb::AppendBatch batch;
    std::shared_ptr<ScrapeCache> cache;
    std::uint64_t run = 0;
    bool parsed = false; ///< the body parsed: `metadata` is the target's new metadata
    std::vector<MetricMetadata> metadata;
};

/// Parses the body and applies honor_labels, metric_relabel_configs and the sample and label limits sample by
/// sample, as Prometheus' appender does: past sample_limit samples are only counted, so memory stays bounded
/// by the limit whatever the body holds; a label-limit violation stops parsing. A failed scrape keeps nothing
/// of the body. A series whose text the cache knows reuses its final labels (or stays dropped) without its
/// labels being parsed. Thread-safe: touches nothing but its input and the cache, which it locks.
ScrapeResult processScrape(ScrapeInput in);

/// The label_limit / label_name_length_limit / label_value_length_limit violation of a series, or empty.
QString labelLimitViolation(const Labels& labels, const ScrapeLimits& limits);

} // namespace sg::scrape
