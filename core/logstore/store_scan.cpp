// Store: reads with a line predicate pushed down into the chunk scan. A chunk is decompressed into one buffer
// and its lines are tested in place; only the lines kept are copied (or, for counts, only their timestamps and
// lengths are returned).
#include "store.h"

#include "byte_coding.h"
#include "core/common/crc32c.h"
#include "parallel_for.h"

#include <zstd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <numeric>
#include <unistd.h>

namespace sg::logs {

namespace {

/// Decompresses the chunk at `meta` into `body` (buffers reused across the chunks a read thread scans).
/// False when it cannot be read: deleted by retention after it was listed (reads as empty, as `readChunk`
/// does for select) or unreadable (then `unreadable` is called with the reason).
template<class OnUnreadable>
bool readBody(const std::string& chunksDir, const ChunkMeta& meta, std::string& frame, std::string& body,
    OnUnreadable&& unreadable)
{
    const auto path = segmentPath(chunksDir, meta.segment);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno != ENOENT)
            unreadable("cannot open " + path);
        return false;
    }
    frame.resize(meta.length);
    std::size_t done = 0;
    while (done < frame.size()) {
        const auto n = ::pread(fd, frame.data() + done, frame.size() - done, off_t(meta.offset + done));
        if (n <= 0)
            break;
        done += std::size_t(n);
    }
    ::close(fd);
    const std::string where = path + " at offset " + std::to_string(meta.offset);
    if (done != frame.size()) {
        unreadable("short read in " + where);
        return false;
    }
    ByteReader r(frame);
    const auto magic = r.u32();
    const auto crc = r.u32();
    const auto rawLen = r.u32();
    const auto len = r.u32();
    if (r.failed() || magic != ChunkMagic || r.remaining() < len) {
        unreadable("bad chunk header in " + where);
        return false;
    }
    const char* payload = frame.data() + ChunkHeaderBytes;
    if (crc32c(payload, len) != crc) {
        unreadable("checksum mismatch in " + where);
        return false;
    }
    body.resize(rawLen);
    struct FreeDCtx
    {
        void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
    };
    thread_local std::unique_ptr<ZSTD_DCtx, FreeDCtx> dctx(ZSTD_createDCtx());
    const auto n = ZSTD_decompressDCtx(dctx.get(), body.data(), body.size(), payload, len);
    if (ZSTD_isError(n) || n != rawLen) {
        unreadable("cannot decompress the chunk in " + where);
        return false;
    }
    return true;
}

/// The first occurrence of `needle` in [hay, hay + n), or null. Compares the needle's first and last bytes
/// 16 positions at a time and checks the middle only where both match: several times memmem's speed on log
/// text, where `ERROR`-like needles are rare.
const char* findLiteral(const char* hay, std::size_t n, std::string_view needle)
{
    const std::size_t k = needle.size();
    if (k == 0)
        return hay;
    if (n < k)
        return nullptr;
    if (k == 1)
        return static_cast<const char*>(std::memchr(hay, needle[0], n));
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128i first = _mm_set1_epi8(needle[0]);
    const __m128i last = _mm_set1_epi8(needle[k - 1]);
    for (; i + k - 1 + 16 <= n; i += 16) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(hay + i));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(hay + i + k - 1));
        auto mask = unsigned(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last))));
        while (mask) {
            const unsigned bit = unsigned(__builtin_ctz(mask));
            if (std::memcmp(hay + i + bit + 1, needle.data() + 1, k - 2) == 0)
                return hay + i + bit;
            mask &= mask - 1;
        }
    }
#endif
    return static_cast<const char*>(::memmem(hay + i, n - i, needle.data(), k));
}

/// Scans a chunk body (FORMAT.md: timestamps, lengths, metadata, lines) and calls
/// `emit(ts, line, metadataReader)` for each entry in [start, end) whose line passes `scan`, in order.
/// With `scan.required`, the lines of the range are searched as one buffer (findLiteral) and only lines
/// holding a hit are tested. Returns false on a malformed body.
template<class Emit>
bool scanBody(std::string_view body, TimestampNs start, TimestampNs end, const LineScan& scan, bool wantMetadata,
    Emit&& emit)
{
    ByteReader r(body);
    if (r.u8() != 1)
        return false;
    const auto n = r.uvarint();
    if (n > body.size())
        return false;
    std::vector<TimestampNs> ts(n);
    TimestampNs prev = 0;
    for (auto& t : ts) { // a sum past int64 only comes from a damaged chunk (found by fuzzing)
        if (__builtin_add_overflow(prev, r.varint(), &prev))
            return false;
        t = prev;
    }
    std::vector<std::uint64_t> lineStart(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i)
        lineStart[i + 1] = lineStart[i] + r.uvarint();
    // Metadata: remember where each entry's pairs start (parsed only for kept entries).
    std::vector<std::uint32_t> metaAt(wantMetadata ? n : 0);
    const std::size_t metaBase = body.size() - r.remaining();
    for (std::size_t i = 0; i < n; ++i) {
        if (wantMetadata)
            metaAt[i] = std::uint32_t(body.size() - r.remaining() - metaBase);
        const auto pairs = r.uvarint();
        if (pairs > r.remaining())
            return false;
        for (std::uint64_t k = 0; k < pairs; ++k) {
            r.bytes();
            r.bytes();
        }
    }
    if (r.failed() || r.remaining() < lineStart[n])
        return false;
    const char* lines = body.data() + (body.size() - r.remaining());
    const std::string_view metaColumn = body.substr(metaBase);
    auto metadataOf = [&](std::size_t i) {
        std::vector<Label> out;
        if (!wantMetadata)
            return out;
        ByteReader m(metaColumn.substr(metaAt[i]));
        const auto pairs = m.uvarint();
        for (std::uint64_t k = 0; k < pairs; ++k) {
            auto name = m.bytes();
            auto value = m.bytes();
            out.push_back(Label { std::string(name), std::string(value) });
        }
        return out;
    };
    // Entries are time-ordered within a chunk.
    const std::size_t lo = std::size_t(std::lower_bound(ts.begin(), ts.end(), start) - ts.begin());
    const std::size_t hi = std::size_t(std::lower_bound(ts.begin() + std::ptrdiff_t(lo), ts.end(), end) - ts.begin());
    auto lineAt = [&](std::size_t i) {
        return std::string_view(lines + lineStart[i], std::size_t(lineStart[i + 1] - lineStart[i]));
    };
    if (scan.required.empty()) {
        for (std::size_t i = lo; i < hi; ++i) {
            const auto line = lineAt(i);
            if (scan.accepts(line))
                emit(ts[i], line, [&] { return metadataOf(i); });
        }
        return true;
    }
    const std::string& needle = scan.required;
    std::uint64_t pos = lineStart[lo];
    const std::uint64_t stop = lineStart[hi];
    std::size_t i = lo;
    while (pos < stop) {
        const char* hit = findLiteral(lines + pos, std::size_t(stop - pos), needle);
        if (!hit)
            break;
        const auto at = std::uint64_t(hit - lines);
        // The line holding the hit: the last one starting at or before it (lineStart[hi] = stop > at).
        i = std::size_t(std::upper_bound(lineStart.begin() + std::ptrdiff_t(i),
                            lineStart.begin() + std::ptrdiff_t(hi) + 1, at) - lineStart.begin()) - 1;
        const auto line = lineAt(i);
        // `accepts` tests the whole line, so the search goes on from the next one.
        if (scan.accepts(line))
            emit(ts[i], line, [&] { return metadataOf(i); });
        pos = lineStart[++i];
    }
    return true;
}

} // namespace

void Store::decodeMatching(std::vector<ReadPart>& parts, TimestampNs start, TimestampNs end,
    const LineScan& scan) const
{
    parallelFor(parts.size(), m_options.readThreads, [&](std::size_t k) {
        ReadPart& p = parts[k];
        if (!p.chunk) {
            std::erase_if(p.entries, [&](const LogEntry& e) { return !scan.accepts(e.line); });
            return;
        }
        p.chunk = nullptr;
        thread_local std::string frame, body;
        if (!readBody(m_chunksDir, p.meta, frame, body, [this](const std::string& why) { noteUnreadable(why); }))
            return;
        scanBody(body, start, end, scan, true, [&](TimestampNs ts, std::string_view line, auto metadata) {
            p.entries.push_back(LogEntry { ts, std::string(line), metadata() });
        });
    });
}

std::vector<Stream> Store::selectMatching(const Matchers& matchers, TimestampNs start, TimestampNs end,
    const LineScan& scan) const
{
    std::vector<ReadPart> parts;
    auto streams = collect(matchers, start, end, parts);
    decodeMatching(parts, start, end, scan);
    return assemble(std::move(streams), parts);
}

std::vector<Stream> Store::selectLimitedMatching(const Matchers& matchers, TimestampNs start, TimestampNs end,
    std::size_t limit, Direction direction, const LineScan& scan) const
{
    return readLimited(matchers, start, end, limit, direction, &scan);
}

std::vector<StreamMatches> Store::scanMatching(const Matchers& matchers, TimestampNs start, TimestampNs end,
    const LineScan& scan) const
{
    std::vector<ReadPart> parts;
    auto streams = collect(matchers, start, end, parts);
    std::vector<StreamMatches> found(parts.size());
    parallelFor(parts.size(), m_options.readThreads, [&](std::size_t k) {
        ReadPart& p = parts[k];
        StreamMatches& m = found[k];
        auto add = [&m](TimestampNs ts, std::string_view line, std::vector<Label> metadata) {
            if (!metadata.empty())
                m.metadata.emplace_back(std::uint32_t(m.ts.size()), std::move(metadata));
            m.ts.push_back(ts);
            m.lineBytes.push_back(std::uint32_t(line.size()));
        };
        if (!p.chunk) {
            for (const auto& e : p.entries)
                if (scan.accepts(e.line))
                    add(e.ts, e.line, e.metadata);
            return;
        }
        thread_local std::string frame, body;
        if (readBody(m_chunksDir, p.meta, frame, body, [this](const std::string& why) { noteUnreadable(why); }))
            scanBody(body, start, end, scan, true,
                [&](TimestampNs ts, std::string_view line, auto metadata) { add(ts, line, metadata()); });
    });
    std::vector<StreamMatches> out(streams.size());
    for (std::size_t k = 0; k < parts.size(); ++k) {
        auto& dst = out[parts[k].stream];
        for (auto& [i, md] : found[k].metadata)
            dst.metadata.emplace_back(std::uint32_t(dst.ts.size() + i), std::move(md));
        dst.ts.insert(dst.ts.end(), found[k].ts.begin(), found[k].ts.end());
        dst.lineBytes.insert(dst.lineBytes.end(), found[k].lineBytes.begin(), found[k].lineBytes.end());
    }
    std::vector<StreamMatches> result;
    for (std::size_t s = 0; s < out.size(); ++s) {
        auto& m = out[s];
        if (m.ts.empty())
            continue;
        m.labels = std::move(streams[s].labels);
        if (!std::is_sorted(m.ts.begin(), m.ts.end())) {
            // Chunks of one stream may overlap in time (out-of-order window): restore time order.
            std::vector<std::size_t> order(m.ts.size());
            std::iota(order.begin(), order.end(), std::size_t(0));
            std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return m.ts[a] < m.ts[b]; });
            std::vector<std::vector<Label>> md(m.ts.size());
            for (auto& [i, pairs] : m.metadata)
                md[i] = std::move(pairs);
            StreamMatches sorted { std::move(m.labels), {}, {}, {} };
            for (auto i : order) {
                if (!md[i].empty())
                    sorted.metadata.emplace_back(std::uint32_t(sorted.ts.size()), std::move(md[i]));
                sorted.ts.push_back(m.ts[i]);
                sorted.lineBytes.push_back(m.lineBytes[i]);
            }
            m = std::move(sorted);
        }
        result.push_back(std::move(m));
    }
    std::sort(result.begin(), result.end(),
        [](const StreamMatches& a, const StreamMatches& b) { return a.labels < b.labels; });
    return result;
}

} // namespace sg::logs
