#pragma once

// One remote's queue: a WAL watcher thread feeding shards, acknowledged progress saved in the data dir.

#include "core/remotewrite/progress.h"
#include "core/remotewrite/remote_write_config.h"
#include "core/remotewrite/shard.h"
#include "core/remotewrite/wal_tail.h"
#include "core/scrape/exposition_parser.h"
#include "core/tsdb/wal.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

class QThread;

namespace sg::metrics {
class Registry;
class Counter;
class Gauge;
class Histogram;
}

namespace sg::remotewrite {

/// What a queue reads from and reports to.
struct QueueDeps
{
    std::string walDir;       ///< the TSDB's WAL directory
    std::string progressFile; ///< where the acknowledged position is saved
    Labels externalLabels;    ///< added to every series (its own labels win)
    /// The labels of a series whose series record is no longer in the WAL (truncated away); may be empty.
    std::function<std::optional<Labels>(tsdb::SeriesRef)> labelsOf;
    /// The current metric metadata (`metadata_config`); may be empty.
    std::function<std::vector<scrape::MetricMetadata>()> metadata;
    metrics::Registry* registry = nullptr; ///< where the prometheus_remote_storage_* metrics go (own one if null)
    /// How long an idle watcher waits before it looks at the WAL again. Short when nothing wakes it; long when the
    /// WAL's writer calls walWakeup()->notify() after each write (RemoteStorage::walCommitHook).
    DurationMs idlePoll = 250;
};

/// A queue's figures, for status lines (Targets page) and tests.
struct QueueStatus
{
    std::string name;
    std::string url;
    double samplesSent = 0;
    double samplesFailed = 0;
    double samplesRetried = 0;
    double samplesDropped = 0; ///< dropped by write_relabel_configs or of an unknown series
    double pending = 0;
    std::size_t shards = 0;
    double highestSentSeconds = 0;
    std::uint64_t skippedSegments = 0;
    double encodeSeconds = 0;   ///< spent encoding request bodies (protobuf), all shards
    double compressSeconds = 0; ///< spent compressing them (snappy), all shards
    std::string lastError; ///< the last failed send's reason, empty after a success
    WalPosition committed;
};

/// Sends the samples of the TSDB's WAL to one remote as Prometheus' queue manager does: a watcher thread tails
/// the WAL (series records give refs their labels, with external_labels then write_relabel_configs applied once
/// per series), spreads samples over shards by series (so each series stays in order), reshards between
/// min_shards and max_shards by throughput every 10 s, and saves the WAL position up to which the remote
/// acknowledged everything (about every 5 s and on stop). A restart resumes there: samples in flight are
/// sent again (duplicates are harmless to a Prometheus receiver), nothing acknowledged locally is skipped.
class QueueManager
{
public:
    QueueManager(RemoteWriteConfig config, QueueDeps deps);
    /// Stops (see stop()).
    ~QueueManager();

    /// Starts the watcher (and the metadata sender when configured).
    void start();
    /// Stops the threads; unacknowledged samples are left for the next start. Saves the position.
    void stop();

    /// What the WAL's writer notifies after each write, so the idle watcher sleeps instead of polling.
    std::shared_ptr<WalWakeup> walWakeup() const { return m_walWakeup; }
    /// The lowest WAL segment this queue still needs: the saved position's (0 before the first save: all).
    std::uint32_t neededSegment() const { return m_needed->load(std::memory_order_acquire); }
    /// The same value as a shared counter a WAL keeper can hold beyond the queue's life.
    std::shared_ptr<const std::atomic<std::uint32_t>> neededSegmentShared() const { return m_needed; }
    /// The position up to which everything was acknowledged.
    WalPosition committed() const;
    /// Waits until committed() reaches `target` or the timeout passes; true when reached.
    bool waitCommitted(WalPosition target, DurationMs timeout) const;
    QueueStatus status() const;
    const RemoteWriteConfig& config() const { return m_config; }

private:
    void watch();
    void onRecord(const std::uint8_t* payload, std::size_t length, WalPosition after);
    /// The encoded labels of `ref` (&DroppedSeries when write_relabel_configs dropped it), nullptr when unknown.
    const std::string* slot(tsdb::SeriesRef ref);
    void setSeries(tsdb::SeriesRef ref, const Labels& labels);
    void onOutcome(const BatchOutcome& outcome);
    void onRetry(std::size_t samples, const SendResult& result);
    void resize(std::size_t shards);
    /// Replaces the shards by one per state (watcher thread).
    void createShards(const std::vector<ShardProgress>& states);
    std::string shardFile(std::size_t index) const;
    /// True when the sample of a record starting at `start`, going to `shard`, was done before the restart.
    bool doneBefore(WalPosition start, std::size_t shard);
    void maybeReshard(std::uint64_t bytesBehind);
    void saveProgress();
    void sendMetadataLoop();
    bool stopping() const { return m_stop.load(std::memory_order_acquire); }

    RemoteWriteConfig m_config;
    QueueDeps m_deps;
    std::unique_ptr<metrics::Registry> m_ownRegistry;
    std::unique_ptr<AckTracker> m_tracker;
    std::shared_ptr<std::atomic<std::uint32_t>> m_needed;
    QueueProgress m_saved;
    std::size_t m_shardCount = 0;
    /// Per shard, what was done before this start (from the shard files): samples up to there are skipped.
    std::vector<ShardProgress> m_skip;
    std::vector<std::size_t> m_skipSeen; ///< per shard: samples of the record at m_skip[i].start met so far
    WalPosition m_skipEnd;               ///< the highest m_skip start: no skipping past it
    bool m_skipping = false;

    // watcher thread state
    std::vector<const std::string*> m_series; ///< by ref: encoded labels in m_labelStore, or &DroppedSeries
    std::deque<std::string> m_labelStore;     ///< never moves an element: shards hold pointers into it
    std::vector<std::vector<PendingSample>> m_staging;
    std::vector<tsdb::WalSample> m_scratch;
    std::uint64_t m_samplesIn = 0; ///< samples fed to shards, for the resharding rate
    std::uint64_t m_bytesIn = 0;   ///< WAL bytes read

    mutable std::mutex m_shardsMutex; ///< guards m_shards' replacement against stop()
    std::vector<std::unique_ptr<Shard>> m_shards;
    std::atomic<bool> m_stop { false };
    mutable std::mutex m_waitMutex;
    mutable std::condition_variable m_wake;      ///< stop, for the metadata thread
    mutable std::condition_variable m_committed; ///< acknowledged batches, for waitCommitted()
    std::shared_ptr<WalWakeup> m_walWakeup = std::make_shared<WalWakeup>();
    std::unique_ptr<QThread> m_watcher;
    std::unique_ptr<QThread> m_metadataThread;

    // figures updated by shard threads
    std::atomic<double> m_sendSeconds { 0 };
    std::atomic<double> m_encodeSeconds { 0 };
    std::atomic<double> m_compressSeconds { 0 };
    std::atomic<std::uint64_t> m_samplesOut { 0 };
    std::atomic<std::int64_t> m_lastFailureMs { 0 };
    std::atomic<std::int64_t> m_highestSentMs { 0 };
    std::atomic<std::uint64_t> m_skipped { 0 };
    mutable std::mutex m_errorMutex;
    std::string m_lastError;

    metrics::Counter* m_sent = nullptr;
    metrics::Counter* m_failed = nullptr;
    metrics::Counter* m_retried = nullptr;
    metrics::Counter* m_dropped = nullptr;
    metrics::Counter* m_bytes = nullptr;
    metrics::Counter* m_metadataSent = nullptr;
    metrics::Counter* m_metadataFailed = nullptr;
    metrics::Counter* m_skippedSegments = nullptr;
    metrics::Gauge* m_pending = nullptr;
    metrics::Gauge* m_shardsGauge = nullptr;
    metrics::Gauge* m_shardsDesired = nullptr;
    metrics::Gauge* m_highestSent = nullptr;
    metrics::Gauge* m_highestIn = nullptr;
    metrics::Gauge* m_walBehind = nullptr;
    metrics::Histogram* m_batchDuration = nullptr;
};

} // namespace sg::remotewrite
