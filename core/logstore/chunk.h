#pragma once

#include "log_store.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sg::logs {

/// Where a compressed chunk lives and what it covers; one row of the catalog's chunk index.
struct ChunkMeta
{
    std::int64_t id = 0;
    std::uint32_t segment = 0;  ///< segment file number (`chunks/NNNNNNNN.seg`)
    std::uint64_t offset = 0;   ///< byte offset of the chunk's frame in the segment
    std::uint32_t length = 0;   ///< frame length in bytes (header + compressed payload)
    TimestampNs minTs = 0;
    TimestampNs maxTs = 0;
    std::uint32_t entries = 0;
    std::uint32_t rawBytes = 0; ///< encoded size before compression
};

constexpr std::uint32_t ChunkMagic = 0x4b434753; // "SGCK" little-endian
constexpr std::size_t ChunkHeaderBytes = 16;

/// Encodes time-ordered entries column by column (timestamps, lengths, metadata, then the lines), the
/// uncompressed chunk body described in FORMAT.md.
std::string encodeChunkBody(std::span<const LogEntry> entries);
/// Decodes a chunk body, keeping only entries with `start <= ts < end`.
Result<std::vector<LogEntry>> decodeChunkBody(std::string_view body, TimestampNs start, TimestampNs end);

/// Encodes and compresses entries with zstd at `level`: the frame written to a segment file.
std::string compressChunk(std::span<const LogEntry> entries, int level);
/// Checks a frame's magic and CRC, decompresses and decodes the entries in [start, end).
Result<std::vector<LogEntry>> decompressChunk(std::string_view frame, TimestampNs start, TimestampNs end);
/// The entries of a frame read from disk at `meta` (pread on the segment file under `dir`).
Result<std::vector<LogEntry>> readChunk(const std::string& chunksDir, const ChunkMeta& meta, TimestampNs start,
    TimestampNs end);

/// `dir/NNNNNNNN.seg`.
std::string segmentPath(const std::string& chunksDir, std::uint32_t segment);

} // namespace sg::logs
