#pragma once

// Completion data from a running Sightglass, or any Prometheus- and Loki-compatible HTTP API: metric names, metadata,
// label names and values, and sample log lines, for `sightglass lsp --url` and `sightglass query complete --url`.

#include "language_service.h"

#include <QJsonValue>
#include <QUrl>
#include <QUrlQuery>

#include <chrono>
#include <map>
#include <mutex>

namespace sg::langsvc {

/// Options of HttpCompletionData.
struct HttpCompletionOptions
{
    int timeoutMs = 3000;           ///< per HTTP request; on timeout the answer is empty
    int lookbackSeconds = 6 * 3600; ///< the time range asked for: the last six hours
    int cacheSeconds = 30;          ///< answers are reused this long (completion asks on every keystroke)
};

/// CompletionData over HTTP. Prometheus API: /api/v1/label/__name__/values, /api/v1/metadata, /api/v1/labels and
/// /api/v1/label/NAME/values (scoped with match[]=); Loki API: /loki/api/v1/labels and /loki/api/v1/label/NAME/values
/// (scoped with query=), /loki/api/v1/query_range for sample lines. Each call blocks its thread (a local event loop
/// runs the request) and answers empty when the server fails or times out. Thread-safe.
class HttpCompletionData : public CompletionData
{
public:
    /// `base` is the server's root URL (`http://127.0.0.1:9090`); API paths are appended to its path.
    explicit HttpCompletionData(QUrl base, HttpCompletionOptions options = {});

    std::vector<std::string> metricNames() override;
    std::vector<MetricMetadata> metricMetadata() override;
    std::vector<std::string> labelNames(Language language, const Matchers& scope) override;
    std::vector<std::string> labelValues(Language language, const std::string& name, const Matchers& scope) override;
    std::vector<LogSample> sampleLogs(const std::string& logQuery, int limit) override;

    /// The `data` member of the JSON answer to GET `path` with `query`, or undefined when the request failed, timed
    /// out or the answer is not `{"status":"success","data":...}`. Answers are cached for cacheSeconds.
    QJsonValue get(const QString& path, const QUrlQuery& query);

private:
    QUrlQuery rangeQuery(Language language) const;

    QUrl m_base;
    HttpCompletionOptions m_options;
    std::mutex m_cacheMutex;
    std::map<QString, std::pair<std::chrono::steady_clock::time_point, QJsonValue>> m_cache;
};

} // namespace sg::langsvc
