#pragma once

#include "core/logql/ast.h"
#include "core/logql/engine.h"
#include "core/logstore/arrival_feed.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace sg::ui {

/// Follows a log store's arrival feed for a LogQL log query (Grafana's live tail): every entry the store accepts
/// from `start()` on whose stream matches the selector and that passes the query's pipeline arrives through
/// `linesArrived`, in arrival order, coalesced per poll. While paused, arrivals are held and delivered on resume.
class LogTail : public QObject
{
    Q_OBJECT
public:
    explicit LogTail(QObject* parent = nullptr);
    ~LogTail() override;

    /// Starts following `store`'s feed for `query`; false (and `error()` says why) when the query is not a log
    /// query or the store keeps no arrival feed.
    bool start(const QString& query, std::shared_ptr<const logs::LogQuerier> store);
    void stop();
    void pause();
    void resume();
    bool isRunning() const { return m_subscription != nullptr; }
    bool isPaused() const { return m_paused; }
    /// Lines held while paused.
    std::size_t heldLines() const;
    QString error() const { return m_error; }
    /// Reads the feed now (tests; the timer does it every `pollMs`).
    void poll();
    void setPollInterval(int ms) { m_timer.setInterval(ms); }

Q_SIGNALS:
    void linesArrived(std::vector<sg::logs::Stream> streams);
    /// Lines arrived while paused (`heldLines()` counts them).
    void linesHeld();
    /// Entries the feed dropped before this tail read them (it fell behind).
    void linesMissed(quint64 count);

private:
    std::shared_ptr<const logs::LogQuerier> m_store;
    logql::ExprPtr m_expr;
    logql::Engine m_engine;
    logs::ArrivalFeed* m_feed = nullptr;
    logs::ArrivalFeed::Subscription m_subscription;
    std::uint64_t m_cursor = 0;
    std::vector<logs::Stream> m_held;
    bool m_paused = false;
    QString m_error;
    QTimer m_timer;
};

} // namespace sg::ui
