#include "api_server.h"

#include "loki_tail.h"

#include "core/common/tcp_low_delay.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QHttpServerRouter>
#include <QHttpServerRouterRule>
#include <QSslConfiguration>
#include <QTimer>
#include <QWebSocket>
#include <QtConcurrent/QtConcurrentRun>

namespace sg::api {

namespace {
using Method = QHttpServerRequest::Method;
constexpr auto GetPost = QHttpServerRequest::Methods(Method::Get | Method::Post);

ApiRequest toApiRequest(const QHttpServerRequest& r)
{
    ApiRequest a;
    a.path = r.url().path().toStdString();
    parseFormEncoded(r.url().query(QUrl::FullyEncoded).toStdString(), a.params);
    for (const auto& [name, value] : r.headers())
        a.headers[name.toLower().toStdString()] = value.trimmed().toStdString();
    a.body = r.body();
    if (r.method() == Method::Post && a.header("content-type").rfind("application/x-www-form-urlencoded", 0) == 0)
        parseFormEncoded(std::string_view(a.body.constData(), std::size_t(a.body.size())), a.params);
    return a;
}

QHttpServerResponse toResponse(ApiResponse a)
{
    if (a.status == 204)
        return QHttpServerResponse(QHttpServerResponse::StatusCode::NoContent);
    return QHttpServerResponse(std::move(a.contentType), std::move(a.body), QHttpServerResponse::StatusCode(a.status));
}

ApiResponse plain(int status, const std::string& text)
{
    return ApiResponse { status, "text/plain; charset=utf-8", QByteArray::fromStdString(text) };
}
}

namespace {

/// Why the guard refused a request.
struct Rejection
{
    QHttpServerResponder::StatusCode status;
    std::string message;
    bool askForCredentials; ///< adds WWW-Authenticate: Basic
};

using GuardView = void (*)();

/// The first rule of the router: it "matches" a request it refuses and answers it; every other request goes on
/// to the routes.
class GuardRule : public QHttpServerRouterRule
{
public:
    using Check = std::function<std::optional<Rejection>(const QHttpServerRequest&)>;
    explicit GuardRule(Check check)
        : QHttpServerRouterRule(QString(), [](const QRegularExpressionMatch&, const QHttpServerRequest& request, QTcpSocket* socket) {
            respond(request, socket);
        })
        , m_check(std::move(check))
    {
    }

protected:
    bool matches(const QHttpServerRequest& request, QRegularExpressionMatch*) const override
    {
        t_rejection = m_check(request);
        return t_rejection.has_value();
    }

private:
    static void respond(const QHttpServerRequest& request, QTcpSocket* socket);

    Check m_check;
    static inline thread_local std::optional<Rejection> t_rejection;
};

/// Reaches QAbstractHttpServer's responder factory for the guard (never instantiated).
class ResponderAccess : public QAbstractHttpServer
{
public:
    using QAbstractHttpServer::makeResponder;
};

void GuardRule::respond(const QHttpServerRequest& request, QTcpSocket* socket)
{
    if (!t_rejection)
        return;
    auto responder = ResponderAccess::makeResponder(request, socket);
    const QByteArray body = QByteArray::fromStdString(t_rejection->message + "\n");
    if (t_rejection->askForCredentials)
        responder.write(body, { { "Content-Type", "text/plain; charset=utf-8" }, { "WWW-Authenticate", "Basic realm=\"sightglass\"" } },
            t_rejection->status);
    else
        responder.write(body, { { "Content-Type", "text/plain; charset=utf-8" } }, t_rejection->status);
    t_rejection.reset();
}

} // namespace

Result<std::pair<QHostAddress, quint16>> parseListenAddress(const QString& text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon < 0)
        return Error { ErrorCode::BadData, "listen address must be HOST:PORT, got \"" + text.toStdString() + "\"", {} };
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535)
        return Error { ErrorCode::BadData, "invalid port in listen address \"" + text.toStdString() + "\"", {} };
    QHostAddress address(QHostAddress::LocalHost);
    if (host == u"localhost")
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!host.isEmpty() && !address.setAddress(host))
        return Error { ErrorCode::BadData, "invalid host in listen address \"" + text.toStdString() + "\"", {} };
    return std::pair { address, quint16(port) };
}

ApiServer::ApiServer(const services::QueryClient* client, Pusher pusher, const scrape::ScrapeManager* scrape,
    ApiServerOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_logStore(client->logsQuerier())
    , m_pusher(std::move(pusher))
    , m_prometheus(client, scrape, m_options.prometheus)
    , m_loki(client)
{
    m_pool.setMaxThreadCount(std::max(1, m_options.workerThreads));
    // Parsing and evaluating recurse up to the parsers' nesting limit (1,000): a known stack, not the platform's
    // default (512 KiB for secondary threads on macOS; frames are several times larger under sanitizers).
    m_pool.setStackSize(services::QueryStackBytes);
    m_pool.setObjectName(QStringLiteral("ApiPool"));
}

ApiServer::~ApiServer()
{
    m_pool.waitForDone();
}

Result<quint16> ApiServer::listen()
{
    if (!m_server) {
        // Created here, on the serving thread: the server's internal WebSocket server is not a QObject child and
        // would not follow a moveToThread().
        if (!m_options.address.isLoopback() && !(m_options.web && m_options.web->protects()))
            return Error { ErrorCode::Io,
                "not listening on " + m_options.address.toString().toStdString() + ":" + std::to_string(m_options.port)
                    + ": without a --web.config.file that sets TLS or basic_auth_users, Sightglass listens on "
                      "127.0.0.1 only",
                {} };
        m_server = new QHttpServer(this);
        if (m_options.web && m_options.web->tls()) {
            auto ssl = m_options.web->sslConfiguration();
            if (!ssl)
                return ssl.error();
            m_server->sslSetup(*ssl);
        }
        addGuard();
        addRoutes();
        connect(m_server, &QHttpServer::newWebSocketConnection, this, &ApiServer::acceptWebSockets);
    }
    m_port = m_server->listen(m_options.address, m_options.port);
    if (m_port == 0)
        return Error { ErrorCode::Io,
            "cannot listen on " + m_options.address.toString().toStdString() + ":" + std::to_string(m_options.port), {} };
    setLowDelay(m_server->servers());
    return m_port;
}

QUrl ApiServer::url() const
{
    if (m_port == 0)
        return {};
    QUrl u;
    u.setScheme(m_options.web && m_options.web->tls() ? QStringLiteral("https") : QStringLiteral("http"));
    u.setHost(m_options.address.toString());
    u.setPort(m_port);
    return u;
}

void ApiServer::addGuard()
{
    if (m_options.web)
        m_basicAuth = std::make_shared<BasicAuth>(m_options.web->basicAuthUsers);
    auto reject = [options = m_options, auth = m_basicAuth](const QHttpServerRequest& r) -> std::optional<Rejection> {
        if (r.body().size() > options.maxRequestBytes)
            return Rejection { QHttpServerResponder::StatusCode::PayloadTooLarge,
                "request body of " + std::to_string(r.body().size()) + " bytes is over the limit of "
                    + std::to_string(options.maxRequestBytes),
                false };
        if (r.url().toEncoded().size() > options.maxUrlBytes)
            return Rejection { QHttpServerResponder::StatusCode::UriTooLong,
                "URL over the limit of " + std::to_string(options.maxUrlBytes) + " bytes", false };
        if (auth && !auth->check(r.value("authorization")))
            return Rejection { QHttpServerResponder::StatusCode::Unauthorized, "Unauthorized", true };
        if (r.url().path() == QLatin1String("/loki/api/v1/push")) {
            if (!options.lokiTenant.empty() && r.value("x-scope-orgid").toStdString() != options.lokiTenant)
                return Rejection { QHttpServerResponder::StatusCode::Unauthorized, "no org id", false };
            if (!options.lokiPushToken.empty() && r.value("authorization") != "Bearer " + QByteArray::fromStdString(options.lokiPushToken))
                return Rejection { QHttpServerResponder::StatusCode::Unauthorized, "the push needs its bearer token", false };
        }
        return std::nullopt;
    };
    m_server->router()->addRule<GuardView>(std::make_unique<GuardRule>(std::move(reject)));
}

void ApiServer::acceptWebSockets()
{
    while (m_server->hasPendingWebSocketConnections())
        new TailSession(m_server->nextPendingWebSocketConnection(), m_logStore, m_options.tailPollMs, this);
}

ApiResponse ApiServer::push(const ApiRequest& request)
{
    auto decoded = decodePush(request.body, request.header("content-type"), request.header("content-encoding"),
        m_options.push, nowNs());
    if (!decoded.ok())
        return LokiApi::textError(400, decoded.error().message);
    std::vector<std::string> reasons = std::move(decoded->rejections);
    logs::PushStats stats;
    if (!decoded->batch.streams.empty())
        stats = m_pusher(std::move(decoded->batch));
    if (stats.accepted > 0)
        Q_EMIT linesPushed(qsizetype(stats.accepted));
    // Lines the store could not make durable are not acknowledged: the client keeps and retries them.
    if (stats.failed > 0)
        return LokiApi::textError(500, "could not store " + std::to_string(stats.failed) + " of "
            + std::to_string(decoded->lines) + " entries: " + (stats.error.empty() ? std::string("write failed") : stats.error));
    if (stats.outOfOrder > 0)
        reasons.push_back(std::to_string(stats.outOfOrder)
            + " entries were out of order: older than their stream's newest entry minus the out-of-order window");
    if (stats.streamLimited > 0 && reasons.empty() && stats.outOfOrder == 0)
        return LokiApi::textError(429, "Maximum active stream limit exceeded: " + std::to_string(stats.streamLimited)
            + " entries of new streams rejected; reduce the number of streams (fewer or lower-cardinality labels)");
    if (stats.streamLimited > 0)
        reasons.push_back(std::to_string(stats.streamLimited) + " entries rejected: maximum active stream limit exceeded");
    if (reasons.empty())
        return ApiResponse { 204, {}, {} };
    std::string message;
    const std::size_t shown = std::min<std::size_t>(reasons.size(), 10);
    for (std::size_t i = 0; i < shown; ++i)
        message += reasons[i] + "\n";
    if (reasons.size() > shown)
        message += "and " + std::to_string(reasons.size() - shown) + " more errors\n";
    message += "total ignored: "
        + std::to_string(reasons.size() - (stats.outOfOrder ? 1 : 0) + stats.outOfOrder - (stats.streamLimited ? 1 : 0)
            + stats.streamLimited)
        + " out of " + std::to_string(decoded->lines);
    return LokiApi::textError(400, message);
}

void ApiServer::addRoutes()
{
    // A handler answered on the pool: the request is decoded here, on the server's thread.
    auto onPool = [this](auto fn) {
        return [this, fn](const QHttpServerRequest& r) {
            return QtConcurrent::run(&m_pool, [fn, request = toApiRequest(r)] { return toResponse(fn(request)); });
        };
    };
    // Queries get a deadline: a timer on this thread raises the flag the engine polls.
    auto query = [this](auto fn, bool prometheus) {
        return [this, fn, prometheus](const QHttpServerRequest& r) {
            ApiRequest request = toApiRequest(r);
            auto cancel = std::make_shared<std::atomic_bool>(false);
            const DurationMs timeout = m_prometheus.timeoutFor(request);
            QTimer::singleShot(std::chrono::milliseconds(timeout), this, [cancel] { *cancel = true; });
            return QtConcurrent::run(&m_pool, [fn, cancel, prometheus, request = std::move(request)] {
                ApiResponse response = fn(request, cancel.get());
                if (*cancel && response.status >= 500)
                    response = prometheus ? PrometheusApi::error(503, "timeout", "query timed out in expression evaluation")
                                          : LokiApi::textError(504, "context deadline exceeded");
                return toResponse(std::move(response));
            });
        };
    };
    const PrometheusApi* p = &m_prometheus;
    const LokiApi* l = &m_loki;

    m_server->route(QStringLiteral("/api/v1/query"), GetPost,
        query([p](const ApiRequest& r, const std::atomic_bool* c) { return p->query(r, c); }, true));
    m_server->route(QStringLiteral("/api/v1/query_range"), GetPost,
        query([p](const ApiRequest& r, const std::atomic_bool* c) { return p->queryRange(r, c); }, true));
    m_server->route(QStringLiteral("/api/v1/series"), GetPost, onPool([p](const ApiRequest& r) { return p->series(r); }));
    m_server->route(QStringLiteral("/api/v1/labels"), GetPost, onPool([p](const ApiRequest& r) { return p->labels(r); }));
    m_server->route(QStringLiteral("/api/v1/label/<arg>/values"), Method::Get,
        [this, p](const QString& name, const QHttpServerRequest& r) {
            return QtConcurrent::run(&m_pool, [p, name = name.toStdString(), request = toApiRequest(r)] {
                return toResponse(p->labelValues(request, name));
            });
        });
    m_server->route(QStringLiteral("/api/v1/metadata"), Method::Get, onPool([p](const ApiRequest& r) { return p->metadata(r); }));
    m_server->route(QStringLiteral("/api/v1/targets"), Method::Get, onPool([p](const ApiRequest& r) { return p->targets(r); }));
    m_server->route(QStringLiteral("/api/v1/format_query"), GetPost,
        onPool([p](const ApiRequest& r) { return p->formatQuery(r); }));
    m_server->route(QStringLiteral("/api/v1/status/buildinfo"), Method::Get, [p] { return toResponse(p->buildInfo()); });
    auto notReady = m_options.notReadyReason;
    m_server->route(QStringLiteral("/-/ready"), Method::Get, [notReady] {
        if (auto reason = notReady ? notReady() : std::nullopt)
            return toResponse(plain(503, "Service Unavailable: " + *reason + "\n"));
        return toResponse(plain(200, "Prometheus Server is Ready.\n"));
    });
    m_server->route(QStringLiteral("/-/healthy"), Method::Get, [] { return toResponse(plain(200, "Prometheus Server is Healthy.\n")); });

    m_server->route(QStringLiteral("/loki/api/v1/push"), Method::Post, onPool([this](const ApiRequest& r) { return push(r); }));
    m_server->route(QStringLiteral("/api/v1/write"), Method::Post, onPool([this](const ApiRequest& r) {
        return receiveRemoteWrite(r, m_options.remoteWrite, m_options.push.maxDecodedBytes);
    }));
    m_server->route(QStringLiteral("/loki/api/v1/query"), GetPost,
        query([l](const ApiRequest& r, const std::atomic_bool* c) { return l->query(r, c); }, false));
    m_server->route(QStringLiteral("/loki/api/v1/query_range"), GetPost,
        query([l](const ApiRequest& r, const std::atomic_bool* c) { return l->queryRange(r, c); }, false));
    for (const auto* path : { "/loki/api/v1/labels", "/loki/api/v1/label" })
        m_server->route(QString::fromLatin1(path), GetPost, onPool([l](const ApiRequest& r) { return l->labels(r); }));
    m_server->route(QStringLiteral("/loki/api/v1/label/<arg>/values"), Method::Get,
        [this, l](const QString& name, const QHttpServerRequest& r) {
            return QtConcurrent::run(&m_pool, [l, name = name.toStdString(), request = toApiRequest(r)] {
                return toResponse(l->labelValues(request, name));
            });
        });
    m_server->route(QStringLiteral("/loki/api/v1/series"), GetPost, onPool([l](const ApiRequest& r) { return l->series(r); }));
    m_server->route(QStringLiteral("/loki/api/v1/patterns"), GetPost,
        query([l](const ApiRequest& r, const std::atomic_bool* c) { return l->patterns(r, c); }, false));
    m_server->route(QStringLiteral("/loki/api/v1/index/stats"), GetPost,
        onPool([l](const ApiRequest& r) { return l->indexStats(r); }));
    // The WebSocket upgrade is accepted only for a route that handles the request; the socket then goes to
    // acceptWebSockets(). A plain GET gets a 400.
    m_server->route(QStringLiteral("/loki/api/v1/tail"), Method::Get,
        [](const QHttpServerRequest& r, QHttpServerResponder&& responder) {
            if (r.value("upgrade").compare("websocket", Qt::CaseInsensitive) != 0)
                responder.write(QByteArray("the tail endpoint needs a WebSocket upgrade\n"), QByteArray("text/plain; charset=utf-8"),
                    QHttpServerResponder::StatusCode::BadRequest);
        });
    m_server->route(QStringLiteral("/ready"), Method::Get, [notReady] {
        if (auto reason = notReady ? notReady() : std::nullopt)
            return toResponse(plain(503, "Ingester not ready: " + *reason + "\n"));
        return toResponse(plain(200, "ready\n"));
    });

    m_server->setMissingHandler([](const QHttpServerRequest&, QHttpServerResponder&& responder) {
        responder.write(QByteArray("404 page not found\n"), QByteArray("text/plain; charset=utf-8"),
            QHttpServerResponder::StatusCode::NotFound);
    });
}

} // namespace sg::api
