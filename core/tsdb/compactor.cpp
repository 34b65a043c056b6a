// Persistence: the head becomes a block (frames of chunk payloads, zstd-compressed when that is smaller,
// in a chunk file or catalog blobs), the catalog gains its rows in one transaction, then the WAL is
// truncated. Retention drops whole blocks.
#include "store.h"

#include <QtGlobal>

#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include <fcntl.h>
#include <unistd.h>

namespace sg::tsdb {

namespace fs = std::filesystem;

std::string Store::blockPath(std::uint32_t id) const
{
    char name[32];
    std::snprintf(name, sizeof name, "%08u.chunks", id);
    return m_dir + "/blocks/" + name;
}

std::optional<Error> Store::persistLocked()
{
    if (m_head.sampleCount() == 0)
        return std::nullopt;
    BlockWrite b;
    b.id = m_nextBlock++;
    b.info.minT = std::numeric_limits<TimestampMs>::max();
    b.info.maxT = std::numeric_limits<TimestampMs>::min();
    for (SeriesRef ref = m_catalogSeries; ref < m_head.seriesCount(); ++ref)
        b.newSeries.emplace_back(ref, &m_head.series(ref).labels);

    const bool files = m_options.chunkStorage == ChunkStorage::SegmentFiles;
    int fd = -1;
    const std::string path = blockPath(b.id);
    if (files) {
        fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0)
            return Error { ErrorCode::Io, "cannot create " + path + ": " + std::strerror(errno), {} };
    }
    std::vector<std::uint8_t> raw;
    std::uint32_t frameId = m_nextFrame++;
    std::uint64_t fileOffset = 0;
    std::optional<Error> writeError;
    auto flushFrame = [&] {
        if (raw.empty())
            return;
        FrameInfo f { b.id, fileOffset, 0, std::uint32_t(raw.size()), 0 };
        std::vector<std::uint8_t> stored;
        if (m_options.compressFrames) {
            stored.resize(ZSTD_compressBound(raw.size()));
            // zstd's content checksum: a corrupted frame fails to decompress instead of decoding to garbage
            struct FreeCCtx
            {
                void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
            };
            thread_local std::unique_ptr<ZSTD_CCtx, FreeCCtx> cctx(ZSTD_createCCtx());
            ZSTD_CCtx_reset(cctx.get(), ZSTD_reset_session_and_parameters);
            ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, m_options.zstdLevel);
            ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);
            const std::size_t n = ZSTD_compress2(cctx.get(), stored.data(), stored.size(), raw.data(), raw.size());
            if (!ZSTD_isError(n) && n < raw.size()) {
                stored.resize(n);
                f.codec = 1;
            }
        }
        if (f.codec == 0)
            stored = raw;
        f.length = std::uint32_t(stored.size());
        if (files) {
            if (::pwrite(fd, stored.data(), stored.size(), off_t(fileOffset)) != ssize_t(stored.size()) && !writeError)
                writeError = Error { ErrorCode::Io, "cannot write " + path + ": " + std::strerror(errno), {} };
            fileOffset += stored.size();
        } else {
            b.frameBlobs.push_back(std::move(stored));
        }
        b.info.bytes += f.length;
        b.frames.emplace_back(frameId, f);
        raw.clear();
        frameId = m_nextFrame++;
    };
    m_head.drain([&](SeriesRef ref, HeadChunk&& c) {
        if (!raw.empty() && raw.size() + c.data.size() > m_options.frameBytes)
            flushFrame();
        PersistedChunk pc { c.minT, c.maxT, frameId, std::uint32_t(raw.size()), std::uint32_t(c.data.size()),
            chunkenc::sampleCount(c.data) };
        raw.insert(raw.end(), c.data.begin(), c.data.end());
        b.chunks.emplace_back(ref, pc);
        b.info.minT = std::min(b.info.minT, c.minT);
        b.info.maxT = std::max(b.info.maxT, c.maxT);
    });
    flushFrame();
    --m_nextFrame; // the id reserved after the last frame was not used
    if (files) {
        if (::fdatasync(fd) != 0 && !writeError)
            writeError = Error { ErrorCode::Io, "cannot sync " + path + ": " + std::strerror(errno), {} };
        ::close(fd);
    }
    if (!writeError)
        writeError = m_catalog->writeBlock(b);
    if (writeError) {
        // the head's data stays in the WAL and comes back on the next open
        std::error_code ec;
        fs::remove(path, ec);
        return writeError;
    }
    for (const auto& [ref, c] : b.chunks) {
        m_head.series(ref).persisted.push_back(c);
        m_persistedSamples += c.samples;
        ++m_persistedChunks;
    }
    for (const auto& [id, f] : b.frames)
        m_frames[id] = f;
    m_blocks[b.id] = b.info;
    m_catalogSeries = SeriesRef(m_head.seriesCount());
    if (auto err = applyRetention())
        return err;
    if (!m_wal)
        return std::nullopt;
    auto truncated = m_wal->truncate();
    m_walDroppedKept.store(m_wal->droppedKeptSegments(), std::memory_order_relaxed);
    return truncated;
}

std::optional<Error> Store::applyRetention()
{
    std::vector<std::uint32_t> drop;
    std::uint64_t total = 0;
    for (const auto& [id, b] : m_blocks)
        total += b.bytes;
    for (const auto& [id, b] : m_blocks) {
        const bool tooOld = m_options.retention > 0 && b.maxT < m_newestT - m_options.retention;
        const bool tooBig = m_options.retentionBytes > 0 && total > m_options.retentionBytes;
        if (!tooOld && !tooBig)
            break; // blocks are in time order: the rest are newer
        drop.push_back(id);
        total -= b.bytes;
    }
    for (auto id : drop)
        if (auto err = dropBlock(id))
            return err;
    return std::nullopt;
}

std::optional<Error> Store::dropBlock(std::uint32_t id)
{
    if (auto err = m_catalog->deleteBlock(id))
        return err;
    m_pastWrites.fetch_add(1, std::memory_order_release); // the block's samples leave the past
    std::error_code ec;
    fs::remove(blockPath(id), ec);
    for (SeriesRef ref = 0; ref < m_head.seriesCount(); ++ref) {
        auto& chunks = m_head.series(ref).persisted;
        std::erase_if(chunks, [&](const PersistedChunk& c) {
            auto f = m_frames.find(c.frame);
            if (f == m_frames.end() || f->second.block != id)
                return false;
            m_persistedSamples -= c.samples;
            --m_persistedChunks;
            return true;
        });
    }
    std::erase_if(m_frames, [&](const auto& f) { return f.second.block == id; });
    m_blocks.erase(id);
    return std::nullopt;
}

const std::vector<std::uint8_t>* Store::frameBytes(std::uint32_t frame,
    std::unordered_map<std::uint32_t, std::vector<std::uint8_t>>& cache) const
{
    if (auto it = cache.find(frame); it != cache.end())
        return &it->second;
    auto fi = m_frames.find(frame);
    if (fi == m_frames.end())
        return nullptr;
    const FrameInfo& f = fi->second;
    std::vector<std::uint8_t> stored;
    if (m_options.chunkStorage == ChunkStorage::SqliteBlobs) {
        auto blob = m_catalog->readFrameBlob(frame);
        if (!blob)
            return nullptr;
        stored = std::move(blob.value());
    } else {
        const std::string path = blockPath(f.block);
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return nullptr;
        stored.resize(f.length);
        const ssize_t n = ::pread(fd, stored.data(), f.length, off_t(f.offset));
        ::close(fd);
        if (n != ssize_t(f.length))
            return nullptr;
    }
    std::vector<std::uint8_t> raw;
    if (f.codec == 1) {
        raw.resize(f.rawLength);
        const std::size_t n = ZSTD_decompress(raw.data(), raw.size(), stored.data(), stored.size());
        if (ZSTD_isError(n) || n != f.rawLength)
            return nullptr; // counted and logged once by the caller; the query warns
    } else {
        raw = std::move(stored);
    }
    return &cache.emplace(frame, std::move(raw)).first->second;
}

} // namespace sg::tsdb
