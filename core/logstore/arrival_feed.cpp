#include "arrival_feed.h"

namespace sg::logs {

ArrivalFeed::Subscription ArrivalFeed::follow(std::uint64_t* cursor)
{
    {
        std::lock_guard lock(m_mutex);
        *cursor = m_end;
    }
    m_followers.fetch_add(1, std::memory_order_acq_rel);
    return Subscription(this, [](void* feed) { static_cast<ArrivalFeed*>(feed)->unfollow(); });
}

void ArrivalFeed::unfollow()
{
    if (m_followers.fetch_sub(1, std::memory_order_acq_rel) != 1)
        return;
    std::lock_guard lock(m_mutex); // nobody follows: let the memory go
    m_begin = m_end;
    m_blocks.clear();
    m_bytes = 0;
}

void ArrivalFeed::record(const Labels& labels, std::span<const LogEntry* const> entries)
{
    if (entries.empty())
        return;
    Block b;
    b.labels = labels;
    b.entries.reserve(entries.size());
    for (const auto* e : entries) {
        b.bytes += e->line.size() + sizeof(LogEntry);
        b.entries.push_back(*e);
    }
    std::lock_guard lock(m_mutex);
    b.first = m_end;
    m_end += b.entries.size();
    m_bytes += b.bytes;
    m_blocks.push_back(std::move(b));
    while (m_bytes > m_capacity && m_blocks.size() > 1) {
        m_bytes -= m_blocks.front().bytes;
        m_begin = m_blocks.front().first + m_blocks.front().entries.size();
        m_blocks.pop_front();
    }
}

ArrivalFeed::Read ArrivalFeed::since(std::uint64_t* cursor, const Matchers& matchers, std::size_t maxEntries) const
{
    Read out;
    std::lock_guard lock(m_mutex);
    if (*cursor < m_begin) {
        out.missed = m_begin - *cursor;
        *cursor = m_begin;
    }
    std::size_t taken = 0;
    for (const auto& b : m_blocks) {
        const std::uint64_t end = b.first + b.entries.size();
        if (end <= *cursor)
            continue;
        if (taken == maxEntries)
            break; // the cursor stays at the first entry not returned
        if (!matchesAll(matchers, b.labels)) {
            *cursor = end;
            continue;
        }
        const auto from = std::size_t(*cursor - b.first);
        const auto n = std::min(b.entries.size() - from, maxEntries - taken);
        Stream s { b.labels, {} };
        s.entries.assign(b.entries.begin() + std::ptrdiff_t(from), b.entries.begin() + std::ptrdiff_t(from + n));
        out.streams.push_back(std::move(s));
        taken += n;
        *cursor = b.first + from + n;
    }
    if (taken < maxEntries)
        *cursor = std::max(*cursor, m_end);
    return out;
}

} // namespace sg::logs
