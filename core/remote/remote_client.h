#pragma once

#include "core/common/result.h"
#include "core/logstore/log_store.h"
#include "core/query/frame.h"
#include "core/remote/datasource_config.h"
#include "core/scrape/exposition_parser.h"

#include <QStringList>

#include <atomic>
#include <optional>

namespace sg::remote {

/// One query against a remote (the remote side of services::QueryRequest).
struct RemoteQuery
{
    enum class Kind { Range, Instant, Logs };
    Kind kind = Kind::Range;
    QString expr;
    QString refId = QStringLiteral("A");
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 stepMs = 15'000;
    int limit = 1000;            ///< log queries: lines
    logs::Direction direction = logs::Direction::Backward;
    int timeoutMs = 0;           ///< 0: the datasource's timeout
};

/// A remote's answer decoded into the frames the embedded path produces: series with sorted label pairs (the
/// display name is left to the caller, which applies the legend format), or log rows in the query's direction.
struct RemoteAnswer
{
    std::vector<query::SeriesFrame> series;
    std::vector<query::LogRow> logs;
    bool isLogs = false;
    bool isScalar = false;       ///< one frame without labels (resultType scalar or string)
    QStringList warnings;        ///< the remote's `warnings` and `infos`
    std::optional<Error> error;  ///< "NAME: HTTP 422 (bad_data): message", transport errors, timeouts
};

/// What `datasource test` reports: the API answered, and the version it says it runs.
struct RemoteStatus
{
    QString version;  ///< from /api/v1/status/buildinfo or /loki/api/v1/status/buildinfo; "unknown" when absent
    QString revision;
    int labelCount = 0; ///< label names the API listed
    qint64 elapsedMs = 0;
};

/// Talks to one remote Prometheus-compatible or Loki datasource over its HTTP API. Every call blocks the calling
/// thread (run it on a worker: QueryClient's pool, the CLI), honours the datasource's timeout and stops when
/// `cancel` becomes true. Errors are prefixed with the datasource's name. Thread-safe (no mutable state).
class RemoteClient
{
public:
    explicit RemoteClient(RemoteDatasource datasource);
    const RemoteDatasource& datasource() const { return m_ds; }

    /// A range, instant or log query (`/api/v1/query_range|query`, `/loki/api/v1/query_range|query`).
    RemoteAnswer query(const RemoteQuery& query, const std::atomic_bool* cancel = nullptr) const;
    /// Label names; of the series matching `selectors` (`match[]`, Loki: `query`) in [fromMs, toMs] when given.
    Result<QStringList> labelNames(const QStringList& selectors = {}, qint64 fromMs = 0, qint64 toMs = 0,
        const std::atomic_bool* cancel = nullptr) const;
    /// Values of the label `name`, optionally restricted the same way.
    Result<QStringList> labelValues(const QString& name, const QStringList& selectors = {}, qint64 fromMs = 0,
        qint64 toMs = 0, const std::atomic_bool* cancel = nullptr) const;
    /// Label sets of the series (Loki: streams) matching any of `selectors` in [fromMs, toMs], label pairs sorted.
    Result<std::vector<query::LabelPairs>> series(const QStringList& selectors, qint64 fromMs, qint64 toMs,
        const std::atomic_bool* cancel = nullptr) const;
    /// Metric metadata (`/api/v1/metadata`): HELP, TYPE, UNIT per metric. Prometheus only.
    Result<std::vector<scrape::MetricMetadata>> metadata(const std::atomic_bool* cancel = nullptr) const;
    /// Checks reachability and the API (label names) and reads the version.
    Result<RemoteStatus> test(const std::atomic_bool* cancel = nullptr) const;

private:
    QString apiPrefix() const;

    RemoteDatasource m_ds;
};

} // namespace sg::remote
