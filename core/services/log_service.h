#pragma once

#include "core/logstore/memory_log_store.h"
#include "core/logstore/store.h"
#include "core/services/store_health.h"

#include <QObject>

#include <memory>

namespace sg::metrics {
class Registry;
class Counter;
class Gauge;
}

namespace sg::services {

/// Owns the log store. Sources on other threads (the demo, the collector) push through queued signals, so
/// their writes run on this service's thread; the push API calls `push` directly from its pool threads, where
/// the store group-commits concurrent pushes. Readers use `store()` (a thread-safe LogQuerier) from any thread.
class LogService : public QObject
{
    Q_OBJECT
public:
    /// `dataDir`: where the persistent store keeps its files (empty: an in-memory store). If the directory
    /// cannot be opened the service runs in memory, `openError()` says why and its health is Failed.
    explicit LogService(const QString& dataDir = {}, metrics::Registry* selfMetrics = nullptr, QObject* parent = nullptr,
        logs::StoreOptions options = {});

    /// True when the store holds no entries (a new data dir).
    bool isEmpty() const;

    /// The read interface of whichever store is in use.
    std::shared_ptr<const logs::LogQuerier> store() const { return m_querier; }
    /// The persistent store, or null in memory mode.
    logs::Store* persistentStore() const { return m_disk.get(); }
    const QString& openError() const { return m_openError; }
    /// The store's health now; thread-safe.
    StoreHealth health() const;

    /// Stores a batch of log lines; thread-safe. When it returns, the accepted lines are in the store's WAL
    /// (synced): that is the acknowledgement the push API answers 204 on.
    Q_INVOKABLE sg::logs::PushStats push(sg::logs::PushBatch batch);

Q_SIGNALS:
    void pushed(qsizetype lines);
    /// The store failed (lines could not be made durable) or recovered; emitted from the pushing thread.
    void healthChanged(const sg::services::StoreHealth& health);

private:
    std::shared_ptr<logs::MemoryLogStore> m_memory;
    std::shared_ptr<logs::Store> m_disk;
    std::shared_ptr<const logs::LogQuerier> m_querier;
    QString m_openError;
    std::unique_ptr<StoreHealthTracker> m_health;
    metrics::Counter* m_ingested = nullptr;
    metrics::Counter* m_rejected = nullptr;
    metrics::Gauge* m_streams = nullptr;
};

} // namespace sg::services
