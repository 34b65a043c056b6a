#include "log_service.h"

#include "core/metrics/registry.h"

namespace sg::services {

LogService::LogService(const QString& dataDir, metrics::Registry* selfMetrics, QObject* parent)
    : QObject(parent)
    , m_store(std::make_shared<logs::MemoryLogStore>())
{
    if (selfMetrics) {
        m_ingested = &selfMetrics->counter("sightglass_log_lines_ingested_total", "Log lines stored.", {});
        m_rejected = &selfMetrics->counter("sightglass_log_lines_rejected_total",
            "Log lines rejected (out of order beyond the window).", {});
        m_streams = &selfMetrics->gauge("sightglass_log_streams", "Streams in the log store.", {});
    }
}

bool LogService::isEmpty() const { return m_store->entryCount() == 0; }

logs::PushStats LogService::push(const logs::PushBatch& batch)
{
    const auto stats = m_store->push(batch);
    if (m_ingested) {
        m_ingested->inc(double(stats.accepted));
        m_rejected->inc(double(stats.outOfOrder));
        m_streams->set(double(m_store->streamCount()));
    }
    Q_EMIT pushed(qsizetype(stats.accepted));
    return stats;
}

} // namespace sg::services
