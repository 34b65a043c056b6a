#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <utility>

namespace sg::testing {

/// Every regular file under `dir` with its size and modification time: equal listings before and after mean
/// nothing was written, truncated, created or removed there.
inline std::map<std::string, std::pair<std::uintmax_t, std::filesystem::file_time_type>> fileListing(const std::string& dir)
{
    std::map<std::string, std::pair<std::uintmax_t, std::filesystem::file_time_type>> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
        if (e.is_regular_file())
            files[e.path().string()] = { e.file_size(), e.last_write_time() };
    return files;
}

} // namespace sg::testing
