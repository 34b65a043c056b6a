#include "store_services.h"

#include "core/metrics/registry.h"

namespace sg::services {

TsdbService::TsdbService(metrics::Registry* selfMetrics, QObject* parent)
    : QObject(parent)
    , m_store(std::make_shared<tsdb::MemoryStore>())
{
    if (selfMetrics) {
        m_appended = &selfMetrics->counter("sightglass_tsdb_samples_appended_total",
            "Samples appended to the metric store.", {});
        m_rejected = &selfMetrics->counter("sightglass_tsdb_samples_rejected_total",
            "Samples rejected by the metric store (out of order or duplicate timestamp).", {});
        m_series = &selfMetrics->gauge("sightglass_tsdb_series", "Series in the metric store.", {});
    }
}

void TsdbService::append(const tsdb::AppendBatch& batch)
{
    const auto stats = m_store->append(batch);
    if (m_appended) {
        m_appended->inc(double(stats.appended));
        m_rejected->inc(double(stats.outOfOrder + stats.duplicates));
        m_series->set(double(m_store->seriesCount()));
    }
    Q_EMIT appended(qsizetype(stats.appended));
}

LogService::LogService(metrics::Registry* selfMetrics, QObject* parent)
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

void LogService::push(const logs::PushBatch& batch)
{
    const auto stats = m_store->push(batch);
    if (m_ingested) {
        m_ingested->inc(double(stats.accepted));
        m_rejected->inc(double(stats.outOfOrder));
        m_streams->set(double(m_store->streamCount()));
    }
    Q_EMIT pushed(qsizetype(stats.accepted));
}

void registerMetaTypes()
{
    qRegisterMetaType<sg::tsdb::AppendBatch>();
    qRegisterMetaType<sg::logs::PushBatch>();
}

} // namespace sg::services
