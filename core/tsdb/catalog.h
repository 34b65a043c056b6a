#pragma once

#include "core/tsdb/head.h"

#include <mutex>

struct sqlite3;

namespace sg::tsdb {

/// Where a frame's bytes are: in the block's chunk file or in the catalog as a blob.
enum class ChunkStorage { SegmentFiles, SqliteBlobs };

/// A frame: consecutive chunk payloads stored (and optionally zstd-compressed) together.
struct FrameInfo
{
    std::uint32_t block = 0;
    std::uint64_t offset = 0; ///< in the block's chunk file (SegmentFiles)
    std::uint32_t length = 0; ///< stored bytes
    std::uint32_t rawLength = 0;
    std::uint8_t codec = 0; ///< 0 raw, 1 zstd
};

/// One persisted time range.
struct BlockInfo
{
    TimestampMs minT = 0;
    TimestampMs maxT = 0;
    std::uint64_t bytes = 0; ///< stored frame bytes
};

/// Everything one persistence run writes into the catalog, in one transaction.
struct BlockWrite
{
    std::uint32_t id = 0;
    BlockInfo info;
    std::vector<std::pair<SeriesRef, const Labels*>> newSeries;
    std::vector<std::pair<std::uint32_t, FrameInfo>> frames;
    std::vector<std::vector<std::uint8_t>> frameBlobs; ///< parallel to frames when blobs are stored
    std::vector<std::pair<SeriesRef, PersistedChunk>> chunks;
};

/// The SQLite catalog (`catalog.sqlite`, WAL journal mode): series, label postings, frames, and blocks with a
/// packed chunk directory each. Opening a catalog of another format version fails with a message.
/// Schema: FORMAT.md.
class Catalog
{
public:
    ~Catalog();
    /// `readOnly`: the file is opened immutable (nothing written, not even SQLite's own journal files), and must exist.
    static Result<std::unique_ptr<Catalog>> open(const std::string& path, bool readOnly = false);

    /// Calls back for every series in ref order.
    std::optional<Error> loadSeries(const std::function<void(SeriesRef, Labels)>& fn);
    std::optional<Error> loadBlocks(const std::function<void(std::uint32_t, const BlockInfo&)>& fn);
    std::optional<Error> loadFrames(const std::function<void(std::uint32_t, const FrameInfo&)>& fn);
    /// Calls back for every chunk: block by block (oldest first), each block's packed directory in file order
    /// (by series; a series' out-of-order chunks follow its in-order ones).
    std::optional<Error> loadChunks(const std::function<void(SeriesRef, const PersistedChunk&)>& fn);

    std::optional<Error> writeBlock(const BlockWrite& block);
    std::optional<Error> deleteBlock(std::uint32_t id);
    /// A frame's blob (SqliteBlobs storage); callable from reader threads.
    Result<std::vector<std::uint8_t>> readFrameBlob(std::uint32_t frame) const;

private:
    Catalog() = default;
    std::optional<Error> exec(const char* sql);
    Error sqlError(const std::string& what) const;

    sqlite3* m_db = nullptr;
    mutable std::mutex m_mutex;
};

} // namespace sg::tsdb
