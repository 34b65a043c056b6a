#include "memory_store.h"

#include <algorithm>
#include <cmath>
#include <mutex>

namespace sg::tsdb {

MemoryStore::MemoryStore(DurationMs retention)
    : m_retention(retention)
{
}

AppendStats MemoryStore::append(const AppendBatch& batch)
{
    AppendStats stats;
    std::unique_lock lock(m_mutex);
    for (const auto& s : batch.samples) {
        auto it = m_ids.find(s.labels);
        SeriesId id;
        if (it == m_ids.end()) {
            id = static_cast<SeriesId>(m_series.size());
            m_series.push_back(Series { s.labels, {} });
            m_ids.emplace(s.labels, id);
            for (const auto& l : s.labels)
                m_postings[l.name][l.value].push_back(id);
            ++stats.seriesCreated;
        } else {
            id = it->second;
        }
        auto& samples = m_series[id].samples;
        if (!samples.empty()) {
            const auto& last = samples.back();
            if (s.t < last.t) {
                ++stats.outOfOrder;
                continue;
            }
            if (s.t == last.t) {
                if (std::bit_cast<std::uint64_t>(s.v) != std::bit_cast<std::uint64_t>(last.v))
                    ++stats.duplicates;
                continue;
            }
        }
        samples.push_back(Sample { s.t, s.v });
        ++stats.appended;
        ++m_samples;
        m_maxT = std::max(m_maxT, s.t);
    }
    // trim at most once a minute of data time
    if (m_maxT - m_lastTrim > 60'000) {
        m_lastTrim = m_maxT;
        trim(m_maxT - m_retention);
    }
    return stats;
}

void MemoryStore::trim(TimestampMs before)
{
    for (auto& s : m_series) {
        auto it = std::lower_bound(s.samples.begin(), s.samples.end(), before,
            [](const Sample& a, TimestampMs t) { return a.t < t; });
        m_samples -= static_cast<std::size_t>(it - s.samples.begin());
        s.samples.erase(s.samples.begin(), it);
    }
}

std::vector<MemoryStore::SeriesId> MemoryStore::candidates(const Matchers& matchers) const
{
    // Intersect postings of matchers that cannot match the empty value (they require the label);
    // the rest are checked per series.
    std::vector<SeriesId> result;
    bool first = true;
    for (const auto& m : matchers) {
        if (m.matchesEmpty())
            continue;
        std::vector<SeriesId> ids;
        auto name = m_postings.find(m.name());
        if (name != m_postings.end()) {
            if (m.type() == MatchType::Equal) {
                auto v = name->second.find(m.value());
                if (v != name->second.end())
                    ids = v->second;
            } else {
                for (const auto& [value, list] : name->second)
                    if (m.matches(value))
                        ids.insert(ids.end(), list.begin(), list.end());
                std::sort(ids.begin(), ids.end());
            }
        }
        if (first) {
            result = std::move(ids);
            first = false;
        } else {
            std::vector<SeriesId> both;
            std::set_intersection(result.begin(), result.end(), ids.begin(), ids.end(), std::back_inserter(both));
            result = std::move(both);
        }
        if (result.empty())
            return result;
    }
    if (first) {
        result.resize(m_series.size());
        for (SeriesId i = 0; i < result.size(); ++i)
            result[i] = i;
    }
    return result;
}

std::vector<SeriesSamples> MemoryStore::select(const Matchers& matchers, TimestampMs mint, TimestampMs maxt) const
{
    std::shared_lock lock(m_mutex);
    std::vector<SeriesSamples> out;
    for (SeriesId id : candidates(matchers)) {
        const auto& s = m_series[id];
        if (!matchesAll(matchers, s.labels))
            continue;
        auto lo = std::lower_bound(s.samples.begin(), s.samples.end(), mint,
            [](const Sample& a, TimestampMs t) { return a.t < t; });
        auto hi = std::upper_bound(lo, s.samples.end(), maxt, [](TimestampMs t, const Sample& a) { return t < a.t; });
        if (lo == hi)
            continue;
        out.push_back(SeriesSamples { s.labels, std::vector<Sample>(lo, hi) });
    }
    lock.unlock();
    std::sort(out.begin(), out.end(), [](const SeriesSamples& a, const SeriesSamples& b) { return a.labels < b.labels; });
    return out;
}

std::vector<Labels> MemoryStore::series(const Matchers& matchers, TimestampMs mint, TimestampMs maxt) const
{
    std::vector<Labels> out;
    for (auto& s : select(matchers, mint, maxt))
        out.push_back(std::move(s.labels));
    return out;
}

std::vector<std::string> MemoryStore::labelNames() const
{
    std::shared_lock lock(m_mutex);
    std::vector<std::string> out;
    for (const auto& [name, values] : m_postings)
        out.push_back(name);
    return out;
}

std::vector<std::string> MemoryStore::labelValues(std::string_view name) const
{
    std::shared_lock lock(m_mutex);
    std::vector<std::string> out;
    auto it = m_postings.find(name);
    if (it != m_postings.end())
        for (const auto& [value, ids] : it->second)
            out.push_back(value);
    return out;
}

std::size_t MemoryStore::seriesCount() const
{
    std::shared_lock lock(m_mutex);
    return m_series.size();
}

std::size_t MemoryStore::sampleCount() const
{
    std::shared_lock lock(m_mutex);
    return m_samples;
}

} // namespace sg::tsdb
