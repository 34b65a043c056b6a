#pragma once

// Internal to sg_scrape: what one scrape's body becomes, computed off the loop's thread.

#include "core/scrape/exposition_parser.h"
#include "core/scrape/target.h"
#include "core/tsdb/storage.h"

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

namespace sg::scrape {

using SeriesSet = std::unordered_set<Labels, LabelsHash>;

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
    std::shared_ptr<const SeriesSet> previous; ///< series of the last scrape, for staleness (never null)
};

/// One scrape's batch (samples, stale markers, synthetic series), status and the series it leaves.
struct ScrapeResult
{
    tsdb::AppendBatch batch;
    TargetStatus status;
    std::shared_ptr<const SeriesSet> current;
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
