#include "catalog.h"
#include "core/common/store_dir.h"

#include <sqlite3.h>
#include <zstd.h>

namespace sg::tsdb {

namespace {

constexpr const char* FormatVersion = "2";

const char* const Schema = R"sql(
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO meta VALUES ('format', '2');
CREATE TABLE IF NOT EXISTS series (id INTEGER PRIMARY KEY, labels BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS postings (name TEXT NOT NULL, value TEXT NOT NULL, series_id INTEGER NOT NULL,
    PRIMARY KEY (name, value, series_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS blocks (id INTEGER PRIMARY KEY, min_t INTEGER NOT NULL, max_t INTEGER NOT NULL,
    bytes INTEGER NOT NULL, directory BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS frames (id INTEGER PRIMARY KEY, block_id INTEGER NOT NULL, offset INTEGER NOT NULL,
    length INTEGER NOT NULL, raw_length INTEGER NOT NULL, codec INTEGER NOT NULL, payload BLOB);
CREATE INDEX IF NOT EXISTS frames_block ON frames (block_id);
)sql";

void putUvarint(std::string& out, std::uint64_t v)
{
    while (v >= 0x80) {
        out.push_back(char(std::uint8_t(v) | 0x80));
        v >>= 7;
    }
    out.push_back(char(v));
}
void putVarint(std::string& out, std::int64_t v) { putUvarint(out, (std::uint64_t(v) << 1) ^ std::uint64_t(v >> 63)); }

bool getUvarint(const std::uint8_t*& p, const std::uint8_t* end, std::uint64_t& v)
{
    v = 0;
    for (int shift = 0; p < end && shift < 64; shift += 7) {
        const std::uint8_t b = *p++;
        v |= std::uint64_t(b & 0x7f) << shift;
        if (!(b & 0x80))
            return true;
    }
    return false;
}
bool getVarint(const std::uint8_t*& p, const std::uint8_t* end, std::int64_t& v)
{
    std::uint64_t u = 0;
    if (!getUvarint(p, end, u))
        return false;
    v = std::int64_t(u >> 1) ^ -std::int64_t(u & 1);
    return true;
}

/// A block's chunk directory (FORMAT.md): chunks in file order, each relative to the one before it.
std::string encodeDirectory(const BlockWrite& b)
{
    std::string raw;
    putUvarint(raw, b.chunks.size());
    const std::uint32_t firstFrame = b.chunks.empty() ? 0 : b.chunks.front().second.frame;
    putUvarint(raw, firstFrame);
    SeriesRef prevRef = 0;
    std::uint32_t prevFrame = firstFrame;
    TimestampMs prevT = b.info.minT;
    for (const auto& [ref, c] : b.chunks) {
        if (ref != prevRef)
            prevT = b.info.minT;
        putUvarint(raw, ref - prevRef);
        putUvarint(raw, c.frame - prevFrame);
        putVarint(raw, c.minT - prevT);
        putUvarint(raw, std::uint64_t(c.maxT - c.minT));
        putUvarint(raw, c.length);
        putUvarint(raw, c.samples);
        prevRef = ref;
        prevFrame = c.frame;
        prevT = c.maxT;
    }
    std::string out(1, char(0));
    putUvarint(out, raw.size());
    std::string packed(ZSTD_compressBound(raw.size()), '\0');
    const std::size_t n = ZSTD_compress(packed.data(), packed.size(), raw.data(), raw.size(), 19);
    if (!ZSTD_isError(n) && n < raw.size()) {
        out[0] = char(1);
        out.append(packed.data(), n);
    } else {
        out += raw;
    }
    return out;
}

/// Decodes a directory written by encodeDirectory; false when malformed.
bool decodeDirectory(const std::uint8_t* p, const std::uint8_t* end, const BlockInfo& info,
    const std::function<void(SeriesRef, const PersistedChunk&)>& fn)
{
    if (p >= end)
        return false;
    const std::uint8_t codec = *p++;
    std::uint64_t rawLength = 0;
    if (!getUvarint(p, end, rawLength) || rawLength > (1ull << 32))
        return false;
    std::vector<std::uint8_t> raw;
    if (codec == 1) {
        raw.resize(rawLength);
        const std::size_t n = ZSTD_decompress(raw.data(), raw.size(), p, std::size_t(end - p));
        if (ZSTD_isError(n) || n != rawLength)
            return false;
        p = raw.data();
        end = p + raw.size();
    } else if (codec != 0 || std::uint64_t(end - p) != rawLength) {
        return false;
    }
    std::uint64_t count = 0, frame = 0;
    if (!getUvarint(p, end, count) || !getUvarint(p, end, frame))
        return false;
    std::uint64_t ref = 0;
    TimestampMs prevT = info.minT;
    std::uint32_t offset = 0, prevLength = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        std::uint64_t refDelta = 0, frameDelta = 0, span = 0, length = 0, samples = 0;
        std::int64_t minDelta = 0;
        if (!getUvarint(p, end, refDelta) || !getUvarint(p, end, frameDelta) || !getVarint(p, end, minDelta)
            || !getUvarint(p, end, span) || !getUvarint(p, end, length) || !getUvarint(p, end, samples))
            return false;
        if (refDelta > 0)
            prevT = info.minT;
        ref += refDelta;
        frame += frameDelta;
        // chunks follow each other in their frame; a new frame starts at offset 0
        offset = i == 0 || frameDelta > 0 ? 0 : offset + prevLength;
        PersistedChunk c { prevT + minDelta, prevT + minDelta + TimestampMs(span), std::uint32_t(frame), offset,
            std::uint32_t(length), std::uint32_t(samples) };
        fn(SeriesRef(ref), c);
        prevT = c.maxT;
        prevLength = c.length;
    }
    return true;
}

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

Result<std::unique_ptr<Catalog>> Catalog::open(const std::string& path, bool readOnly)
{
    std::unique_ptr<Catalog> c(new Catalog);
    if (openCatalogDb(path, readOnly, &c->m_db) != SQLITE_OK)
        return c->sqlError("cannot open " + path + (readOnly ? " for reading" : ""));
    if (!readOnly) {
        if (auto err = c->exec(Schema))
            return *err;
    }
    Stmt st;
    std::string format;
    if (sqlite3_prepare_v2(c->m_db, "SELECT value FROM meta WHERE key = 'format'", -1, &st.s, nullptr) == SQLITE_OK
        && sqlite3_step(st.s) == SQLITE_ROW)
        format = reinterpret_cast<const char*>(sqlite3_column_text(st.s, 0));
    if (format != FormatVersion)
        return Error { ErrorCode::BadData,
            "catalog: " + path + " has format " + format + ", this version reads format " + FormatVersion, {} };
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
    if (sqlite3_prepare_v2(m_db, "SELECT id, min_t, max_t, directory FROM blocks ORDER BY id", -1, &st.s, nullptr)
        != SQLITE_OK)
        return sqlError("load chunks");
    while (sqlite3_step(st.s) == SQLITE_ROW) {
        const BlockInfo info { sqlite3_column_int64(st.s, 1), sqlite3_column_int64(st.s, 2), 0 };
        const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(st.s, 3));
        if (!decodeDirectory(p, p + sqlite3_column_bytes(st.s, 3), info, fn))
            return Error { ErrorCode::BadData,
                "catalog: malformed chunk directory of block " + std::to_string(sqlite3_column_int64(st.s, 0)), {} };
    }
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
        if (sqlite3_prepare_v2(m_db, "INSERT INTO blocks VALUES (?, ?, ?, ?, ?)", -1, &block.s, nullptr) != SQLITE_OK)
            return fail("prepare block");
        const std::string directory = encodeDirectory(b);
        sqlite3_bind_int64(block.s, 1, b.id);
        sqlite3_bind_int64(block.s, 2, b.info.minT);
        sqlite3_bind_int64(block.s, 3, b.info.maxT);
        sqlite3_bind_int64(block.s, 4, std::int64_t(b.info.bytes));
        sqlite3_bind_blob(block.s, 5, directory.data(), int(directory.size()), SQLITE_STATIC);
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
    return exec("COMMIT");
}

std::optional<Error> Catalog::deleteBlock(std::uint32_t id)
{
    std::lock_guard lock(m_mutex);
    Stmt st;
    const char* sql = "BEGIN;"
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
