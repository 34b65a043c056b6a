#pragma once

#include "log_store.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sg::logs {

/// When the WAL forces its writes to disk.
enum class WalSync {
    EveryBatch, ///< fdatasync after each push: a returned push survives power loss (the default)
    Never,      ///< leave it to the OS: survives a process crash, not a power loss
};

/// The accepted entries of one stream in a push, as written to a WAL record (pointers into the batch).
struct WalStream
{
    const Labels* labels = nullptr;
    std::vector<const LogEntry*> entries;
};

/// Encodes a WAL record body: sequence number and the accepted entries of a push.
std::string encodeWalBatch(std::uint64_t seq, const std::vector<WalStream>& streams);
/// Decodes a record body written by encodeWalBatch.
Result<PushBatch> decodeWalBatch(std::string_view body, std::uint64_t* seq);

/// What replaying the WAL found.
struct WalReplayReport
{
    std::size_t records = 0;
    std::size_t segments = 0;
    std::uint64_t lastSeq = 0;
    std::uint64_t truncatedBytes = 0; ///< bytes cut from a torn or corrupt tail
    std::string truncationReason;     ///< empty when nothing was cut
};

/// Append-only write-ahead log: numbered segment files of length-prefixed, CRC-checked records.
/// Used by one writer thread at a time.
class Wal
{
public:
    ~Wal();

    /// Replays every record of every segment under `dir` in order, calling `apply(body)`. A torn or corrupt
    /// record ends its segment: the file is truncated there and the reason reported. Then opens a new segment
    /// for appending. `readOnly`: only replays (nothing truncated, no segment opened; appending fails).
    static Result<std::unique_ptr<Wal>> open(const std::string& dir, std::uint64_t segmentBytes, WalSync sync,
        const std::function<void(std::string_view body)>& apply, WalReplayReport* report, bool readOnly = false);

    /// A record's bytes (header and stored body) for `writeRecord`; thread-safe, so a group's records can be
    /// built in parallel. Bodies of `CompressMinBytes` or more are stored zstd-compressed.
    static std::string record(std::string_view body);
    /// Appends a record built by `record` whose body has sequence number `seq`, without syncing: `sync()` makes
    /// every record written so far durable (group commit). Fails on I/O errors.
    Result<bool> writeRecord(std::uint64_t seq, std::string_view record);
    /// Forces the records written so far to disk per policy (a no-op for `WalSync::Never`).
    Result<bool> sync();
    /// Deletes segments whose records all have a sequence number below `seq`: the closed ones, and the open one
    /// too (a new segment takes its place) once none of its records is needed.
    void removeBefore(std::uint64_t seq);

    /// Record bodies at least this long are compressed (zstd, `CompressLevel`).
    static constexpr std::size_t CompressMinBytes = 4096;
    static constexpr int CompressLevel = 1;
    std::uint64_t sizeBytes() const;

private:
    Wal() = default;
    Result<bool> startSegment();

    std::string m_dir;
    std::uint64_t m_segmentBytes = 0;
    WalSync m_sync = WalSync::EveryBatch;
    int m_fd = -1;
    std::uint32_t m_segment = 0;
    std::uint64_t m_written = 0;
    std::map<std::uint32_t, std::uint64_t> m_closed; ///< closed segment -> highest seq in it
    std::uint64_t m_currentMaxSeq = 0;
};

} // namespace sg::logs
