#pragma once

#include "core/common/time.h"
#include "core/scrape/exposition_parser.h"
#include "core/scrape/target.h"
#include "core/tsdb/storage.h"

#include <QObject>
#include <QThreadPool>

#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

class QNetworkAccessManager;

namespace sg::metrics {
class Registry;
}

namespace sg::scrape {

class ScrapeLoop;

/// Scrapes Prometheus text-format and OpenMetrics targets (gzip too), one loop per target on a QTimer, and emits one AppendBatch per scrape
/// with the target labels, the synthetic series `up`, `scrape_duration_seconds`, `scrape_samples_scraped`,
/// `scrape_samples_post_metric_relabeling` and `scrape_series_added`, metric relabeling and limits applied,
/// and stale markers for series that disappeared. Lives on its own thread: the caller moves it there and talks to
/// it with queued calls; statuses() may be called from any thread.
class ScrapeManager : public QObject
{
    Q_OBJECT
public:
    /// `registry` (optional, must outlive the manager) receives `sightglass_scrape_duration_seconds{job}` and
    /// `sightglass_scrape_samples_total{job}`.
    explicit ScrapeManager(metrics::Registry* registry = nullptr, QObject* parent = nullptr);
    ~ScrapeManager() override;

    /// Registers the types carried by the signals and invokables (call once at startup).
    static void registerMetaTypes();

    /// The first scrape of a target starts at its hash-based slot within the interval, aligned to wall-clock time
    /// as in Prometheus (so restarts keep each target's phase), capped at this value; -1 (the default) spreads
    /// first scrapes over the whole interval. TargetConfig::firstScrapeOffsetCap overrides it per target.
    /// Set before setTargets().
    void setInitialOffsetCap(DurationMs cap) { m_initialOffsetCap = cap; }
    DurationMs initialOffsetCap() const { return m_initialOffsetCap; }
    /// Bodies larger than this (inflated) fail the scrape with "body size limit exceeded"; a scrape config's
    /// body_size_limit overrides it. Default 32 MiB, where Prometheus' default is unlimited: a desktop
    /// workbench should not run out of memory on one bad target.
    void setBodySizeLimit(qint64 bytes) { m_bodySizeLimit = bytes; }
    qint64 bodySizeLimit() const { return m_bodySizeLimit; }

    /// The status of every current target, in the order given to setTargets(). Thread-safe.
    std::vector<TargetStatus> statuses() const;

    /// Replaces the target list. Unchanged targets keep their loop and state; removed targets get stale markers
    /// for their series. Call through QMetaObject::invokeMethod (queued) from other threads.
    Q_INVOKABLE void setTargets(std::vector<sg::scrape::TargetConfig> targets);
    /// The `# HELP`/`# TYPE`/`# UNIT` metadata of each current target's last successful scrape, target after target
    /// in setTargets() order (a metric scraped from several targets appears once per target). Thread-safe.
    std::vector<MetricMetadata> metadata() const;
    /// Targets that relabeling dropped, as last given to setDroppedTargets(). Thread-safe.
    std::vector<DroppedTarget> droppedTargets() const;
    /// Records the targets relabeling dropped, for the targets view. Thread-safe.
    Q_INVOKABLE void setDroppedTargets(std::vector<sg::scrape::DroppedTarget> dropped);
    /// Stops all loops and aborts scrapes in flight. Statuses stay readable.
    Q_INVOKABLE void stop();

Q_SIGNALS:
    /// One scrape's samples, ready to append (emitted for failed scrapes too: synthetic series and stale markers).
    void samplesScraped(const sg::tsdb::AppendBatch& batch);
    /// The status after each scrape.
    void targetScraped(sg::scrape::TargetStatus status);

private:
    friend class ScrapeLoop;
    void onScrapeFinished(ScrapeLoop* loop, const tsdb::AppendBatch& batch, TargetStatus status);
    void recordMetadata(const ScrapeLoop& loop, std::vector<MetricMetadata> metadata);
    QNetworkAccessManager* network();
    /// Where large bodies are parsed, off the manager's thread.
    QThreadPool* workers() { return &m_workers; }

    metrics::Registry* m_registry = nullptr;
    QNetworkAccessManager* m_network = nullptr;
    DurationMs m_initialOffsetCap = -1;
    qint64 m_bodySizeLimit = 32LL << 20;
    std::vector<std::unique_ptr<ScrapeLoop>> m_loops;
    mutable std::mutex m_statusMutex; ///< guards the loop list's statuses for statuses()
    std::vector<TargetStatus> m_statuses; ///< parallel to m_loops
    std::vector<DroppedTarget> m_dropped;
    std::unordered_map<std::string, std::vector<MetricMetadata>> m_metadata; ///< by loop key; under m_statusMutex
    QThreadPool m_workers; ///< destroyed first: waits for the parses in progress
};

/// The target labels of a config: `job`, `instance` (host:port of the URL) and the extra labels, which win.
Labels targetLabels(const TargetConfig& config);

/// Attaches target labels to scraped labels as Prometheus does with honor_labels=false: a scraped label that
/// clashes with a target label is kept as `exported_<name>` and the target label wins.
Labels mergeTargetLabels(const Labels& scraped, const Labels& target);

/// The same with honor_labels=true: on a clash the scraped label wins (an empty scraped value does not count).
Labels mergeHonoringLabels(const Labels& scraped, const Labels& target);

} // namespace sg::scrape
