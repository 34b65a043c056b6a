#pragma once

// Follows the TSDB's WAL as it is written: complete records of the live segment, then the next segment.

#include "core/common/result.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace sg::remotewrite {

/// A place in the WAL: a segment index and a byte offset in it (just after a record).
struct WalPosition
{
    std::uint32_t segment = 0; ///< 0: before the first segment
    std::uint64_t offset = 0;

    friend bool operator==(const WalPosition&, const WalPosition&) = default;
    friend auto operator<=>(const WalPosition&, const WalPosition&) = default;
};

/// How the WAL's writer wakes a reader in the same process: notify() after each write (tsdb::Store::setWalCommitHook),
/// so an idle reader sleeps until there is something to read instead of polling. Shared between the writer's hook and
/// the reader, so either may be gone first. Thread-safe.
class WalWakeup
{
public:
    /// Records were written (or segments deleted): a wait() now or next returns at once.
    void notify();
    /// Ends the current and every later wait() at once (the reader is stopping).
    void interrupt();
    /// Waits until notify() or interrupt() happened since the last wait() returned, or `timeout` passed.
    void wait(std::chrono::milliseconds timeout);

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_notified = false;
    bool m_interrupted = false;
};

/// Reads WAL records from a position on, as they are written. A record the writer has only partly written is
/// read on a later poll; a segment's tail that is torn or corrupted while a newer segment exists is skipped (the
/// writer moved on after a crash); a segment deleted before it was read is skipped to the next one. Both count.
/// Not thread-safe: one reader thread.
class WalTail
{
public:
    WalTail(std::string dir, WalPosition start);
    ~WalTail();
    WalTail(const WalTail&) = delete;
    WalTail& operator=(const WalTail&) = delete;

    /// Called per complete record: its payload and the position just after it.
    using RecordSink = std::function<void(const std::uint8_t* payload, std::size_t length, WalPosition after)>;

    /// Reads the records available now, about `maxBytes` at most, and returns how many were read.
    std::size_t poll(const RecordSink& sink, std::size_t maxBytes = 4u << 20);

    /// The position after the last record read.
    WalPosition position() const { return m_pos; }
    /// Segments (or segment tails) skipped because they were deleted or corrupted before they were read.
    std::uint64_t skippedSegments() const { return m_skipped; }
    /// Bytes left to read in the segments on disk now (a backlog figure for metrics).
    std::uint64_t bytesBehind() const;

private:
    struct Read
    {
        std::size_t records = 0;
        std::size_t consumed = 0; ///< bytes of whole records read
        std::size_t leftover = 0; ///< bytes after them that do not make a whole, valid record (yet)
        bool missing = false;     ///< the segment file is gone
    };
    /// Reads whole records of the current segment from the position, about `maxBytes`.
    Read readSome(const RecordSink& sink, std::size_t maxBytes);
    /// Moves to the next segment after the current one when one exists; true when it moved.
    bool advanceSegment(bool skipping);
    std::string segmentPath(std::uint32_t index) const;
    /// Whether a segment after the current one exists: the next one looked up by name, and every tenth time the
    /// whole folder listed (a gap after deleted segments).
    bool newerSegmentExists();
    void closeSegment();

    std::string m_dir;
    WalPosition m_pos;
    std::uint64_t m_skipped = 0;
    std::vector<std::uint8_t> m_buffer;
    int m_fd = -1;                 ///< the current segment, kept open between polls
    std::uint32_t m_fdSegment = 0; ///< which segment m_fd is
    unsigned m_lookups = 0;
};

} // namespace sg::remotewrite
