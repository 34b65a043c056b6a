#include "tsdb_service.h"

#include "core/metrics/registry.h"

namespace sg::services {

TsdbService::TsdbService(const QString& dataDir, metrics::Registry* selfMetrics, QObject* parent,
    tsdb::StoreOptions options)
    : QObject(parent)
{
    m_health = std::make_unique<StoreHealthTracker>(QStringLiteral("metrics"), dataDir,
        datadir::Retention { options.retention, options.retentionBytes }, dataDir.isEmpty(), selfMetrics);
    if (!dataDir.isEmpty())
        m_store = openWritableOrReadable<tsdb::Store>(dataDir, options, *m_health, m_openError);
    if (!m_store) {
        m_tempDir = std::make_unique<QTemporaryDir>();
        options.walSync = tsdb::WalSync::Never;
        options.persistOnClose = false;
        auto opened = tsdb::Store::open(m_tempDir->path().toStdString(), options);
        if (!opened)
            qFatal("tsdb: cannot open a temporary store: %s", opened.error().message.c_str());
        m_store = std::shared_ptr<tsdb::Store>(std::move(opened.value()));
    }
    if (selfMetrics) {
        m_appended = &selfMetrics->counter("sightglass_tsdb_samples_appended_total",
            "Samples appended to the metric store.", {});
        m_rejected = &selfMetrics->counter("sightglass_tsdb_samples_rejected_total",
            "Samples rejected by the metric store (out of order or duplicate timestamp).", {});
        m_series = &selfMetrics->gauge("sightglass_tsdb_series", "Series in the metric store.", {});
    }
}

StoreHealth TsdbService::health() const
{
    m_health->setUnreadableChunks(m_store->unreadableChunks());
    return m_health->snapshot();
}

bool TsdbService::isEmpty() const { return m_store->sampleCount() == 0; }

tsdb::AppendStats TsdbService::append(const tsdb::AppendBatch& batch)
{
    tsdb::AppendStats stats;
    if (batch.source != 0) {
        // One ref cache per source (scrape target), as Prometheus' scrape cache; bounded by clearing.
        if (m_refCaches.size() > MaxRefCaches && !m_refCaches.count(batch.source))
            m_refCaches.clear();
        stats = m_store->append(batch, m_refCaches[batch.source]);
    } else {
        stats = m_store->append(batch);
    }
    // A batch that could not be made durable is not acknowledged: the health says so until a write succeeds.
    const bool changed = stats.error.empty() ? m_health->writeSucceeded() : m_health->writeFailed(stats.error);
    if (changed)
        Q_EMIT healthChanged(health());
    if (m_appended) {
        m_appended->inc(double(stats.appended));
        m_rejected->inc(double(stats.outOfOrder + stats.duplicates));
        m_series->set(double(m_store->seriesCount()));
    }
    Q_EMIT appended(qsizetype(stats.appended));
    return stats;
}

} // namespace sg::services
