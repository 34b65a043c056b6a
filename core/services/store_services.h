#pragma once

#include "core/logstore/memory_log_store.h"
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
/// Readers use `querier()` from any thread.
class TsdbService : public QObject
{
    Q_OBJECT
public:
    explicit TsdbService(metrics::Registry* selfMetrics = nullptr, QObject* parent = nullptr);

    std::shared_ptr<tsdb::MemoryStore> store() const { return m_store; }

    /// Appends a batch (queued from scrapers and the demo's history); runs on the service thread.
    Q_INVOKABLE void append(const sg::tsdb::AppendBatch& batch);

Q_SIGNALS:
    void appended(qsizetype samples);

private:
    std::shared_ptr<tsdb::MemoryStore> m_store;
    metrics::Counter* m_appended = nullptr;
    metrics::Counter* m_rejected = nullptr;
    metrics::Gauge* m_series = nullptr;
};

/// Owns the log store and performs every write to it on its own thread.
class LogService : public QObject
{
    Q_OBJECT
public:
    explicit LogService(metrics::Registry* selfMetrics = nullptr, QObject* parent = nullptr);

    std::shared_ptr<logs::MemoryLogStore> store() const { return m_store; }

    /// Stores a batch of log lines; runs on the service thread.
    Q_INVOKABLE void push(const sg::logs::PushBatch& batch);

Q_SIGNALS:
    void pushed(qsizetype lines);

private:
    std::shared_ptr<logs::MemoryLogStore> m_store;
    metrics::Counter* m_ingested = nullptr;
    metrics::Counter* m_rejected = nullptr;
    metrics::Gauge* m_streams = nullptr;
};

/// Registers the value types that cross threads in queued signals.
void registerMetaTypes();

} // namespace sg::services
