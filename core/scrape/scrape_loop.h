#pragma once

// Internal to sg_scrape: one target's scrape loop.

#include "core/scrape/body_reader.h"
#include "core/scrape/exposition_parser.h"
#include "core/scrape/scrape_processing.h"
#include "core/scrape/target.h"
#include "core/tsdb/storage.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <string>

class QNetworkReply;

namespace sg::scrape {

class ScrapeManager;

/// Scrapes one target on a timer and turns each response into an AppendBatch for the manager.
class ScrapeLoop : public QObject
{
    Q_OBJECT
public:
    ScrapeLoop(ScrapeManager* manager, TargetConfig config, QObject* parent = nullptr);
    ~ScrapeLoop() override;

    const TargetConfig& config() const { return m_config; }
    const Labels& labels() const { return m_labels; }
    /// Identity used to keep loops across setTargets() calls.
    const std::string& key() const { return m_key; }
    static std::string keyOf(const TargetConfig& config);

    /// Schedules the first scrape after the initial offset, then one per interval.
    void start(DurationMs initialOffsetCap);
    /// Stops the timer and aborts a scrape in flight.
    void stop();
    /// Stale markers for every series of the last successful scrape (used when the target is removed).
    tsdb::AppendBatch staleMarkers(TimestampMs t);

    /// Bodies of at least this size are parsed on the manager's worker pool, so that a large body does not
    /// delay the other targets' scrapes (which share this thread); smaller ones are parsed in place.
    static constexpr std::size_t OffThreadBodyBytes = 256 * 1024;

private:
    void scrape();
    /// Moves what has arrived into the body reader; aborts the download once the body passes the limit.
    void onReadyRead();
    void onFinished();
    /// Processes the fetched body (in place or on the worker pool), then complete().
    void finish(std::string body, ExpositionFormat format, QString error, TimestampMs start, double durationSeconds);
    void onProcessed();
    void complete(ScrapeResult result);
    qint64 bodyLimit() const;

    ScrapeManager* m_manager;
    TargetConfig m_config;
    Labels m_labels;
    std::string m_key;
    QTimer m_timer;
    QTimer m_timeout;
    QPointer<QNetworkReply> m_reply;
    QElapsedTimer m_elapsed;
    TimestampMs m_start = 0;
    bool m_timedOut = false;
    bool m_tooLarge = false;
    bool m_firstShot = true;
    std::unique_ptr<BodyReader> m_reader; ///< the body of the scrape in flight
    QFutureWatcher<ScrapeResult>* m_processing = nullptr; ///< a body being parsed on the worker pool
    /// What the last scrapes left for the next: final labels by series text, the series tracked for staleness.
    std::shared_ptr<ScrapeCache> m_cache = std::make_shared<ScrapeCache>();
    const tsdb::AppendBatch* m_handingOn = nullptr; ///< the batch being handed on, holding the cache's labels
};

} // namespace sg::scrape
