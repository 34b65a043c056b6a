#pragma once

// The completion data of the embedded stores or of a remote datasource, through the one query path (QueryClient).

#include "core/scrape/exposition_parser.h"
#include "language_service.h"

#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace sg::remote {
class RemoteClient;
}

namespace sg::services {
class QueryClient;
}

namespace sg::langsvc {

/// CompletionData over a QueryClient (which must outlive it), for a time range: label names and values from the stores' indexes, log samples
/// from the LogQL engine (so parsed fields are the engine's own), metadata from a callback or, without one, the
/// client's (the scrape manager's, when Sightglass scrapes). Metric names and metadata are kept for `cacheMs` (they change slowly and completion asks
/// for them on most keystrokes). Thread-safe.
///
/// With a `datasourceUid` that names one of the client's remote datasources (QueryClient::setRemoteDatasources),
/// everything comes from that remote instead: metric names and label names/values from its label endpoints scoped
/// by the matchers typed (`match[]`, Loki: `query`), metadata from `/api/v1/metadata`, log samples from a log query
/// on it. The uid is looked up on every call, so a remote configured later is used from then on; any other uid
/// (empty, an embedded one) reads the embedded stores. A remote that fails or times out answers empty; its requests
/// are bounded by RemoteCompletionTimeoutMs (or the datasource's shorter timeout), and label answers are kept for
/// `cacheMs` like metric names, so typing inside a selector does not ask the remote on every keystroke.
class QueryClientCompletionData : public CompletionData
{
public:
    /// The longest a completion request waits for a remote: completion is worthless later than this.
    static constexpr int RemoteCompletionTimeoutMs = 5'000;

    using MetadataSource = std::function<std::vector<MetricMetadata>()>;

    QueryClientCompletionData(const services::QueryClient* client, TimestampMs fromMs,
        TimestampMs toMs, MetadataSource metadata = {}, DurationMs cacheMs = 10'000, QString datasourceUid = {});

    /// The datasource asked (empty: the embedded stores).
    const QString& datasourceUid() const { return m_uid; }

    std::vector<std::string> metricNames() override;
    std::vector<MetricMetadata> metricMetadata() override;
    std::vector<std::string> labelNames(Language language, const Matchers& scope) override;
    std::vector<std::string> labelValues(Language language, const std::string& name, const Matchers& scope) override;
    std::vector<LogSample> sampleLogs(const std::string& logQuery, int limit) override;

private:
    /// The remote datasource named by the uid, or nullptr (embedded).
    std::shared_ptr<const remote::RemoteClient> remote() const;
    // The remote's answers (query_client_data_remote.cpp).
    std::vector<std::string> remoteLabelValues(const remote::RemoteClient& remote, const std::string& name,
        const Matchers& scope);
    std::vector<std::string> remoteLabelNames(const remote::RemoteClient& remote, const Matchers& scope);
    std::vector<scrape::MetricMetadata> remoteMetadata(const remote::RemoteClient& remote) const;
    std::vector<LogSample> remoteLogs(const remote::RemoteClient& remote, const std::string& logQuery, int limit) const;
    /// The range as the remote APIs take it: [0, 0] (not sent) when it is unbounded.
    std::pair<qint64, qint64> remoteRange() const;
    /// `fetch()` unless an answer for `key` younger than cacheMs is kept.
    std::vector<std::string> cachedRemote(const std::string& key, const std::function<std::vector<std::string>()>& fetch);

    const services::QueryClient* m_client; ///< outlives this
    TimestampMs m_from;
    TimestampMs m_to;
    MetadataSource m_metadataSource;
    DurationMs m_cacheMs;
    QString m_uid;
    std::mutex m_mutex;
    TimestampMs m_namesAt = 0;
    std::shared_ptr<const std::vector<std::string>> m_names;
    TimestampMs m_metadataAt = 0;
    std::shared_ptr<const std::vector<MetricMetadata>> m_metadata;
    std::map<std::string, std::pair<TimestampMs, std::vector<std::string>>> m_remoteLabels; ///< by request
};

} // namespace sg::langsvc
