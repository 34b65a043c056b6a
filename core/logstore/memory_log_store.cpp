#include "memory_log_store.h"

#include <algorithm>
#include <mutex>

namespace sg::logs {

MemoryLogStore::MemoryLogStore(DurationMs outOfOrderWindow, DurationMs retention)
    : m_window(msToNs(outOfOrderWindow))
    , m_retention(msToNs(retention))
{
}

PushStats MemoryLogStore::push(const PushBatch& batch)
{
    PushStats stats;
    std::unique_lock lock(m_mutex);
    const bool feeding = m_arrivals.active();
    std::vector<const LogEntry*> fed;
    for (const auto& in : batch.streams) {
        fed.clear();
        auto it = m_ids.find(in.labels);
        std::size_t id;
        if (it == m_ids.end()) {
            id = m_streams.size();
            m_streams.push_back(Stream { in.labels, {} });
            m_ids.emplace(in.labels, id);
            for (const auto& l : in.labels)
                m_postings[l.name][l.value].push_back(id);
            ++stats.streamsCreated;
        } else {
            id = it->second;
        }
        auto& entries = m_streams[id].entries;
        for (const auto& e : in.entries) {
            if (entries.empty() || e.ts >= entries.back().ts) {
                entries.push_back(e);
            } else if (e.ts >= entries.back().ts - m_window) {
                auto pos = std::upper_bound(entries.begin(), entries.end(), e.ts,
                    [](TimestampNs t, const LogEntry& x) { return t < x.ts; });
                entries.insert(pos, e);
            } else {
                ++stats.outOfOrder;
                continue;
            }
            ++stats.accepted;
            ++m_entries;
            m_maxTs = std::max(m_maxTs, e.ts);
            if (feeding)
                fed.push_back(&e);
        }
        if (feeding)
            m_arrivals.record(in.labels, fed);
    }
    if (m_maxTs - m_lastTrim > msToNs(60'000)) {
        m_lastTrim = m_maxTs;
        trim(m_maxTs - m_retention);
    }
    return stats;
}

void MemoryLogStore::trim(TimestampNs before)
{
    for (auto& s : m_streams) {
        auto it = std::lower_bound(s.entries.begin(), s.entries.end(), before,
            [](const LogEntry& e, TimestampNs t) { return e.ts < t; });
        m_entries -= static_cast<std::size_t>(it - s.entries.begin());
        s.entries.erase(s.entries.begin(), it);
    }
}

std::vector<Stream> MemoryLogStore::select(const Matchers& matchers, TimestampNs start, TimestampNs end) const
{
    std::shared_lock lock(m_mutex);
    std::vector<Stream> out;
    for (const auto& s : m_streams) {
        if (!matchesAll(matchers, s.labels))
            continue;
        auto lo = std::lower_bound(s.entries.begin(), s.entries.end(), start,
            [](const LogEntry& e, TimestampNs t) { return e.ts < t; });
        auto hi = std::lower_bound(lo, s.entries.end(), end, [](const LogEntry& e, TimestampNs t) { return e.ts < t; });
        if (lo == hi)
            continue;
        out.push_back(Stream { s.labels, std::vector<LogEntry>(lo, hi) });
    }
    lock.unlock();
    std::sort(out.begin(), out.end(), [](const Stream& a, const Stream& b) { return a.labels < b.labels; });
    return out;
}

std::vector<Labels> MemoryLogStore::streams(const Matchers& matchers, TimestampNs start, TimestampNs end) const
{
    std::vector<Labels> out;
    for (auto& s : select(matchers, start, end))
        out.push_back(std::move(s.labels));
    return out;
}

std::vector<std::string> MemoryLogStore::labelNames() const
{
    std::shared_lock lock(m_mutex);
    std::vector<std::string> out;
    for (const auto& [name, values] : m_postings)
        out.push_back(name);
    return out;
}

std::vector<std::string> MemoryLogStore::labelValues(std::string_view name) const
{
    std::shared_lock lock(m_mutex);
    std::vector<std::string> out;
    auto it = m_postings.find(name);
    if (it != m_postings.end())
        for (const auto& [value, ids] : it->second)
            out.push_back(value);
    return out;
}

std::size_t MemoryLogStore::streamCount() const
{
    std::shared_lock lock(m_mutex);
    return m_streams.size();
}

std::size_t MemoryLogStore::entryCount() const
{
    std::shared_lock lock(m_mutex);
    return m_entries;
}

} // namespace sg::logs
