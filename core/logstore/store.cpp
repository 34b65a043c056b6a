// Store: opening (catalog load, WAL replay), flushing on close, segment files and retention.
#include "store.h"
#include "core/common/store_dir.h"

#include "catalog.h"

#include <QtCore/QDebug>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <mutex>
#include <unistd.h>

namespace fs = std::filesystem;

namespace sg::logs {

Store::~Store()
{
    if (m_cutter.joinable()) {
        bool flushed = false;
        if (m_wal && m_options.flushOnClose) {
            if (auto r = flush(); r)
                flushed = true;
            else
                qWarning().noquote() << QString::fromStdString("log store: flush on close failed: " + r.error().message);
        } else {
            waitForCuts(); // sealed heads finish; the WAL carries the rest to the next open
        }
        stopCutter();
        if (flushed)
            removeWalBefore();
    }
    if (m_segmentFd >= 0)
        ::close(m_segmentFd);
}

Result<std::unique_ptr<Store>> Store::open(const std::string& dir, StoreOptions options)
{
    std::unique_ptr<Store> s(new Store);
    s->m_options = options;
    s->m_dir = dir;
    s->m_chunksDir = dir + "/chunks";
    s->m_window = msToNs(options.outOfOrderWindow >= 0 ? options.outOfOrderWindow : options.maxChunkAge / 2);
    if (auto err = prepareStoreDir(dir, s->m_chunksDir, options.readOnly, "log"))
        return *err;

    auto catalog = Catalog::open(dir + "/catalog.sqlite", options.readOnly);
    if (!catalog)
        return catalog.error();
    s->m_catalog = std::move(catalog.value());
    auto loaded = s->m_catalog->load();
    if (!loaded)
        return loaded.error();
    for (auto& cs : loaded.value()) {
        if (cs.id != s->m_streams.size())
            return Error { ErrorCode::BadData, "catalog: stream ids are not dense", {} };
        auto st = std::make_unique<StreamState>();
        st->labels = cs.labels;
        st->flushedSeq = cs.flushedSeq;
        st->chunks = std::move(cs.chunks);
        for (const auto& c : st->chunks) {
            st->maxTs = std::max(st->maxTs, c.maxTs);
            st->chunkEntries += c.entries;
            ++s->m_segmentChunks[c.segment];
            ++s->m_stats.chunks;
            s->m_stats.chunkBytes += c.length;
            s->m_stats.rawChunkBytes += c.rawBytes;
            s->m_stats.entries += c.entries;
        }
        s->m_seq = std::max(s->m_seq, cs.flushedSeq);
        s->m_ids.emplace(st->labels, cs.id);
        for (const auto& l : st->labels)
            s->m_postings[l.name][l.value].push_back(cs.id);
        s->m_streams.push_back(std::move(st));
    }
    std::error_code ec;
    for (const auto& de : fs::directory_iterator(s->m_chunksDir, ec)) {
        const auto name = de.path().filename().string();
        if (name.size() == 12 && name.ends_with(".seg"))
            s->m_segment = std::max(s->m_segment, std::uint32_t(std::stoul(name.substr(0, 8))));
    }

    // Replay: entries of records already flushed into a stream's chunks are skipped.
    std::vector<std::uint32_t> created;
    std::string replayError;
    auto apply = [&](std::string_view body) {
        std::uint64_t seq = 0;
        auto batch = decodeWalBatch(body, &seq);
        if (!batch) {
            replayError = batch.error().message;
            return;
        }
        s->m_seq = std::max(s->m_seq, seq);
        for (const auto& in : batch->streams) {
            bool isNew = false;
            const auto id = s->streamFor(in.labels, &isNew);
            if (isNew)
                created.push_back(id);
            if (seq <= s->m_streams[id]->flushedSeq)
                continue;
            std::vector<const LogEntry*> entries;
            for (const auto& e : in.entries)
                entries.push_back(&e);
            s->applyEntries(id, entries, seq);
        }
    };
    auto wal = Wal::open(dir + "/wal", options.walSegmentBytes, options.walSync, apply, &s->m_replay, options.readOnly);
    if (!wal)
        return wal.error();
    if (!replayError.empty())
        qWarning().noquote() << QString::fromStdString("log store: skipped a WAL record: " + replayError);
    s->m_wal = std::move(wal.value());
    s->m_seq = std::max(s->m_seq, s->m_replay.lastSeq);
    if (options.readOnly)
        return s; // streams new in the WAL stay in memory; no segment, no cutter: nothing is written
    if (!created.empty()) {
        s->m_catalog->begin();
        for (auto id : created)
            if (auto r = s->m_catalog->addStream(id, s->m_streams[id]->labels); !r)
                return r.error();
        s->m_catalog->commit();
    }
    if (auto r = s->openSegment(); !r)
        return r.error();
    s->startCutter();
    // Heads that reached a cut target while replaying are cut now.
    std::vector<std::uint32_t> due;
    for (std::uint32_t id = 0; id < s->m_streams.size(); ++id)
        if (s->m_streams[id]->headBytes >= options.chunkTargetBytes)
            due.push_back(id);
    {
        std::unique_lock lock(s->m_mutex);
        s->sealLocked(due);
    }
    return s;
}

Result<bool> Store::openSegment()
{
    if (m_segmentFd >= 0) {
        ::close(m_segmentFd);
        if (m_segmentChunks[m_segment] == 0) {
            m_segmentChunks.erase(m_segment);
            ::unlink(segmentPath(m_chunksDir, m_segment).c_str());
        }
    }
    ++m_segment;
    m_segmentSize = 0;
    const auto path = segmentPath(m_chunksDir, m_segment);
    m_segmentFd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_segmentFd < 0)
        return Error { ErrorCode::Io, "cannot create " + path + ": " + std::strerror(errno), {} };
    m_segmentChunks[m_segment] += 0;
    return true;
}

void Store::removeWalBefore()
{
    std::uint64_t oldest = m_seq + 1;
    {
        std::shared_lock lock(m_mutex);
        for (const auto& st : m_streams) {
            if (!st->sealed.empty())
                oldest = std::min(oldest, st->sealed.front()->firstSeq);
            else if (!st->head.empty())
                oldest = std::min(oldest, st->headFirstSeq);
        }
    }
    m_wal->removeBefore(oldest);
}

Result<bool> Store::applyRetention(TimestampNs now)
{
    std::lock_guard segmentLock(m_segmentMutex);
    return applyRetentionLocked(now);
}

Result<bool> Store::applyRetentionLocked(TimestampNs now)
{
    struct Victim
    {
        TimestampNs maxTs;
        std::uint32_t stream;
        std::int64_t chunkId;
    };
    std::vector<Victim> victims;
    const TimestampNs cutoff = m_options.retention > 0 ? now - msToNs(m_options.retention)
                                                       : std::numeric_limits<TimestampNs>::min();
    // Chunks change only under m_segmentMutex (held); the stream list may grow, so read it under the lock.
    std::vector<Victim> all;
    std::uint64_t bytes = 0;
    std::unordered_map<std::int64_t, std::uint32_t> lengths;
    {
        std::shared_lock lock(m_mutex);
        for (std::uint32_t id = 0; id < m_streams.size(); ++id)
            for (const auto& c : m_streams[id]->chunks) {
                all.push_back(Victim { c.maxTs, id, c.id });
                lengths[c.id] = c.length;
            }
        bytes = m_stats.chunkBytes;
    }
    std::sort(all.begin(), all.end(), [](const Victim& a, const Victim& b) { return a.maxTs < b.maxTs; });
    for (const auto& v : all) {
        const bool expired = v.maxTs < cutoff;
        const bool oversize = m_options.retentionBytes > 0 && bytes > m_options.retentionBytes;
        if (!expired && !oversize)
            break;
        victims.push_back(v);
        bytes -= lengths[v.chunkId];
    }
    if (victims.empty())
        return true;
    {
        std::lock_guard catalogLock(m_catalogMutex);
        auto remove = [&]() -> Result<bool> {
            if (auto r = m_catalog->begin(); !r)
                return r;
            for (const auto& v : victims)
                if (auto r = m_catalog->removeChunk(v.chunkId); !r)
                    return r;
            return m_catalog->commit();
        };
        if (auto r = remove(); !r) {
            m_catalog->rollback();
            return r;
        }
    }
    std::vector<std::uint32_t> emptied;
    {
        std::unique_lock lock(m_mutex);
        for (const auto& v : victims) {
            auto& chunks = m_streams[v.stream]->chunks;
            auto it = std::find_if(chunks.begin(), chunks.end(), [&](const ChunkMeta& c) { return c.id == v.chunkId; });
            if (it == chunks.end())
                continue;
            m_stats.chunkBytes -= it->length;
            m_stats.rawChunkBytes -= it->rawBytes;
            m_stats.entries -= it->entries;
            m_streams[v.stream]->chunkEntries -= it->entries;
            --m_stats.chunks;
            ++m_stats.chunksExpired;
            if (--m_segmentChunks[it->segment] == 0 && it->segment != m_segment)
                emptied.push_back(it->segment);
            chunks.erase(it);
        }
    }
    for (auto seg : emptied) {
        m_segmentChunks.erase(seg);
        ::unlink(segmentPath(m_chunksDir, seg).c_str());
    }
    return true;
}

StoreStats Store::stats() const
{
    std::shared_lock lock(m_mutex);
    StoreStats s = m_stats;
    s.streams = m_streams.size();
    {
        std::lock_guard cutLock(m_cutMutex);
        s.pendingCutBytes = m_pendingCutBytes;
    }
    return s;
}

std::size_t Store::streamCount() const
{
    std::shared_lock lock(m_mutex);
    return m_streams.size();
}

std::size_t Store::entryCount() const
{
    std::shared_lock lock(m_mutex);
    return m_stats.entries;
}

} // namespace sg::logs
