// QueryClientCompletionData against a remote datasource: the remote's label, metadata and query endpoints through
// its RemoteClient (blocking on the completion worker's thread, at most RemoteCompletionTimeoutMs per request).
#include "query_client_data.h"

#include "core/common/time.h"
#include "core/query/frames.h"
#include "core/remote/remote_client.h"
#include "core/services/query_client.h"

namespace sg::langsvc {

namespace {

/// Remote label answers kept at most (typing explores a few selectors; the map is emptied when full).
constexpr std::size_t RemoteCacheEntries = 256;

std::vector<std::string> utf8List(const Result<QStringList>& list)
{
    std::vector<std::string> out;
    if (!list.ok())
        return out;
    out.reserve(std::size_t(list->size()));
    for (const QString& s : *list)
        out.push_back(s.toStdString());
    return out;
}

QStringList selectorsOf(const Matchers& scope)
{
    const std::string selector = selectorText(scope);
    return selector.empty() ? QStringList() : QStringList { QString::fromStdString(selector) };
}

} // namespace

std::string selectorText(const Matchers& matchers)
{
    if (matchers.empty())
        return {};
    std::string s = "{";
    for (std::size_t i = 0; i < matchers.size(); ++i) {
        if (i > 0)
            s += ',';
        s += matchers[i].toString();
    }
    s += '}';
    return s;
}

std::shared_ptr<const remote::RemoteClient> QueryClientCompletionData::remote() const
{
    auto client = m_client->remoteClient(m_uid);
    if (!client || client->datasource().timeoutMs <= RemoteCompletionTimeoutMs)
        return client;
    remote::RemoteDatasource bounded = client->datasource();
    bounded.timeoutMs = RemoteCompletionTimeoutMs;
    return std::make_shared<const remote::RemoteClient>(std::move(bounded));
}

std::vector<std::string> QueryClientCompletionData::cachedRemote(const std::string& key,
    const std::function<std::vector<std::string>()>& fetch)
{
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_remoteLabels.find(key);
        if (it != m_remoteLabels.end() && nowMs() - it->second.first < m_cacheMs)
            return it->second.second;
    }
    std::vector<std::string> answer = fetch();
    std::lock_guard lock(m_mutex);
    if (m_remoteLabels.size() >= RemoteCacheEntries)
        m_remoteLabels.clear();
    m_remoteLabels[key] = { nowMs(), answer };
    return answer;
}

std::pair<qint64, qint64> QueryClientCompletionData::remoteRange() const
{
    // "All of it" (the CLI's MinTimeMs..MaxTimeMs) is no range to send: the remote's default then applies.
    if (m_from <= 0 || m_to >= MaxTimeMs / 1000)
        return { 0, 0 };
    return { m_from, m_to };
}

std::vector<std::string> QueryClientCompletionData::remoteLabelValues(const remote::RemoteClient& remote,
    const std::string& name, const Matchers& scope)
{
    const auto range = remoteRange();
    return cachedRemote("values\n" + name + "\n" + selectorText(scope), [&] {
        return utf8List(remote.labelValues(QString::fromStdString(name), selectorsOf(scope), range.first, range.second));
    });
}

std::vector<std::string> QueryClientCompletionData::remoteLabelNames(const remote::RemoteClient& remote,
    const Matchers& scope)
{
    const auto range = remoteRange();
    return cachedRemote("names\n" + selectorText(scope), [&] {
        return utf8List(remote.labelNames(selectorsOf(scope), range.first, range.second));
    });
}

std::vector<scrape::MetricMetadata> QueryClientCompletionData::remoteMetadata(const remote::RemoteClient& remote) const
{
    if (remote.datasource().type != remote::RemoteType::Prometheus)
        return {};
    auto metadata = remote.metadata();
    return metadata.ok() ? std::move(*metadata) : std::vector<scrape::MetricMetadata>();
}

std::vector<LogSample> QueryClientCompletionData::remoteLogs(const remote::RemoteClient& remote,
    const std::string& logQuery, int limit) const
{
    std::vector<LogSample> out;
    if (remote.datasource().type != remote::RemoteType::Loki)
        return out;
    remote::RemoteQuery q;
    q.kind = remote::RemoteQuery::Kind::Logs;
    q.expr = QString::fromStdString(logQuery);
    const auto [from, to] = remoteRange();
    q.toMs = to ? to : nowMs();
    q.fromMs = from ? from : q.toMs - 3600'000; // Loki's own default window: the last hour
    q.limit = std::max(limit, 0);
    q.direction = logs::Direction::Backward;
    const remote::RemoteAnswer answer = remote.query(q);
    if (answer.error || !answer.isLogs)
        return out;
    // Log rows come newest first, each with its stream's labels (those the pipeline extracted among them).
    for (const query::LogRow& row : answer.logs)
        out.push_back({ row.line.toStdString(), query::toLabels(row.labels) });
    return out;
}

} // namespace sg::langsvc
