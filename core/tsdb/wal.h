#pragma once

#include "core/tsdb/storage.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sg::tsdb {

/// A series' id within one data dir: dense, stable across restarts, the catalog's series id.
using SeriesRef = std::uint32_t;

/// When the WAL calls fdatasync.
enum class WalSync {
    EveryBatch, ///< before append() returns: an acknowledged batch survives power loss
    Never,      ///< write() only: survives a process crash, not an OS crash (Prometheus' default behaviour)
};

/// A series record: a ref and its labels.
struct WalSeries
{
    SeriesRef ref = 0;
    Labels labels;
};

/// One sample of a samples record.
struct WalSample
{
    SeriesRef ref = 0;
    TimestampMs t = 0;
    double v = 0;
};

/// Writes WAL records to numbered segment files (`wal/00000001`, ...). Single writer. Layout: FORMAT.md.
class WalWriter
{
public:
    ~WalWriter();
    /// Opens `dir` (created when missing) and starts a new segment after the highest existing one.
    static Result<std::unique_ptr<WalWriter>> open(const std::string& dir, std::size_t segmentBytes, WalSync sync);

    /// Buffers a series record.
    void addSeries(SeriesRef ref, const Labels& labels);
    /// Buffers a samples record.
    void addSamples(std::span<const WalSample> samples);
    /// Writes the buffered records to the current segment and syncs per the policy; empty buffers do nothing.
    std::optional<Error> commit();
    /// Deletes every segment and starts a new one (after the head was persisted). Segments from the keeper's
    /// index on are kept (a reader such as a remote-write queue still needs them) while they hold at most
    /// `maxKeptBytes`; beyond that the oldest go anyway and are counted in droppedKeptSegments().
    std::optional<Error> truncate();

    /// Names the lowest segment index a reader still needs (`UINT32_MAX`: none). Called by truncate() on the
    /// writer's thread, so it must be thread-safe towards the reader.
    using SegmentKeeper = std::function<std::uint32_t()>;
    /// Installs a keeper and the bound on the bytes it may keep (a dead reader cannot fill the disk).
    void setKeeper(SegmentKeeper keeper, std::uint64_t maxKeptBytes);
    /// Called on the writer's thread after records reached a segment (each commit that wrote, each truncation), so
    /// a reader in the same process (a remote-write queue) wakes instead of polling. Must be cheap and not throw.
    /// Call before the writer thread starts, or on it.
    void setCommitHook(std::function<void()> hook) { m_commitHook = std::move(hook); }
    /// Segments a keeper wanted kept but truncate() deleted because they passed the bound.
    std::uint64_t droppedKeptSegments() const { return m_droppedKept; }
    /// Bytes of older segments kept for a keeper.
    std::uint64_t keptBytes() const { return m_keptBytes; }

    /// Bytes in the live segments (kept ones included). Any thread may read it.
    std::uint64_t size() const { return m_size.load(std::memory_order_relaxed); }
    /// The index of the segment being written.
    std::uint32_t segment() const { return m_segment; }

private:
    WalWriter() = default;
    std::optional<Error> startSegment(std::uint32_t index);
    void finishRecord(std::size_t start);

    std::string m_dir;
    std::size_t m_segmentBytes = 0;
    WalSync m_sync = WalSync::EveryBatch;
    int m_fd = -1;
    std::uint32_t m_segment = 0;
    std::uint64_t m_segmentSize = 0;
    std::atomic<std::uint64_t> m_size { 0 }; ///< written by the writer's thread only
    std::string m_buffer;
    SegmentKeeper m_keeper;
    std::function<void()> m_commitHook;
    std::uint64_t m_maxKeptBytes = 0;
    std::uint64_t m_keptBytes = 0;
    std::uint64_t m_droppedKept = 0;
};

/// What a replay found.
struct WalReplayReport
{
    std::size_t segments = 0;
    std::size_t records = 0;
    std::size_t samples = 0;
    std::size_t series = 0;
    std::uint64_t truncatedBytes = 0; ///< bytes cut off a torn or corrupted tail
    std::string truncation;           ///< why, when something was cut
};

/// Reads every segment in `dir` in order, calling back per record. A torn or corrupted record ends the
/// replay: its segment is truncated there and later segments are deleted (the reason goes in the report).
/// `cutTail`: a torn or corrupted tail is cut off the files (false: only skipped, for a read-only open).
Result<WalReplayReport> replayWal(const std::string& dir, const std::function<void(const WalSeries&)>& onSeries,
    const std::function<void(std::span<const WalSample>)>& onSamples, bool cutTail = true);

/// The segment files of `dir` (index, path), by index.
std::vector<std::pair<std::uint32_t, std::string>> walSegments(const std::string& dir);

/// Decodes one record payload (the bytes after its length and checksum), calling back per record kind;
/// `scratch` is reused for the samples. False when the payload is malformed (nothing is called then for a
/// samples record; a series record calls only when whole).
bool decodeWalRecord(const std::uint8_t* p, const std::uint8_t* end, const std::function<void(const WalSeries&)>& onSeries,
    const std::function<void(std::span<const WalSample>)>& onSamples, std::vector<WalSample>& scratch);

/// Appends the labels' binary form (varint count, then varint-length-prefixed names and values).
void encodeLabels(std::string& out, const Labels& labels);
/// Reads labels written by encodeLabels, advancing `p`; nullopt when malformed.
std::optional<Labels> decodeLabels(const std::uint8_t*& p, const std::uint8_t* end);

} // namespace sg::tsdb
