#pragma once

#include "core/services/store_health.h"
#include "core/tsdb/store.h"

#include <QObject>
#include <QTemporaryDir>

#include <memory>
#include <unordered_map>
#include <vector>

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
    /// `dataDir`: where the store keeps its files (empty: a temporary dir removed on exit, no WAL sync).
    /// `options`: retention and the rest (the WAL policy of a temporary store is its own).
    /// A data dir that cannot be opened leaves the service on a temporary store with its health Failed (see
    /// health()); a caller that must keep data (`serve`) stops on openError().
    explicit TsdbService(const QString& dataDir = {}, metrics::Registry* selfMetrics = nullptr, QObject* parent = nullptr,
        tsdb::StoreOptions options = {});

    /// Why the data dir could not be opened; empty when it was (or none was given).
    QString openError() const { return m_openError; }
    /// The store's health now; thread-safe.
    StoreHealth health() const;

    /// True when the store holds no samples (a new data dir).
    bool isEmpty() const;

    /// The store; its Querier methods are thread-safe.
    std::shared_ptr<tsdb::Store> store() const { return m_store; }

    /// Appends a batch (queued from scrapers and the demo's history); runs on the service thread.
    /// When it returns, the appended samples are acknowledged: written to the WAL and synced.
    Q_INVOKABLE sg::tsdb::AppendStats append(const sg::tsdb::AppendBatch& batch);

Q_SIGNALS:
    void appended(qsizetype samples);
    /// The store failed (a write could not be made durable) or recovered.
    void healthChanged(const sg::services::StoreHealth& health);

private:
    std::unique_ptr<QTemporaryDir> m_tempDir;
    QString m_openError;
    std::unique_ptr<StoreHealthTracker> m_health;
    std::shared_ptr<tsdb::Store> m_store;
    /// Series-ref caches by AppendBatch::source (one per scrape target).
    std::unordered_map<std::uint64_t, std::vector<tsdb::SeriesRef>> m_refCaches;
    static constexpr std::size_t MaxRefCaches = 10'000;
    metrics::Counter* m_appended = nullptr;
    metrics::Counter* m_rejected = nullptr;
    metrics::Gauge* m_series = nullptr;
};

} // namespace sg::services
