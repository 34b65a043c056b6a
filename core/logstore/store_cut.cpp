// Store: the cutter thread. Sealed heads are compressed into chunks (several at once, one per core), appended to
// the current segment file, synced, and recorded in the catalog with their streams' flushed WAL sequence; only
// then do they leave memory and may the WAL segments that held them go.
#include "store.h"

#include "catalog.h"
#include "parallel_for.h"

#include <QtCore/QDebug>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace sg::logs {

namespace {

/// Bytes of sealed heads one round takes at most: bounds a round's memory and its catalog transaction.
constexpr std::size_t MaxRoundBytes = 32ull << 20;
/// How long a failed round waits before it is tried again.
constexpr auto RetryDelay = std::chrono::seconds(1);
/// How often the cutter applies time and size retention.
constexpr TimestampNs RetentionPeriodNs = 60'000'000'000;

} // namespace

void Store::startCutter()
{
    m_lastRetention = nowNs(); // the first periodic retention runs a minute after open
    m_cutter = std::thread([this] { cutterLoop(); });
}

void Store::stopCutter()
{
    {
        std::lock_guard lock(m_cutMutex);
        m_cutStop = true;
    }
    m_cutWake.notify_all();
    m_cutDone.notify_all();
    if (m_cutter.joinable())
        m_cutter.join();
}

void Store::cutterLoop()
{
    const bool retains = m_options.retention > 0 || m_options.retentionBytes > 0;
    for (;;) {
        std::vector<std::shared_ptr<const SealedHead>> round;
        {
            std::unique_lock lock(m_cutMutex);
            if (m_lastCutFailed)
                m_cutWake.wait_for(lock, RetryDelay, [&] { return m_cutStop; });
            else
                m_cutWake.wait_for(lock, RetryDelay, [&] { return m_cutStop || !m_cutQueue.empty(); });
            if (m_cutStop && (m_cutQueue.empty() || m_lastCutFailed))
                return;
            std::size_t bytes = 0;
            for (const auto& h : m_cutQueue) {
                if (!round.empty() && bytes + h->bytes > MaxRoundBytes)
                    break;
                round.push_back(h);
                bytes += h->bytes;
            }
        }
        if (!round.empty()) {
            const auto r = cutRound(round);
            if (!r)
                qWarning().noquote() << QString::fromStdString("log store: cut failed, retrying: " + r.error().message);
            {
                std::lock_guard lock(m_cutMutex);
                if (r) {
                    for (const auto& h : round) {
                        m_pendingCutBytes -= h->bytes;
                        m_cutQueue.pop_front();
                    }
                }
                m_lastCutFailed = !r;
            }
            if (!r) {
                std::unique_lock lock(m_mutex);
                ++m_stats.cutFailures;
            }
            m_cutDone.notify_all();
        }
        if (retains) {
            const auto now = nowNs();
            if (now - m_lastRetention > RetentionPeriodNs) {
                m_lastRetention = now;
                if (auto r = applyRetention(now); !r)
                    qWarning().noquote() << QString::fromStdString("log store: retention failed: " + r.error().message);
            }
        }
    }
}

Result<bool> Store::cutRound(const std::vector<std::shared_ptr<const SealedHead>>& round)
{
    std::lock_guard segmentLock(m_segmentMutex);
    std::vector<std::string> frames(round.size());
    parallelFor(round.size(), m_options.readThreads,
        [&](std::size_t i) { frames[i] = compressChunk(round[i]->entries, m_options.compressionLevel); });
    std::vector<ChunkMeta> metas(round.size());
    for (std::size_t i = 0; i < round.size(); ++i) {
        if (m_segmentSize >= m_options.segmentFileBytes)
            if (auto r = openSegment(); !r)
                return r;
        const auto& entries = round[i]->entries;
        auto& m = metas[i];
        m.segment = m_segment;
        m.offset = m_segmentSize;
        m.length = std::uint32_t(frames[i].size());
        m.minTs = entries.front().ts;
        m.maxTs = entries.back().ts;
        m.entries = std::uint32_t(entries.size());
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
    {
        std::lock_guard catalogLock(m_catalogMutex);
        auto record = [&]() -> Result<bool> {
            if (auto r = m_catalog->begin(); !r)
                return r;
            for (std::size_t i = 0; i < round.size(); ++i) {
                if (auto r = m_catalog->addChunk(round[i]->stream, metas[i]); !r)
                    return r;
                if (auto r = m_catalog->setFlushedSeq(round[i]->stream, round[i]->lastSeq); !r)
                    return r;
            }
            return m_catalog->commit();
        };
        if (auto r = record(); !r) {
            m_catalog->rollback();
            return r;
        }
    }
    {
        std::unique_lock lock(m_mutex);
        for (std::size_t i = 0; i < round.size(); ++i) {
            auto& st = *m_streams[round[i]->stream];
            const auto& m = metas[i];
            m_stats.headEntries -= m.entries;
            st.chunks.push_back(m);
            st.chunkEntries += m.entries;
            st.flushedSeq = std::max(st.flushedSeq, round[i]->lastSeq);
            std::erase(st.sealed, round[i]);
            ++m_segmentChunks[m.segment];
            ++m_stats.chunks;
            m_stats.chunkBytes += m.length;
            m_stats.rawChunkBytes += m.rawBytes;
        }
    }
    m_walTrimDue = true;
    return true;
}

Result<bool> Store::waitForCuts()
{
    std::unique_lock lock(m_cutMutex);
    m_cutDone.wait(lock, [&] { return m_pendingCutBytes == 0 || m_lastCutFailed || m_cutStop; });
    if (m_pendingCutBytes != 0)
        return Error { ErrorCode::Io, "log store: sealed heads are not yet in chunks (a cut failed)", {} };
    return true;
}

Result<bool> Store::flush()
{
    PushWaiter me; // no batch: the leader seals every head
    lead(me);
    return waitForCuts();
}

} // namespace sg::logs
