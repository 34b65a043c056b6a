#include "loki_tail.h"

#include "api_common.h"
#include "loki_api.h"

#include "core/logql/parser.h"

#include <QWebSocket>

namespace sg::api {

TailSession::TailSession(std::unique_ptr<QWebSocket> socket, std::shared_ptr<const logs::LogQuerier> store, int pollMs,
    QObject* parent)
    : QObject(parent)
    , m_socket(std::move(socket))
    , m_store(std::move(store))
{
    connect(m_socket.get(), &QWebSocket::disconnected, this, &QObject::deleteLater);
    std::multimap<std::string, std::string> params;
    parseFormEncoded(m_socket->requestUrl().query(QUrl::FullyEncoded).toStdString(), params);
    ApiRequest request;
    request.params = std::move(params);
    if (m_socket->requestUrl().path() != u"/loki/api/v1/tail") {
        closeWith(QStringLiteral("404 page not found"));
        return;
    }
    auto expr = logql::parseQuery(request.param("query"));
    if (!expr.ok()) {
        closeWith(QString::fromStdString(expr.error().message));
        return;
    }
    if ((*expr)->kind != logql::Expr::Kind::Log) {
        closeWith(QStringLiteral("only log queries can be tailed"));
        return;
    }
    m_expr = std::move(*expr);
    if (request.has("limit"))
        m_limit = std::max<std::size_t>(1, QByteArray::fromStdString(request.param("limit")).toULongLong());
    m_from = nowNs() - 3600LL * 1'000'000'000;
    if (request.has("start")) {
        auto start = parseLokiTime(request.param("start"));
        if (start.ok())
            m_from = *start;
    }
    m_timer.setInterval(pollMs);
    connect(&m_timer, &QTimer::timeout, this, &TailSession::poll);
    m_timer.start();
    QTimer::singleShot(0, this, &TailSession::poll);
}

TailSession::~TailSession() = default;

void TailSession::closeWith(const QString& reason)
{
    m_socket->sendTextMessage(reason);
    m_socket->close(QWebSocketProtocol::CloseCodeNormal, reason.left(120));
}

void TailSession::poll()
{
    if (!m_expr || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    logql::QueryParams params;
    params.start = m_from;
    params.end = nowNs() + 1;
    params.limit = m_limit + m_sentAtFrom.size();
    params.direction = logs::Direction::Forward;
    auto result = m_engine.evaluate(*m_store, *m_expr, params);
    if (!result.ok()) {
        closeWith(QString::fromStdString(result.error().message));
        return;
    }
    std::vector<logs::Stream> fresh;
    TimestampNs newest = m_from;
    std::vector<std::pair<TimestampNs, std::string>> sentKeys;
    for (auto& s : result->streams) {
        logs::Stream out { s.labels, {} };
        const std::string labelText = s.labels.toString();
        for (auto& e : s.entries) {
            std::string key = labelText + '\n' + std::to_string(e.ts) + '\n' + e.line;
            if (e.ts == m_from && m_sentAtFrom.count(key))
                continue;
            newest = std::max(newest, e.ts);
            sentKeys.emplace_back(e.ts, std::move(key));
            out.entries.push_back(std::move(e));
        }
        if (!out.entries.empty())
            fresh.push_back(std::move(out));
    }
    if (fresh.empty())
        return;
    if (newest != m_from)
        m_sentAtFrom.clear();
    m_from = newest;
    for (auto& [ts, key] : sentKeys)
        if (ts == newest)
            m_sentAtFrom.insert(std::move(key));
    const std::string frame = "{\"streams\":" + LokiApi::streamsJson(fresh, false) + ",\"dropped_entries\":null}";
    m_socket->sendTextMessage(QString::fromStdString(frame));
}

} // namespace sg::api
