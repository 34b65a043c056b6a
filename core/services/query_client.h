#pragma once

#include "core/logql/engine.h"
#include "core/logstore/log_store.h"
#include "core/promql/engine.h"
#include "core/query/frame.h"
#include "core/remote/datasource_config.h"
#include "core/remote/remote_client.h"
#include "core/scrape/exposition_parser.h"
#include "core/services/range_cache.h"
#include "core/tsdb/storage.h"

#include <QHash>
#include <QObject>
#include <QStringList>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>

namespace sg::services {

/// Identifies one request (to cancel it).
using RequestId = quint64;

/// What a query asks for.
enum class QueryKind { Range, Instant, Logs };
enum class QueryLanguage { PromQL, LogQL };

/// One query, as a panel's target or Explore's row turns into after interpolation.
struct QueryRequest
{
    QueryLanguage language = QueryLanguage::PromQL;
    QueryKind kind = QueryKind::Range;
    /// The datasource to ask: a remote one configured with setRemoteDatasources() (its type then decides the
    /// language); empty or any other uid: the embedded store of `language`.
    QString datasourceUid;
    QString refId = QStringLiteral("A");
    QString expr;
    QString legendFormat;
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 stepMs = 15'000;
    int limit = 1000; ///< log queries: lines
    logs::Direction direction = logs::Direction::Backward;
    int timeoutMs = 60'000;
};

/// The answer: frames (and log rows), warnings and an error with its position in `expr`.
struct QueryResponse
{
    RequestId id = 0;
    QString refId;
    std::vector<query::SeriesFrame> series;
    std::vector<query::LogRow> logs;
    QStringList warnings;
    std::optional<Error> error;
    query::QueryStats stats;
    bool canceled = false;
    bool isLogs = false; ///< the answer is log rows (a LogQL log query), not series
};

/// Grafana's legend templating: `{{label}}` by the label's value (empty when absent); an empty format (or
/// "__auto") names a series by its label set as Prometheus prints it.
QString applyLegendFormat(const QString& legendFormat, const Labels& labels);

/// The stack of a thread that parses and evaluates queries: enough for the PromQL and LogQL parsers' nesting limit
/// (1,000 levels) even with sanitizers' larger frames, whatever the platform's default thread stack.
inline constexpr uint QueryStackBytes = 32u << 20;

/// Tunes a QueryClient.
struct QueryClientOptions
{
    int threads = 0;                         ///< query pool threads; 0: the machine's cores, at least 2
    std::size_t cacheBytes = 256u << 20;     ///< range results cache; 0: no cache
};

/// Where a synchronous evaluation reports what it did (HTTP `stats=all`, the UI's query stats).
struct EvalStats
{
    std::size_t samplesLoaded = 0; ///< samples read from the store
    RangeCacheStats cache;
};

/// The one query path: the UI's panels, variables and Explore, the CLI, and the HTTP APIs (Prometheus' and Loki's)
/// all evaluate PromQL and LogQL and look up labels and series through it, against the embedded stores.
/// - Asynchronous requests (`submit`, `labelNames`, ...) run on the client's pool, each cancellable and bounded by a
///   timeout; answers arrive as value frames on the receiver's thread. A cancelled query stops evaluating (the
///   engines poll its flag) and delivers nothing.
/// - Synchronous calls (`evalPromQL`, `evalLogQL`, `metricSeries`, ...) evaluate on the calling thread (HTTP workers, CLI)
///   and answer in the engines' own values, so the HTTP APIs write them without conversions.
/// - PromQL range queries go through a step-aligned results cache (RangeCache) shared by all of them.
/// Thread-safe: the synchronous calls may run on any thread at once.
class QueryClient : public QObject
{
    Q_OBJECT
public:
    QueryClient(std::shared_ptr<const tsdb::Querier> metrics, std::shared_ptr<const logs::LogQuerier> logs,
        QueryClientOptions options = {}, QObject* parent = nullptr);
    ~QueryClient() override;

    /// Starts `request`; `done` runs on `receiver`'s thread unless the receiver is gone or the request was cancelled.
    RequestId submit(const QueryRequest& request, QObject* receiver, std::function<void(const QueryResponse&)> done);
    /// Stops a running request: evaluation ends at its next check and nothing is delivered.
    void cancel(RequestId id);
    /// Runs now on the calling thread (CLI, tests).
    QueryResponse run(const QueryRequest& request) const;

    /// Label names / values of the metric or log store (values: of `name`), asynchronously.
    RequestId labelNames(QueryLanguage language, QObject* receiver, std::function<void(const QStringList&)> done);
    RequestId labelValues(QueryLanguage language, const QString& name, QObject* receiver,
        std::function<void(const QStringList&)> done);
    /// Series label sets matching a PromQL selector in [fromMs, toMs] (metric store).
    RequestId series(const QString& selector, qint64 fromMs, qint64 toMs, QObject* receiver,
        std::function<void(const std::vector<query::LabelPairs>&, const QString& error)> done);

    // Remote datasources (core/remote): requests naming one by uid go to it over HTTP, on the same pool, with the
    // same cancellation and timeout; its errors come back prefixed with its name and HTTP status.

    /// Replaces the remote datasources (thread-safe; requests already running keep the ones they started with).
    void setRemoteDatasources(std::vector<remote::RemoteDatasource> datasources);
    std::vector<remote::RemoteDatasource> remoteDatasources() const;
    /// The client of the remote datasource `uid`, or nullptr (empty uid, an embedded one, unknown).
    std::shared_ptr<const remote::RemoteClient> remoteClient(const QString& uid) const;
    /// Label names / values of datasource `uid` (a remote one, else the embedded store of `language`);
    /// errors deliver an empty list.
    RequestId labelNames(const QString& datasourceUid, QueryLanguage language, QObject* receiver,
        std::function<void(const QStringList&)> done);
    RequestId labelValues(const QString& datasourceUid, QueryLanguage language, const QString& name,
        QObject* receiver, std::function<void(const QStringList&)> done);
    /// Series (Loki: streams) of datasource `uid` matching `selector` in [fromMs, toMs]; embedded: metric store.
    RequestId series(const QString& datasourceUid, const QString& selector, qint64 fromMs, qint64 toMs,
        QObject* receiver, std::function<void(const std::vector<query::LabelPairs>&, const QString& error)> done);
    /// Metric metadata of datasource `uid` (remote `/api/v1/metadata`, else the scrapes' metadata).
    RequestId metricMetadata(const QString& datasourceUid, QObject* receiver,
        std::function<void(const std::vector<scrape::MetricMetadata>&, const QString& error)> done);
    /// Tests `datasource` (configured or not, e.g. being edited): reachability, API and version.
    RequestId testDatasource(const remote::RemoteDatasource& datasource, QObject* receiver,
        std::function<void(const Result<remote::RemoteStatus>&)> done);

    // Synchronous, in the engines' values.

    /// A PromQL query: instant at `end` when `step` is 0, else a range query over [start, end].
    Result<promql::QueryResult> evalPromQL(std::string_view expr, TimestampMs start, TimestampMs end, DurationMs step,
        const promql::QueryOptions& options = {}, EvalStats* stats = nullptr) const;
    /// A LogQL query (log or metric, per `params`).
    Result<logql::QueryResult> evalLogQL(const logql::Expr& expr, const logql::QueryParams& params) const;
    Result<logql::QueryResult> evalLogQL(std::string_view expr, const logql::QueryParams& params) const;

    /// Metric series matching any of `selectors` with samples in [fromMs, toMs], sorted, each once.
    std::vector<Labels> metricSeries(const std::vector<Matchers>& selectors, TimestampMs fromMs, TimestampMs toMs) const;
    /// Label names / values (of `name`): of the series matching any of `selectors` in the range, or of the whole
    /// store when there are none. Sorted.
    std::vector<std::string> metricLabelNames(const std::vector<Matchers>& selectors = {}, TimestampMs fromMs = MinTimeMs,
        TimestampMs toMs = MaxTimeMs) const;
    std::vector<std::string> metricLabelValues(std::string_view name, const std::vector<Matchers>& selectors = {},
        TimestampMs fromMs = MinTimeMs, TimestampMs toMs = MaxTimeMs) const;
    /// The same for log streams, over [fromNs, toNs].
    std::vector<Labels> logStreams(const std::vector<Matchers>& selectors, TimestampNs fromNs, TimestampNs toNs) const;
    std::vector<std::string> logLabelNames(const std::vector<Matchers>& selectors = {}, TimestampNs fromNs = 0,
        TimestampNs toNs = std::numeric_limits<TimestampNs>::max()) const;
    std::vector<std::string> logLabelValues(std::string_view name, const std::vector<Matchers>& selectors = {},
        TimestampNs fromNs = 0, TimestampNs toNs = std::numeric_limits<TimestampNs>::max()) const;

    /// Where metric metadata (HELP, TYPE, UNIT) comes from: the scrape manager's last scrapes. Empty: none. Setting
    /// waits for a metricMetadata() call in progress, so a source can be taken away before it is destroyed.
    void setMetricMetadataSource(std::function<std::vector<scrape::MetricMetadata>()> source);
    /// The metadata of the metrics scraped (for the editors' completion and hover); empty without a source.
    std::vector<scrape::MetricMetadata> metricMetadata() const;

    /// How many requests are running (tests).
    int running() const;
    /// Waits until every started request has finished (tests, shutdown).
    void waitForDone();
    const RangeCache& cache() const { return m_cache; }
    const std::shared_ptr<const tsdb::Querier>& metricsQuerier() const { return m_metrics; }
    const std::shared_ptr<const logs::LogQuerier>& logsQuerier() const { return m_logs; }

private:
    std::shared_ptr<std::atomic_bool> registerRequest(RequestId id);
    void finish(RequestId id);
    QueryResponse runWithFlag(const QueryRequest& request, const std::atomic_bool* cancel) const;
    /// Runs `work(flag)` on the pool as a cancellable request and delivers its result to `receiver` (remote calls).
    template<class T>
    RequestId startRemote(QObject* receiver, std::function<T(const std::atomic_bool*)> work, std::function<void(const T&)> done);

    std::shared_ptr<const tsdb::Querier> m_metrics;
    std::shared_ptr<const logs::LogQuerier> m_logs;
    promql::Engine m_promql;
    logql::Engine m_logql;
    mutable RangeCache m_cache;
    QueryClientOptions m_options;
    QThreadPool m_pool;
    mutable std::mutex m_mutex;
    QHash<RequestId, std::shared_ptr<std::atomic_bool>> m_running;
    std::atomic<RequestId> m_nextId { 1 };
    mutable std::mutex m_metadataMutex;
    std::function<std::vector<scrape::MetricMetadata>()> m_metadata;
    mutable std::mutex m_remoteMutex;
    std::vector<remote::RemoteDatasource> m_remoteList;
    QHash<QString, std::shared_ptr<const remote::RemoteClient>> m_remotes; ///< by uid
};

/// Registers the value types that cross threads in queued signals (batches, responses).
void registerMetaTypes();

} // namespace sg::services

Q_DECLARE_METATYPE(sg::services::QueryResponse)
