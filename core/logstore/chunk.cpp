#include "chunk.h"

#include "byte_coding.h"
#include "core/common/crc32c.h"

#include <zstd.h>

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

namespace sg::logs {

namespace {

constexpr std::uint8_t BodyVersion = 1;

Error corrupt(std::string what) { return Error { ErrorCode::BadData, "corrupt chunk: " + std::move(what), {} }; }

} // namespace

std::string encodeChunkBody(std::span<const LogEntry> entries)
{
    std::string out;
    std::size_t lineBytes = 0;
    for (const auto& e : entries)
        lineBytes += e.line.size();
    out.reserve(lineBytes + entries.size() * 6 + 16);
    ByteWriter w(out);
    w.u8(BodyVersion);
    w.uvarint(entries.size());
    TimestampNs prev = 0;
    for (const auto& e : entries) {
        w.varint(e.ts - prev);
        prev = e.ts;
    }
    for (const auto& e : entries)
        w.uvarint(e.line.size());
    for (const auto& e : entries) {
        w.uvarint(e.metadata.size());
        for (const auto& m : e.metadata) {
            w.bytes(m.name);
            w.bytes(m.value);
        }
    }
    for (const auto& e : entries)
        out.append(e.line);
    return out;
}

Result<std::vector<LogEntry>> decodeChunkBody(std::string_view body, TimestampNs start, TimestampNs end)
{
    ByteReader r(body);
    if (r.u8() != BodyVersion)
        return corrupt("unknown body version");
    const auto n = r.uvarint();
    if (n > body.size())
        return corrupt("entry count");
    std::vector<TimestampNs> ts(n);
    TimestampNs prev = 0;
    for (auto& t : ts) { // a sum past int64 only comes from a damaged chunk (found by fuzzing)
        if (__builtin_add_overflow(prev, r.varint(), &prev))
            return corrupt("timestamp out of range");
        t = prev;
    }
    std::vector<std::uint64_t> lens(n);
    for (auto& l : lens)
        l = r.uvarint();
    std::vector<LogEntry> out;
    std::vector<std::vector<Label>> metadata(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto pairs = r.uvarint();
        if (pairs > r.remaining())
            return corrupt("metadata count");
        for (std::uint64_t k = 0; k < pairs; ++k) {
            auto name = r.bytes();
            auto value = r.bytes();
            metadata[i].push_back(Label { std::string(name), std::string(value) });
        }
    }
    if (r.failed())
        return corrupt("truncated columns");
    std::size_t keep = 0;
    for (auto t : ts)
        keep += (t >= start && t < end);
    out.reserve(keep);
    for (std::size_t i = 0; i < n; ++i) {
        auto line = r.raw(lens[i]);
        if (r.failed())
            return corrupt("truncated lines");
        if (ts[i] < start || ts[i] >= end)
            continue;
        out.push_back(LogEntry { ts[i], std::string(line), std::move(metadata[i]) });
    }
    return out;
}

std::string compressChunk(std::span<const LogEntry> entries, int level)
{
    const std::string body = encodeChunkBody(entries);
    std::string frame(ChunkHeaderBytes + ZSTD_compressBound(body.size()), '\0');
    thread_local ZSTD_CCtx* cctx = ZSTD_createCCtx();
    const auto n = ZSTD_compressCCtx(cctx, frame.data() + ChunkHeaderBytes, frame.size() - ChunkHeaderBytes,
        body.data(), body.size(), level);
    frame.resize(ChunkHeaderBytes + n);
    std::string header;
    ByteWriter w(header);
    w.u32(ChunkMagic);
    w.u32(crc32c(frame.data() + ChunkHeaderBytes, n));
    w.u32(std::uint32_t(body.size()));
    w.u32(std::uint32_t(n));
    frame.replace(0, ChunkHeaderBytes, header);
    return frame;
}

Result<std::vector<LogEntry>> decompressChunk(std::string_view frame, TimestampNs start, TimestampNs end)
{
    ByteReader r(frame);
    const auto magic = r.u32();
    const auto crc = r.u32();
    const auto rawLen = r.u32();
    const auto len = r.u32();
    if (r.failed() || magic != ChunkMagic)
        return corrupt("bad magic");
    if (r.remaining() < len)
        return corrupt("truncated frame");
    const char* payload = frame.data() + ChunkHeaderBytes;
    if (crc32c(payload, len) != crc)
        return corrupt("checksum mismatch");
    std::string body(rawLen, '\0');
    thread_local ZSTD_DCtx* dctx = ZSTD_createDCtx();
    const auto n = ZSTD_decompressDCtx(dctx, body.data(), body.size(), payload, len);
    if (ZSTD_isError(n) || n != rawLen)
        return corrupt(std::string("zstd: ") + (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short body"));
    return decodeChunkBody(body, start, end);
}

std::string segmentPath(const std::string& chunksDir, std::uint32_t segment)
{
    char name[32];
    std::snprintf(name, sizeof name, "/%08u.seg", segment);
    return chunksDir + name;
}

Result<std::vector<LogEntry>> readChunk(const std::string& chunksDir, const ChunkMeta& meta, TimestampNs start,
    TimestampNs end)
{
    const auto path = segmentPath(chunksDir, meta.segment);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) // a segment deleted by retention after the chunk was listed is "missing", not unreadable
        return Error { ErrorCode::Io, (errno == ENOENT ? "missing " : "cannot open ") + path, {} };
    std::string frame(meta.length, '\0');
    std::size_t done = 0;
    while (done < frame.size()) {
        const auto n = ::pread(fd, frame.data() + done, frame.size() - done, off_t(meta.offset + done));
        if (n <= 0)
            break;
        done += std::size_t(n);
    }
    ::close(fd);
    if (done != frame.size())
        return Error { ErrorCode::Io, "short read in " + path, {} };
    return decompressChunk(frame, start, end);
}

} // namespace sg::logs
