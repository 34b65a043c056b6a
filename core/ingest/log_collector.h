#pragma once

#include "core/ingest/pipeline_stages.h"
#include "core/ingest/promtail_config.h"
#include "core/logstore/log_store.h"

#include <QElapsedTimer>
#include <QObject>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>

#include <map>
#include <memory>
#include <string>

class QTimer;
class QFileSystemWatcher;

namespace sg::ingest {

class DockerSource;
class FileTailer;
class Pipeline;
class Positions;
class SyslogTarget;

/// Promtail's file, docker and syslog targets in-process: expands the configured globs and tails every matching
/// file, follows the containers `docker_sd_configs` discovers (DockerSource), receives syslog messages
/// (SyslogTarget), runs each line through its job's pipeline and emits the result as PushBatch values. Lives on
/// its own thread.
class LogCollector : public QObject
{
    Q_OBJECT
public:
    explicit LogCollector(PromtailConfig config, QObject* parent = nullptr);
    ~LogCollector() override;

    /// Loads positions, listens for syslog and starts polling. Returns an error when the positions file is
    /// unreadable or a syslog address cannot be listened on.
    Q_INVOKABLE std::optional<sg::Error> start();
    /// Stops polling, flushes buffered lines and saves positions.
    Q_INVOKABLE void stop();
    /// One round: expands globs when due, reads every file, runs pipelines, emits one batch. Tests call it.
    void pollOnce(bool force = false);
    /// Files being tailed.
    std::vector<std::string> files() const;
    /// Ids of the containers being followed (docker_sd_configs).
    std::vector<std::string> containers() const;
    /// The docker side (null before start() or without docker_sd_configs).
    DockerSource* docker() const { return m_docker; }
    /// The syslog targets, one per job with a `syslog` block (empty before start()).
    const std::vector<SyslogTarget*>& syslogTargets() const { return m_syslog; }
    /// Lines emitted since start.
    std::uint64_t linesEmitted() const { return m_linesEmitted; }
    /// Backpressure: with a limit, files are not read while `limit` emitted batches await their acknowledgement
    /// (batchStored() without acknowledgers). 0 (the default): no limit.
    void setMaxBatchesInFlight(int limit) { m_maxInFlight = limit; }
    /// Called from any thread once the receiver has stored a batch (without acknowledgers).
    void batchStored() { m_inFlight.fetch_sub(1); }

    /// How many acknowledge() calls each batch needs (the local store and every forwarding client) before the
    /// positions file may move past its lines. 0 (the default): positions move as lines are read. Set before start().
    void setAcknowledgers(int count) { m_acknowledgers = count; }
    /// Called from any thread when one acknowledger has made batch `seq` durable. Positions are saved up to the
    /// newest batch that every acknowledger has, with every earlier batch; so a crash or kill re-reads, at worst,
    /// lines already delivered, and never skips one.
    void acknowledge(quint64 seq);
    /// Batches emitted and not yet acknowledged by every acknowledger.
    int unacknowledged() const;

Q_SIGNALS:
    /// One batch of collected lines, grouped by final label set; `seq` numbers batches from 1.
    void linesCollected(const sg::logs::PushBatch& batch, quint64 seq);

private:
    struct Tracked;
    struct Unacknowledged;
    void discover();
    /// Saves the positions every acknowledger has (with acknowledgers) or the read positions (without).
    void savePositions();
    void collect(Entry&& entry);
    void emitBatch();

    PromtailConfig m_config;
    std::unique_ptr<Positions> m_positions;
    DockerSource* m_docker = nullptr; ///< a child, deleted first by the destructor (it uses m_config, m_positions)
    std::vector<SyslogTarget*> m_syslog; ///< children, deleted first by the destructor (they use m_config)
    std::map<std::string, std::unique_ptr<Tracked>> m_files;
    std::vector<logs::Stream> m_pending;
    QTimer* m_timer = nullptr;
    QFileSystemWatcher* m_watcher = nullptr;
    QElapsedTimer m_sinceDiscover;
    QElapsedTimer m_sinceSave;
    std::uint64_t m_linesEmitted = 0;
    std::atomic_int m_inFlight { 0 };
    int m_maxInFlight = 0;
    int m_acknowledgers = 0;
    quint64 m_nextSeq = 1;
    mutable std::mutex m_ackMutex;
    std::condition_variable m_acked;
    std::deque<Unacknowledged> m_unacknowledged;       ///< by seq; guarded by m_ackMutex
    std::map<std::string, std::int64_t> m_ackedPositions; ///< guarded by m_ackMutex
    bool m_started = false;
};

} // namespace sg::ingest
