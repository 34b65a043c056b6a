// QueryClient's routing to remote datasources (core/remote): requests whose uid names one are sent over HTTP.
#include "query_client_remote.h"

#include "core/promql/parser.h"
#include "core/query/frames.h"
#include "core/services/deliver.h"

#include <QPointer>

namespace sg::services {

remote::RemoteQuery toRemoteQuery(const QueryRequest& request)
{
    remote::RemoteQuery q;
    q.kind = request.kind == QueryKind::Instant ? remote::RemoteQuery::Kind::Instant
        : request.kind == QueryKind::Logs       ? remote::RemoteQuery::Kind::Logs
                                                : remote::RemoteQuery::Kind::Range;
    q.expr = request.expr;
    q.refId = request.refId;
    q.fromMs = request.fromMs;
    q.toMs = request.toMs;
    q.stepMs = request.stepMs;
    q.limit = request.limit;
    q.direction = request.direction;
    return q;
}

void fillFromRemote(QueryResponse& response, remote::RemoteAnswer&& answer, const QueryRequest& request)
{
    response.warnings = std::move(answer.warnings);
    if (answer.error) {
        response.error = std::move(answer.error);
        return;
    }
    response.isLogs = answer.isLogs;
    response.logs = std::move(answer.logs);
    response.series = std::move(answer.series);
    for (query::SeriesFrame& f : response.series) {
        if (answer.isScalar)
            f.name = request.legendFormat.isEmpty() ? request.expr : request.legendFormat;
        else
            f.name = applyLegendFormat(request.legendFormat, query::toLabels(f.labels));
    }
}

void QueryClient::setRemoteDatasources(std::vector<remote::RemoteDatasource> datasources)
{
    QHash<QString, std::shared_ptr<const remote::RemoteClient>> clients;
    for (const remote::RemoteDatasource& d : datasources)
        clients.insert(d.uid, std::make_shared<const remote::RemoteClient>(d));
    std::lock_guard lock(m_remoteMutex);
    m_remoteList = std::move(datasources);
    m_remotes = std::move(clients);
}

std::vector<remote::RemoteDatasource> QueryClient::remoteDatasources() const
{
    std::lock_guard lock(m_remoteMutex);
    return m_remoteList;
}

std::shared_ptr<const remote::RemoteClient> QueryClient::remoteClient(const QString& uid) const
{
    if (uid.isEmpty())
        return nullptr;
    std::lock_guard lock(m_remoteMutex);
    return m_remotes.value(uid);
}

template<class T>
RequestId QueryClient::startRemote(QObject* receiver, std::function<T(const std::atomic_bool*)> work,
    std::function<void(const T&)> done)
{
    const RequestId id = m_nextId.fetch_add(1);
    auto flag = registerRequest(id);
    QPointer<QObject> guard(receiver);
    m_pool.start([this, id, flag, guard, work = std::move(work), done = std::move(done)]() mutable {
        T out = work(flag.get());
        finish(id);
        if (flag->load())
            return; // cancelled: nothing to deliver
        deliverTo(this, guard, [done = std::move(done), out = std::move(out)] { done(out); });
    });
    return id;
}

namespace {
QStringList orEmpty(Result<QStringList>&& r) { return r.ok() ? std::move(*r) : QStringList(); }
} // namespace

RequestId QueryClient::labelNames(const QString& datasourceUid, QueryLanguage language, QObject* receiver,
    std::function<void(const QStringList&)> done)
{
    auto remote = remoteClient(datasourceUid);
    if (!remote)
        return labelNames(language, receiver, std::move(done));
    return startRemote<QStringList>(receiver,
        [remote](const std::atomic_bool* cancel) { return orEmpty(remote->labelNames({}, 0, 0, cancel)); },
        std::move(done));
}

RequestId QueryClient::labelValues(const QString& datasourceUid, QueryLanguage language, const QString& name,
    QObject* receiver, std::function<void(const QStringList&)> done)
{
    auto remote = remoteClient(datasourceUid);
    if (!remote)
        return labelValues(language, name, receiver, std::move(done));
    return startRemote<QStringList>(receiver,
        [remote, name](const std::atomic_bool* cancel) { return orEmpty(remote->labelValues(name, {}, 0, 0, cancel)); },
        std::move(done));
}

namespace {
/// Series label sets and the error, as the series() callbacks take them.
using SeriesAnswer = std::pair<std::vector<query::LabelPairs>, QString>;
using MetadataAnswer = std::pair<std::vector<scrape::MetricMetadata>, QString>;

template<class T>
std::pair<T, QString> split(Result<T>&& r)
{
    if (!r.ok())
        return { T {}, QString::fromStdString(r.error().message) };
    return { std::move(*r), QString() };
}
} // namespace

RequestId QueryClient::series(const QString& datasourceUid, const QString& selector, qint64 fromMs, qint64 toMs,
    QObject* receiver, std::function<void(const std::vector<query::LabelPairs>&, const QString& error)> done)
{
    auto remote = remoteClient(datasourceUid);
    if (!remote)
        return series(selector, fromMs, toMs, receiver, std::move(done));
    return startRemote<SeriesAnswer>(receiver,
        [remote, selector, fromMs, toMs](const std::atomic_bool* cancel) {
            return split(remote->series({ selector }, fromMs, toMs, cancel));
        },
        [done = std::move(done)](const SeriesAnswer& a) { done(a.first, a.second); });
}

RequestId QueryClient::metricMetadata(const QString& datasourceUid, QObject* receiver,
    std::function<void(const std::vector<scrape::MetricMetadata>&, const QString& error)> done)
{
    auto remote = remoteClient(datasourceUid);
    return startRemote<MetadataAnswer>(receiver,
        [this, remote](const std::atomic_bool* cancel) {
            return remote ? split(remote->metadata(cancel)) : MetadataAnswer { metricMetadata(), QString() };
        },
        [done = std::move(done)](const MetadataAnswer& a) { done(a.first, a.second); });
}

RequestId QueryClient::testDatasource(const remote::RemoteDatasource& datasource, QObject* receiver,
    std::function<void(const Result<remote::RemoteStatus>&)> done)
{
    using Answer = Result<remote::RemoteStatus>;
    auto client = std::make_shared<const remote::RemoteClient>(datasource);
    return startRemote<std::shared_ptr<Answer>>(receiver,
        [client](const std::atomic_bool* cancel) { return std::make_shared<Answer>(client->test(cancel)); },
        [done = std::move(done)](const std::shared_ptr<Answer>& a) { done(*a); });
}

} // namespace sg::services
