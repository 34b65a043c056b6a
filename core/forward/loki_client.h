#pragma once

#include "core/ingest/client_config.h"
#include "core/logstore/log_store.h"

#include <QObject>
#include <QUrl>

#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace sg::metrics {
class Counter;
class Gauge;
class Registry;
} // namespace sg::metrics

namespace sg::forward {

/// A snapshot of one client's counters (thread-safe to read through LokiClient::stats()).
struct ClientStats
{
    std::uint64_t sentEntries = 0;
    std::uint64_t sentBytes = 0;    ///< line bytes acknowledged by the remote
    std::uint64_t droppedEntries = 0;
    std::uint64_t retries = 0;      ///< pushes tried again after a 5xx, a 429 or a network error
    std::uint64_t pendingEntries = 0;
    std::string lastError;          ///< the last failed push's reason; empty once a push succeeds
};

/// Promtail's client: pushes collected lines to a remote Loki (`clients:` of a Promtail config) as protobuf +
/// snappy, in batches of `batchsize` bytes or `batchwait` time, one push in flight at a time, so lines arrive in
/// order. Failures are retried with exponential backoff (`backoff_config`) on 5xx, 429 (honouring Retry-After) and
/// network errors; a 4xx other than 429 drops the batch (the remote will never take it) and counts it. A batch of
/// the collector is acknowledged (`setAcknowledge`) once the remote took all its lines, or dropped them for good,
/// so the collector's positions never move past a line the remote may still need.
/// Lives on its own thread: call start() and enqueue() through queued invocations.
class LokiClient : public QObject
{
    Q_OBJECT
public:
    /// `metrics`: where promtail_sent_entries_total, promtail_dropped_entries_total, ... are kept (may be null).
    LokiClient(ingest::ClientConfig config, metrics::Registry* metrics = nullptr, QObject* parent = nullptr);
    ~LokiClient() override;

    /// Called on the client's thread with the collector's batch number once it is delivered or dropped for good.
    void setAcknowledge(std::function<void(quint64 seq)> acknowledge) { m_acknowledge = std::move(acknowledge); }

    /// Creates the network objects on the calling (the client's) thread.
    Q_INVOKABLE void start();
    /// Aborts a push in flight and stops; what was not delivered is read again by the collector at its next start.
    Q_INVOKABLE void stop();
    /// Queues the collector's batch `seq`.
    Q_INVOKABLE void enqueue(const sg::logs::PushBatch& batch, quint64 seq);

    ClientStats stats() const;
    const ingest::ClientConfig& config() const { return m_config; }

private:
    struct Queued
    {
        logs::PushBatch batch;
        quint64 seq = 0;
        std::size_t bytes = 0;
    };
    struct Request
    {
        std::string body;
        std::size_t entries = 0;
        std::size_t bytes = 0;
        std::vector<quint64> completes; ///< collector batches this push finishes
        int attempts = 0;
    };

    void maybeSend();
    Request takeRequest();
    void send();
    void onFinished(QNetworkReply* reply);
    /// A failed attempt (`status` 0: no HTTP answer): retried after the backoff (or `retryAfter` ms when that is
    /// not negative) while retryable and under max_retries, else dropped and counted.
    void retryOrDrop(int status, const std::string& reason, qint64 retryAfter);
    /// Ends the request in flight: acknowledges the batches it finishes.
    void complete(bool delivered, const std::string& reason);
    void retryLater(qint64 waitMs);
    logs::PushBatch withExternalLabels(logs::PushBatch batch) const;

    ingest::ClientConfig m_config;
    QUrl m_url;
    std::function<void(quint64)> m_acknowledge;
    QNetworkAccessManager* m_nam = nullptr;
    QTimer* m_batchTimer = nullptr;
    QTimer* m_retryTimer = nullptr;
    QNetworkReply* m_reply = nullptr;
    std::deque<Queued> m_queue;
    std::size_t m_queuedBytes = 0;
    std::optional<Request> m_inFlight;
    bool m_stopped = false;

    mutable std::mutex m_statsMutex;
    ClientStats m_stats;
    metrics::Counter* m_sentEntries = nullptr;
    metrics::Counter* m_sentBytes = nullptr;
    metrics::Counter* m_droppedEntries = nullptr;
    metrics::Counter* m_retries = nullptr;
    metrics::Gauge* m_pending = nullptr;
};

} // namespace sg::forward
