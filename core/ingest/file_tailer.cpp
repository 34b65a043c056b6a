#include "file_tailer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sg::ingest {

FileTailer::FileTailer(std::string path, std::int64_t offset)
    : m_path(std::move(path))
    , m_startOffset(offset)
{
}

FileTailer::~FileTailer() { close(); }

std::int64_t FileTailer::offset() const
{
    return m_fd < 0 && m_readOffset == 0 ? m_startOffset : m_readOffset - std::int64_t(m_partial.size());
}

bool FileTailer::open(std::int64_t offset)
{
    m_fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0)
        return false;
    struct stat st {};
    ::fstat(m_fd, &st);
    m_inode = st.st_ino;
    m_device = st.st_dev;
    if (offset > st.st_size)
        offset = 0; // the file was truncated or replaced while we were not looking
    m_readOffset = offset;
    m_partial.clear();
    ::lseek(m_fd, offset, SEEK_SET);
    return true;
}

void FileTailer::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

bool FileTailer::readLines(std::size_t maxBytes, std::vector<std::string>& lines, std::size_t& budget)
{
    char buffer[64 * 1024];
    while (budget > 0) {
        const std::size_t want = std::min(sizeof buffer, budget);
        const ssize_t n = ::read(m_fd, buffer, want);
        if (n <= 0)
            return false;
        budget -= std::size_t(n);
        m_readOffset += n;
        std::size_t start = 0;
        for (ssize_t i = 0; i < n; ++i) {
            if (buffer[i] != '\n')
                continue;
            m_partial.append(buffer + start, std::size_t(i) - start);
            if (!m_partial.empty() && m_partial.back() == '\r')
                m_partial.pop_back();
            lines.push_back(std::move(m_partial));
            m_partial.clear();
            start = std::size_t(i) + 1;
        }
        m_partial.append(buffer + start, std::size_t(n) - start);
    }
    (void)maxBytes;
    return true;
}

bool FileTailer::poll(std::size_t maxBytes, std::vector<std::string>& lines)
{
    std::size_t budget = maxBytes;
    if (m_fd < 0) {
        if (!open(m_startOffset)) {
            m_gone = true;
            return false;
        }
    }
    struct stat byPath {};
    const bool exists = ::stat(m_path.c_str(), &byPath) == 0;
    if (!exists || byPath.st_ino != m_inode || byPath.st_dev != m_device) {
        // Renamed away (or deleted): finish the old file, then follow the path's new file.
        if (readLines(maxBytes, lines, budget))
            return true;
        if (!m_partial.empty())
            lines.push_back(std::move(m_partial));
        m_partial.clear();
        close();
        if (!exists) {
            m_gone = true;
            return false;
        }
        ++m_rotations;
        m_startOffset = 0;
        m_readOffset = 0;
        if (!open(0))
            return false;
    } else {
        struct stat st {};
        ::fstat(m_fd, &st);
        if (st.st_size < m_readOffset) {
            // copytruncate: the same file got shorter.
            ++m_rotations;
            m_partial.clear();
            m_readOffset = 0;
            ::lseek(m_fd, 0, SEEK_SET);
        }
    }
    return readLines(maxBytes, lines, budget);
}

} // namespace sg::ingest
