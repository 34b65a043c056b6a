#pragma once

#include "loki_api.h"
#include "loki_push.h"
#include "prometheus_api.h"
#include "remote_write.h"
#include "web_config.h"

#include <QHostAddress>
#include <QObject>
#include <QThreadPool>
#include <QUrl>

#include <functional>
#include <memory>

class QHttpServer;

namespace sg::api {

/// How the API server listens and what it accepts.
struct ApiServerOptions
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0;            ///< 0: an ephemeral port
    PushLimits push;
    PrometheusApiOptions prometheus;
    int tailPollMs = 250;        ///< how often a tail WebSocket polls the store
    int workerThreads = 4;       ///< queries and pushes run on this pool, never on the server's thread
    /// Why the server is not ready (a store failed), or nullopt when it is; called on the server's thread by
    /// /-/ready and /ready, which answer 503 with the reason. Unset: always ready.
    std::function<std::optional<std::string>()> notReadyReason;
    /// `--web.config.file`: TLS and basic auth. Without one that protects the listener, only a loopback address
    /// may be listened on.
    std::optional<WebConfig> web;
    /// Pushes must name this tenant in `X-Scope-OrgID` (as a multi-tenant Loki); empty: any or none.
    std::string lokiTenant;
    /// Pushes must carry `Authorization: Bearer TOKEN`; empty: no token.
    std::string lokiPushToken;
    /// Requests with a larger body get 413; a longer URL (query string included) gets 414.
    qsizetype maxRequestBytes = 64 << 20;
    /// `POST /api/v1/write` stores through this (Prometheus' remote-write receiver); empty: off (404), as Prometheus
    /// without --web.enable-remote-write-receiver.
    MetricAppender remoteWrite;
    qsizetype maxUrlBytes = 256 << 10;
};

/// Parses `HOST:PORT` (`127.0.0.1:9090`, `[::1]:9090`, `:9090` = loopback) into the options' address and port.
Result<std::pair<QHostAddress, quint16>> parseListenAddress(const QString& text);

/// Stores a push on the log store's own thread and returns what it did; called from a worker thread, it blocks
/// that worker (never the server) until the lines are stored.
using Pusher = std::function<logs::PushStats(logs::PushBatch&&)>;

/// Serves Prometheus' HTTP API, Loki's push, query and tail APIs, and the readiness endpoints on one port.
/// Lives on the thread that calls listen() (an event loop is needed); requests are decoded there and answered
/// from a worker pool, so one slow query or push does not hold up the others.
class ApiServer : public QObject
{
    Q_OBJECT
public:
    /// Queries go through `client`, the one query path (it must outlive the server); the tail reads its log store's
    /// arrival feed. `scrape` may be null (no targets). `pusher` must be usable from any thread.
    ApiServer(const services::QueryClient* client, Pusher pusher, const scrape::ScrapeManager* scrape,
        ApiServerOptions options = {}, QObject* parent = nullptr);
    ~ApiServer() override;

    /// Starts listening on the configured address; call it on the thread that serves. Returns the bound port, or
    /// an Io error.
    Result<quint16> listen();
    /// `http://host:port` once listening.
    QUrl url() const;

Q_SIGNALS:
    /// Emitted (on a worker thread) after a push stored `lines` lines.
    void linesPushed(qsizetype lines);

private:
    void addRoutes();
    /// Refuses what the options do not allow before any route runs: 401 without the right credentials, 413/414
    /// beyond the size limits.
    void addGuard();
    void acceptWebSockets();
    ApiResponse push(const ApiRequest& request);

    ApiServerOptions m_options;
    std::shared_ptr<const logs::LogQuerier> m_logStore;
    Pusher m_pusher;
    PrometheusApi m_prometheus;
    LokiApi m_loki;
    QThreadPool m_pool;
    QHttpServer* m_server = nullptr;
    quint16 m_port = 0;
    std::shared_ptr<BasicAuth> m_basicAuth;
};

} // namespace sg::api
