#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sg::ingest {

/// Follows one file by path: reads complete lines only (a partial last line waits for its newline), detects
/// rename-and-create rotation (the path's inode changes: the old file is read to its end first) and
/// copytruncate (the size drops below the read offset: reading restarts at 0).
class FileTailer
{
public:
    FileTailer(std::string path, std::int64_t offset);
    ~FileTailer();
    FileTailer(const FileTailer&) = delete;
    FileTailer& operator=(const FileTailer&) = delete;

    /// Appends up to about `maxBytes` of complete lines to `lines` (without their newline). Returns true when
    /// more data is waiting (the read was bounded).
    bool poll(std::size_t maxBytes, std::vector<std::string>& lines);
    /// The offset after the last complete line returned: what the positions file records.
    std::int64_t offset() const;
    /// True once the path is gone and the last open file was read to its end.
    bool gone() const { return m_gone; }
    const std::string& path() const { return m_path; }
    /// Rotations seen (rename or truncate), for diagnostics and tests.
    int rotations() const { return m_rotations; }

private:
    bool open(std::int64_t offset);
    void close();
    /// Reads from the open file; returns true when it stopped at `maxBytes`.
    bool readLines(std::size_t maxBytes, std::vector<std::string>& lines, std::size_t& budget);

    std::string m_path;
    int m_fd = -1;
    std::uint64_t m_inode = 0;
    std::uint64_t m_device = 0;
    std::int64_t m_readOffset = 0;
    std::int64_t m_startOffset = 0;
    std::string m_partial;
    bool m_gone = false;
    int m_rotations = 0;
};

} // namespace sg::ingest
