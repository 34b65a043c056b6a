#include "catalog.h"

#include <sqlite3.h>

namespace sg::tsdb {

namespace {

const char* const Schema = R"sql(
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO meta VALUES ('format', '1');
CREATE TABLE IF NOT EXISTS series (id INTEGER PRIMARY KEY, labels BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS postings (name TEXT NOT NULL, value TEXT NOT NULL, series_id INTEGER NOT NULL,
    PRIMARY KEY (name, value, series_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS blocks (id INTEGER PRIMARY KEY, min_t INTEGER NOT NULL, max_t INTEGER NOT NULL,
    bytes INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS frames (id INTEGER PRIMARY KEY, block_id INTEGER NOT NULL, offset INTEGER NOT NULL,
    length INTEGER NOT NULL, raw_length INTEGER NOT NULL, codec INTEGER NOT NULL, payload BLOB);
CREATE INDEX IF NOT EXISTS frames_block ON frames (block_id);
CREATE TABLE IF NOT EXISTS chunks (series_id INTEGER NOT NULL, min_t INTEGER NOT NULL, max_t INTEGER NOT NULL,
    frame_id INTEGER NOT NULL, frame_offset INTEGER NOT NULL, length INTEGER NOT NULL, samples INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_series ON chunks (series_id, min_t);
CREATE INDEX IF NOT EXISTS chunks_frame ON chunks (frame_id);
)sql";

struct Stmt
{
    sqlite3_stmt* s = nullptr;
    ~Stmt() { sqlite3_finalize(s); }
};

} // namespace

Catalog::~Catalog()
{
    if (m_db)
        sqlite3_close(m_db);
}

Error Catalog::sqlError(const std::string& what) const
{
    return Error { ErrorCode::Io, "catalog: " + what + ": " + sqlite3_errmsg(m_db), {} };
}

std::optional<Error> Catalog::exec(const char* sql)
{
    char* msg = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
        Error e { ErrorCode::Io, std::string("catalog: ") + (msg ? msg : "error"), {} };
        sqlite3_free(msg);
        return e;
    }
    return std::nullopt;
}

Result<std::unique_ptr<Catalog>> Catalog::open(const std::string& path)
{
    std::unique_ptr<Catalog> c(new Catalog);
    if (sqlite3_open_v2(path.c_str(), &c->m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
            nullptr)
        != SQLITE_OK)
        return c->sqlError("cannot open " + path);
    if (auto err = c->exec(Schema))
        return *err;
    return c;
}

std::optional<Error> Catalog::loadSeries(const std::function<void(SeriesRef, Labels)>& fn)
{
    Stmt st;
    if (sqlite3_prepare_v2(m_db, "SELECT id, labels FROM series ORDER BY id", -1, &st.s, nullptr) != SQLITE_OK)
        return sqlError("load series");
    while (sqlite3_step(st.s) == SQLITE_ROW) {
        const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(st.s, 1));
        const auto* end = p + sqlite3_column_bytes(st.s, 1);
        auto labels = decodeLabels(p, end);
        if (!labels)
            return Error { ErrorCode::BadData, "catalog: malformed labels of series " +
                    std::to_string(sqlite3_column_int64(st.s, 0)), {} };
        fn(SeriesRef(sqlite3_column_int64(st.s, 0)), std::move(*labels));
    }
    return std::nullopt;
}

std::optional<Error> Catalog::loadBlocks(const std::function<void(std::uint32_t, const BlockInfo&)>& fn)
{
    Stmt st;
    if (sqlite3_prepare_v2(m_db, "SELECT id, min_t, max_t, bytes FROM blocks ORDER BY id", -1, &st.s, nullptr)
        != SQLITE_OK)
        return sqlError("load blocks");
    while (sqlite3_step(st.s) == SQLITE_ROW)
        fn(std::uint32_t(sqlite3_column_int64(st.s, 0)),
            BlockInfo { sqlite3_column_int64(st.s, 1), sqlite3_column_int64(st.s, 2),
                std::uint64_t(sqlite3_column_int64(st.s, 3)) });
    return std::nullopt;
}

std::optional<Error> Catalog::loadFrames(const std::function<void(std::uint32_t, const FrameInfo&)>& fn)
{
    Stmt st;
    if (sqlite3_prepare_v2(m_db, "SELECT id, block_id, offset, length, raw_length, codec FROM frames", -1, &st.s,
            nullptr)
        != SQLITE_OK)
        return sqlError("load frames");
    while (sqlite3_step(st.s) == SQLITE_ROW)
        fn(std::uint32_t(sqlite3_column_int64(st.s, 0)),
            FrameInfo { std::uint32_t(sqlite3_column_int64(st.s, 1)), std::uint64_t(sqlite3_column_int64(st.s, 2)),
                std::uint32_t(sqlite3_column_int64(st.s, 3)), std::uint32_t(sqlite3_column_int64(st.s, 4)),
                std::uint8_t(sqlite3_column_int(st.s, 5)) });
    return std::nullopt;
}

std::optional<Error> Catalog::loadChunks(const std::function<void(SeriesRef, const PersistedChunk&)>& fn)
{
    Stmt st;
    if (sqlite3_prepare_v2(m_db,
            "SELECT series_id, min_t, max_t, frame_id, frame_offset, length, samples FROM chunks "
            "ORDER BY series_id, min_t",
            -1, &st.s, nullptr)
        != SQLITE_OK)
        return sqlError("load chunks");
    while (sqlite3_step(st.s) == SQLITE_ROW)
        fn(SeriesRef(sqlite3_column_int64(st.s, 0)),
            PersistedChunk { sqlite3_column_int64(st.s, 1), sqlite3_column_int64(st.s, 2),
                std::uint32_t(sqlite3_column_int64(st.s, 3)), std::uint32_t(sqlite3_column_int64(st.s, 4)),
                std::uint32_t(sqlite3_column_int64(st.s, 5)), std::uint32_t(sqlite3_column_int64(st.s, 6)) });
    return std::nullopt;
}

std::optional<Error> Catalog::writeBlock(const BlockWrite& b)
{
    std::lock_guard lock(m_mutex);
    if (auto err = exec("BEGIN"))
        return err;
    auto fail = [&](const char* what) {
        Error e = sqlError(what);
        exec("ROLLBACK");
        return e;
    };
    {
        Stmt series, posting;
        if (sqlite3_prepare_v2(m_db, "INSERT OR REPLACE INTO series VALUES (?, ?)", -1, &series.s, nullptr) != SQLITE_OK
            || sqlite3_prepare_v2(m_db, "INSERT OR IGNORE INTO postings VALUES (?, ?, ?)", -1, &posting.s, nullptr)
                != SQLITE_OK)
            return fail("prepare series");
        std::string buf;
        for (const auto& [ref, labels] : b.newSeries) {
            buf.clear();
            encodeLabels(buf, *labels);
            sqlite3_bind_int64(series.s, 1, ref);
            sqlite3_bind_blob(series.s, 2, buf.data(), int(buf.size()), SQLITE_STATIC);
            if (sqlite3_step(series.s) != SQLITE_DONE)
                return fail("insert series");
            sqlite3_reset(series.s);
            for (const auto& l : *labels) {
                sqlite3_bind_text(posting.s, 1, l.name.data(), int(l.name.size()), SQLITE_STATIC);
                sqlite3_bind_text(posting.s, 2, l.value.data(), int(l.value.size()), SQLITE_STATIC);
                sqlite3_bind_int64(posting.s, 3, ref);
                if (sqlite3_step(posting.s) != SQLITE_DONE)
                    return fail("insert posting");
                sqlite3_reset(posting.s);
            }
        }
    }
    {
        Stmt block;
        if (sqlite3_prepare_v2(m_db, "INSERT INTO blocks VALUES (?, ?, ?, ?)", -1, &block.s, nullptr) != SQLITE_OK)
            return fail("prepare block");
        sqlite3_bind_int64(block.s, 1, b.id);
        sqlite3_bind_int64(block.s, 2, b.info.minT);
        sqlite3_bind_int64(block.s, 3, b.info.maxT);
        sqlite3_bind_int64(block.s, 4, std::int64_t(b.info.bytes));
        if (sqlite3_step(block.s) != SQLITE_DONE)
            return fail("insert block");
    }
    {
        Stmt frame;
        if (sqlite3_prepare_v2(m_db, "INSERT INTO frames VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &frame.s, nullptr)
            != SQLITE_OK)
            return fail("prepare frame");
        for (std::size_t i = 0; i < b.frames.size(); ++i) {
            const auto& [id, f] = b.frames[i];
            sqlite3_bind_int64(frame.s, 1, id);
            sqlite3_bind_int64(frame.s, 2, f.block);
            sqlite3_bind_int64(frame.s, 3, std::int64_t(f.offset));
            sqlite3_bind_int64(frame.s, 4, f.length);
            sqlite3_bind_int64(frame.s, 5, f.rawLength);
            sqlite3_bind_int(frame.s, 6, f.codec);
            if (i < b.frameBlobs.size())
                sqlite3_bind_blob(frame.s, 7, b.frameBlobs[i].data(), int(b.frameBlobs[i].size()), SQLITE_STATIC);
            else
                sqlite3_bind_null(frame.s, 7);
            if (sqlite3_step(frame.s) != SQLITE_DONE)
                return fail("insert frame");
            sqlite3_reset(frame.s);
        }
    }
    {
        Stmt chunk;
        if (sqlite3_prepare_v2(m_db, "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &chunk.s, nullptr)
            != SQLITE_OK)
            return fail("prepare chunk");
        for (const auto& [ref, c] : b.chunks) {
            sqlite3_bind_int64(chunk.s, 1, ref);
            sqlite3_bind_int64(chunk.s, 2, c.minT);
            sqlite3_bind_int64(chunk.s, 3, c.maxT);
            sqlite3_bind_int64(chunk.s, 4, c.frame);
            sqlite3_bind_int64(chunk.s, 5, c.offset);
            sqlite3_bind_int64(chunk.s, 6, c.length);
            sqlite3_bind_int64(chunk.s, 7, c.samples);
            if (sqlite3_step(chunk.s) != SQLITE_DONE)
                return fail("insert chunk");
            sqlite3_reset(chunk.s);
        }
    }
    return exec("COMMIT");
}

std::optional<Error> Catalog::deleteBlock(std::uint32_t id)
{
    std::lock_guard lock(m_mutex);
    Stmt st;
    const char* sql = "BEGIN;"
                      "DELETE FROM chunks WHERE frame_id IN (SELECT id FROM frames WHERE block_id = ?1);"
                      "DELETE FROM frames WHERE block_id = ?1;"
                      "DELETE FROM blocks WHERE id = ?1;"
                      "COMMIT;";
    const char* tail = sql;
    while (tail && *tail) {
        Stmt s;
        if (sqlite3_prepare_v2(m_db, tail, -1, &s.s, &tail) != SQLITE_OK)
            return sqlError("delete block");
        if (!s.s)
            break;
        if (sqlite3_bind_parameter_count(s.s) > 0)
            sqlite3_bind_int64(s.s, 1, id);
        if (sqlite3_step(s.s) != SQLITE_DONE) {
            Error e = sqlError("delete block");
            exec("ROLLBACK");
            return e;
        }
    }
    return std::nullopt;
}

Result<std::vector<std::uint8_t>> Catalog::readFrameBlob(std::uint32_t frame) const
{
    std::lock_guard lock(m_mutex);
    Stmt st;
    if (sqlite3_prepare_v2(m_db, "SELECT payload FROM frames WHERE id = ?", -1, &st.s, nullptr) != SQLITE_OK)
        return sqlError("read frame");
    sqlite3_bind_int64(st.s, 1, frame);
    if (sqlite3_step(st.s) != SQLITE_ROW)
        return Error { ErrorCode::Io, "catalog: frame " + std::to_string(frame) + " missing", {} };
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(st.s, 0));
    return std::vector<std::uint8_t>(p, p + sqlite3_column_bytes(st.s, 0));
}

} // namespace sg::tsdb
