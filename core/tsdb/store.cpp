#include "store.h"
#include "core/common/store_dir.h"

#include <QtGlobal>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include <unistd.h>

namespace sg::tsdb {

namespace fs = std::filesystem;

Result<std::unique_ptr<Store>> Store::open(const std::string& dir, StoreOptions options)
{
    if (auto err = prepareStoreDir(dir, dir + "/blocks", options.readOnly, "metric"))
        return *err;
    std::unique_ptr<Store> store(new Store);
    store->m_dir = dir;
    store->m_options = options;
    store->m_head = Head(options.outOfOrderWindow);
    auto catalog = Catalog::open(dir + "/catalog.sqlite", options.readOnly);
    if (!catalog)
        return catalog.error();
    store->m_catalog = std::move(catalog.value());
    if (auto err = store->load())
        return *err;
    return store;
}

std::optional<Error> Store::load()
{
    std::unique_lock lock(m_mutex);
    if (auto err = m_catalog->loadSeries([&](SeriesRef ref, Labels labels) { m_head.restore(ref, std::move(labels)); }))
        return err;
    m_catalogSeries = SeriesRef(m_head.seriesCount());
    if (auto err = m_catalog->loadBlocks([&](std::uint32_t id, const BlockInfo& b) {
            m_blocks[id] = b;
            m_nextBlock = std::max(m_nextBlock, id + 1);
            m_newestT = std::max(m_newestT, b.maxT);
        }))
        return err;
    if (auto err = m_catalog->loadFrames([&](std::uint32_t id, const FrameInfo& f) {
            m_frames[id] = f;
            m_nextFrame = std::max(m_nextFrame, id + 1);
        }))
        return err;
    if (auto err = m_catalog->loadChunks([&](SeriesRef ref, const PersistedChunk& c) {
            if (ref >= m_head.seriesCount())
                return;
            auto& s = m_head.series(ref);
            s.persisted.push_back(c);
            s.lastT = std::max(s.lastT, c.maxT);
            m_persistedSamples += c.samples;
            ++m_persistedChunks;
        }))
        return err;
    // a block file without a catalog row is left over from a persistence run that did not commit
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(m_dir + "/blocks", ec)) {
        if (m_options.readOnly)
            break;
        const auto stem = e.path().stem().string();
        if (stem.find_first_not_of("0123456789") == std::string::npos && !stem.empty()
            && !m_blocks.contains(std::uint32_t(std::stoul(stem))))
            fs::remove(e.path(), ec);
    }

    const std::string walDir = m_dir + "/wal";
    auto replay = replayWal(
        walDir, [&](const WalSeries& s) { m_head.restore(s.ref, s.labels); },
        [&](std::span<const WalSample> samples) {
            for (const auto& s : samples)
                if (s.ref < m_head.seriesCount()) {
                    m_head.append(s.ref, s.t, s.v);
                    m_newestT = std::max(m_newestT, s.t);
                }
        },
        !m_options.readOnly);
    if (!replay)
        return replay.error();
    m_replay = replay.value();
    if (!m_replay.truncation.empty())
        qWarning("tsdb: WAL tail %s (%llu bytes): %s", m_options.readOnly ? "skipped" : "truncated",
            static_cast<unsigned long long>(m_replay.truncatedBytes), m_replay.truncation.c_str());
    if (m_options.readOnly)
        return std::nullopt; // no WAL writer, no retention: nothing is written
    auto wal = WalWriter::open(walDir, m_options.walSegmentBytes, m_options.walSync);
    if (!wal)
        return wal.error();
    m_wal = std::move(wal.value());
    return applyRetention();
}

Store::~Store()
{
    if (!m_wal || !m_options.persistOnClose)
        return;
    if (auto err = persist())
        qWarning("tsdb: persisting on close failed: %s", err->message.c_str());
}

AppendStats Store::append(const AppendBatch& batch)
{
    std::vector<SeriesRef> refs;
    return append(batch, refs);
}

std::string Store::readOnlyError() const { return "the metric store at " + m_dir + " is open read-only"; }

AppendStats Store::append(const AppendBatch& batch, std::vector<SeriesRef>& refs)
{
    AppendStats stats;
    if (m_options.readOnly) {
        stats.error = readOnlyError();
        return stats;
    }
    auto& accepted = m_accepted;
    accepted.clear();
    accepted.reserve(batch.samples.size());
    bool full = false;
    bool pastChanged = false;
    const TimestampMs settled = nowMs() - SettleMs;
    {
        std::unique_lock lock(m_mutex);
        const bool cached = refs.size() == batch.samples.size();
        if (!cached)
            refs.assign(batch.samples.size(), 0);
        for (std::size_t i = 0; i < batch.samples.size(); ++i) {
            const auto& s = batch.samples[i];
            bool created = false;
            SeriesRef ref = refs[i];
            if (!cached || ref >= m_head.seriesCount() || m_head.series(ref).labels.hash() != s.labels.hash()) {
                ref = m_head.getOrCreate(s.labels, created);
                refs[i] = ref;
            }
            if (created) {
                ++stats.seriesCreated;
                m_wal->addSeries(ref, s.labels);
            }
            switch (m_head.append(ref, s.t, s.v)) {
            case Head::Verdict::Appended:
                accepted.push_back(WalSample { ref, s.t, s.v });
                ++stats.appended;
                m_newestT = std::max(m_newestT, s.t);
                pastChanged = pastChanged || s.t < settled;
                break;
            case Head::Verdict::Same: break;
            case Head::Verdict::Duplicate: ++stats.duplicates; break;
            case Head::Verdict::OutOfOrder: ++stats.outOfOrder; break;
            }
        }
        m_wal->addSamples(accepted);
        full = m_head.sampleCount() > 0 && m_head.maxT() - m_head.minT() >= m_options.blockRange;
        // Counted while readers are held off: a query that starts after this sees the new past.
        if (pastChanged)
            m_pastWrites.fetch_add(1, std::memory_order_release);
    }
    // the WAL is written by this thread only: readers are not held up by the sync
    if (auto err = m_wal->commit())
        stats.error = err->message;
    if (full)
        if (auto err = persist())
            qWarning("tsdb: persisting the head failed: %s", err->message.c_str());
    return stats;
}

std::optional<Error> Store::persist()
{
    if (m_options.readOnly)
        return Error { ErrorCode::Io, readOnlyError(), {} };
    std::unique_lock lock(m_mutex);
    return persistLocked();
}

std::vector<SeriesSamples> Store::select(const Matchers& matchers, TimestampMs mint, TimestampMs maxt) const
{
    std::shared_lock lock(m_mutex);
    std::vector<SeriesSamples> out;
    std::unordered_map<std::uint32_t, std::vector<std::uint8_t>> frames;
    std::vector<Sample> samples;
    for (SeriesRef ref : m_head.postings(matchers)) {
        const auto& s = m_head.series(ref);
        if (!matchesAll(matchers, s.labels))
            continue;
        samples.clear();
        std::size_t expected = 0;
        for (const auto& c : s.persisted)
            if (c.maxT >= mint && c.minT <= maxt)
                expected += c.samples;
        samples.reserve(expected + 256);
        for (const auto& c : s.persisted) {
            // only the chunks the range touches are decoded; only those crossing its edges are trimmed
            if (c.maxT < mint || c.minT > maxt)
                continue;
            const auto* raw = frameBytes(c.frame, frames);
            const std::size_t before = samples.size();
            if (!raw || std::size_t(c.offset) + c.length > raw->size()
                || !chunkenc::decode(std::span(raw->data() + c.offset, c.length), samples)) {
                // counted, so the query warns instead of silently answering with fewer samples
                if (m_unreadableChunks.fetch_add(1, std::memory_order_relaxed) == 0)
                    qWarning("tsdb: %s: chunk of frame %u cannot be read (corrupt or missing); queries will warn",
                        m_dir.c_str(), unsigned(c.frame));
                continue;
            }
            if (c.minT < mint || c.maxT > maxt)
                samples.erase(std::remove_if(samples.begin() + std::ptrdiff_t(before), samples.end(),
                                  [&](const Sample& x) { return x.t < mint || x.t > maxt; }),
                    samples.end());
        }
        m_head.collect(ref, mint, maxt, samples);
        if (samples.empty())
            continue;
        auto byTime = [](const Sample& a, const Sample& b) { return a.t < b.t; };
        if (!std::is_sorted(samples.begin(), samples.end(), byTime)) {
            std::stable_sort(samples.begin(), samples.end(), byTime);
            samples.erase(std::unique(samples.begin(), samples.end(),
                              [](const Sample& a, const Sample& b) { return a.t == b.t; }),
                samples.end());
        }
        out.push_back(SeriesSamples { s.labels, std::move(samples) });
        samples = {};
    }
    lock.unlock();
    std::sort(out.begin(), out.end(), [](const SeriesSamples& a, const SeriesSamples& b) { return a.labels < b.labels; });
    return out;
}

std::vector<Labels> Store::series(const Matchers& matchers, TimestampMs mint, TimestampMs maxt) const
{
    std::vector<Labels> out;
    for (auto& s : select(matchers, mint, maxt))
        out.push_back(std::move(s.labels));
    return out;
}

std::vector<std::string> Store::labelNames() const
{
    std::shared_lock lock(m_mutex);
    return m_head.labelNames();
}

std::vector<std::string> Store::labelValues(std::string_view name) const
{
    std::shared_lock lock(m_mutex);
    return m_head.labelValues(name);
}

std::size_t Store::seriesCount() const
{
    std::shared_lock lock(m_mutex);
    return m_head.seriesCount();
}

std::optional<Labels> Store::seriesLabels(SeriesRef ref) const
{
    std::shared_lock lock(m_mutex);
    if (ref >= m_head.seriesCount())
        return std::nullopt;
    return m_head.series(ref).labels;
}

void Store::setWalKeeper(WalWriter::SegmentKeeper keeper, std::uint64_t maxKeptBytes)
{
    if (m_wal)
        m_wal->setKeeper(std::move(keeper), maxKeptBytes);
}

void Store::setWalCommitHook(std::function<void()> hook)
{
    if (m_wal)
        m_wal->setCommitHook(std::move(hook));
}

std::size_t Store::sampleCount() const
{
    std::shared_lock lock(m_mutex);
    return m_head.sampleCount() + m_persistedSamples;
}

StoreStats Store::stats() const
{
    std::shared_lock lock(m_mutex);
    StoreStats s;
    s.series = m_head.seriesCount();
    s.headSamples = m_head.sampleCount();
    s.persistedSamples = m_persistedSamples;
    s.persistedChunks = m_persistedChunks;
    s.blocks = m_blocks.size();
    s.headMemoryBytes = m_head.memoryBytes();
    for (const auto& [id, b] : m_blocks)
        s.chunkBytes += b.bytes;
    s.walBytes = m_wal ? m_wal->size() : 0;
    return s;
}

} // namespace sg::tsdb
