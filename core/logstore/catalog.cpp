#include "catalog.h"
#include "core/common/store_dir.h"

#include <sqlite3.h>

#include <map>

namespace sg::logs {

namespace {

constexpr const char* Schema = R"(
CREATE TABLE IF NOT EXISTS streams(
    id          INTEGER PRIMARY KEY,
    labels      TEXT NOT NULL UNIQUE,
    flushed_seq INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS labels(
    name      TEXT NOT NULL,
    value     TEXT NOT NULL,
    stream_id INTEGER NOT NULL REFERENCES streams(id),
    PRIMARY KEY(name, value, stream_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS chunks(
    id        INTEGER PRIMARY KEY,
    stream_id INTEGER NOT NULL REFERENCES streams(id),
    segment   INTEGER NOT NULL,
    offset    INTEGER NOT NULL,
    length    INTEGER NOT NULL,
    min_ts    INTEGER NOT NULL,
    max_ts    INTEGER NOT NULL,
    entries   INTEGER NOT NULL,
    raw_bytes INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_by_stream ON chunks(stream_id, min_ts);
PRAGMA user_version = 1;
)";

} // namespace

Catalog::~Catalog()
{
    for (auto* s : { m_addStream, m_addLabel, m_addChunk, m_setFlushed, m_removeChunk })
        sqlite3_finalize(s);
    if (m_db)
        sqlite3_close(m_db);
}

Error Catalog::error(const char* what) const
{
    return Error { ErrorCode::Io, std::string("catalog: ") + what + ": " + sqlite3_errmsg(m_db), {} };
}

Result<bool> Catalog::exec(const char* sql)
{
    char* msg = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
        Error e { ErrorCode::Io, std::string("catalog: ") + (msg ? msg : "error"), {} };
        sqlite3_free(msg);
        return e;
    }
    return true;
}

Result<std::unique_ptr<Catalog>> Catalog::open(const std::string& path, bool readOnly)
{
    std::unique_ptr<Catalog> c(new Catalog);
    if (openCatalogDb(path, readOnly, &c->m_db) != SQLITE_OK)
        return c->error(readOnly ? "open for reading" : "open");
    if (!readOnly) {
        // WAL journal; NORMAL sync is durable at checkpoints and consistent after a crash. Chunk rows only
        // ever point at data whose source records are still in the log WAL until the row is committed.
        for (const char* sql : { "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", Schema })
            if (auto r = c->exec(sql); !r)
                return r.error();
    }
    struct Prep
    {
        sqlite3_stmt** stmt;
        const char* sql;
    };
    for (auto [stmt, sql] : {
             Prep { &c->m_addStream, "INSERT INTO streams(id, labels) VALUES(?, ?)" },
             Prep { &c->m_addLabel, "INSERT OR IGNORE INTO labels(name, value, stream_id) VALUES(?, ?, ?)" },
             Prep { &c->m_addChunk, "INSERT INTO chunks(stream_id, segment, offset, length, min_ts, max_ts, "
                                    "entries, raw_bytes) VALUES(?, ?, ?, ?, ?, ?, ?, ?)" },
             Prep { &c->m_setFlushed, "UPDATE streams SET flushed_seq = ? WHERE id = ?" },
             Prep { &c->m_removeChunk, "DELETE FROM chunks WHERE id = ?" },
         })
        if (sqlite3_prepare_v3(c->m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, nullptr) != SQLITE_OK)
            return c->error("prepare");
    return c;
}

Result<std::vector<CatalogStream>> Catalog::load()
{
    std::map<std::uint32_t, CatalogStream> streams;
    std::map<std::uint32_t, std::vector<Label>> labels;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(m_db, "SELECT id, flushed_seq FROM streams", -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) {
        auto& s = streams[std::uint32_t(sqlite3_column_int64(st, 0))];
        s.id = std::uint32_t(sqlite3_column_int64(st, 0));
        s.flushedSeq = std::uint64_t(sqlite3_column_int64(st, 1));
    }
    sqlite3_finalize(st);
    sqlite3_prepare_v2(m_db, "SELECT stream_id, name, value FROM labels", -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
        labels[std::uint32_t(sqlite3_column_int64(st, 0))].push_back(
            Label { reinterpret_cast<const char*>(sqlite3_column_text(st, 1)),
                reinterpret_cast<const char*>(sqlite3_column_text(st, 2)) });
    sqlite3_finalize(st);
    sqlite3_prepare_v2(m_db,
        "SELECT id, stream_id, segment, offset, length, min_ts, max_ts, entries, raw_bytes FROM chunks "
        "ORDER BY stream_id, min_ts, id",
        -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) {
        ChunkMeta m;
        m.id = sqlite3_column_int64(st, 0);
        const auto sid = std::uint32_t(sqlite3_column_int64(st, 1));
        m.segment = std::uint32_t(sqlite3_column_int64(st, 2));
        m.offset = std::uint64_t(sqlite3_column_int64(st, 3));
        m.length = std::uint32_t(sqlite3_column_int64(st, 4));
        m.minTs = sqlite3_column_int64(st, 5);
        m.maxTs = sqlite3_column_int64(st, 6);
        m.entries = std::uint32_t(sqlite3_column_int64(st, 7));
        m.rawBytes = std::uint32_t(sqlite3_column_int64(st, 8));
        if (auto it = streams.find(sid); it != streams.end())
            it->second.chunks.push_back(m);
    }
    sqlite3_finalize(st);
    std::vector<CatalogStream> out;
    for (auto& [id, s] : streams) {
        s.labels = Labels(std::move(labels[id]));
        out.push_back(std::move(s));
    }
    return out;
}

Result<bool> Catalog::begin() { return exec("BEGIN"); }
Result<bool> Catalog::commit() { return exec("COMMIT"); }

void Catalog::rollback()
{
    if (!sqlite3_get_autocommit(m_db))
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

Result<bool> Catalog::addStream(std::uint32_t id, const Labels& labels)
{
    const auto key = labels.toString();
    sqlite3_reset(m_addStream);
    sqlite3_bind_int64(m_addStream, 1, id);
    sqlite3_bind_text(m_addStream, 2, key.data(), int(key.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(m_addStream) != SQLITE_DONE)
        return error("add stream");
    for (const auto& l : labels) {
        sqlite3_reset(m_addLabel);
        sqlite3_bind_text(m_addLabel, 1, l.name.data(), int(l.name.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(m_addLabel, 2, l.value.data(), int(l.value.size()), SQLITE_TRANSIENT);
        sqlite3_bind_int64(m_addLabel, 3, id);
        if (sqlite3_step(m_addLabel) != SQLITE_DONE)
            return error("add label");
    }
    return true;
}

Result<bool> Catalog::addChunk(std::uint32_t streamId, ChunkMeta& m)
{
    auto* s = m_addChunk;
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, streamId);
    sqlite3_bind_int64(s, 2, m.segment);
    sqlite3_bind_int64(s, 3, sqlite3_int64(m.offset));
    sqlite3_bind_int64(s, 4, m.length);
    sqlite3_bind_int64(s, 5, m.minTs);
    sqlite3_bind_int64(s, 6, m.maxTs);
    sqlite3_bind_int64(s, 7, m.entries);
    sqlite3_bind_int64(s, 8, m.rawBytes);
    if (sqlite3_step(s) != SQLITE_DONE)
        return error("add chunk");
    m.id = sqlite3_last_insert_rowid(m_db);
    return true;
}

Result<bool> Catalog::setFlushedSeq(std::uint32_t streamId, std::uint64_t seq)
{
    sqlite3_reset(m_setFlushed);
    sqlite3_bind_int64(m_setFlushed, 1, sqlite3_int64(seq));
    sqlite3_bind_int64(m_setFlushed, 2, streamId);
    if (sqlite3_step(m_setFlushed) != SQLITE_DONE)
        return error("set flushed seq");
    return true;
}

Result<bool> Catalog::removeChunk(std::int64_t chunkId)
{
    sqlite3_reset(m_removeChunk);
    sqlite3_bind_int64(m_removeChunk, 1, chunkId);
    if (sqlite3_step(m_removeChunk) != SQLITE_DONE)
        return error("remove chunk");
    return true;
}

} // namespace sg::logs
