#pragma once

#include "core/query/frame.h"
#include "core/services/query_service.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

namespace sg::services {

/// What a query asks for.
enum class QueryKind { Range, Instant, Logs };
enum class QueryLanguage { PromQL, LogQL };

/// One query, as a panel's target or Explore's row turns into after interpolation.
struct QueryRequest
{
    QueryLanguage language = QueryLanguage::PromQL;
    QueryKind kind = QueryKind::Range;
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
};

/// Grafana's legend templating: `{{label}}` by the label's value (empty when absent); an empty format (or
/// "__auto") names a series by its label set as Prometheus prints it.
QString applyLegendFormat(const QString& legendFormat, const Labels& labels);
query::LabelPairs toLabelPairs(const Labels& labels);

/// The one query path of the UI: asynchronous PromQL and LogQL queries (range, instant, logs) and label look-ups
/// against the embedded stores, each cancellable and bounded by a timeout; answers arrive as value frames on the
/// receiver's thread. A cancelled query stops evaluating (the engines poll its flag) and delivers nothing.
class QueryClient : public QObject
{
    Q_OBJECT
public:
    explicit QueryClient(QueryService* service, QObject* parent = nullptr);
    ~QueryClient() override;

    /// Starts `request`; `done` runs on `receiver`'s thread unless the receiver is gone or the request was cancelled.
    RequestId submit(const QueryRequest& request, QObject* receiver, std::function<void(const QueryResponse&)> done);
    /// Stops a running request: evaluation ends at its next check and nothing is delivered.
    void cancel(RequestId id);
    /// Runs now on the calling thread (CLI, tests, HTTP handlers on worker threads).
    QueryResponse run(const QueryRequest& request) const;

    /// Label names / values of the metric or log store (values: of `name`), asynchronously.
    RequestId labelNames(QueryLanguage language, QObject* receiver, std::function<void(const QStringList&)> done);
    RequestId labelValues(QueryLanguage language, const QString& name, QObject* receiver,
        std::function<void(const QStringList&)> done);
    /// Series label sets matching a PromQL selector in [fromMs, toMs] (metric store).
    RequestId series(const QString& selector, qint64 fromMs, qint64 toMs, QObject* receiver,
        std::function<void(const std::vector<query::LabelPairs>&, const QString& error)> done);

    /// How many requests are running (tests).
    int running() const;
    QueryService* service() const { return m_service; }

private:
    std::shared_ptr<std::atomic_bool> registerRequest(RequestId id);
    void finish(RequestId id);
    QueryResponse runWithFlag(const QueryRequest& request, const std::atomic_bool* cancel) const;

    QueryService* m_service = nullptr;
    mutable std::mutex m_mutex;
    QHash<RequestId, std::shared_ptr<std::atomic_bool>> m_running;
    std::atomic<RequestId> m_nextId { 1 };
};

} // namespace sg::services

Q_DECLARE_METATYPE(sg::services::QueryResponse)
