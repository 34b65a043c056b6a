#include "wal.h"

#include "byte_coding.h"
#include "core/common/crc32c.h"

#include <QtCore/QDebug>

#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace sg::logs {

namespace {

constexpr std::uint32_t MaxRecordBytes = 1u << 30;
/// Set in a record's length word when its body is one zstd frame of the record body.
constexpr std::uint32_t CompressedFlag = 1u << 31;

std::string walSegmentPath(const std::string& dir, std::uint32_t n)
{
    char name[32];
    std::snprintf(name, sizeof name, "/%08u.wal", n);
    return dir + name;
}

Error ioError(const std::string& what) { return Error { ErrorCode::Io, what + ": " + std::strerror(errno), {} }; }

} // namespace

std::string encodeWalBatch(std::uint64_t seq, const std::vector<WalStream>& streams)
{
    std::string out;
    std::size_t bytes = 16;
    for (const auto& s : streams)
        for (const auto* e : s.entries)
            bytes += e->line.size() + 12;
    out.reserve(bytes);
    ByteWriter w(out);
    w.u64(seq);
    w.uvarint(streams.size());
    for (const auto& s : streams) {
        w.uvarint(s.labels->size());
        for (const auto& l : *s.labels) {
            w.bytes(l.name);
            w.bytes(l.value);
        }
        w.uvarint(s.entries.size());
        for (const auto* e : s.entries) {
            w.varint(e->ts);
            w.bytes(e->line);
            w.uvarint(e->metadata.size());
            for (const auto& m : e->metadata) {
                w.bytes(m.name);
                w.bytes(m.value);
            }
        }
    }
    return out;
}

Result<PushBatch> decodeWalBatch(std::string_view body, std::uint64_t* seq)
{
    ByteReader r(body);
    *seq = r.u64();
    PushBatch batch;
    const auto nStreams = r.uvarint();
    for (std::uint64_t i = 0; i < nStreams && !r.failed(); ++i) {
        std::vector<Label> labels(std::min<std::uint64_t>(r.uvarint(), r.remaining()));
        for (auto& l : labels) {
            l.name = r.bytes();
            l.value = r.bytes();
        }
        Stream s { Labels(std::move(labels)), {} };
        const auto nEntries = std::min<std::uint64_t>(r.uvarint(), r.remaining());
        s.entries.resize(nEntries);
        for (auto& e : s.entries) {
            e.ts = r.varint();
            e.line = r.bytes();
            e.metadata.resize(std::min<std::uint64_t>(r.uvarint(), r.remaining()));
            for (auto& m : e.metadata) {
                m.name = r.bytes();
                m.value = r.bytes();
            }
        }
        batch.streams.push_back(std::move(s));
    }
    if (r.failed() || !r.atEnd())
        return Error { ErrorCode::BadData, "malformed WAL record body", {} };
    return batch;
}

Wal::~Wal()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

Result<std::unique_ptr<Wal>> Wal::open(const std::string& dir, std::uint64_t segmentBytes, WalSync sync,
    const std::function<void(std::string_view)>& apply, WalReplayReport* report, bool readOnly)
{
    std::unique_ptr<Wal> wal(new Wal);
    wal->m_dir = dir;
    wal->m_segmentBytes = segmentBytes;
    wal->m_sync = sync;
    std::error_code ec;
    if (!readOnly)
        fs::create_directories(dir, ec);
    if (ec)
        return Error { ErrorCode::Io, "cannot create " + dir + ": " + ec.message(), {} };

    std::vector<std::uint32_t> segments;
    for (const auto& de : fs::directory_iterator(dir, ec)) {
        const auto name = de.path().filename().string();
        if (name.size() == 12 && name.ends_with(".wal"))
            segments.push_back(std::uint32_t(std::stoul(name.substr(0, 8))));
    }
    std::sort(segments.begin(), segments.end());
    WalReplayReport local;
    WalReplayReport& rep = report ? *report : local;
    std::string inflated;
    for (const auto n : segments) {
        const auto path = walSegmentPath(dir, n);
        std::ifstream in(path, std::ios::binary);
        std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        ++rep.segments;
        std::size_t pos = 0;
        std::uint64_t maxSeq = 0;
        std::string reason;
        while (pos < data.size()) {
            if (data.size() - pos < 8) {
                reason = "torn record header";
                break;
            }
            ByteReader h(data.data() + pos, 8);
            const auto word = h.u32();
            const auto crc = h.u32();
            const bool compressed = (word & CompressedFlag) != 0;
            const auto len = word & ~CompressedFlag;
            if (len > MaxRecordBytes || len < 8) {
                reason = "bad record length";
                break;
            }
            if (data.size() - pos - 8 < len) {
                reason = "torn record body";
                break;
            }
            std::string_view body(data.data() + pos + 8, len);
            if (crc32c(body) != crc) {
                reason = "record checksum mismatch";
                break;
            }
            if (compressed) {
                const auto raw = ZSTD_getFrameContentSize(body.data(), body.size());
                if (raw == ZSTD_CONTENTSIZE_ERROR || raw == ZSTD_CONTENTSIZE_UNKNOWN || raw > MaxRecordBytes || raw < 8) {
                    reason = "bad compressed record";
                    break;
                }
                inflated.resize(raw);
                const auto n = ZSTD_decompress(inflated.data(), inflated.size(), body.data(), body.size());
                if (ZSTD_isError(n) || n != raw) {
                    reason = "bad compressed record";
                    break;
                }
                body = inflated;
            }
            std::uint64_t seq = 0;
            std::memcpy(&seq, body.data(), 8);
            maxSeq = std::max(maxSeq, seq);
            rep.lastSeq = std::max(rep.lastSeq, seq);
            apply(body);
            ++rep.records;
            pos += 8 + len;
        }
        if (!reason.empty()) {
            const auto cut = data.size() - pos;
            rep.truncatedBytes += cut;
            rep.truncationReason = reason + " in " + path + " at offset " + std::to_string(pos);
            qWarning().noquote() << QStringLiteral("log WAL: %1; %2 %3 bytes")
                                        .arg(QString::fromStdString(rep.truncationReason))
                                        .arg(readOnly ? QStringLiteral("skipping") : QStringLiteral("truncating"))
                                        .arg(cut);
            if (!readOnly && ::truncate(path.c_str(), off_t(pos)) != 0)
                return ioError("cannot truncate " + path);
        }
        wal->m_closed[n] = maxSeq;
        wal->m_segment = n;
    }
    if (readOnly)
        return wal;
    if (auto r = wal->startSegment(); !r)
        return r.error();
    return wal;
}

Result<bool> Wal::startSegment()
{
    if (m_fd >= 0) {
        ::fdatasync(m_fd);
        ::close(m_fd);
        m_closed[m_segment] = m_currentMaxSeq;
    }
    ++m_segment;
    m_written = 0;
    m_currentMaxSeq = 0;
    const auto path = walSegmentPath(m_dir, m_segment);
    m_fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_fd < 0)
        return ioError("cannot create " + path);
    // Make the new file's directory entry durable.
    if (const int dfd = ::open(m_dir.c_str(), O_RDONLY | O_DIRECTORY); dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return true;
}

std::string Wal::record(std::string_view body)
{
    std::string out;
    std::uint32_t flag = 0;
    if (body.size() >= CompressMinBytes) {
        thread_local ZSTD_CCtx* cctx = ZSTD_createCCtx();
        out.resize(8 + ZSTD_compressBound(body.size()));
        const auto n = ZSTD_compressCCtx(cctx, out.data() + 8, out.size() - 8, body.data(), body.size(), CompressLevel);
        if (!ZSTD_isError(n) && n < body.size()) {
            out.resize(8 + n);
            flag = CompressedFlag;
        }
    }
    if (!flag) {
        out.resize(8);
        out.append(body);
    }
    const auto stored = std::string_view(out).substr(8);
    const auto word = std::uint32_t(std::min<std::size_t>(stored.size(), ~CompressedFlag)) | flag;
    const auto crc = crc32c(stored);
    std::memcpy(out.data(), &word, 4);
    std::memcpy(out.data() + 4, &crc, 4);
    return out;
}

Result<bool> Wal::writeRecord(std::uint64_t seq, std::string_view record)
{
    if (record.size() - 8 > MaxRecordBytes)
        return Error { ErrorCode::Limit, "WAL record too large", {} };
    if (m_written >= m_segmentBytes)
        if (auto r = startSegment(); !r)
            return r;
    for (std::size_t done = 0; done < record.size();) {
        const auto n = ::write(m_fd, record.data() + done, record.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            auto error = ioError("WAL write");
            // Cut a partial record off, so the records written after it stay readable at replay.
            if (::ftruncate(m_fd, off_t(m_written)) != 0 || ::lseek(m_fd, off_t(m_written), SEEK_SET) < 0)
                m_written = m_segmentBytes; // the next record starts a new segment
            return error;
        }
        done += std::size_t(n);
    }
    m_written += record.size();
    m_currentMaxSeq = std::max(m_currentMaxSeq, seq);
    return true;
}

Result<bool> Wal::sync()
{
    if (m_sync == WalSync::EveryBatch && ::fdatasync(m_fd) != 0)
        return ioError("WAL sync");
    return true;
}

void Wal::removeBefore(std::uint64_t seq)
{
    // Nothing in the open segment is needed any more: close it so it goes with the others.
    if (m_written > 0 && m_currentMaxSeq < seq)
        if (auto r = startSegment(); !r)
            qWarning().noquote() << QString::fromStdString("log WAL: " + r.error().message);
    for (auto it = m_closed.begin(); it != m_closed.end();) {
        if (it->second < seq) {
            std::error_code ec;
            fs::remove(walSegmentPath(m_dir, it->first), ec);
            it = m_closed.erase(it);
        } else {
            ++it;
        }
    }
}

std::uint64_t Wal::sizeBytes() const
{
    std::uint64_t total = m_written;
    std::error_code ec;
    for (const auto& [n, seq] : m_closed)
        total += fs::file_size(walSegmentPath(m_dir, n), ec);
    return total;
}

} // namespace sg::logs
