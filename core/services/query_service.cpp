#include "query_service.h"

#include "deliver.h"

#include <QElapsedTimer>
#include <QMetaObject>
#include <QThread>

#include <exception>

namespace sg::services {

namespace {
/// Runs `fn` and turns an escaping exception into an Error value: nothing crosses the task boundary.
template<class Response, class Fn>
Response guarded(Fn&& fn)
{
    QElapsedTimer timer;
    timer.start();
    Response response;
    try {
        response = fn();
    } catch (const std::exception& e) {
        response.error = Error { ErrorCode::Internal, std::string("internal error: ") + e.what(), {} };
    } catch (...) {
        response.error = Error { ErrorCode::Internal, "internal error", {} };
    }
    response.elapsedMs = timer.elapsed();
    return response;
}

QStringList toQStringList(const std::vector<std::string>& v)
{
    QStringList out;
    out.reserve(static_cast<qsizetype>(v.size()));
    for (const auto& s : v)
        out.push_back(QString::fromStdString(s));
    return out;
}

promql::Matrix vectorToMatrix(const promql::Vector& v)
{
    promql::Matrix m;
    m.reserve(v.size());
    for (const auto& s : v)
        m.push_back(promql::Series { s.metric, { promql::Point { s.t, s.v } } });
    return m;
}
}

QueryService::QueryService(std::shared_ptr<const tsdb::Querier> metrics, std::shared_ptr<const logs::LogQuerier> logs,
    QObject* parent)
    : QObject(parent)
    , m_metrics(std::move(metrics))
    , m_logs(std::move(logs))
{
    m_pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    m_pool.setObjectName(QStringLiteral("QueryPool"));
}

QueryService::~QueryService() { m_pool.waitForDone(); }

RequestId QueryService::nextId() { return m_nextId.fetch_add(1); }

MetricResponse QueryService::metricRangeNow(const MetricRangeRequest& request) const
{
    return guarded<MetricResponse>([&] {
        MetricResponse response;
        auto result = m_promql.rangeQuery(*m_metrics, request.query.toStdString(), request.start, request.end,
            std::max<DurationMs>(1, request.step));
        if (!result.ok()) {
            response.error = result.error();
            return response;
        }
        response.matrix = std::move(result->value.matrix);
        response.warnings = toQStringList(result->warnings);
        return response;
    });
}

LogResponse QueryService::logQueryNow(const LogRequest& request) const
{
    return guarded<LogResponse>([&] {
        LogResponse response;
        logql::QueryParams params;
        params.start = request.start;
        params.end = request.end;
        params.step = request.step;
        params.limit = static_cast<std::size_t>(std::max(0, request.limit));
        params.direction = request.direction;
        auto result = m_logql.query(*m_logs, request.query.toStdString(), params);
        if (!result.ok()) {
            response.error = result.error();
            return response;
        }
        response.isLogs = result->isLogs;
        response.warnings = toQStringList(result->warnings);
        if (result->isLogs)
            response.streams = std::move(result->streams);
        else if (result->value.type == promql::ValueType::Vector)
            response.matrix = vectorToMatrix(result->value.vector);
        else
            response.matrix = std::move(result->value.matrix);
        return response;
    });
}

namespace {
/// Hands a response to `done` on the receiver's thread (see deliverTo).
template<class Response>
void deliver(QObject* service, QPointer<QObject> receiver, std::function<void(const Response&)> done, Response response)
{
    deliverTo(service, std::move(receiver),
        [done = std::move(done), response = std::move(response)] { done(response); });
}
}

RequestId QueryService::runMetricRange(const MetricRangeRequest& request, QObject* receiver,
    std::function<void(const MetricResponse&)> done)
{
    const RequestId id = nextId();
    QPointer<QObject> guard(receiver);
    m_pool.start([this, id, request, guard, done = std::move(done)]() mutable {
        auto response = metricRangeNow(request);
        response.id = id;
        deliver<MetricResponse>(this, guard, std::move(done), std::move(response));
    });
    return id;
}

RequestId QueryService::runLogQuery(const LogRequest& request, QObject* receiver,
    std::function<void(const LogResponse&)> done)
{
    const RequestId id = nextId();
    QPointer<QObject> guard(receiver);
    m_pool.start([this, id, request, guard, done = std::move(done)]() mutable {
        auto response = logQueryNow(request);
        response.id = id;
        deliver<LogResponse>(this, guard, std::move(done), std::move(response));
    });
    return id;
}

QStringList QueryService::logLabelNames() const { return toQStringList(m_logs->labelNames()); }

QStringList QueryService::metricLabelNames() const { return toQStringList(m_metrics->labelNames()); }

void QueryService::waitForDone() { m_pool.waitForDone(); }

void registerMetaTypes()
{
    qRegisterMetaType<sg::tsdb::AppendBatch>();
    qRegisterMetaType<sg::logs::PushBatch>();
    qRegisterMetaType<sg::services::MetricResponse>();
    qRegisterMetaType<sg::services::LogResponse>();
}

} // namespace sg::services
