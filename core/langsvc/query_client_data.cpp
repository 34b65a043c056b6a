#include "query_client_data.h"

#include "core/common/time.h"
#include "core/services/query_client.h"

#include <limits>
#include <set>

namespace sg::langsvc {

namespace {

constexpr TimestampNs NsPerMs = 1'000'000;

/// Milliseconds as nanoseconds, saturating (the range may be MinTimeMs..MaxTimeMs: all of it).
TimestampNs toNs(TimestampMs ms)
{
    constexpr TimestampMs Limit = std::numeric_limits<TimestampNs>::max() / NsPerMs;
    return ms <= 0 ? 0 : ms >= Limit ? std::numeric_limits<TimestampNs>::max() : ms * NsPerMs;
}

} // namespace

QueryClientCompletionData::QueryClientCompletionData(const services::QueryClient* client,
    TimestampMs fromMs, TimestampMs toMs, MetadataSource metadata, DurationMs cacheMs, QString datasourceUid)
    : m_client(client)
    , m_from(fromMs)
    , m_to(toMs)
    , m_metadataSource(std::move(metadata))
    , m_cacheMs(cacheMs)
    , m_uid(std::move(datasourceUid))
{
}

std::vector<std::string> QueryClientCompletionData::metricNames()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_names && nowMs() - m_namesAt < m_cacheMs)
            return *m_names;
    }
    const auto remoteClient = remote();
    auto names = std::make_shared<const std::vector<std::string>>(remoteClient
            ? remoteLabelValues(*remoteClient, "__name__", {})
            : m_client->metricLabelValues("__name__", {}, m_from, m_to));
    std::lock_guard lock(m_mutex);
    m_names = names;
    m_namesAt = nowMs();
    return *names;
}

std::vector<MetricMetadata> QueryClientCompletionData::metricMetadata()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_metadata && nowMs() - m_metadataAt < m_cacheMs)
            return *m_metadata;
    }
    std::vector<MetricMetadata> found;
    const auto remoteClient = remote();
    if (!remoteClient && m_metadataSource) {
        found = m_metadataSource();
    } else {
        // The remote's, or the scrape manager's through the client; the first of a name wins (targets agree, or the
        // first one).
        std::set<std::string> seen;
        for (const scrape::MetricMetadata& m : remoteClient ? remoteMetadata(*remoteClient) : m_client->metricMetadata())
            if (seen.insert(m.name).second)
                found.push_back({ m.name, m.type == scrape::MetricType::Untyped ? "unknown" : scrape::metricTypeName(m.type),
                    m.help, m.unit });
    }
    auto metadata = std::make_shared<const std::vector<MetricMetadata>>(std::move(found));
    std::lock_guard lock(m_mutex);
    m_metadata = metadata;
    m_metadataAt = nowMs();
    return *metadata;
}

std::vector<std::string> QueryClientCompletionData::labelNames(Language language, const Matchers& scope)
{
    if (const auto remoteClient = remote())
        return remoteLabelNames(*remoteClient, scope);
    const std::vector<Matchers> selectors = scope.empty() ? std::vector<Matchers>() : std::vector<Matchers> { scope };
    if (language == Language::PromQL)
        return m_client->metricLabelNames(selectors, m_from, m_to);
    return m_client->logLabelNames(selectors, toNs(m_from), toNs(m_to));
}

std::vector<std::string> QueryClientCompletionData::labelValues(Language language, const std::string& name,
    const Matchers& scope)
{
    if (const auto remoteClient = remote())
        return remoteLabelValues(*remoteClient, name, scope);
    const std::vector<Matchers> selectors = scope.empty() ? std::vector<Matchers>() : std::vector<Matchers> { scope };
    if (language == Language::PromQL)
        return m_client->metricLabelValues(name, selectors, m_from, m_to);
    return m_client->logLabelValues(name, selectors, toNs(m_from), toNs(m_to));
}

std::vector<LogSample> QueryClientCompletionData::sampleLogs(const std::string& logQuery, int limit)
{
    if (const auto remoteClient = remote())
        return remoteLogs(*remoteClient, logQuery, limit);
    logql::QueryParams params;
    params.start = toNs(m_from);
    params.end = toNs(m_to);
    params.limit = std::size_t(std::max(limit, 0));
    params.direction = logs::Direction::Backward;
    auto result = m_client->evalLogQL(logQuery, params);
    std::vector<LogSample> out;
    if (!result.ok() || !result->isLogs)
        return out;
    for (const logs::Stream& stream : result->streams)
        for (const logs::LogEntry& entry : stream.entries)
            out.push_back({ entry.line, stream.labels });
    return out;
}

} // namespace sg::langsvc
