#include "scrape_cache.h"

#include <algorithm>
#include <cstring>

namespace sg::scrape {

bool SeriesIndex::insert(std::uint64_t hash, std::uint32_t position)
{
    if ((m_size + 1) * 2 > m_slots.size()) {
        std::vector<Slot> old = std::move(m_slots);
        m_slots.assign(std::max<std::size_t>(64, old.size() * 2), Slot {});
        m_size = 0;
        for (const auto& slot : old)
            if (slot.position != Empty)
                insert(slot.hash, slot.position);
    }
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = std::size_t(hash) & mask;; i = (i + 1) & mask) {
        Slot& slot = m_slots[i];
        if (slot.position == Empty) {
            slot = Slot { hash, position };
            ++m_size;
            return true;
        }
        if (slot.hash == hash)
            return false;
    }
}

std::uint32_t SeriesIndex::find(std::uint64_t hash) const
{
    if (m_slots.empty())
        return Empty;
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = std::size_t(hash) & mask;; i = (i + 1) & mask) {
        const Slot& slot = m_slots[i];
        if (slot.position == Empty || slot.hash == hash)
            return slot.position;
    }
}

namespace {

std::uint64_t mix(std::uint64_t a, std::uint64_t b)
{
    const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
    return std::uint64_t(r) ^ std::uint64_t(r >> 64);
}

std::uint64_t read64(const char* p)
{
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

} // namespace

std::uint64_t hashBytes(std::string_view bytes)
{
    constexpr std::uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL, k2 = 0x8ebc6af09c88c6e3ULL;
    const char* p = bytes.data();
    std::size_t n = bytes.size();
    std::uint64_t h = k0 ^ mix(std::uint64_t(n) ^ k1, k2);
    while (n >= 16) {
        h = mix(read64(p) ^ k1 ^ h, read64(p + 8) ^ k2);
        p += 16;
        n -= 16;
    }
    std::uint64_t a = 0, b = 0;
    if (n >= 8) {
        a = read64(p);
        b = read64(p + n - 8); // overlaps the first 8 when n < 16
    } else if (n > 0) {
        std::memcpy(&a, p, n);
    }
    return mix(h ^ mix(a ^ k1, b ^ k2), k0 ^ std::uint64_t(bytes.size()));
}

void ScrapeCache::useConfig(const std::string& key)
{
    if (key == m_key)
        return;
    clear();
    m_key = key;
}

void ScrapeCache::clear()
{
    m_entries.clear();
    m_byRaw = {};
    m_series.clear();
    m_free.clear();
    m_byLabels = {};
    m_staged.clear();
    m_tracked.clear();
    m_lent.clear();
    m_successfulSize = 0;
}

void ScrapeCache::lend(std::uint32_t id, tsdb::AppendBatch& batch, TimestampMs t, double v)
{
    Series& series = m_series[id];
    if (series.lentAt != NotLent) {
        batch.samples.push_back(tsdb::BatchSample { batch.samples[series.lentAt].labels, t, v });
        return;
    }
    series.lentAt = std::uint32_t(batch.samples.size());
    m_lent.push_back(id);
    batch.samples.push_back(tsdb::BatchSample { std::move(series.labels), t, v });
}

const Labels& ScrapeCache::labelsOf(std::uint32_t id, const tsdb::AppendBatch& batch) const
{
    const Series& series = m_series[id];
    return series.lentAt == NotLent ? series.labels : batch.samples[series.lentAt].labels;
}

void ScrapeCache::giveBack(tsdb::AppendBatch& batch)
{
    for (const std::uint32_t id : m_lent) {
        Series& series = m_series[id];
        series.labels = std::move(batch.samples[series.lentAt].labels);
        series.lentAt = NotLent;
    }
    m_lent.clear();
}

std::uint64_t ScrapeCache::beginRun()
{
    if (!m_lent.empty())
        clear(); // a batch that never gave its labels back: nothing here can be trusted

    m_stagedRun = ++m_run;
    m_staged.clear();
    m_next = 0;
    return m_run;
}

std::uint32_t ScrapeCache::lookup(std::string_view raw, std::uint64_t rawHash, std::uint64_t run)
{
    // Entries are in body order: the one after the last found is most likely the next (no table probe).
    std::uint32_t i = m_next;
    if (i >= m_entries.size() || m_entries[i].hash != rawHash) {
        i = m_byRaw.find(rawHash);
        if (i == SeriesIndex::Empty)
            return Miss;
    }
    Entry& e = m_entries[i];
    if (e.raw != raw)
        return Miss; // a hash collision: this text is parsed every time
    e.lastRun = run;
    m_next = i + 1;
    return e.series;
}

void ScrapeCache::addEntry(std::string_view raw, std::uint64_t rawHash, std::uint64_t run, std::uint32_t series)
{
    if (!m_byRaw.insert(rawHash, std::uint32_t(m_entries.size())))
        return; // present (a collision, or the same text twice in one body)
    m_entries.push_back(Entry { std::string(raw), rawHash, run, series });
    m_next = std::uint32_t(m_entries.size());
    if (series != Dropped)
        ++m_series[series].refs;
}

void ScrapeCache::addDropped(std::string_view raw, std::uint64_t rawHash, std::uint64_t run)
{
    addEntry(raw, rawHash, run, Dropped);
}

std::uint32_t ScrapeCache::addSeries(std::string_view raw, std::uint64_t rawHash, Labels labels, std::uint64_t run)
{
    std::uint32_t id = m_byLabels.find(labels.hash());
    if (id == SeriesIndex::Empty) {
        if (!m_free.empty()) {
            id = m_free.back();
            m_free.pop_back();
            m_series[id] = Series { std::move(labels), 0, 0 };
        } else {
            id = std::uint32_t(m_series.size());
            m_series.push_back(Series { std::move(labels), 0, 0 });
        }
        m_byLabels.insert(m_series[id].labels.hash(), id);
    }
    addEntry(raw, rawHash, run, id);
    return id;
}

void ScrapeCache::commit(std::uint64_t run, bool succeeded)
{
    if (run != m_stagedRun)
        return; // not the run in progress (cannot happen with one scrape at a time)
    m_stagedRun = 0;
    if (succeeded)
        m_tracked.swap(m_staged);
    else
        m_tracked.clear();
    m_staged.clear();
    if (succeeded) {
        evictUnseen(run);
        m_successfulSize = m_entries.size();
    } else if (m_entries.size() > m_successfulSize * 2 + 1000) {
        // A target whose failing scrapes vary their series would grow the cache without bound.
        evictUnseen(run);
    }
}

void ScrapeCache::evictUnseen(std::uint64_t run)
{
    const bool all = std::all_of(m_entries.begin(), m_entries.end(), [&](const Entry& e) { return e.lastRun == run; });
    if (all)
        return;
    std::vector<Entry> kept;
    kept.reserve(m_entries.size());
    m_byRaw = {};
    for (Entry& e : m_entries) {
        if (e.lastRun == run) {
            m_byRaw.insert(e.hash, std::uint32_t(kept.size()));
            kept.push_back(std::move(e));
        } else if (e.series != Dropped) {
            --m_series[e.series].refs;
        }
    }
    m_entries = std::move(kept);
    m_next = 0;
    m_byLabels = {};
    m_free.clear();
    for (std::uint32_t id = 0; id < m_series.size(); ++id) {
        Series& s = m_series[id];
        if (s.refs > 0 || s.lastRun == run || s.lentAt != NotLent) {
            m_byLabels.insert(s.labels.hash(), id);
        } else {
            s = Series {};
            m_free.push_back(id);
        }
    }
}

} // namespace sg::scrape
