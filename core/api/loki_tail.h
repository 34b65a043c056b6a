#pragma once

#include "core/logql/ast.h"
#include "core/logql/engine.h"
#include "core/logstore/arrival_feed.h"
#include "core/logstore/log_store.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <set>
#include <string>

class QWebSocket;

namespace sg::api {

/// One `/loki/api/v1/tail` WebSocket, sending Loki's tail frames (`{"streams":[...],"dropped_entries":null}`).
/// On connect it sends up to `limit` entries from `start`; then every entry the store accepts from then on whose
/// stream and pipeline match, in arrival order, as Loki's ingesters do, so a line that arrives late, with a
/// timestamp older than lines already sent, is still sent. It follows the store's `ArrivalFeed`; with a store
/// that has none it polls by time instead (late lines are then missed). Lives on the API server's thread;
/// deletes itself when the socket disconnects.
class TailSession : public QObject
{
    Q_OBJECT
public:
    /// Takes ownership of `socket`. Reads `query`, `limit` (100) and `start` (ns, default one hour ago) from the
    /// socket's request URL; a query that does not parse, or a metric query, closes the socket with the reason.
    TailSession(std::unique_ptr<QWebSocket> socket, std::shared_ptr<const logs::LogQuerier> store, int pollMs,
        QObject* parent = nullptr);
    ~TailSession() override;

private:
    void poll();
    void pollByTime();
    void pollFeed();
    /// Sends the pipeline's result over `streams` (entries in arrival order); closes the socket when it fails.
    void sendFiltered(std::vector<logs::Stream> streams);
    void send(const std::vector<logs::Stream>& streams);
    void closeWith(const QString& reason);

    std::unique_ptr<QWebSocket> m_socket;
    std::shared_ptr<const logs::LogQuerier> m_store;
    logql::ExprPtr m_expr;
    const logql::LogSelector* m_selector = nullptr;
    logql::Engine m_engine;
    QTimer m_timer;
    std::size_t m_limit = 100;
    TimestampNs m_from = 0;              ///< by time: the next poll reads [m_from, now]
    std::set<std::string> m_sentAtFrom;  ///< by time: entries at exactly m_from already sent; by arrival: the
                                         ///< history sent on connect, which the first arrivals may repeat
    logs::ArrivalFeed* m_feed = nullptr;
    logs::ArrivalFeed::Subscription m_subscription;
    std::uint64_t m_cursor = 0;
    std::uint64_t m_missed = 0;
};

} // namespace sg::api
