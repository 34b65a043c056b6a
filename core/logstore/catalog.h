#pragma once

#include "chunk.h"

#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace sg::logs {

/// A stream row as the catalog keeps it.
struct CatalogStream
{
    std::uint32_t id = 0;
    Labels labels;
    std::uint64_t flushedSeq = 0; ///< WAL records up to this sequence number are in this stream's chunks
    std::vector<ChunkMeta> chunks;
};

/// The SQLite catalog (`catalog.sqlite`, WAL journal mode): streams, their labels and the chunk index.
/// Used by the store's writer thread only; readers use the store's in-memory copy.
class Catalog
{
public:
    ~Catalog();
    Catalog(const Catalog&) = delete;
    Catalog& operator=(const Catalog&) = delete;

    /// `readOnly`: the file is opened immutable (nothing written, not even SQLite's journal files); it must exist.
    static Result<std::unique_ptr<Catalog>> open(const std::string& path, bool readOnly = false);

    /// Every stream with its chunk index, ordered by id.
    Result<std::vector<CatalogStream>> load();

    Result<bool> begin();
    Result<bool> commit();
    /// Ends a transaction that failed half-way (no-op outside a transaction).
    void rollback();
    Result<bool> addStream(std::uint32_t id, const Labels& labels);
    /// Inserts a chunk row; sets `meta.id`.
    Result<bool> addChunk(std::uint32_t streamId, ChunkMeta& meta);
    Result<bool> setFlushedSeq(std::uint32_t streamId, std::uint64_t seq);
    Result<bool> removeChunk(std::int64_t chunkId);

private:
    Catalog() = default;
    Result<bool> exec(const char* sql);
    Error error(const char* what) const;

    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_addStream = nullptr;
    sqlite3_stmt* m_addLabel = nullptr;
    sqlite3_stmt* m_addChunk = nullptr;
    sqlite3_stmt* m_setFlushed = nullptr;
    sqlite3_stmt* m_removeChunk = nullptr;
};

} // namespace sg::logs
