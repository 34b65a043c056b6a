#include "loki_tail.h"

#include "api_common.h"
#include "loki_api.h"

#include "core/logql/parser.h"
#include "core/logql/stream_eval.h"

#include <QWebSocket>

namespace sg::api {

namespace {

/// Arrivals one poll takes at most; the rest wait for the next poll.
constexpr std::size_t MaxArrivalsPerPoll = 10'000;

std::string entryKey(const std::string& labelText, const logs::LogEntry& e)
{
    return labelText + '\n' + std::to_string(e.ts) + '\n' + e.line;
}

const logql::LogSelector* selectorOf(const logql::Expr& expr)
{
    const logql::Expr* e = &expr;
    while (e->kind == logql::Expr::Kind::Paren && e->lhs)
        e = e->lhs.get();
    return e->kind == logql::Expr::Kind::Log ? e->log.get() : nullptr;
}

} // namespace

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
    m_selector = selectorOf(*m_expr);
    // Follow arrivals before the history is read, so nothing accepted in between is missed.
    m_feed = m_store->arrivals();
    if (m_feed && m_selector)
        m_subscription = m_feed->follow(&m_cursor);
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
    QTimer::singleShot(0, this, [this] {
        if (!m_subscription) {
            poll();
            return;
        }
        // The history: up to `limit` entries from `start`, remembered so the first arrivals do not repeat them.
        logql::QueryParams params;
        params.start = m_from;
        params.end = nowNs() + 1;
        params.limit = m_limit;
        params.direction = logs::Direction::Forward;
        auto result = m_engine.evaluate(*m_store, *m_expr, params);
        if (!result.ok()) {
            closeWith(QString::fromStdString(result.error().message));
            return;
        }
        for (const auto& st : result->streams) {
            const std::string labelText = st.labels.toString();
            for (const auto& e : st.entries)
                m_sentAtFrom.insert(entryKey(labelText, e));
        }
        if (!result->streams.empty())
            send(result->streams);
    });
}

TailSession::~TailSession() = default;

void TailSession::closeWith(const QString& reason)
{
    m_socket->sendTextMessage(reason);
    m_socket->close(QWebSocketProtocol::CloseCodeNormal, reason.left(120));
}

void TailSession::send(const std::vector<logs::Stream>& streams)
{
    const std::string frame = "{\"streams\":" + LokiApi::streamsJson(streams, false) + ",\"dropped_entries\":null}";
    m_socket->sendTextMessage(QString::fromStdString(frame));
}

void TailSession::poll()
{
    if (!m_expr || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (m_subscription)
        pollFeed();
    else
        pollByTime();
}

void TailSession::pollFeed()
{
    auto read = m_feed->since(&m_cursor, m_selector->matchers, MaxArrivalsPerPoll);
    if (read.missed > 0) {
        m_missed += read.missed;
        qWarning("loki tail: %llu entries arrived faster than this tail read them and were not sent",
            static_cast<unsigned long long>(m_missed));
    }
    std::size_t arrived = 0;
    for (auto& st : read.streams) {
        arrived += st.entries.size();
        if (m_sentAtFrom.empty())
            continue;
        const std::string labelText = st.labels.toString();
        std::erase_if(st.entries, [&](const logs::LogEntry& e) { return m_sentAtFrom.count(entryKey(labelText, e)); });
    }
    if (arrived < MaxArrivalsPerPoll)
        m_sentAtFrom.clear(); // every arrival that the history could have held has been read
    std::erase_if(read.streams, [](const logs::Stream& st) { return st.entries.empty(); });
    if (!read.streams.empty())
        sendFiltered(std::move(read.streams));
}

void TailSession::sendFiltered(std::vector<logs::Stream> streams)
{
    // The query's pipeline runs over the arrivals alone.
    auto result = logql::evaluateOverStreams(m_engine, *m_expr, std::move(streams));
    if (!result.ok()) {
        closeWith(QString::fromStdString(result.error().message));
        return;
    }
    if (!result->streams.empty())
        send(result->streams);
}

void TailSession::pollByTime()
{
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
            std::string key = entryKey(labelText, e);
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
    send(fresh);
}

} // namespace sg::api
