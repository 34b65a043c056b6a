#include "log_tail.h"

#include "core/logql/parser.h"
#include "core/logql/stream_eval.h"

namespace sg::ui {
namespace {
constexpr std::size_t MaxArrivalsPerPoll = 5'000;
} // namespace

LogTail::LogTail(QObject* parent)
    : QObject(parent)
{
    m_timer.setInterval(250);
    connect(&m_timer, &QTimer::timeout, this, &LogTail::poll);
}

LogTail::~LogTail() = default;

bool LogTail::start(const QString& query, std::shared_ptr<const logs::LogQuerier> store)
{
    stop();
    m_error.clear();
    auto expr = logql::parseQuery(query.toStdString());
    if (!expr.ok()) {
        m_error = QString::fromStdString(expr.error().message);
        return false;
    }
    if ((*expr)->kind != logql::Expr::Kind::Log || !(*expr)->log) {
        m_error = tr("Only log queries can be tailed.");
        return false;
    }
    m_feed = store ? store->arrivals() : nullptr;
    if (!m_feed) {
        m_error = tr("This log store keeps no arrival feed: live tail is not available.");
        return false;
    }
    m_expr = std::move(*expr);
    m_store = std::move(store);
    m_subscription = m_feed->follow(&m_cursor);
    m_paused = false;
    m_timer.start();
    return true;
}

void LogTail::stop()
{
    m_timer.stop();
    m_subscription.reset();
    m_feed = nullptr;
    m_held.clear();
    m_paused = false;
}

void LogTail::pause() { m_paused = true; }

void LogTail::resume()
{
    m_paused = false;
    if (!m_held.empty())
        Q_EMIT linesArrived(std::exchange(m_held, {}));
}

std::size_t LogTail::heldLines() const
{
    std::size_t n = 0;
    for (const auto& s : m_held)
        n += s.entries.size();
    return n;
}

void LogTail::poll()
{
    if (!m_feed || !m_expr)
        return;
    auto read = m_feed->since(&m_cursor, m_expr->log->matchers, MaxArrivalsPerPoll);
    if (read.missed > 0)
        Q_EMIT linesMissed(read.missed);
    std::size_t count = 0;
    for (const auto& s : read.streams)
        count += s.entries.size();
    if (count == 0)
        return;
    auto result = logql::evaluateOverStreams(m_engine, *m_expr, std::move(read.streams));
    if (!result.ok() || result->streams.empty())
        return;
    if (m_paused) {
        for (auto& s : result->streams)
            m_held.push_back(std::move(s));
        Q_EMIT linesHeld();
        return;
    }
    Q_EMIT linesArrived(std::move(result->streams));
}

} // namespace sg::ui
