#include "range_cache.h"

#include <QRegularExpression>
#include <QString>

#include <algorithm>
#include <map>

namespace sg::services {

namespace {

std::size_t matrixBytes(const promql::Matrix& matrix)
{
    std::size_t bytes = sizeof(promql::Matrix);
    for (const auto& s : matrix) {
        bytes += sizeof(promql::Series) + s.points.capacity() * sizeof(promql::Point);
        for (const auto& l : s.metric)
            bytes += sizeof(Label) + l.name.size() + l.value.size();
    }
    return bytes;
}

/// Appends the points of `from` with timestamps in [lo, hi] to `into`.
void appendWithin(std::vector<promql::Point>& into, const std::vector<promql::Point>& from, TimestampMs lo, TimestampMs hi)
{
    auto first = std::lower_bound(from.begin(), from.end(), lo, [](const promql::Point& p, TimestampMs t) { return p.t < t; });
    for (auto it = first; it != from.end() && it->t <= hi; ++it)
        into.push_back(*it);
}

void addWarnings(std::vector<std::string>& into, const std::vector<std::string>& more)
{
    for (const auto& w : more)
        if (std::find(into.begin(), into.end(), w) == into.end())
            into.push_back(w);
}

} // namespace

RangeCache::RangeCache(std::size_t maxBytes)
    : m_maxBytes(maxBytes)
{
}

bool RangeCache::cacheable(std::string_view expr)
{
    // `@ start()` / `@ end()` pin a selector to the range's ends, and a duration of `range()` grows with it.
    static const QRegularExpression RangeBound(QStringLiteral("\\b(start|end|range)\\s*\\("));
    return !RangeBound.match(QString::fromUtf8(expr.data(), qsizetype(expr.size()))).hasMatch();
}

RangeCache::EntryPtr RangeCache::find(const std::string& key)
{
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find(key);
    if (it == m_entries.end())
        return nullptr;
    m_lru.splice(m_lru.begin(), m_lru, it->second.lru);
    return it->second.entry;
}

void RangeCache::store(const std::string& key, EntryPtr entry)
{
    std::lock_guard lock(m_mutex);
    if (auto it = m_entries.find(key); it != m_entries.end()) {
        m_bytes -= it->second.entry->bytes;
        m_lru.erase(it->second.lru);
        m_entries.erase(it);
    }
    if (!entry || entry->bytes > m_maxBytes / 4)
        return; // one answer may not push out most of the others
    m_bytes += entry->bytes;
    m_lru.push_front(key);
    m_entries.emplace(key, Slot { std::move(entry), m_lru.begin() });
    while (m_bytes > m_maxBytes && !m_lru.empty()) {
        auto victim = m_entries.find(m_lru.back());
        m_bytes -= victim->second.entry->bytes;
        m_entries.erase(victim);
        m_lru.pop_back();
    }
}

Result<promql::QueryResult> RangeCache::query(const std::string& key, TimestampMs start, TimestampMs end, DurationMs step,
    TimestampMs settledBefore, std::uint64_t pastWrites, const Evaluate& evaluate, RangeCacheStats* stats)
{
    const std::string slot = key + '\x1f' + std::to_string(step) + '\x1f' + std::to_string(((start % step) + step) % step);
    EntryPtr cached = find(slot);
    if (cached && cached->pastWrites != pastWrites)
        cached = nullptr; // the past changed under it
    // The cached steps this range can use: on the same grid, so the bounds are steps of the new range too.
    const TimestampMs lo = cached ? std::max(start, cached->from) : 0;
    const TimestampMs hi = cached ? std::min(end, cached->to) : -1;
    const bool reuse = cached && lo <= hi;

    std::vector<std::string> warnings;
    std::map<Labels, std::vector<promql::Point>> merged;
    auto add = [&](promql::Matrix&& part, TimestampMs from, TimestampMs to) {
        for (auto& s : part) {
            auto& points = merged[std::move(s.metric)];
            appendWithin(points, s.points, from, to);
        }
    };
    auto steps = [step](TimestampMs from, TimestampMs to) { return to < from ? 0 : std::size_t((to - from) / step + 1); };

    promql::QueryResult result;
    if (!reuse) {
        auto whole = evaluate(start, end);
        if (!whole.ok())
            return whole;
        result = std::move(*whole);
        if (stats)
            stats->stepsComputed += steps(start, end);
    } else {
        // Steps before the cached ones, then the cached ones, then those after: each in time order.
        if (start < lo) {
            auto head = evaluate(start, lo - step);
            if (!head.ok())
                return head;
            addWarnings(warnings, head->warnings);
            add(std::move(head->value.matrix), start, lo - step);
        }
        for (const auto& s : cached->matrix)
            appendWithin(merged[s.metric], s.points, lo, hi);
        addWarnings(warnings, cached->warnings);
        if (hi < end) {
            auto tail = evaluate(hi + step, end);
            if (!tail.ok())
                return tail;
            addWarnings(warnings, tail->warnings);
            add(std::move(tail->value.matrix), hi + step, end);
        }
        result.value.type = promql::ValueType::Matrix;
        result.value.matrix.reserve(merged.size());
        for (auto& [labels, points] : merged) {
            if (!points.empty())
                result.value.matrix.push_back(promql::Series { labels, std::move(points) });
        }
        result.warnings = std::move(warnings);
        if (stats) {
            stats->stepsReused += steps(lo, hi);
            stats->stepsComputed += steps(start, lo - step) + steps(hi + step, end);
        }
    }
    if (result.value.type != promql::ValueType::Matrix)
        return result;

    // Keep the settled steps of this answer for the next range.
    const TimestampMs lastSettled = std::min(end, settledBefore - ((settledBefore - start) % step + step) % step);
    if (lastSettled >= start) {
        auto entry = std::make_shared<Entry>();
        entry->pastWrites = pastWrites;
        entry->from = start;
        entry->to = lastSettled;
        entry->warnings = result.warnings;
        for (const auto& s : result.value.matrix) {
            promql::Series kept { s.metric, {} };
            appendWithin(kept.points, s.points, start, lastSettled);
            if (!kept.points.empty())
                entry->matrix.push_back(std::move(kept));
        }
        entry->bytes = matrixBytes(entry->matrix) + slot.size();
        store(slot, std::move(entry));
    }
    return result;
}

void RangeCache::clear()
{
    std::lock_guard lock(m_mutex);
    m_entries.clear();
    m_lru.clear();
    m_bytes = 0;
}

std::size_t RangeCache::bytes() const
{
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

std::size_t RangeCache::entries() const
{
    std::lock_guard lock(m_mutex);
    return m_entries.size();
}

} // namespace sg::services
