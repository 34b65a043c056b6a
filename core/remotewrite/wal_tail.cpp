// Tailing the WAL: pread from the position, hand out complete records, move on when a newer segment exists.
#include "wal_tail.h"

#include "core/common/crc32c.h"
#include "core/tsdb/wal.h"

#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

namespace sg::remotewrite {

namespace {

std::uint32_t getU32(const std::uint8_t* p)
{
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
}

constexpr std::size_t HeaderBytes = 8;

} // namespace

void WalWakeup::notify()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_notified)
            return; // the reader has not looked yet: one wake covers both writes
        m_notified = true;
    }
    m_cv.notify_one();
}

void WalWakeup::interrupt()
{
    {
        std::lock_guard lock(m_mutex);
        m_interrupted = true;
    }
    m_cv.notify_all();
}

void WalWakeup::wait(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    m_cv.wait_for(lock, timeout, [this] { return m_notified || m_interrupted; });
    m_notified = false;
}

WalTail::WalTail(std::string dir, WalPosition start)
    : m_dir(std::move(dir))
    , m_pos(start)
{
}

WalTail::~WalTail() { closeSegment(); }

void WalTail::closeSegment()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

bool WalTail::newerSegmentExists()
{
    if (::access(segmentPath(m_pos.segment + 1).c_str(), F_OK) == 0)
        return true;
    if (++m_lookups % 10 != 0)
        return false;
    const auto segments = tsdb::walSegments(m_dir);
    return !segments.empty() && segments.back().first > m_pos.segment;
}

std::string WalTail::segmentPath(std::uint32_t index) const
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "/%08u", index);
    return m_dir + buf;
}

bool WalTail::advanceSegment(bool skipping)
{
    for (const auto& [index, path] : tsdb::walSegments(m_dir)) {
        if (index <= m_pos.segment)
            continue;
        if (skipping || (m_pos.segment != 0 && index > m_pos.segment + 1))
            ++m_skipped;
        m_pos = WalPosition { index, 0 };
        return true;
    }
    return false;
}

WalTail::Read WalTail::readSome(const RecordSink& sink, std::size_t maxBytes)
{
    Read r;
    if (m_fd < 0 || m_fdSegment != m_pos.segment) {
        // opened once per segment: a segment deleted after it was opened is still read to its end
        closeSegment();
        m_fd = ::open(segmentPath(m_pos.segment).c_str(), O_RDONLY | O_CLOEXEC);
        m_fdSegment = m_pos.segment;
        if (m_fd < 0) {
            r.missing = true;
            return r;
        }
    }
    const int fd = m_fd;
    std::size_t want = std::max<std::size_t>(maxBytes, 64u << 10);
    while (true) {
        if (m_buffer.size() < want)
            m_buffer.resize(want); // never shrunk: growing again would zero-fill
        const ssize_t n = ::pread(fd, m_buffer.data(), want, off_t(m_pos.offset));
        const std::size_t have = n > 0 ? std::size_t(n) : 0;
        std::size_t off = 0;
        bool bigger = false;
        while (have - off >= HeaderBytes) {
            const std::uint32_t len = getU32(&m_buffer[off]);
            if (len > have - off - HeaderBytes) {
                bigger = off == 0 && have == want; // a record longer than the read: read again with room for it
                if (bigger)
                    want = std::size_t(len) + HeaderBytes;
                break;
            }
            const std::uint8_t* payload = m_buffer.data() + off + HeaderBytes;
            if (crc32c(payload, len) != getU32(&m_buffer[off + 4]))
                break;
            off += HeaderBytes + len;
            m_pos.offset += HeaderBytes + len;
            sink(payload, len, m_pos);
            ++r.records;
        }
        if (bigger && want <= (1u << 30))
            continue;
        r.consumed = off;
        r.leftover = have - off;
        break;
    }
    return r;
}

std::size_t WalTail::poll(const RecordSink& sink, std::size_t maxBytes)
{
    std::size_t records = 0;
    std::size_t bytesRead = 0;
    if (m_pos.segment == 0 && !advanceSegment(false))
        return 0;
    bool newerSeen = false;
    while (bytesRead < maxBytes) {
        const Read r = readSome(sink, maxBytes - bytesRead);
        if (r.missing) { // deleted (truncated away) before it was read
            if (!advanceSegment(true))
                return records;
            newerSeen = false;
            continue;
        }
        records += r.records;
        bytesRead += r.consumed;
        if (r.consumed > 0) {
            newerSeen = false;
            continue;
        }
        // Nothing more in this segment now. The writer finishes a segment before it creates the next one, so once
        // a newer segment exists one more read sees this one's final bytes; what is still left then is a torn or
        // corrupted tail.
        if (newerSeen) {
            if (!advanceSegment(r.leftover > 0))
                return records;
            newerSeen = false;
            continue;
        }
        if (!newerSegmentExists())
            return records;
        newerSeen = true;
    }
    return records;
}

std::uint64_t WalTail::bytesBehind() const
{
    std::uint64_t behind = 0;
    std::error_code ec;
    for (const auto& [index, path] : tsdb::walSegments(m_dir)) {
        if (index < m_pos.segment)
            continue;
        const std::uint64_t size = std::filesystem::file_size(path, ec);
        if (ec)
            continue;
        behind += index == m_pos.segment ? (size > m_pos.offset ? size - m_pos.offset : 0) : size;
    }
    return behind;
}

} // namespace sg::remotewrite
