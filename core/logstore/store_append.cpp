// Store: the write path. push() filters out-of-order entries, writes the WAL record, then updates the heads;
// heads that reach a size or age target are cut into compressed chunks.
#include "store.h"

#include "catalog.h"
#include "parallel_for.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <unistd.h>

namespace sg::logs {

namespace {

std::size_t entryBytes(const LogEntry& e)
{
    std::size_t n = e.line.size() + 4;
    for (const auto& m : e.metadata)
        n += m.name.size() + m.value.size() + 2;
    return n;
}

} // namespace

std::uint32_t Store::streamFor(const Labels& labels, bool* created)
{
    auto it = m_ids.find(labels);
    if (it != m_ids.end()) {
        *created = false;
        return it->second;
    }
    const auto id = std::uint32_t(m_streams.size());
    auto st = std::make_unique<StreamState>();
    st->labels = labels;
    std::unique_lock lock(m_mutex);
    m_streams.push_back(std::move(st));
    for (const auto& l : labels)
        m_postings[l.name][l.value].push_back(id);
    m_ids.emplace(labels, id);
    *created = true;
    return id;
}

// The caller holds the unique lock (or no reader exists yet).
void Store::applyEntries(std::uint32_t id, const std::vector<const LogEntry*>& entries, std::uint64_t seq)
{
    auto& st = *m_streams[id];
    if (entries.empty())
        return;
    if (st.head.empty())
        st.headFirstSeq = seq;
    for (const auto* e : entries) {
        if (st.head.empty() || e->ts >= st.head.back().ts) {
            st.head.push_back(*e);
        } else {
            auto pos = std::upper_bound(st.head.begin(), st.head.end(), e->ts,
                [](TimestampNs t, const LogEntry& x) { return t < x.ts; });
            st.head.insert(pos, *e);
        }
        st.headBytes += entryBytes(*e);
        st.maxTs = std::max(st.maxTs, e->ts);
    }
    m_stats.entries += entries.size();
    m_stats.headEntries += entries.size();
}

PushStats Store::push(const PushBatch& batch)
{
    PushStats stats;
    std::vector<WalStream> accepted;
    std::vector<std::uint32_t> ids;
    std::vector<std::uint32_t> created;
    std::unordered_map<std::uint32_t, TimestampNs> newest; // per stream, including this batch's entries
    for (const auto& in : batch.streams) {
        if (in.entries.empty())
            continue;
        if (m_options.maxStreams > 0 && m_ids.size() >= m_options.maxStreams && !m_ids.contains(in.labels)) {
            stats.streamLimited += in.entries.size();
            continue;
        }
        bool isNew = false;
        const auto id = streamFor(in.labels, &isNew);
        if (isNew) {
            created.push_back(id);
            ++stats.streamsCreated;
        }
        auto [it, inserted] = newest.try_emplace(id, m_streams[id]->maxTs);
        TimestampNs& maxTs = it->second;
        WalStream ws { &m_streams[id]->labels, {} };
        ws.entries.reserve(in.entries.size());
        for (const auto& e : in.entries) {
            // Loki's rule: accept entries up to the window behind the stream's newest entry.
            if (maxTs != std::numeric_limits<TimestampNs>::min() && e.ts < maxTs - m_window) {
                ++stats.outOfOrder;
                continue;
            }
            maxTs = std::max(maxTs, e.ts);
            ws.entries.push_back(&e);
        }
        if (ws.entries.empty())
            continue;
        stats.accepted += ws.entries.size();
        accepted.push_back(std::move(ws));
        ids.push_back(id);
    }
    m_stats.rejectedOutOfOrder += stats.outOfOrder;
    m_stats.rejectedStreamLimit += stats.streamLimited;
    if (!created.empty()) {
        bool ok = bool(m_catalog->begin());
        for (auto id : created)
            ok = ok && m_catalog->addStream(id, m_streams[id]->labels);
        ok = ok && m_catalog->commit();
        if (!ok) {
            stats.failed = stats.accepted;
            stats.accepted = 0;
            return stats;
        }
    }
    if (accepted.empty())
        return stats;

    const auto seq = ++m_seq;
    if (auto r = m_wal->append(seq, encodeWalBatch(seq, accepted)); !r) {
        stats.failed = stats.accepted;
        stats.accepted = 0;
        return stats;
    }
    {
        std::unique_lock lock(m_mutex);
        for (std::size_t i = 0; i < accepted.size(); ++i)
            applyEntries(ids[i], accepted[i].entries, seq);
    }

    std::vector<std::uint32_t> due;
    const TimestampNs maxAge = msToNs(m_options.maxChunkAge);
    for (auto id : ids) {
        const auto& st = *m_streams[id];
        if (!st.head.empty()
            && (st.headBytes >= m_options.chunkTargetBytes || st.maxTs - st.head.front().ts >= maxAge))
            due.push_back(id);
    }
    std::sort(due.begin(), due.end());
    due.erase(std::unique(due.begin(), due.end()), due.end());
    if (!due.empty())
        cut(due); // a failed cut leaves the entries in the head and the WAL; retried at the next target
    const auto now = nowNs();
    if ((m_options.retention > 0 || m_options.retentionBytes > 0) && now - m_lastRetention > msToNs(60'000)) {
        m_lastRetention = now;
        applyRetention(now);
    }
    return stats;
}

Result<bool> Store::cut(const std::vector<std::uint32_t>& ids)
{
    if (ids.empty())
        return true;
    // Compress outside the lock (only this thread changes heads), several chunks in parallel.
    std::vector<std::string> frames(ids.size());
    parallelFor(ids.size(), m_options.readThreads, [&](std::size_t i) {
        frames[i] = compressChunk(m_streams[ids[i]]->head, m_options.compressionLevel);
    });
    std::vector<ChunkMeta> metas(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (m_segmentSize >= m_options.segmentFileBytes)
            if (auto r = openSegment(); !r)
                return r;
        const auto& st = *m_streams[ids[i]];
        auto& m = metas[i];
        m.segment = m_segment;
        m.offset = m_segmentSize;
        m.length = std::uint32_t(frames[i].size());
        m.minTs = st.head.front().ts;
        m.maxTs = st.head.back().ts;
        m.entries = std::uint32_t(st.head.size());
        m.rawBytes = std::uint32_t(frames[i].size() >= ChunkHeaderBytes
                ? *reinterpret_cast<const std::uint32_t*>(frames[i].data() + 8)
                : 0);
        std::size_t done = 0;
        while (done < frames[i].size()) {
            const auto n = ::write(m_segmentFd, frames[i].data() + done, frames[i].size() - done);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                return Error { ErrorCode::Io, std::string("chunk write: ") + std::strerror(errno), {} };
            }
            done += std::size_t(n);
        }
        m_segmentSize += frames[i].size();
    }
    // Chunk bytes are durable before the catalog points at them; the WAL keeps the entries until then.
    if (::fdatasync(m_segmentFd) != 0)
        return Error { ErrorCode::Io, std::string("chunk sync: ") + std::strerror(errno), {} };
    if (auto r = m_catalog->begin(); !r)
        return r;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (auto r = m_catalog->addChunk(ids[i], metas[i]); !r)
            return r;
        if (auto r = m_catalog->setFlushedSeq(ids[i], m_seq); !r)
            return r;
    }
    if (auto r = m_catalog->commit(); !r)
        return r;
    {
        std::unique_lock lock(m_mutex);
        for (std::size_t i = 0; i < ids.size(); ++i) {
            auto& st = *m_streams[ids[i]];
            const auto& m = metas[i];
            m_stats.headEntries -= st.head.size();
            st.chunks.push_back(m);
            st.chunkEntries += m.entries;
            st.flushedSeq = m_seq;
            st.head.clear();
            st.head.shrink_to_fit();
            st.headBytes = 0;
            ++m_segmentChunks[m.segment];
            ++m_stats.chunks;
            m_stats.chunkBytes += m.length;
            m_stats.rawChunkBytes += m.rawBytes;
        }
    }
    removeWalBefore();
    return true;
}

} // namespace sg::logs
