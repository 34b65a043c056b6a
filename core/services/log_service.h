#pragma once

#include "core/logstore/memory_log_store.h"

#include <QObject>

#include <memory>

namespace sg::metrics {
class Registry;
class Counter;
class Gauge;
}

namespace sg::services {

/// Owns the log store and performs every write to it on its own thread.
/// Readers use `store()` (a thread-safe LogQuerier) from any thread.
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

} // namespace sg::services
