#pragma once

#include "core/datadir/settings.h"

#include <QMetaType>
#include <QString>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace sg::metrics {
class Registry;
class Gauge;
class Counter;
}

namespace sg::services {

/// A value snapshot of one store's health, for the GUI's status area, `serve`'s readiness and the log.
struct StoreHealth
{
    enum class State {
        Ok,      ///< open on its data dir, the last write succeeded
        NotKept, ///< no data dir was given: a temporary store, by choice
        Failed,  ///< cannot open its data dir (running on a temporary store), or its last write failed
    };
    QString store; ///< "metrics" or "logs"
    QString path;  ///< where it keeps its files (the failing path when it cannot open)
    State state = State::Ok;
    QString reason;            ///< why it failed; empty when Ok
    bool openFailed = false;   ///< it could not open for writing: nothing is kept this run
    bool readOnly = false;     ///< ... but its data dir opened for reading: what it holds is queryable
    datadir::Retention retention;
    std::uint64_t failedWrites = 0;     ///< batches that could not be made durable (not acknowledged)
    std::uint64_t unreadableChunks = 0; ///< stored chunks that could not be read by queries
    std::uint64_t diskBytes = 0;        ///< files under `path`

    bool failed() const { return state == State::Failed; }
    /// "metrics store /data/metrics: cannot open: ..." or "metrics store /data/metrics: ok".
    QString summary() const;
};

/// Tracks one store's health for its service, from any thread, and mirrors it in Sightglass' own metrics:
/// sightglass_storage_healthy, sightglass_storage_write_failures_total, sightglass_storage_unreadable_chunks,
/// sightglass_storage_retention_seconds and sightglass_storage_retention_bytes, each with store="metrics|logs".
class StoreHealthTracker
{
public:
    StoreHealthTracker(QString store, QString path, datadir::Retention retention, bool temporary,
        metrics::Registry* registry);

    /// The store could not open at its path: it runs on a temporary store and keeps nothing.
    void openFailed(const QString& reason);
    /// The store could not open for writing at its path but opened for reading: its data is queryable, nothing new
    /// is kept.
    void openedReadOnly(const QString& reason);
    /// The outcome of one write; true when the state changed (the caller then announces it).
    bool writeFailed(const std::string& reason);
    bool writeSucceeded();
    void setUnreadableChunks(std::uint64_t n);
    StoreHealth snapshot() const;

private:
    void publishLocked();

    mutable std::mutex m_mutex;
    StoreHealth m_health;
    metrics::Gauge* m_healthy = nullptr;
    metrics::Counter* m_writeFailures = nullptr;
    metrics::Gauge* m_unreadable = nullptr;
};

/// Opens a store at `dir` for writing or, when that fails, for reading only (a read-only filesystem, permissions, a
/// full disk): what it holds can still be shown. `health` learns which, with the reason, also written to `error`.
/// Null when neither opened; the caller then runs on a temporary store.
template <typename Store, typename Options>
std::unique_ptr<Store> openWritableOrReadable(const QString& dir, Options options, StoreHealthTracker& health,
    QString& error)
{
    auto opened = Store::open(dir.toStdString(), options);
    if (opened)
        return std::move(opened.value());
    error = QString::fromStdString(opened.error().message);
    options.readOnly = true;
    auto readable = Store::open(dir.toStdString(), options);
    if (!readable) {
        health.openFailed(error);
        return nullptr;
    }
    health.openedReadOnly(error);
    return std::move(readable.value());
}

} // namespace sg::services

Q_DECLARE_METATYPE(sg::services::StoreHealth)
