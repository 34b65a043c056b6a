#include "loki_client.h"

#include "core/common/client_tls.h"

#include "core/api/loki_push.h"
#include "core/metrics/registry.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <algorithm>

namespace sg::forward {

namespace {

std::size_t lineBytes(const logs::PushBatch& batch)
{
    std::size_t n = 0;
    for (const auto& s : batch.streams)
        for (const auto& e : s.entries)
            n += e.line.size();
    return n;
}

std::size_t entryCount(const logs::PushBatch& batch)
{
    std::size_t n = 0;
    for (const auto& s : batch.streams)
        n += s.entries.size();
    return n;
}

/// Appends `from`'s streams to `to`, merging streams with the same labels.
void appendStreams(logs::PushBatch& to, logs::PushBatch&& from)
{
    for (auto& s : from.streams) {
        auto it = std::find_if(to.streams.begin(), to.streams.end(), [&](const logs::Stream& t) { return t.labels == s.labels; });
        if (it == to.streams.end())
            to.streams.push_back(std::move(s));
        else
            std::move(s.entries.begin(), s.entries.end(), std::back_inserter(it->entries));
    }
}

/// Retry-After in seconds (a date is not honoured: the backoff applies).
qint64 retryAfterMs(QNetworkReply* reply)
{
    bool ok = false;
    const qint64 seconds = reply->rawHeader("Retry-After").trimmed().toLongLong(&ok);
    return ok && seconds >= 0 ? seconds * 1000 : -1;
}

} // namespace

LokiClient::LokiClient(ingest::ClientConfig config, metrics::Registry* metrics, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_url(QString::fromStdString(m_config.url))
{
    if (metrics) {
        const Labels host { { "host", m_url.authority().toStdString() } };
        m_sentEntries = &metrics->counter("promtail_sent_entries_total", "Number of log entries sent to the ingester.", host);
        m_sentBytes = &metrics->counter("promtail_sent_bytes_total", "Number of bytes sent.", host);
        m_droppedEntries = &metrics->counter("promtail_dropped_entries_total",
            "Number of log entries dropped because they failed to be sent to the ingester after all retries.", host);
        m_retries = &metrics->counter("promtail_batch_retries_total", "Number of times batches have had to be retried.", host);
        m_pending = &metrics->gauge("sightglass_client_pending_entries", "Log entries waiting to be sent to a client.", host);
    }
}

LokiClient::~LokiClient() = default;

void LokiClient::start()
{
    m_nam = new QNetworkAccessManager(this);
    m_batchTimer = new QTimer(this);
    m_batchTimer->setSingleShot(true);
    connect(m_batchTimer, &QTimer::timeout, this, [this] { maybeSend(); });
    m_retryTimer = new QTimer(this);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, [this] { send(); });
}

void LokiClient::stop()
{
    m_stopped = true;
    if (m_batchTimer)
        m_batchTimer->stop();
    if (m_retryTimer)
        m_retryTimer->stop();
    if (m_reply) {
        QNetworkReply* reply = m_reply;
        m_reply = nullptr;
        reply->abort();
        reply->deleteLater();
    }
}

ClientStats LokiClient::stats() const
{
    std::lock_guard lock(m_statsMutex);
    return m_stats;
}

logs::PushBatch LokiClient::withExternalLabels(logs::PushBatch batch) const
{
    if (m_config.externalLabels.empty())
        return batch;
    for (auto& s : batch.streams) {
        std::vector<Label> merged(s.labels.begin(), s.labels.end());
        for (const auto& [name, value] : m_config.externalLabels)
            if (s.labels.get(name).empty())
                merged.push_back(Label { name, value }); // the stream's own label wins, as in Promtail
        s.labels = Labels(std::move(merged));
    }
    return batch;
}

void LokiClient::enqueue(const logs::PushBatch& batch, quint64 seq)
{
    if (m_stopped)
        return;
    Queued q { withExternalLabels(batch), seq, lineBytes(batch) };
    const std::size_t entries = entryCount(q.batch);
    m_queuedBytes += q.bytes;
    m_queue.push_back(std::move(q));
    {
        std::lock_guard lock(m_statsMutex);
        m_stats.pendingEntries += entries;
    }
    if (m_pending)
        m_pending->inc(double(entries));
    if (m_queuedBytes >= m_config.batchSize)
        maybeSend();
    else if (m_batchTimer && !m_batchTimer->isActive() && !m_inFlight)
        m_batchTimer->start(int(m_config.batchWait));
}

void LokiClient::maybeSend()
{
    if (m_stopped || m_inFlight || m_queue.empty() || !m_nam)
        return;
    m_batchTimer->stop();
    m_inFlight = takeRequest();
    send();
}

LokiClient::Request LokiClient::takeRequest()
{
    logs::PushBatch push;
    Request r;
    while (!m_queue.empty()) {
        Queued& q = m_queue.front();
        if (r.bytes > 0 && r.bytes + q.bytes > m_config.batchSize)
            break;
        if (q.bytes <= m_config.batchSize || r.bytes > 0) {
            r.bytes += q.bytes;
            r.entries += entryCount(q.batch);
            r.completes.push_back(q.seq);
            m_queuedBytes -= q.bytes;
            appendStreams(push, std::move(q.batch));
            m_queue.pop_front();
            continue;
        }
        // One batch larger than batchsize goes in several pushes; the last one finishes it.
        logs::PushBatch part;
        while (!q.batch.streams.empty() && r.bytes < m_config.batchSize) {
            logs::Stream& s = q.batch.streams.back();
            logs::Stream piece { s.labels, {} };
            std::size_t i = 0;
            for (; i < s.entries.size() && r.bytes < m_config.batchSize; ++i) {
                r.bytes += s.entries[i].line.size();
                piece.entries.push_back(std::move(s.entries[i]));
            }
            s.entries.erase(s.entries.begin(), s.entries.begin() + std::ptrdiff_t(i));
            r.entries += piece.entries.size();
            part.streams.push_back(std::move(piece));
            if (s.entries.empty())
                q.batch.streams.pop_back();
        }
        const std::size_t taken = std::min(q.bytes, r.bytes);
        q.bytes -= taken;
        m_queuedBytes -= taken;
        appendStreams(push, std::move(part));
        if (q.batch.streams.empty()) {
            r.completes.push_back(q.seq);
            m_queue.pop_front();
        }
        break;
    }
    r.body = api::encodePushProtobuf(push);
    return r;
}

void LokiClient::send()
{
    if (m_stopped || !m_inFlight || m_reply)
        return;
    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/x-protobuf"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArray("Sightglass"));
    request.setTransferTimeout(int(m_config.timeout));
    if (!m_config.tenantId.empty())
        request.setRawHeader("X-Scope-OrgID", QByteArray::fromStdString(m_config.tenantId));
    if (!m_config.authorization.empty())
        request.setRawHeader("Authorization", QByteArray::fromStdString(m_config.authorization));
    for (const auto& [name, value] : m_config.headers)
        request.setRawHeader(QByteArray::fromStdString(name), QByteArray::fromStdString(value));
    if (m_url.scheme() == QLatin1String("https")) {
        const ingest::ClientTls& tls = m_config.tls;
        const Result<QSslConfiguration> ssl = clientSslConfiguration({ QString::fromStdString(tls.caFile), {},
            QString::fromStdString(tls.certFile), {}, QString::fromStdString(tls.keyFile), {}, tls.insecureSkipVerify });
        if (!ssl.ok()) { // like a network error: kept, retried with backoff
            ++m_inFlight->attempts;
            retryOrDrop(0, "TLS configuration: " + ssl.error().message, -1);
            return;
        }
        request.setSslConfiguration(*ssl);
        if (!tls.serverName.empty())
            request.setPeerVerifyName(QString::fromStdString(tls.serverName));
    }
    ++m_inFlight->attempts;
    m_reply = m_nam->post(request, QByteArray::fromStdString(m_inFlight->body));
    QNetworkReply* reply = m_reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

void LokiClient::onFinished(QNetworkReply* reply)
{
    reply->deleteLater();
    if (reply != m_reply)
        return; // aborted by stop()
    m_reply = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 200 && status < 300) {
        complete(true, {});
        return;
    }
    const std::string reason = status ? "HTTP " + std::to_string(status) + ": " + reply->readAll().trimmed().left(512).toStdString()
                                      : reply->errorString().toStdString();
    retryOrDrop(status, reason, status == 429 ? retryAfterMs(reply) : -1);
}

void LokiClient::retryOrDrop(int status, const std::string& reason, qint64 retryAfter)
{
    {
        std::lock_guard lock(m_statsMutex);
        m_stats.lastError = reason;
    }
    const bool retryable = status == 0 || status == 429 || status >= 500;
    const int maxRetries = m_config.backoff.maxRetries;
    if (!retryable || (maxRetries > 0 && m_inFlight->attempts > maxRetries)) {
        complete(false, reason);
        return;
    }
    // Exponential backoff from min_period, doubled per attempt up to max_period; a 429's Retry-After wins.
    qint64 wait = m_config.backoff.minPeriod;
    for (int i = 1; i < m_inFlight->attempts && wait < m_config.backoff.maxPeriod; ++i)
        wait *= 2;
    wait = std::min<qint64>(wait, m_config.backoff.maxPeriod);
    if (retryAfter >= 0)
        wait = retryAfter;
    {
        std::lock_guard lock(m_statsMutex);
        ++m_stats.retries;
    }
    if (m_retries)
        m_retries->inc();
    retryLater(wait);
}

void LokiClient::retryLater(qint64 waitMs) { m_retryTimer->start(int(std::min<qint64>(waitMs, 24 * 3600'000))); }

void LokiClient::complete(bool delivered, const std::string& reason)
{
    const Request r = std::move(*m_inFlight);
    m_inFlight.reset();
    {
        std::lock_guard lock(m_statsMutex);
        m_stats.pendingEntries -= std::min<std::uint64_t>(m_stats.pendingEntries, r.entries);
        if (delivered) {
            m_stats.sentEntries += r.entries;
            m_stats.sentBytes += r.bytes;
            m_stats.lastError.clear();
        } else {
            m_stats.droppedEntries += r.entries;
            m_stats.lastError = "dropped " + std::to_string(r.entries) + " entries: " + reason;
        }
    }
    if (m_pending)
        m_pending->dec(double(r.entries));
    if (delivered && m_sentEntries) {
        m_sentEntries->inc(double(r.entries));
        m_sentBytes->inc(double(r.bytes));
    } else if (!delivered && m_droppedEntries) {
        m_droppedEntries->inc(double(r.entries));
    }
    if (m_acknowledge)
        for (quint64 seq : r.completes)
            m_acknowledge(seq);
    if (m_queuedBytes >= m_config.batchSize)
        maybeSend();
    else if (!m_queue.empty())
        m_batchTimer->start(int(m_config.batchWait));
}

} // namespace sg::forward
