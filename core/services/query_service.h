#pragma once

#include "core/common/result.h"
#include "core/logql/engine.h"
#include "core/logstore/log_store.h"
#include "core/promql/engine.h"
#include "core/tsdb/storage.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <optional>

namespace sg::services {

/// Identifies one query request; receivers drop responses whose id is not their latest.
using RequestId = quint64;

/// A PromQL range query.
struct MetricRangeRequest
{
    QString query;
    TimestampMs start = 0;
    TimestampMs end = 0;
    DurationMs step = 15'000;
};

/// The answer to a MetricRangeRequest: a value snapshot the UI may keep.
struct MetricResponse
{
    RequestId id = 0;
    promql::Matrix matrix;
    QStringList warnings;
    std::optional<Error> error;
    qint64 elapsedMs = 0;
};

/// A LogQL query: a log query returns streams, a metric query (step > 0) a matrix.
struct LogRequest
{
    QString query;
    TimestampNs start = 0;
    TimestampNs end = 0;
    DurationMs step = 0;
    int limit = 1000;
    logs::Direction direction = logs::Direction::Backward;
};

/// The answer to a LogRequest.
struct LogResponse
{
    RequestId id = 0;
    bool isLogs = true;
    std::vector<logs::Stream> streams;
    promql::Matrix matrix;
    QStringList warnings;
    std::optional<Error> error;
    qint64 elapsedMs = 0;
};

/// Runs PromQL and LogQL queries on a thread pool against the stores' thread-safe queriers and
/// delivers each answer, as a value, on the receiver's thread. No exception leaves a query.
class QueryService : public QObject
{
    Q_OBJECT
public:
    QueryService(std::shared_ptr<const tsdb::Querier> metrics, std::shared_ptr<const logs::LogQuerier> logs,
        QObject* parent = nullptr);
    ~QueryService() override;

    /// Starts a PromQL range query; `done` runs on `receiver`'s thread unless the receiver is gone.
    RequestId runMetricRange(const MetricRangeRequest& request, QObject* receiver,
        std::function<void(const MetricResponse&)> done);
    /// Starts a LogQL query; `done` runs on `receiver`'s thread unless the receiver is gone.
    RequestId runLogQuery(const LogRequest& request, QObject* receiver, std::function<void(const LogResponse&)> done);

    /// Synchronous: evaluate now on the calling thread (tests, CLI, HTTP API handlers on worker threads).
    MetricResponse metricRangeNow(const MetricRangeRequest& request) const;
    LogResponse logQueryNow(const LogRequest& request) const;

    /// Label names known to the log store (used to build click-through selectors).
    QStringList logLabelNames() const;
    QStringList metricLabelNames() const;

    /// Waits until every started query has delivered (tests, shutdown).
    void waitForDone();

    const std::shared_ptr<const tsdb::Querier>& metricsQuerier() const { return m_metrics; }
    const std::shared_ptr<const logs::LogQuerier>& logsQuerier() const { return m_logs; }
    QThreadPool* pool() { return &m_pool; }

private:
    RequestId nextId();

    std::shared_ptr<const tsdb::Querier> m_metrics;
    std::shared_ptr<const logs::LogQuerier> m_logs;
    promql::Engine m_promql;
    logql::Engine m_logql;
    QThreadPool m_pool;
    std::atomic<RequestId> m_nextId { 1 };
};

/// Registers the value types that cross threads in queued signals (batches, responses).
void registerMetaTypes();

} // namespace sg::services

Q_DECLARE_METATYPE(sg::services::MetricResponse)
Q_DECLARE_METATYPE(sg::services::LogResponse)
