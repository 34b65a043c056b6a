// Store: the read path. Matching streams come from the in-memory label index; only chunks whose time range
// overlaps the query are read, decompressed in parallel, and merged with the head in time order.
#include "store.h"

#include "parallel_for.h"

#include <QtGlobal>

#include <algorithm>
#include <mutex>

namespace sg::logs {

namespace {

/// The entries of a time-ordered block in [start, end).
auto timeRange(const std::vector<LogEntry>& entries, TimestampNs start, TimestampNs end)
{
    auto lo = std::lower_bound(entries.begin(), entries.end(), start,
        [](const LogEntry& e, TimestampNs t) { return e.ts < t; });
    auto hi = std::lower_bound(lo, entries.end(), end, [](const LogEntry& e, TimestampNs t) { return e.ts < t; });
    return std::pair { lo, hi };
}

} // namespace

std::vector<std::uint32_t> Store::matchingStreams(const Matchers& matchers) const
{
    std::vector<std::uint32_t> candidates;
    bool narrowed = false;
    for (const auto& m : matchers) {
        if (m.type() != MatchType::Equal || m.value().empty())
            continue;
        std::vector<std::uint32_t> ids;
        if (auto n = m_postings.find(m.name()); n != m_postings.end())
            if (auto v = n->second.find(m.value()); v != n->second.end())
                ids = v->second;
        if (!narrowed) {
            candidates = std::move(ids);
            narrowed = true;
        } else {
            std::vector<std::uint32_t> both;
            std::set_intersection(candidates.begin(), candidates.end(), ids.begin(), ids.end(),
                std::back_inserter(both));
            candidates = std::move(both);
        }
    }
    if (!narrowed) {
        candidates.resize(m_streams.size());
        for (std::uint32_t i = 0; i < candidates.size(); ++i)
            candidates[i] = i;
    }
    std::vector<std::uint32_t> out;
    for (auto id : candidates)
        if (matchesAll(matchers, m_streams[id]->labels))
            out.push_back(id);
    return out;
}

std::vector<Stream> Store::collect(const Matchers& matchers, TimestampNs start, TimestampNs end,
    std::vector<ReadPart>& parts) const
{
    std::vector<Stream> out;
    std::shared_lock lock(m_mutex);
    for (auto id : matchingStreams(matchers)) {
        const auto& st = *m_streams[id];
        bool any = false;
        for (const auto& c : st.chunks) {
            if (c.minTs >= end || c.maxTs < start)
                continue;
            ReadPart p;
            p.stream = out.size();
            p.meta = c;
            p.chunk = &p.meta;
            parts.push_back(std::move(p));
            any = true;
        }
        // Entries still in memory: heads sealed for the cutter, then the open head.
        auto addMemory = [&](const std::vector<LogEntry>& entries) {
            auto [lo, hi] = timeRange(entries, start, end);
            if (lo == hi)
                return;
            ReadPart p;
            p.stream = out.size();
            p.meta.minTs = lo->ts;
            p.meta.maxTs = (hi - 1)->ts;
            p.entries.assign(lo, hi);
            parts.push_back(std::move(p));
            any = true;
        };
        for (const auto& sealed : st.sealed)
            addMemory(sealed->entries);
        addMemory(st.head);
        if (any)
            out.push_back(Stream { st.labels, {} });
    }
    for (auto& p : parts)
        if (p.chunk)
            p.chunk = &p.meta; // the vector may have moved
    return out;
}

void Store::decode(std::vector<ReadPart>& parts, TimestampNs start, TimestampNs end) const
{
    std::vector<ReadPart*> todo;
    for (auto& p : parts)
        if (p.chunk)
            todo.push_back(&p);
    parallelFor(todo.size(), m_options.readThreads, [&](std::size_t i) {
        auto r = readChunk(m_chunksDir, *todo[i]->chunk, start, end);
        // A chunk deleted by retention after it was listed reads as empty; any other failure is counted.
        if (r)
            todo[i]->entries = std::move(r.value());
        else if (r.error().message.rfind("missing ", 0) != 0)
            noteUnreadable(r.error().message);
        todo[i]->chunk = nullptr;
    });
}

std::vector<Stream> Store::assemble(std::vector<Stream> streams, std::vector<ReadPart>& parts)
{
    for (auto& p : parts) {
        auto& dst = streams[p.stream].entries;
        if (dst.empty())
            dst = std::move(p.entries);
        else
            dst.insert(dst.end(), std::make_move_iterator(p.entries.begin()),
                std::make_move_iterator(p.entries.end()));
    }
    std::vector<Stream> out;
    out.reserve(streams.size());
    for (auto& s : streams) {
        if (s.entries.empty())
            continue;
        auto byTs = [](const LogEntry& a, const LogEntry& b) { return a.ts < b.ts; };
        if (!std::is_sorted(s.entries.begin(), s.entries.end(), byTs))
            std::stable_sort(s.entries.begin(), s.entries.end(), byTs);
        out.push_back(std::move(s));
    }
    std::sort(out.begin(), out.end(), [](const Stream& a, const Stream& b) { return a.labels < b.labels; });
    return out;
}

std::vector<Stream> Store::select(const Matchers& matchers, TimestampNs start, TimestampNs end) const
{
    std::vector<ReadPart> parts;
    auto streams = collect(matchers, start, end, parts);
    decode(parts, start, end);
    return assemble(std::move(streams), parts);
}

std::vector<Stream> Store::selectLimited(const Matchers& matchers, TimestampNs start, TimestampNs end,
    std::size_t limit, Direction direction) const
{
    return readLimited(matchers, start, end, limit, direction, nullptr);
}

std::vector<Stream> Store::readLimited(const Matchers& matchers, TimestampNs start, TimestampNs end,
    std::size_t limit, Direction direction, const LineScan* scan) const
{
    std::vector<ReadPart> parts;
    auto streams = collect(matchers, start, end, parts);
    const bool forward = direction == Direction::Forward;
    // Read parts nearest the starting edge first; stop once `limit` entries beat everything left unread.
    std::sort(parts.begin(), parts.end(), [forward](const ReadPart& a, const ReadPart& b) {
        return forward ? a.meta.minTs < b.meta.minTs : a.meta.maxTs > b.meta.maxTs;
    });
    const std::size_t wave = std::max<std::size_t>(
        2, 2 * (m_options.readThreads ? m_options.readThreads : std::thread::hardware_concurrency()));
    std::vector<TimestampNs> seen;
    std::size_t done = 0;
    while (done < parts.size()) {
        const auto n = std::min(wave, parts.size() - done);
        std::vector<ReadPart> slice;
        for (std::size_t i = 0; i < n; ++i)
            slice.push_back(std::move(parts[done + i]));
        for (auto& p : slice)
            if (p.chunk)
                p.chunk = &p.meta;
        if (scan)
            decodeMatching(slice, start, end, *scan);
        else
            decode(slice, start, end);
        for (std::size_t i = 0; i < n; ++i) {
            for (const auto& e : slice[i].entries)
                seen.push_back(e.ts);
            parts[done + i] = std::move(slice[i]);
        }
        done += n;
        if (seen.size() >= limit && done < parts.size() && limit > 0) {
            auto nth = seen.begin() + std::ptrdiff_t(forward ? limit - 1 : seen.size() - limit);
            std::nth_element(seen.begin(), nth, seen.end());
            const auto next = forward ? parts[done].meta.minTs : parts[done].meta.maxTs;
            if (forward ? next > *nth : next < *nth)
                break;
        }
    }
    parts.resize(done);
    return limitStreams(assemble(std::move(streams), parts), limit, direction);
}

std::vector<Labels> Store::streams(const Matchers& matchers, TimestampNs start, TimestampNs end) const
{
    std::vector<Labels> out;
    {
        std::shared_lock lock(m_mutex);
        for (auto id : matchingStreams(matchers)) {
            const auto& st = *m_streams[id];
            bool any = std::any_of(st.chunks.begin(), st.chunks.end(),
                [&](const ChunkMeta& c) { return c.minTs < end && c.maxTs >= start; });
            auto inMemory = [&](const std::vector<LogEntry>& entries) {
                auto [lo, hi] = timeRange(entries, start, end);
                return lo != hi;
            };
            any = any || inMemory(st.head)
                || std::any_of(st.sealed.begin(), st.sealed.end(), [&](const auto& h) { return inMemory(h->entries); });
            if (any)
                out.push_back(st.labels);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> Store::labelNames() const
{
    std::shared_lock lock(m_mutex);
    std::vector<std::string> out;
    for (const auto& [name, values] : m_postings)
        out.push_back(name);
    return out;
}

std::vector<std::string> Store::labelValues(std::string_view name) const
{
    std::shared_lock lock(m_mutex);
    std::vector<std::string> out;
    if (auto it = m_postings.find(name); it != m_postings.end())
        for (const auto& [value, ids] : it->second)
            out.push_back(value);
    return out;
}

void Store::noteUnreadable(const std::string& why) const
{
    if (m_unreadableChunks.fetch_add(1, std::memory_order_relaxed) == 0)
        qWarning("log store: a chunk cannot be read (%s); queries will warn", why.c_str());
}

} // namespace sg::logs
