#pragma once

#include "core/tsdb/memory_store.h"

#include <QObject>

#include <memory>

namespace sg::metrics {
class Registry;
class Counter;
class Gauge;
}

namespace sg::services {

/// Owns the metric store and performs every write to it on its own thread (moveToThread by the caller).
/// Readers use `store()` (a thread-safe Querier) from any thread.
class TsdbService : public QObject
{
    Q_OBJECT
public:
    /// `dataDir`: where the store keeps its files (empty: memory only).
    explicit TsdbService(const QString& dataDir = {}, metrics::Registry* selfMetrics = nullptr, QObject* parent = nullptr);

    /// True when the store holds no samples (a new data dir).
    bool isEmpty() const;

    std::shared_ptr<tsdb::MemoryStore> store() const { return m_store; }

    /// Appends a batch (queued from scrapers and the demo's history); runs on the service thread.
    /// When it returns, the appended samples are acknowledged: durable once the store persists them.
    Q_INVOKABLE sg::tsdb::AppendStats append(const sg::tsdb::AppendBatch& batch);

Q_SIGNALS:
    void appended(qsizetype samples);

private:
    std::shared_ptr<tsdb::MemoryStore> m_store;
    metrics::Counter* m_appended = nullptr;
    metrics::Counter* m_rejected = nullptr;
    metrics::Gauge* m_series = nullptr;
};

} // namespace sg::services
