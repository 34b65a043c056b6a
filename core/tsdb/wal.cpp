#include "wal.h"

#include "core/common/crc32c.h"

#include <QtGlobal>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

namespace sg::tsdb {

namespace fs = std::filesystem;

namespace {

constexpr std::uint8_t SeriesRecord = 1;
constexpr std::uint8_t SamplesRecord = 2;

void putUvarint(std::string& out, std::uint64_t v)
{
    while (v >= 0x80) {
        out.push_back(char(std::uint8_t(v) | 0x80));
        v >>= 7;
    }
    out.push_back(char(v));
}

void putU32(char* p, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        p[i] = char(v >> (8 * i));
}

Error ioError(const std::string& what, const std::string& path)
{
    return Error { ErrorCode::Io, what + " " + path + ": " + std::strerror(errno), {} };
}

std::string segmentName(std::uint32_t index)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08u", index);
    return buf;
}

} // namespace

std::vector<std::pair<std::uint32_t, std::string>> walSegments(const std::string& dir)
{
    std::vector<std::pair<std::uint32_t, std::string>> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const auto name = e.path().filename().string();
        if (name.size() != 8 || name.find_first_not_of("0123456789") != std::string::npos)
            continue;
        out.emplace_back(std::uint32_t(std::stoul(name)), e.path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

void encodeLabels(std::string& out, const Labels& labels)
{
    putUvarint(out, labels.size());
    for (const auto& l : labels) {
        putUvarint(out, l.name.size());
        out += l.name;
        putUvarint(out, l.value.size());
        out += l.value;
    }
}

WalWriter::~WalWriter()
{
    if (m_fd >= 0) {
        if (!m_buffer.empty())
            commit();
        ::fdatasync(m_fd);
        ::close(m_fd);
    }
}

Result<std::unique_ptr<WalWriter>> WalWriter::open(const std::string& dir, std::size_t segmentBytes, WalSync sync)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        return Error { ErrorCode::Io, "cannot create " + dir + ": " + ec.message(), {} };
    std::unique_ptr<WalWriter> w(new WalWriter);
    w->m_dir = dir;
    w->m_segmentBytes = segmentBytes;
    w->m_sync = sync;
    std::uint32_t next = 1;
    for (const auto& [index, path] : walSegments(dir)) {
        next = index + 1;
        w->m_size.fetch_add(fs::file_size(path, ec), std::memory_order_relaxed);
    }
    if (auto err = w->startSegment(next))
        return *err;
    return w;
}

std::optional<Error> WalWriter::startSegment(std::uint32_t index)
{
    if (m_fd >= 0) {
        ::fdatasync(m_fd);
        ::close(m_fd);
        m_fd = -1;
    }
    const std::string path = m_dir + "/" + segmentName(index);
    m_fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_fd < 0)
        return ioError("cannot create WAL segment", path);
    // make the new segment's directory entry durable
    const int dfd = ::open(m_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    m_segment = index;
    m_segmentSize = 0;
    return std::nullopt;
}

void WalWriter::finishRecord(std::size_t start)
{
    const std::size_t len = m_buffer.size() - start - 8;
    putU32(&m_buffer[start], std::uint32_t(len));
    putU32(&m_buffer[start + 4], crc32c(m_buffer.data() + start + 8, len));
}

void WalWriter::addSeries(SeriesRef ref, const Labels& labels)
{
    const std::size_t start = m_buffer.size();
    m_buffer.append(8, '\0');
    m_buffer.push_back(char(SeriesRecord));
    putUvarint(m_buffer, ref);
    encodeLabels(m_buffer, labels);
    finishRecord(start);
}

void WalWriter::addSamples(std::span<const WalSample> samples)
{
    if (samples.empty())
        return;
    const std::size_t start = m_buffer.size();
    // worst case per sample: two 10-byte varints and the value; written in place, trimmed after
    m_buffer.resize(start + 8 + 1 + 30 + samples.size() * 28);
    auto* p = reinterpret_cast<std::uint8_t*>(m_buffer.data() + start + 8);
    auto uvarint = [&p](std::uint64_t v) {
        while (v >= 0x80) {
            *p++ = std::uint8_t(v) | 0x80;
            v >>= 7;
        }
        *p++ = std::uint8_t(v);
    };
    auto varint = [&uvarint](std::int64_t v) { uvarint((std::uint64_t(v) << 1) ^ std::uint64_t(v >> 63)); };
    *p++ = SamplesRecord;
    uvarint(samples.size());
    const SeriesRef baseRef = samples[0].ref;
    const TimestampMs baseT = samples[0].t;
    uvarint(baseRef);
    varint(baseT);
    for (const auto& s : samples) {
        varint(std::int64_t(s.ref) - std::int64_t(baseRef));
        varint(s.t - baseT);
        std::memcpy(p, &s.v, 8);
        p += 8;
    }
    m_buffer.resize(std::size_t(reinterpret_cast<char*>(p) - m_buffer.data()));
    finishRecord(start);
}

std::optional<Error> WalWriter::commit()
{
    if (m_buffer.empty())
        return std::nullopt;
    if (m_segmentSize > 0 && m_segmentSize + m_buffer.size() > m_segmentBytes)
        if (auto err = startSegment(m_segment + 1))
            return err;
    const char* p = m_buffer.data();
    std::size_t left = m_buffer.size();
    while (left > 0) {
        const ssize_t n = ::write(m_fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            auto error = ioError("cannot write WAL segment", m_dir + "/" + segmentName(m_segment));
            // Cut the partial write off, so records written after it stay readable at replay. The buffer is
            // kept: its series and samples are in the head, and the next commit writes them first.
            if (::ftruncate(m_fd, off_t(m_segmentSize)) != 0 || ::lseek(m_fd, off_t(m_segmentSize), SEEK_SET) < 0)
                qWarning("tsdb: cannot cut a partial WAL write off %s", (m_dir + "/" + segmentName(m_segment)).c_str());
            return error;
        }
        p += n;
        left -= std::size_t(n);
    }
    m_segmentSize += m_buffer.size();
    m_size.store(m_size.load(std::memory_order_relaxed) + m_buffer.size(), std::memory_order_relaxed);
    m_buffer.clear();
    if (m_sync == WalSync::EveryBatch && ::fdatasync(m_fd) != 0)
        return ioError("cannot sync WAL segment", m_dir + "/" + segmentName(m_segment));
    if (m_commitHook)
        m_commitHook();
    return std::nullopt;
}

void WalWriter::setKeeper(SegmentKeeper keeper, std::uint64_t maxKeptBytes)
{
    m_keeper = std::move(keeper);
    m_maxKeptBytes = maxKeptBytes;
}

std::optional<Error> WalWriter::truncate()
{
    if (auto err = commit())
        return err;
    const std::uint32_t next = m_segment + 1;
    if (auto err = startSegment(next))
        return err;
    const std::uint32_t keepFrom = m_keeper ? std::min(next, m_keeper()) : next;
    std::error_code ec;
    std::vector<std::pair<std::uint64_t, std::string>> kept; // oldest first
    std::uint64_t keptBytes = 0;
    for (const auto& [index, path] : walSegments(m_dir)) {
        if (index >= next)
            continue;
        if (index < keepFrom) {
            fs::remove(path, ec);
            continue;
        }
        const std::uint64_t bytes = fs::file_size(path, ec);
        kept.emplace_back(ec ? 0 : bytes, path);
        keptBytes += ec ? 0 : bytes;
    }
    for (const auto& [bytes, path] : kept) {
        if (keptBytes <= m_maxKeptBytes)
            break;
        fs::remove(path, ec);
        keptBytes -= bytes;
        ++m_droppedKept;
        qWarning("tsdb: WAL segment %s deleted although a reader still needs it (kept segments passed %llu bytes)",
            path.c_str(), static_cast<unsigned long long>(m_maxKeptBytes));
    }
    m_keptBytes = keptBytes;
    m_size.store(keptBytes, std::memory_order_relaxed);
    if (m_commitHook) // a reader may wait at the end of a segment that is gone now
        m_commitHook();
    return std::nullopt;
}

} // namespace sg::tsdb
