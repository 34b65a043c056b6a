#pragma once

// Internal to sg_scrape: one target's scrape loop.

#include "core/scrape/exposition_parser.h"
#include "core/scrape/target.h"
#include "core/tsdb/storage.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <string>
#include <unordered_set>

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

private:
    void scrape();
    void onFinished();
    void finish(const std::string& body, ExpositionFormat format, QString error, TimestampMs start, double durationSeconds);
    qint64 bodyLimit() const;
    /// The label_limit / label_name_length_limit / label_value_length_limit violation, or empty.
    QString checkLabelLimits(const Labels& labels) const;

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
    std::unordered_set<Labels, LabelsHash> m_previous; ///< series of the last scrape, for staleness
};

} // namespace sg::scrape
