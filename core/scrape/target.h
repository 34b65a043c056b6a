#pragma once

#include "core/common/time.h"
#include "core/labels/labels.h"

#include <QMetaType>
#include <QString>
#include <QUrl>

#include <cstddef>
#include <vector>

namespace sg::scrape {

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
};

} // namespace sg::scrape

Q_DECLARE_METATYPE(sg::scrape::TargetConfig)
Q_DECLARE_METATYPE(sg::scrape::TargetStatus)
Q_DECLARE_METATYPE(std::vector<sg::scrape::TargetConfig>)
