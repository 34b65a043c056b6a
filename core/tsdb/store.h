#pragma once

#include "core/tsdb/catalog.h"
#include "core/tsdb/head.h"
#include "core/tsdb/wal.h"

#include <atomic>
#include <shared_mutex>

namespace sg::tsdb {

/// How a Store keeps its data.
struct StoreOptions
{
    DurationMs retention = 15LL * 24 * 3600 * 1000; ///< persisted blocks older than this (vs. newest sample) go
    std::uint64_t retentionBytes = 0;               ///< oldest blocks go while stored bytes exceed this; 0: no limit
    DurationMs blockRange = 2LL * 3600 * 1000;      ///< the head is persisted once it spans this much time
    DurationMs outOfOrderWindow = 0;                ///< samples this much older than a series' newest are accepted
    WalSync walSync = WalSync::EveryBatch;
    std::size_t walSegmentBytes = 128u << 20;
    bool compressFrames = true; ///< zstd over each frame of sealed chunks
    int zstdLevel = 9;
    std::size_t frameBytes = 64u << 10; ///< raw bytes per frame
    ChunkStorage chunkStorage = ChunkStorage::SegmentFiles;
    bool persistOnClose = true; ///< false: closing leaves the head in the WAL (tests of replay)
    bool backfill = false; ///< backfill(): no WAL writes, no automatic persistence (bulk import)
    /// Opens for reading only (a data dir that cannot be written: read-only filesystem, permissions, a full disk):
    /// the catalog, blocks and WAL are read as they are and nothing on disk is written, truncated or removed;
    /// append(), backfill() and persist() fail with an Io error naming the store.
    bool readOnly = false;
};

/// Store figures for benchmarks, self-metrics and tests.
struct StoreStats
{
    std::size_t series = 0;
    std::size_t headSamples = 0;
    std::size_t persistedSamples = 0;
    std::size_t persistedChunks = 0;
    std::size_t blocks = 0;
    std::size_t headMemoryBytes = 0; ///< estimated
    std::uint64_t chunkBytes = 0;    ///< persisted frame bytes
    std::uint64_t walBytes = 0;
};

/// The persistent TSDB: a head (series, postings, chunks in memory) with a write-ahead log, persisted
/// blocks of chunks listed in a SQLite catalog, and retention. A drop-in Querier for MemoryStore.
/// One writer thread calls append()/persist(); readers call the Querier methods from any thread.
/// Layout and formats: FORMAT.md.
class Store final : public Querier
{
public:
    /// Opens (or creates) `dir`: loads the catalog, replays the WAL (truncating a torn or corrupted tail).
    static Result<std::unique_ptr<Store>> open(const std::string& dir, StoreOptions options = {});
    /// Persists the head and closes.
    ~Store() override;

    /// Appends a batch: samples go to the head and the WAL, synced per the policy before returning (the
    /// acknowledgement). Out-of-order and duplicate samples are rejected and counted. Persists the head when
    /// it spans `blockRange`.
    AppendStats append(const AppendBatch& batch);
    /// append() with a series-ref cache, as Prometheus' scrape cache: `refs` holds one entry per sample of
    /// the caller's previous batch with the same label sets in the same order (empty the first time); an
    /// entry whose series' label hash still matches skips the label-set lookup. Refilled on return.
    AppendStats append(const AppendBatch& batch, std::vector<SeriesRef>& refs);
    /// Writes the head out as a block now, applies retention, truncates the WAL.
    std::optional<Error> persist();

    /// Backfill path (store_backfill.cpp): the ref of `labels`, creating the series when new (`created` set).
    /// The new series is logged to the WAL unless `StoreOptions::backfill` is set.
    SeriesRef backfillSeries(const Labels& labels, bool& created);
    /// Backfill path: appends samples to series by ref (refs from backfillSeries()), oldest first per series.
    /// Out-of-order and duplicate samples are rejected and counted. With `StoreOptions::backfill` nothing goes
    /// to the WAL and the head is persisted only by persist() (or the destructor): a backfill that stops
    /// halfway loses what it had not persisted and is simply re-run.
    AppendStats backfill(const std::vector<WalSample>& samples);

    std::vector<SeriesSamples> select(const Matchers& matchers, TimestampMs mint, TimestampMs maxt) const override;
    std::vector<Labels> series(const Matchers& matchers, TimestampMs mint, TimestampMs maxt) const override;
    std::vector<std::string> labelNames() const override;
    std::vector<std::string> labelValues(std::string_view name) const override;
    std::uint64_t unreadableChunks() const override { return m_unreadableChunks.load(std::memory_order_relaxed); }
    std::optional<std::uint64_t> pastWrites() const override { return m_pastWrites.load(std::memory_order_acquire); }

    std::size_t seriesCount() const;
    /// The labels of series `ref` (for WAL readers meeting a ref whose series record was truncated away); nullopt
    /// when unknown. Thread-safe.
    std::optional<Labels> seriesLabels(SeriesRef ref) const;
    /// Keeps WAL segments a reader still needs at truncation, up to `maxKeptBytes` (WalWriter::setKeeper). Call
    /// before the writer thread starts, or on it.
    void setWalKeeper(WalWriter::SegmentKeeper keeper, std::uint64_t maxKeptBytes);
    /// Wakes a WAL reader after each write (WalWriter::setCommitHook). Call before the writer thread starts, or on it.
    void setWalCommitHook(std::function<void()> hook);
    /// WAL segments a keeper wanted but truncation deleted at the bound (thread-safe).
    std::uint64_t walDroppedKeptSegments() const { return m_walDroppedKept.load(std::memory_order_relaxed); }
    /// Bytes in the WAL's segments (StoreStats::walBytes without the store's lock or a walk over the head).
    /// Thread-safe.
    std::uint64_t walBytes() const { return m_wal ? m_wal->size() : 0; }
    /// The WAL's directory.
    std::string walDir() const { return m_dir + "/wal"; }
    /// Samples stored (head and persisted).
    std::size_t sampleCount() const;
    StoreStats stats() const;
    /// What the WAL replay on open found (a truncated tail is reported here and logged).
    const WalReplayReport& replayReport() const { return m_replay; }
    const std::string& dir() const { return m_dir; }
    bool isReadOnly() const { return m_options.readOnly; }

private:
    Store() = default;
    std::optional<Error> load();
    std::optional<Error> persistLocked();
    std::string readOnlyError() const;
    std::optional<Error> applyRetention();
    std::optional<Error> dropBlock(std::uint32_t id);
    std::string blockPath(std::uint32_t id) const;
    /// The raw (decompressed) bytes of a frame; `cache` holds frames already read by this query.
    const std::vector<std::uint8_t>* frameBytes(std::uint32_t frame,
        std::unordered_map<std::uint32_t, std::vector<std::uint8_t>>& cache) const;

    std::string m_dir;
    StoreOptions m_options;
    std::unique_ptr<Catalog> m_catalog;
    std::unique_ptr<WalWriter> m_wal;
    WalReplayReport m_replay;
    std::vector<WalSample> m_accepted; ///< append()'s scratch (writer thread only)

    mutable std::shared_mutex m_mutex; ///< guards everything below
    Head m_head;
    std::unordered_map<std::uint32_t, FrameInfo> m_frames;
    std::map<std::uint32_t, BlockInfo> m_blocks;
    SeriesRef m_catalogSeries = 0; ///< refs below this are in the catalog
    std::uint32_t m_nextBlock = 1;
    std::uint32_t m_nextFrame = 1;
    std::size_t m_persistedSamples = 0;
    std::size_t m_persistedChunks = 0;
    TimestampMs m_newestT = std::numeric_limits<TimestampMs>::min();
    mutable std::atomic<std::uint64_t> m_unreadableChunks { 0 };
    std::atomic<std::uint64_t> m_pastWrites { 0 }; ///< see Querier::pastWrites()
    std::atomic<std::uint64_t> m_walDroppedKept { 0 };
};

} // namespace sg::tsdb
