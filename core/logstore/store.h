#pragma once

#include "arrival_feed.h"
#include "chunk.h"
#include "log_store.h"
#include "wal.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <unordered_map>

namespace sg::logs {

class Catalog;

/// How a Store cuts, compresses, syncs and expires. The defaults are the measured ones (see README.md).
struct StoreOptions
{
    /// A head block is cut into a chunk once its encoded entries reach this size.
    std::size_t chunkTargetBytes = 1536 * 1024;
    /// ... or once it spans this much time (Loki's `max_chunk_age`).
    DurationMs maxChunkAge = 2 * 3600'000;
    /// How far behind a stream's newest entry a new entry may be; negative: half of maxChunkAge (Loki's rule).
    DurationMs outOfOrderWindow = -1;
    /// zstd level of chunks. Level 1 is both the fastest and (on 1.5 MiB per-stream chunks of API logs) smaller
    /// than levels 2-5; see README.md.
    int compressionLevel = 1;
    /// Heads waiting for their chunk (sealed, compressed in the background) hold at most this many bytes; a push
    /// that would go beyond waits for the cutter (backpressure).
    std::size_t maxPendingCutBytes = 64ull << 20;
    /// Streams the store holds at most (Loki's max_global_streams_per_user); entries of further new streams are
    /// rejected and counted (`PushStats::streamLimited`). 0: no limit.
    std::size_t maxStreams = 10'000;
    /// Chunks whose newest entry is older than now minus this are deleted (0: keep forever).
    DurationMs retention = 0;
    /// Oldest chunks are deleted while the chunks take more than this many bytes (0: no limit).
    std::uint64_t retentionBytes = 0;
    WalSync walSync = WalSync::EveryBatch;
    std::uint64_t walSegmentBytes = 64ull << 20;
    std::uint64_t segmentFileBytes = 256ull << 20;
    /// Cut every head into a chunk when the store is closed (off: the WAL carries the heads to the next open).
    bool flushOnClose = true;
    /// Threads that decompress chunks for one query, and that compress one round of sealed heads (0: one per core).
    unsigned readThreads = 0;
    /// Opens for reading only (a data dir that cannot be written): the catalog, chunk segments and WAL are read as
    /// they are, nothing on disk is written, truncated or removed, no cutter runs; push() fails with the path.
    bool readOnly = false;
};

/// Sizes and counters of a Store.
struct StoreStats
{
    std::size_t streams = 0;
    std::size_t entries = 0;       ///< entries in heads and chunks
    std::size_t headEntries = 0;
    std::size_t chunks = 0;
    std::uint64_t chunkBytes = 0;  ///< compressed bytes in live chunks
    std::uint64_t rawChunkBytes = 0;
    std::uint64_t rejectedOutOfOrder = 0;
    std::uint64_t rejectedStreamLimit = 0; ///< entries rejected because their new stream was over `maxStreams`
    std::uint64_t chunksExpired = 0;
    std::uint64_t walSyncs = 0;       ///< WAL syncs (a group commit serves every push waiting at that moment)
    std::uint64_t pushes = 0;         ///< pushes that wrote a WAL record
    std::size_t pendingCutBytes = 0;  ///< bytes of sealed heads waiting for the cutter
    std::uint64_t cutFailures = 0;    ///< cut rounds that failed (retried; the entries stay in memory and the WAL)
};

/// A line predicate run inside a store's chunk scan, on the decompressed bytes in place: lines that fail it
/// are never copied. Called from several read threads at once, so `keep` must be thread-safe.
struct LineScan
{
    /// True to keep the line. Empty: keep every line that contains `required`.
    std::function<bool(std::string_view line)> keep;
    /// A literal every kept line contains (empty: none). The scan searches whole chunk bodies for it with
    /// memmem and runs `keep` only on lines holding a hit.
    std::string required;

    bool accepts(std::string_view line) const
    {
        if (!required.empty() && line.find(required) == std::string_view::npos)
            return false;
        return !keep || keep(line);
    }
};

/// The entries a scan kept of one stream, without their lines: what count and bytes aggregations need.
struct StreamMatches
{
    Labels labels;
    std::vector<TimestampNs> ts;          ///< time order
    std::vector<std::uint32_t> lineBytes; ///< the line length of each kept entry
    /// The structured metadata of the kept entries that have any: (index into `ts`, pairs), ascending.
    std::vector<std::pair<std::uint32_t, std::vector<Label>>> metadata;
};

/// Reads with a line predicate pushed down into the chunk scan. A LogQuerier implements it when it can filter
/// lines faster than copying them out; the LogQL engine uses it for the leading line filters of a pipeline.
class LineScanQuerier
{
public:
    virtual ~LineScanQuerier() = default;
    /// `select` keeping only the entries whose line passes `scan`.
    virtual std::vector<Stream> selectMatching(const Matchers& matchers, TimestampNs start, TimestampNs end,
        const LineScan& scan) const = 0;
    /// `selectLimited` over the entries whose line passes `scan` (the limit counts kept entries).
    virtual std::vector<Stream> selectLimitedMatching(const Matchers& matchers, TimestampNs start, TimestampNs end,
        std::size_t limit, Direction direction, const LineScan& scan) const = 0;
    /// Timestamps and line lengths of the entries in [start, end) whose line passes `scan`; streams without
    /// any are left out. Sorted by labels.
    virtual std::vector<StreamMatches> scanMatching(const Matchers& matchers, TimestampNs start, TimestampNs end,
        const LineScan& scan) const = 0;
};

/// The persistent log store: a drop-in LogQuerier for MemoryLogStore that keeps its data under a directory.
/// Streams keyed by label set; per-stream head blocks cut into zstd-compressed chunks appended to segment
/// files; an SQLite catalog of streams, labels and chunks; a WAL that makes every returned push durable.
/// Any thread may push (concurrent pushes are group-committed: the first in line writes every waiting push's
/// record, syncs the WAL once and applies them in sequence order), flush, apply retention or query. A head that
/// reaches its target is sealed and compressed into a chunk by the store's cutter thread, off the push path.
class Store final : public LogQuerier, public LineScanQuerier
{
public:
    ~Store() override;

    /// Opens or creates a store in `dir`: loads the catalog, replays the WAL (truncating a torn tail).
    static Result<std::unique_ptr<Store>> open(const std::string& dir, StoreOptions options = {});

    /// Stores a batch. Returns once the accepted entries are in the WAL (synced per `walSync`): that is the
    /// acknowledgement. Entries older than the stream's newest minus the out-of-order window are rejected and
    /// counted; when the WAL cannot be written nothing is stored and `failed` counts the batch's entries.
    PushStats push(const PushBatch& batch);
    /// The same, moving the batch's lines into the store instead of copying them.
    PushStats push(PushBatch&& batch);

    /// Cuts every non-empty head into a chunk (also done on close); returns once they are in chunks.
    Result<bool> flush();
    /// Returns once every head sealed so far is in a chunk (or a cut round failed).
    Result<bool> waitForCuts();
    /// Deletes chunks beyond the time and size retention, as of `now`. Also runs from push once a minute.
    Result<bool> applyRetention(TimestampNs now);

    const WalReplayReport& replayReport() const { return m_replay; }
    bool isReadOnly() const { return m_options.readOnly; }
    StoreStats stats() const;
    std::size_t streamCount() const;
    std::size_t entryCount() const;

    std::vector<Stream> select(const Matchers& matchers, TimestampNs start, TimestampNs end) const override;
    std::vector<Stream> selectLimited(const Matchers& matchers, TimestampNs start, TimestampNs end,
        std::size_t limit, Direction direction) const override;
    std::vector<Labels> streams(const Matchers& matchers, TimestampNs start, TimestampNs end) const override;
    std::vector<std::string> labelNames() const override;
    std::vector<std::string> labelValues(std::string_view name) const override;
    ArrivalFeed* arrivals() const override { return &m_arrivals; }
    std::uint64_t unreadableChunks() const override { return m_unreadableChunks.load(std::memory_order_relaxed); }

    std::vector<Stream> selectMatching(const Matchers& matchers, TimestampNs start, TimestampNs end,
        const LineScan& scan) const override;
    std::vector<Stream> selectLimitedMatching(const Matchers& matchers, TimestampNs start, TimestampNs end,
        std::size_t limit, Direction direction, const LineScan& scan) const override;
    std::vector<StreamMatches> scanMatching(const Matchers& matchers, TimestampNs start, TimestampNs end,
        const LineScan& scan) const override;

private:
    /// A head taken out of its stream for the cutter: immutable, still read by queries until its chunk is in.
    struct SealedHead
    {
        std::uint32_t stream = 0;
        std::vector<LogEntry> entries; ///< time-ordered
        std::size_t bytes = 0;
        std::uint64_t firstSeq = 0;    ///< the WAL records its entries came from
        std::uint64_t lastSeq = 0;
    };
    struct StreamState
    {
        Labels labels;
        std::vector<LogEntry> head;   ///< time-ordered
        std::size_t headBytes = 0;
        std::uint64_t headFirstSeq = 0;
        std::uint64_t headLastSeq = 0;
        std::uint64_t flushedSeq = 0;
        TimestampNs maxTs = std::numeric_limits<TimestampNs>::min();
        std::deque<std::shared_ptr<const SealedHead>> sealed; ///< oldest first
        std::vector<ChunkMeta> chunks;
        std::size_t chunkEntries = 0;
    };
    /// One push waiting in line for the group commit.
    struct PushWaiter
    {
        const PushBatch* batch = nullptr; ///< null: seal every head (flush)
        bool owned = false;               ///< the batch was handed over: its lines may be moved
        PushStats stats;
        bool done = false;
        std::condition_variable cv;
    };
    /// A piece of work for a read: one chunk or one head copy of a stream.
public:
    struct ReadPart
    {
        std::size_t stream = 0; ///< index into the result
        const ChunkMeta* chunk = nullptr;
        ChunkMeta meta;
        std::vector<LogEntry> entries; ///< head entries, or the chunk's once decoded
    };

private:

    Store() = default;
    std::uint32_t streamFor(const Labels& labels, bool* created);
    /// Adds entries to a stream's head; `move`: they belong to a handed-over batch, so their lines are moved.
    void applyEntries(std::uint32_t id, const std::vector<const LogEntry*>& entries, std::uint64_t seq, bool move = false);
    /// Queues `me` for the group commit; returns once its push (or flush) is committed.
    PushStats lead(PushWaiter& me);
    /// Writes, syncs and applies the pushes of one group (the caller leads it).
    void commitGroup(const std::vector<PushWaiter*>& group);
    /// Moves the heads of `ids` to the cutter; the caller holds the unique lock.
    void sealLocked(const std::vector<std::uint32_t>& ids);
    /// Waits while the sealed heads exceed `maxPendingCutBytes`.
    void waitForCutRoom();
    void cutterLoop();
    /// Compresses, writes and records one round of sealed heads.
    Result<bool> cutRound(const std::vector<std::shared_ptr<const SealedHead>>& round);
    Result<bool> openSegment();
    void removeWalBefore();
    void startCutter();
    void stopCutter();
    Result<bool> applyRetentionLocked(TimestampNs now);
    std::vector<std::uint32_t> matchingStreams(const Matchers& matchers) const;
    /// Collects matching streams' heads and chunks overlapping [start, end) under the shared lock.
    std::vector<Stream> collect(const Matchers& matchers, TimestampNs start, TimestampNs end,
        std::vector<ReadPart>& parts) const;
    void decode(std::vector<ReadPart>& parts, TimestampNs start, TimestampNs end) const;
    /// Merges decoded parts into their streams (time order), drops empty streams, sorts by labels.
    static std::vector<Stream> assemble(std::vector<Stream> streams, std::vector<ReadPart>& parts);
    /// Like decode, keeping only entries whose line passes `scan` (no copy of the others).
    void decodeMatching(std::vector<ReadPart>& parts, TimestampNs start, TimestampNs end, const LineScan& scan) const;
    std::vector<Stream> readLimited(const Matchers& matchers, TimestampNs start, TimestampNs end, std::size_t limit,
        Direction direction, const LineScan* scan) const;

    StoreOptions m_options;
    std::string m_dir;
    std::string m_chunksDir;
    TimestampNs m_window = 0;
    std::unique_ptr<Catalog> m_catalog;
    std::unique_ptr<Wal> m_wal;
    WalReplayReport m_replay;
    std::uint64_t m_seq = 0;

    // The group commit: the pushes in line, first in line leads. The leader alone touches the WAL, m_ids and
    // m_seq, and creates streams.
    std::mutex m_pushMutex;
    std::deque<PushWaiter*> m_pushQueue;
    std::unordered_map<Labels, std::uint32_t, LabelsHash> m_ids;
    std::atomic<bool> m_walTrimDue { false }; ///< a cut round finished: the leader may delete WAL segments

    // The cutter thread's queue (under m_cutMutex) and segment files (under m_segmentMutex, which the cutter holds
    // for a round and retention for its run). Lock order: m_segmentMutex, m_catalogMutex, m_mutex, m_cutMutex.
    mutable std::mutex m_cutMutex;
    std::condition_variable m_cutWake;   ///< new sealed heads, or stop
    std::condition_variable m_cutDone;   ///< a round finished (room for pushes, flush waiting)
    std::deque<std::shared_ptr<const SealedHead>> m_cutQueue;
    std::size_t m_pendingCutBytes = 0;   ///< sealed, not yet in chunks (queued or in the current round)
    bool m_cutStop = false;
    bool m_lastCutFailed = false;
    std::thread m_cutter;
    std::mutex m_segmentMutex;
    int m_segmentFd = -1;
    std::uint32_t m_segment = 0;
    std::uint64_t m_segmentSize = 0;
    std::map<std::uint32_t, std::size_t> m_segmentChunks; ///< live chunks per segment file
    TimestampNs m_lastRetention = 0;
    /// Chunks whose read failed (not counting ones deleted by retention while a query ran); logged once.
    mutable std::atomic<std::uint64_t> m_unreadableChunks { 0 };
    void noteUnreadable(const std::string& why) const;
    std::mutex m_catalogMutex;

    // Shared with readers, under m_mutex.
    mutable std::shared_mutex m_mutex;
    std::vector<std::unique_ptr<StreamState>> m_streams;
    std::map<std::string, std::map<std::string, std::vector<std::uint32_t>, std::less<>>, std::less<>> m_postings;
    StoreStats m_stats;
    mutable ArrivalFeed m_arrivals; ///< recorded by the group leader under m_mutex, before the heads take the lines
};

} // namespace sg::logs
