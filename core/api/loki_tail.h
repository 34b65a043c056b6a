#pragma once

#include "core/logql/ast.h"
#include "core/logql/engine.h"
#include "core/logstore/log_store.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <set>
#include <string>

class QWebSocket;

namespace sg::api {

/// One `/loki/api/v1/tail` WebSocket: polls the store for entries newer than the last one sent and sends them as
/// Loki's tail frames (`{"streams":[...],"dropped_entries":null}`). Entries that arrive with a timestamp older than
/// the last one sent are not seen (the store is polled by time). Lives on the API server's thread; deletes itself
/// when the socket disconnects.
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
    void closeWith(const QString& reason);

    std::unique_ptr<QWebSocket> m_socket;
    std::shared_ptr<const logs::LogQuerier> m_store;
    logql::ExprPtr m_expr;
    logql::Engine m_engine;
    QTimer m_timer;
    std::size_t m_limit = 100;
    TimestampNs m_from = 0;              ///< next poll reads [m_from, now]
    std::set<std::string> m_sentAtFrom;  ///< entries at exactly m_from already sent (stream labels + line)
};

} // namespace sg::api
