#include "log_service.h"

#include "core/metrics/registry.h"

namespace sg::services {

LogService::LogService(const QString& dataDir, metrics::Registry* selfMetrics, QObject* parent,
    logs::StoreOptions options)
    : QObject(parent)
{
    m_health = std::make_unique<StoreHealthTracker>(QStringLiteral("logs"), dataDir,
        datadir::Retention { options.retention, options.retentionBytes }, dataDir.isEmpty(), selfMetrics);
    if (!dataDir.isEmpty())
        m_disk = openWritableOrReadable<logs::Store>(dataDir, options, *m_health, m_openError);
    if (m_disk)
        m_querier = m_disk;
    else
        m_querier = m_memory = std::make_shared<logs::MemoryLogStore>();
    if (selfMetrics) {
        m_ingested = &selfMetrics->counter("sightglass_log_lines_ingested_total", "Log lines stored.", {});
        m_rejected = &selfMetrics->counter("sightglass_log_lines_rejected_total",
            "Log lines rejected (out of order beyond the window, stream limit, or a failed WAL write).", {});
        m_streams = &selfMetrics->gauge("sightglass_log_streams", "Streams in the log store.", {});
    }
}

StoreHealth LogService::health() const
{
    m_health->setUnreadableChunks(m_querier->unreadableChunks());
    return m_health->snapshot();
}

bool LogService::isEmpty() const { return (m_disk ? m_disk->entryCount() : m_memory->entryCount()) == 0; }

logs::PushStats LogService::push(logs::PushBatch batch)
{
    const auto stats = m_disk ? m_disk->push(std::move(batch)) : m_memory->push(batch);
    // Lines that could not be made durable are not acknowledged: the health says so until a push succeeds.
    const bool changed = stats.failed > 0
        ? m_health->writeFailed(stats.error.empty() ? std::string("lines could not be stored") : stats.error)
        : (stats.accepted > 0 && m_health->writeSucceeded());
    if (changed)
        Q_EMIT healthChanged(health());
    if (m_ingested) {
        m_ingested->inc(double(stats.accepted));
        m_rejected->inc(double(stats.outOfOrder + stats.failed + stats.streamLimited));
        m_streams->set(double(m_disk ? m_disk->streamCount() : m_memory->streamCount()));
    }
    Q_EMIT pushed(qsizetype(stats.accepted));
    return stats;
}

} // namespace sg::services
