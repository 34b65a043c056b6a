#pragma once

// Where a remote's sending stands, saved so that a restart (or a SIGKILL) resumes exactly after what the remote
// acknowledged: a receiver such as Prometheus refuses a whole request that holds a sample older than one it
// already has for the series, so resending already-acknowledged samples is not harmless in general.

#include "core/common/result.h"
#include "core/remotewrite/wal_tail.h"

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>

namespace sg::remotewrite {

/// The queue's saved state: every record before `committed` is done (acknowledged, or refused for good), and the
/// shard count whose per-shard files (ShardProgress) refine it.
struct QueueProgress
{
    WalPosition committed; ///< the start of the first record not fully done ({0,0}: the WAL's start)
    std::size_t shards = 0; ///< 0: no per-shard files apply
};

/// Reads `path` ("SEGMENT OFFSET SHARDS\n"); a missing or malformed file gives the WAL's start.
QueueProgress loadQueueProgress(const std::string& path);
/// Saves atomically (temporary file, fdatasync, rename): a crash leaves the old or the new one.
std::optional<Error> saveQueueProgress(const std::string& path, const QueueProgress& progress);

/// One shard's place: all its samples of records starting before `start` are done, and the first `done` of its
/// samples of the record starting at `start`. Samples go to shards by series ref modulo the shard count, and a
/// shard sends in WAL order, so this is exact.
struct ShardProgress
{
    WalPosition start;
    std::size_t done = 0;
    friend bool operator==(const ShardProgress&, const ShardProgress&) = default;
};

/// A shard's progress file, rewritten in place (one small pwrite, no sync) after every batch the remote answered,
/// so a killed process has it up to the last acknowledgement (an OS crash may lose the newest writes: then a few
/// samples are sent twice).
class ShardProgressFile
{
public:
    explicit ShardProgressFile(std::string path);
    ~ShardProgressFile();
    ShardProgressFile(const ShardProgressFile&) = delete;
    ShardProgressFile& operator=(const ShardProgressFile&) = delete;

    void write(const ShardProgress& progress);
    /// The saved progress; nullopt when missing or malformed.
    static std::optional<ShardProgress> load(const std::string& path);

private:
    std::string m_path;
    int m_fd = -1;
};

/// Tracks which WAL records are fully done: each record read gets an id and the number of its samples in flight;
/// shards report done samples per id; the committed position is the start of the oldest record not fully done
/// (or the end of the last record when all are). Thread-safe.
class AckTracker
{
public:
    explicit AckTracker(WalPosition start);

    /// Registers a record spanning [start, after) with `samples` samples in flight; returns its id.
    std::uint64_t add(WalPosition start, WalPosition after, std::size_t samples);
    /// Marks samples done: (record id, count) runs.
    void done(std::span<const std::pair<std::uint64_t, std::size_t>> runs);
    WalPosition committed() const;

private:
    struct Entry
    {
        WalPosition start;
        WalPosition after;
        std::size_t remaining = 0;
    };
    void advanceLocked();

    mutable std::mutex m_mutex;
    std::deque<Entry> m_entries;
    std::uint64_t m_firstId = 0; ///< id of m_entries.front()
    WalPosition m_end;           ///< the end of the last record whose samples are all done
};

} // namespace sg::remotewrite
