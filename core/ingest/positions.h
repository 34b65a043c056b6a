#pragma once

#include "core/common/result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace sg::ingest {

/// Read offsets per file, kept in Promtail's positions file format (see FORMAT.md) so a restart resumes where
/// the last run stopped. Saved atomically (write to a temporary file, then rename).
class Positions
{
public:
    /// `path` empty: positions are kept in memory only.
    explicit Positions(std::string path = {});

    /// Reads the file; a missing file is an empty set. `ignoreCorrupt` turns a broken file into an empty set.
    std::optional<Error> load(bool ignoreCorrupt = false);
    /// Writes the file atomically when something changed since the last save.
    std::optional<Error> save();
    /// Writes `offsets` (positions acknowledged downstream, which may lag the ones read) atomically when they differ
    /// from what the file holds.
    std::optional<Error> saveOffsets(const std::map<std::string, std::int64_t>& offsets);

    std::optional<std::int64_t> get(const std::string& file) const;
    void set(const std::string& file, std::int64_t offset);
    void remove(const std::string& file);
    const std::map<std::string, std::int64_t>& all() const { return m_offsets; }

private:
    std::string m_path;
    std::map<std::string, std::int64_t> m_offsets;
    std::map<std::string, std::int64_t> m_saved; ///< what the file holds
    bool m_dirty = false;
};

} // namespace sg::ingest
