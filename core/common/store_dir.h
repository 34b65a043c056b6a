#pragma once

// What both stores (metrics and logs) check of their directory before they open, and how they open their SQLite
// catalog, for writing or for reading only.
#include "result.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>

#include <unistd.h>

namespace sg {

/// For reading: the store's catalog must exist in `dir`. For writing: `create` (a folder inside `dir`) is created
/// and `dir` must be writable, said plainly here rather than as SQLite's "unable to open database file" later.
/// `what` names the store in the message ("metric", "log").
inline std::optional<Error> prepareStoreDir(const std::string& dir, const std::string& create, bool readOnly,
    const char* what)
{
    std::error_code ec;
    if (readOnly) {
        if (!std::filesystem::exists(dir + "/catalog.sqlite", ec))
            return Error { ErrorCode::Io, std::string("no ") + what + " store to read at " + dir, {} };
        return std::nullopt;
    }
    std::filesystem::create_directories(create, ec);
    if (ec)
        return Error { ErrorCode::Io, "cannot create " + create + ": " + ec.message(), {} };
    if (::access(dir.c_str(), W_OK) != 0)
        return Error { ErrorCode::Io, "cannot write " + dir + ": " + std::strerror(errno), {} };
    return std::nullopt;
}

/// Opens a catalog database. Read-only opens are immutable: SQLite neither writes nor needs its -wal/-shm files
/// (the data dir lock keeps writers away). Returns SQLite's result code; `*db` is set either way (close it).
inline int openCatalogDb(const std::string& path, bool readOnly, sqlite3** db)
{
    if (readOnly)
        return sqlite3_open_v2(("file:" + path + "?immutable=1").c_str(), db,
            SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, nullptr);
    return sqlite3_open_v2(path.c_str(), db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
        nullptr);
}

} // namespace sg
