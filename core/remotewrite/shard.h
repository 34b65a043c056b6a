#pragma once

// One shard of a remote's queue: a bounded FIFO of samples and a thread that sends them in batches.

#include "core/remotewrite/http_sender.h"
#include "core/remotewrite/progress.h"
#include "core/remotewrite/remote_write_config.h"
#include "core/remotewrite/write_request.h"

#include <QThread>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

namespace sg::remotewrite {

/// A sample waiting in a shard: its series' encoded labels (owned by the queue's series table, never freed
/// while the queue runs), the sample, and the id and start of the WAL record it came from.
struct PendingSample
{
    const std::string* labels = nullptr;
    TimestampMs t = 0;
    double v = 0;
    std::uint64_t record = 0;
    WalPosition start;
};

/// A FIFO of samples in chunks: a WAL record's samples for a shard come in as one vector and are queued as they are
/// (no copy), taken from the front into a batch, and a used-up chunk's memory goes back to the watcher to fill
/// next, so a steady flow neither copies on the way in nor allocates.
class SampleFifo
{
public:
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    /// Appends copies of `samples`.
    void push(std::span<const PendingSample> samples);
    /// Appends all of `samples` without copying and leaves it empty (holding the memory of a used-up chunk, when
    /// there is one, to fill next).
    void pushAll(std::vector<PendingSample>& samples);
    /// Moves the first `n` samples (at most size()) into `out`, replacing its content.
    void take(std::size_t n, std::vector<PendingSample>& out);

private:
    /// The spare chunk's memory, emptied, for a new chunk (an empty vector when there is none).
    std::vector<PendingSample> takeSpare();

    std::deque<std::vector<PendingSample>> m_chunks;
    std::size_t m_head = 0; ///< samples already taken from m_chunks.front()
    std::size_t m_size = 0;
    std::vector<PendingSample> m_spare; ///< a used-up chunk, kept for its memory
};

/// What a shard reports after each batch (called on the shard's thread).
struct BatchOutcome
{
    std::span<const PendingSample> samples;
    bool sent = false;      ///< acknowledged by the remote (else failed: dropped and counted)
    std::size_t retries = 0; ///< attempts that failed and were retried
    std::size_t bytes = 0;   ///< compressed request bytes
    double seconds = 0;      ///< time spent sending, retries included
    double encodeSeconds = 0;   ///< time spent encoding the protobuf body
    double compressSeconds = 0; ///< time spent in snappy
    SendResult last;         ///< the last attempt's answer
};

/// A FIFO of at most `capacity` samples, sent by its own thread in batches of up to max_samples_per_send or
/// when the oldest queued sample waited batch_send_deadline; recoverable failures are retried with exponential
/// backoff (min_backoff doubling to max_backoff, `Retry-After` honoured) until they succeed or the shard is
/// aborted. Nothing thrown leaves the thread.
class Shard
{
public:
    using OutcomeSink = std::function<void(const BatchOutcome&)>;
    /// Called on the shard's thread before each retry: the batch's size and the failed attempt's answer.
    using RetrySink = std::function<void(std::size_t samples, const SendResult&)>;

    /// `progressFile`: where the shard keeps its ShardProgress, starting from `progress`.
    Shard(const RemoteWriteConfig& config, const std::string& progressFile, ShardProgress progress, OutcomeSink onOutcome,
        RetrySink onRetry);
    /// Aborts and joins.
    ~Shard();

    /// Appends samples and leaves `samples` empty (its memory may be swapped for the queue's), waiting while the shard
    /// is full; false when the shard was stopped meanwhile.
    bool enqueue(std::vector<PendingSample>& samples);
    /// Samples queued or being sent.
    std::size_t pending() const;
    /// Sends what is queued without waiting for the deadline and returns once the shard is empty and idle (or
    /// stopped).
    void drain();
    /// Stops: the current send attempt finishes, retries end, queued samples stay unsent (they are re-read from
    /// the WAL on the next start).
    void abort();

private:
    void run();
    bool takeBatch(std::vector<PendingSample>& batch);
    void send(std::vector<PendingSample>& batch, HttpSender& sender);
    /// Sleeps `ms` unless aborted; false when aborted.
    bool sleepFor(DurationMs ms);

    const RemoteWriteConfig& m_config;
    OutcomeSink m_onOutcome;
    RetrySink m_onRetry;
    ShardProgressFile m_progressFile;
    ShardProgress m_progress; ///< shard thread only
    mutable std::mutex m_mutex;
    std::condition_variable m_ready; ///< samples arrived, drain or abort asked
    std::condition_variable m_space; ///< samples taken, or idle
    SampleFifo m_queue;
    std::chrono::steady_clock::time_point m_oldest; ///< when the oldest queued sample arrived
    std::size_t m_inFlight = 0;
    bool m_draining = false;
    bool m_aborted = false;
    std::unique_ptr<QThread> m_thread;
    // the shard thread's request buffers, kept between batches so a steady flow allocates nothing
    ByteBuffer m_raw;
    ByteBuffer m_body;
};

} // namespace sg::remotewrite
