#include "store_health.h"

#include "core/metrics/registry.h"

#include <QtGlobal>

namespace sg::services {

QString StoreHealth::summary() const
{
    QString text = QStringLiteral("%1 store %2: ").arg(store, path);
    switch (state) {
    case State::Ok: return text + QStringLiteral("ok");
    case State::NotKept: return QStringLiteral("%1 store: temporary (no data dir), nothing is kept").arg(store);
    case State::Failed: break;
    }
    if (readOnly)
        return text + reason + QStringLiteral(" (read-only: its data can be queried, nothing new is kept this run)");
    return text + reason + (openFailed ? QStringLiteral(" (nothing is kept this run)") : QString());
}

StoreHealthTracker::StoreHealthTracker(QString store, QString path, datadir::Retention retention, bool temporary,
    metrics::Registry* registry)
{
    m_health.store = std::move(store);
    m_health.path = std::move(path);
    m_health.retention = retention;
    m_health.state = temporary ? StoreHealth::State::NotKept : StoreHealth::State::Ok;
    if (registry) {
        const Labels labels { { "store", m_health.store.toStdString() } };
        m_healthy = &registry->gauge("sightglass_storage_healthy",
            "1 while the store is open on its data dir and its last write succeeded, else 0.", labels);
        m_writeFailures = &registry->counter("sightglass_storage_write_failures_total",
            "Write batches the store could not make durable (not acknowledged).", labels);
        m_unreadable = &registry->gauge("sightglass_storage_unreadable_chunks",
            "Stored chunks queries could not read (corrupt or missing).", labels);
        registry->gauge("sightglass_storage_retention_seconds", "How long the store keeps data; 0: no limit.", labels)
            .set(double(retention.time) / 1000.0);
        registry->gauge("sightglass_storage_retention_bytes", "How much the store keeps; 0: no limit.", labels)
            .set(double(retention.bytes));
    }
    std::lock_guard lock(m_mutex);
    publishLocked();
}

void StoreHealthTracker::openFailed(const QString& reason)
{
    std::lock_guard lock(m_mutex);
    m_health.state = StoreHealth::State::Failed;
    m_health.openFailed = true;
    m_health.reason = QStringLiteral("cannot open: %1").arg(reason);
    qCritical("%s", qPrintable(m_health.summary()));
    publishLocked();
}

void StoreHealthTracker::openedReadOnly(const QString& reason)
{
    std::lock_guard lock(m_mutex);
    m_health.state = StoreHealth::State::Failed;
    m_health.openFailed = true;
    m_health.readOnly = true;
    m_health.reason = QStringLiteral("cannot open for writing: %1").arg(reason);
    qCritical("%s", qPrintable(m_health.summary()));
    publishLocked();
}

bool StoreHealthTracker::writeFailed(const std::string& reason)
{
    std::lock_guard lock(m_mutex);
    ++m_health.failedWrites;
    if (m_writeFailures)
        m_writeFailures->inc();
    const QString why = QStringLiteral("write failed: ") + QString::fromStdString(reason);
    if (m_health.state == StoreHealth::State::Failed && m_health.reason == why)
        return false;
    if (m_health.openFailed)
        return false; // already failed for good
    m_health.state = StoreHealth::State::Failed;
    m_health.reason = why;
    qCritical("%s", qPrintable(m_health.summary()));
    publishLocked();
    return true;
}

bool StoreHealthTracker::writeSucceeded()
{
    std::lock_guard lock(m_mutex);
    if (m_health.state != StoreHealth::State::Failed || m_health.openFailed)
        return false;
    m_health.state = StoreHealth::State::Ok;
    qWarning("%s store %s: writes succeed again after %llu failed", qPrintable(m_health.store), qPrintable(m_health.path),
        static_cast<unsigned long long>(m_health.failedWrites));
    m_health.reason.clear();
    publishLocked();
    return true;
}

void StoreHealthTracker::setUnreadableChunks(std::uint64_t n)
{
    std::lock_guard lock(m_mutex);
    m_health.unreadableChunks = n;
    if (m_unreadable)
        m_unreadable->set(double(n));
}

StoreHealth StoreHealthTracker::snapshot() const
{
    std::lock_guard lock(m_mutex);
    return m_health;
}

void StoreHealthTracker::publishLocked()
{
    if (m_healthy)
        m_healthy->set(m_health.state == StoreHealth::State::Failed ? 0.0 : 1.0);
}

} // namespace sg::services
