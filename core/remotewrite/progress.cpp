// Saved positions and the acknowledgement tracker.
#include "progress.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace sg::remotewrite {

namespace {

/// A position and a count, as both progress files write them ("SEGMENT OFFSET COUNT").
std::optional<std::pair<WalPosition, std::size_t>> readPositionAndCount(const std::string& path)
{
    std::optional<std::pair<WalPosition, std::size_t>> out;
    if (FILE* f = std::fopen(path.c_str(), "re")) {
        unsigned long segment = 0;
        unsigned long long offset = 0;
        unsigned long count = 0;
        if (std::fscanf(f, "%lu %llu %lu", &segment, &offset, &count) == 3)
            out.emplace(WalPosition { std::uint32_t(segment), offset }, count);
        std::fclose(f);
    }
    return out;
}

} // namespace

QueueProgress loadQueueProgress(const std::string& path)
{
    const auto read = readPositionAndCount(path);
    return read ? QueueProgress { read->first, read->second } : QueueProgress {};
}

std::optional<Error> saveQueueProgress(const std::string& path, const QueueProgress& progress)
{
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return Error { ErrorCode::Io, "cannot write " + tmp + ": " + std::strerror(errno), {} };
    char text[96];
    const int n = std::snprintf(text, sizeof text, "%u %llu %zu\n", progress.committed.segment,
        static_cast<unsigned long long>(progress.committed.offset), progress.shards);
    // No fsync: it is saved every second while samples flow, and a save lost to a power cut only means sending again
    // from an older position after the restart (duplicates are harmless to the remote); a SIGKILL loses nothing,
    // the page cache keeps the renamed file.
    const bool ok = ::write(fd, text, std::size_t(n)) == n;
    ::close(fd);
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0)
        return Error { ErrorCode::Io, "cannot write " + path + ": " + std::strerror(errno), {} };
    return std::nullopt;
}

ShardProgressFile::ShardProgressFile(std::string path)
    : m_path(std::move(path))
    , m_fd(::open(m_path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644))
{
}

ShardProgressFile::~ShardProgressFile()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void ShardProgressFile::write(const ShardProgress& p)
{
    if (m_fd < 0)
        return;
    char text[64]; // fixed width: every write replaces the whole previous text
    const int n = std::snprintf(text, sizeof text, "%010u %020llu %010zu\n", p.start.segment,
        static_cast<unsigned long long>(p.start.offset), p.done);
    [[maybe_unused]] const auto written = ::pwrite(m_fd, text, std::size_t(n), 0);
}

std::optional<ShardProgress> ShardProgressFile::load(const std::string& path)
{
    const auto read = readPositionAndCount(path);
    return read ? std::optional(ShardProgress { read->first, read->second }) : std::nullopt;
}

AckTracker::AckTracker(WalPosition start)
    : m_end(start)
{
}

std::uint64_t AckTracker::add(WalPosition start, WalPosition after, std::size_t samples)
{
    std::lock_guard lock(m_mutex);
    if (samples == 0 && m_entries.empty()) {
        m_end = after;
        return m_firstId - 1; // never reported: nothing of it is in flight
    }
    // a record without samples right after another one without pending samples extends that one instead
    if (samples == 0 && m_entries.back().remaining == 0) {
        m_entries.back().after = after;
        return m_firstId + m_entries.size() - 1;
    }
    m_entries.push_back(Entry { start, after, samples });
    return m_firstId + m_entries.size() - 1;
}

void AckTracker::done(std::span<const std::pair<std::uint64_t, std::size_t>> runs)
{
    std::lock_guard lock(m_mutex);
    for (const auto& [id, count] : runs) {
        if (id < m_firstId || id - m_firstId >= m_entries.size())
            continue;
        auto& e = m_entries[std::size_t(id - m_firstId)];
        e.remaining -= std::min(e.remaining, count);
    }
    advanceLocked();
}

void AckTracker::advanceLocked()
{
    while (!m_entries.empty() && m_entries.front().remaining == 0) {
        m_end = m_entries.front().after;
        m_entries.pop_front();
        ++m_firstId;
    }
}

WalPosition AckTracker::committed() const
{
    std::lock_guard lock(m_mutex);
    return m_entries.empty() ? m_end : m_entries.front().start;
}

} // namespace sg::remotewrite
