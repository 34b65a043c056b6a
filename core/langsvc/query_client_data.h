#pragma once

// The completion data of the embedded stores, through the one query path (QueryClient).

#include "language_service.h"

#include <functional>
#include <memory>
#include <mutex>

namespace sg::services {
class QueryClient;
}

namespace sg::langsvc {

/// CompletionData over a QueryClient (which must outlive it), for a time range: label names and values from the stores' indexes, log samples
/// from the LogQL engine (so parsed fields are the engine's own), metadata from a callback or, without one, the
/// client's (the scrape manager's, when Sightglass scrapes). Metric names and metadata are kept for `cacheMs` (they change slowly and completion asks
/// for them on most keystrokes). Thread-safe.
class QueryClientCompletionData : public CompletionData
{
public:
    using MetadataSource = std::function<std::vector<MetricMetadata>()>;

    QueryClientCompletionData(const services::QueryClient* client, TimestampMs fromMs,
        TimestampMs toMs, MetadataSource metadata = {}, DurationMs cacheMs = 10'000);

    std::vector<std::string> metricNames() override;
    std::vector<MetricMetadata> metricMetadata() override;
    std::vector<std::string> labelNames(Language language, const Matchers& scope) override;
    std::vector<std::string> labelValues(Language language, const std::string& name, const Matchers& scope) override;
    std::vector<LogSample> sampleLogs(const std::string& logQuery, int limit) override;

private:
    const services::QueryClient* m_client; ///< outlives this
    TimestampMs m_from;
    TimestampMs m_to;
    MetadataSource m_metadataSource;
    DurationMs m_cacheMs;
    std::mutex m_mutex;
    TimestampMs m_namesAt = 0;
    std::shared_ptr<const std::vector<std::string>> m_names;
    TimestampMs m_metadataAt = 0;
    std::shared_ptr<const std::vector<MetricMetadata>> m_metadata;
};

} // namespace sg::langsvc
