#include "head.h"

#include <algorithm>
#include <bit>

namespace sg::tsdb {

Head::Head(DurationMs outOfOrderWindow)
    : m_oooWindow(outOfOrderWindow)
{
}

SeriesRef Head::getOrCreate(const Labels& labels, bool& created)
{
    const std::uint64_t h = labels.hash();
    if (!m_index.empty()) {
        const std::size_t mask = m_index.size() - 1;
        for (std::size_t i = std::size_t(h) & mask;; i = (i + 1) & mask) {
            const std::uint32_t slot = m_index[i];
            if (slot == 0)
                break;
            if (m_series[slot - 1].labels == labels) { // compares the hashes first
                created = false;
                return slot - 1;
            }
        }
    }
    const auto ref = SeriesRef(m_series.size());
    m_series.emplace_back();
    m_series.back().labels = labels;
    indexSeries(ref);
    created = true;
    return ref;
}

void Head::insertIndex(SeriesRef ref)
{
    const std::size_t mask = m_index.size() - 1;
    std::size_t i = std::size_t(m_series[ref].labels.hash()) & mask;
    while (m_index[i] != 0)
        i = (i + 1) & mask;
    m_index[i] = ref + 1;
}

void Head::restore(SeriesRef ref, Labels labels)
{
    if (ref < m_series.size())
        return;
    while (m_series.size() < ref) { // a hole (should not happen): keep refs dense with empty series
        m_series.emplace_back();
    }
    m_series.emplace_back();
    m_series.back().labels = std::move(labels);
    indexSeries(ref);
}

void Head::indexSeries(SeriesRef ref)
{
    const auto& labels = m_series[ref].labels;
    if ((m_series.size() + 1) * 2 > m_index.size()) {
        m_index.assign(std::max<std::size_t>(64, m_index.size() * 2), 0);
        for (SeriesRef r = 0; r < m_series.size(); ++r)
            insertIndex(r);
    } else {
        insertIndex(ref);
    }
    for (const auto& l : labels) {
        auto name = m_postings.find(l.name);
        if (name == m_postings.end())
            name = m_postings.emplace(l.name, std::map<std::string, std::vector<SeriesRef>, std::less<>> {}).first;
        auto value = name->second.find(l.value);
        if (value == name->second.end())
            value = name->second.emplace(l.value, std::vector<SeriesRef> {}).first;
        value->second.push_back(ref); // refs grow, so the list stays sorted
    }
}

Head::Verdict Head::append(SeriesRef ref, TimestampMs t, double v)
{
    auto& s = m_series[ref];
    const auto bits = std::bit_cast<std::uint64_t>(v);
    if (t <= s.lastT) {
        if (t == s.lastT)
            return bits == s.lastV ? Verdict::Same : Verdict::Duplicate;
        if (m_oooWindow <= 0 || t < s.lastT - m_oooWindow)
            return Verdict::OutOfOrder;
        auto it = std::lower_bound(s.outOfOrder.begin(), s.outOfOrder.end(), t,
            [](const Sample& a, TimestampMs x) { return a.t < x; });
        if (it != s.outOfOrder.end() && it->t == t)
            return std::bit_cast<std::uint64_t>(it->v) == bits ? Verdict::Same : Verdict::Duplicate;
        s.outOfOrder.insert(it, Sample { t, v });
    } else {
        if (s.open.count() >= chunkenc::ChunkSamplesTarget)
            seal(s);
        s.open.append(t, v);
        s.lastT = t;
        s.lastV = bits;
    }
    ++m_samples;
    m_minT = std::min(m_minT, t);
    m_maxT = std::max(m_maxT, t);
    return Verdict::Appended;
}

void Head::seal(MemSeries& s)
{
    HeadChunk c { cutOpen(s), s.open.minT(), s.open.maxT() };
    s.open.take();
    s.sealed.push_back(std::move(c));
}

std::vector<std::uint8_t> Head::cutOpen(MemSeries& s)
{
    // the open chunk already is the Xor encoding: only Decimal can beat it
    m_scratch.clear();
    chunkenc::decode(s.open.bytes(), m_scratch);
    auto d = chunkenc::encodeDecimal(m_scratch);
    if (d.empty() || d.size() >= s.open.bytes().size())
        d.assign(s.open.bytes().begin(), s.open.bytes().end());
    else
        d.shrink_to_fit();
    return d;
}

std::vector<SeriesRef> Head::postings(const Matchers& matchers) const
{
    std::vector<SeriesRef> result;
    bool first = true;
    for (const auto& m : matchers) {
        if (m.matchesEmpty())
            continue;
        std::vector<SeriesRef> ids;
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
            std::vector<SeriesRef> both;
            std::set_intersection(result.begin(), result.end(), ids.begin(), ids.end(), std::back_inserter(both));
            result = std::move(both);
        }
        if (result.empty())
            return result;
    }
    if (first) {
        result.resize(m_series.size());
        for (SeriesRef i = 0; i < result.size(); ++i)
            result[i] = i;
    }
    return result;
}

void Head::collect(SeriesRef ref, TimestampMs mint, TimestampMs maxt, std::vector<Sample>& out) const
{
    const auto& s = m_series[ref];
    std::vector<Sample> scratch;
    auto take = [&](const std::vector<std::uint8_t>& data, TimestampMs lo, TimestampMs hi) {
        if (hi < mint || lo > maxt)
            return;
        scratch.clear();
        chunkenc::decode(data, scratch);
        for (const auto& x : scratch)
            if (x.t >= mint && x.t <= maxt)
                out.push_back(x);
    };
    for (const auto& c : s.sealed)
        take(c.data, c.minT, c.maxT);
    if (s.open.count() > 0)
        take(s.open.bytes(), s.open.minT(), s.open.maxT());
    for (const auto& x : s.outOfOrder)
        if (x.t >= mint && x.t <= maxt)
            out.push_back(x);
}

void Head::drain(const std::function<void(SeriesRef, HeadChunk&&)>& sink)
{
    for (SeriesRef ref = 0; ref < m_series.size(); ++ref) {
        auto& s = m_series[ref];
        if (!s.hasHeadData())
            continue;
        for (auto& c : s.sealed)
            sink(ref, std::move(c));
        s.sealed.clear();
        s.sealed.shrink_to_fit();
        if (s.open.count() > 0) {
            sink(ref, HeadChunk { cutOpen(s), s.open.minT(), s.open.maxT() });
            s.open.take();
        }
        if (!s.outOfOrder.empty()) {
            for (std::size_t i = 0; i < s.outOfOrder.size(); i += chunkenc::ChunkSamplesTarget) {
                const std::size_t n = std::min(chunkenc::ChunkSamplesTarget, s.outOfOrder.size() - i);
                std::span<const Sample> part(s.outOfOrder.data() + i, n);
                sink(ref, HeadChunk { chunkenc::encodeBest(part), part.front().t, part.back().t });
            }
            s.outOfOrder.clear();
            s.outOfOrder.shrink_to_fit();
        }
    }
    m_samples = 0;
    m_minT = std::numeric_limits<TimestampMs>::max();
    m_maxT = std::numeric_limits<TimestampMs>::min();
}

std::size_t Head::memoryBytes() const
{
    std::size_t bytes = m_series.capacity() * sizeof(MemSeries);
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        const auto& s = m_series[i];
        bytes += s.labels.items().capacity() * sizeof(Label);
        for (const auto& l : s.labels) {
            if (l.name.capacity() > 15)
                bytes += l.name.capacity() + 1;
            if (l.value.capacity() > 15)
                bytes += l.value.capacity() + 1;
        }
        bytes += s.persisted.capacity() * sizeof(PersistedChunk);
        bytes += s.sealed.capacity() * sizeof(HeadChunk);
        for (const auto& c : s.sealed)
            bytes += c.data.capacity();
        bytes += s.open.memoryBytes();
        bytes += s.outOfOrder.capacity() * sizeof(Sample);
        bytes += s.labels.size() * sizeof(SeriesRef); // postings entries
    }
    bytes += m_index.capacity() * sizeof(std::uint32_t);
    for (const auto& [name, values] : m_postings)
        bytes += values.size() * 96; // map node, key, vector header
    return bytes;
}

std::vector<std::string> Head::labelNames() const
{
    std::vector<std::string> out;
    for (const auto& [name, values] : m_postings)
        out.push_back(name);
    return out;
}

std::vector<std::string> Head::labelValues(std::string_view name) const
{
    std::vector<std::string> out;
    auto it = m_postings.find(name);
    if (it != m_postings.end())
        for (const auto& [value, ids] : it->second)
            out.push_back(value);
    return out;
}

} // namespace sg::tsdb
