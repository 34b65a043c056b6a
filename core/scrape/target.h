#pragma once

#include "core/common/time.h"
#include "core/labels/labels.h"

#include <QMetaType>
#include <QString>
#include <QUrl>

#include <QByteArray>

#include <cstddef>
#include <memory>
#include <vector>

namespace sg::scrape {

struct RelabelConfig;

/// Per-scrape limits of a scrape config (0 = unlimited), as in Prometheus.
struct ScrapeLimits
{
    std::size_t sampleLimit = 0; ///< more samples after metric relabeling fail the whole scrape
    std::size_t labelLimit = 0; ///< labels per series
    std::size_t labelNameLengthLimit = 0;
    std::size_t labelValueLengthLimit = 0;
    qint64 bodySizeLimit = 0; ///< uncompressed bytes; 0 = the manager's default
    std::size_t targetLimit = 0; ///< targets per scrape config after relabeling
};

/// One scrape target: where to fetch metrics, how often, and which labels its series get.
/// Header-only so that producers of targets (the demo service, settings) need not link the scraper.
struct TargetConfig
{
    QString job;
    QUrl url;
    DurationMs interval = 15000;
    DurationMs timeout = 10000;
    /// Extra target labels attached to every scraped series; `instance` here overrides host:port.
    Labels labels;
    /// The labels discovery produced, before relabeling (`__address__`, `__meta_*`, ...); empty for static
    /// targets that did not go through a scrape config.
    Labels discoveredLabels;
    bool honorLabels = false; ///< scraped labels win over target labels instead of becoming `exported_*`
    bool honorTimestamps = true; ///< keep the timestamps the target exposes
    bool insecureSkipVerify = false; ///< accept any TLS certificate
    QByteArray authorization; ///< the Authorization header value (`Basic ...` or `Bearer ...`), if any
    ScrapeLimits limits;
    /// Applied to every scraped series; shared between the targets of one scrape config.
    std::shared_ptr<const std::vector<RelabelConfig>> metricRelabelConfigs;
    /// When set the target is not scraped; each interval reports `up 0` with this reason (target_limit).
    QString disabledReason;
    /// Caps the delay of the first scrape (ms), for targets whose first data should arrive at once (the demo,
    /// Sightglass itself); -1 defers to ScrapeManager::initialOffsetCap().
    DurationMs firstScrapeOffsetCap = -1;
};

/// A target that relabeling dropped, kept for the targets view.
struct DroppedTarget
{
    QString job;
    Labels discoveredLabels;
};

/// The outcome of a target's most recent scrape, as the targets page shows it.
struct TargetStatus
{
    QString job;
    QUrl url;
    Labels labels; ///< the target labels (job, instance and the extra labels)
    bool up = false;
    QString lastError; ///< empty when the last scrape succeeded
    TimestampMs lastScrapeMs = 0; ///< start of the last scrape, 0 before the first one
    double lastDurationSeconds = 0;
    std::size_t samplesScraped = 0;
    std::size_t samplesPostMetricRelabeling = 0;
    std::size_t seriesAdded = 0;
    Labels discoveredLabels; ///< before relabeling
    DurationMs interval = 0;
};

} // namespace sg::scrape

Q_DECLARE_METATYPE(sg::scrape::TargetConfig)
Q_DECLARE_METATYPE(sg::scrape::TargetStatus)
Q_DECLARE_METATYPE(std::vector<sg::scrape::TargetConfig>)
Q_DECLARE_METATYPE(std::vector<sg::scrape::DroppedTarget>)
