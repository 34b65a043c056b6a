// Store: the write path. push() joins the group commit: the first push in line filters out-of-order entries of
// every waiting push, writes their WAL records, syncs once and applies them to the heads; heads that reach a size
// or age target are sealed and handed to the cutter thread (store_cut.cpp).
#include "store.h"

#include "catalog.h"
#include "parallel_for.h"

#include <algorithm>
#include <mutex>

namespace sg::logs {

namespace {

/// Pushes one leader commits at most: bounds a group's WAL write and the followers' wait.
constexpr std::size_t MaxGroupPushes = 32;

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
void Store::applyEntries(std::uint32_t id, const std::vector<const LogEntry*>& entries, std::uint64_t seq, bool move)
{
    auto& st = *m_streams[id];
    if (entries.empty())
        return;
    if (st.head.empty())
        st.headFirstSeq = seq;
    st.headLastSeq = std::max(st.headLastSeq, seq);
    for (const auto* e : entries) {
        st.headBytes += entryBytes(*e);
        st.maxTs = std::max(st.maxTs, e->ts);
        // A handed-over batch is not const: its entries are moved, not copied.
        LogEntry entry = move ? std::move(*const_cast<LogEntry*>(e)) : *e;
        if (st.head.empty() || entry.ts >= st.head.back().ts) {
            st.head.push_back(std::move(entry));
        } else {
            auto pos = std::upper_bound(st.head.begin(), st.head.end(), entry.ts,
                [](TimestampNs t, const LogEntry& x) { return t < x.ts; });
            st.head.insert(pos, std::move(entry));
        }
    }
    m_stats.entries += entries.size();
    m_stats.headEntries += entries.size();
}

PushStats Store::push(const PushBatch& batch)
{
    PushWaiter me;
    me.batch = &batch;
    return lead(me);
}

PushStats Store::push(PushBatch&& batch)
{
    PushWaiter me;
    me.batch = &batch;
    me.owned = true;
    return lead(me);
}

PushStats Store::lead(PushWaiter& me)
{
    if (m_options.readOnly) {
        PushStats refused;
        for (const auto& s : me.batch->streams)
            refused.failed += s.entries.size();
        refused.error = "the log store at " + m_dir + " is open read-only";
        return refused;
    }
    std::unique_lock lock(m_pushMutex);
    m_pushQueue.push_back(&me);
    me.cv.wait(lock, [&] { return me.done || m_pushQueue.front() == &me; });
    if (me.done)
        return me.stats;
    // First in line: commit everyone waiting (up to a bound) together.
    std::vector<PushWaiter*> group;
    for (auto* w : m_pushQueue) {
        if (group.size() == MaxGroupPushes)
            break;
        group.push_back(w);
    }
    lock.unlock();
    commitGroup(group);
    lock.lock();
    // Notify under the lock: a follower's waiter (and its condition variable) lives until it reacquires it.
    for (auto* w : group) {
        m_pushQueue.pop_front();
        w->done = true;
        if (w != &me)
            w->cv.notify_one();
    }
    if (!m_pushQueue.empty())
        m_pushQueue.front()->cv.notify_one();
    return me.stats;
}

void Store::commitGroup(const std::vector<PushWaiter*>& group)
{
    if (m_walTrimDue.exchange(false))
        removeWalBefore();
    struct Prepared
    {
        PushWaiter* waiter = nullptr;
        std::vector<WalStream> accepted;
        std::vector<std::uint32_t> ids;
        std::uint64_t seq = 0;
        bool written = false;
    };
    std::vector<Prepared> prepared;
    std::vector<std::uint32_t> created;
    std::uint64_t outOfOrder = 0, streamLimited = 0;
    bool sealAll = false;
    std::unordered_map<std::uint32_t, TimestampNs> newest; // per stream, including the group's earlier entries
    for (auto* w : group) {
        if (!w->batch) {
            sealAll = true;
            continue;
        }
        Prepared p;
        p.waiter = w;
        PushStats& stats = w->stats;
        for (const auto& in : w->batch->streams) {
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
            p.accepted.push_back(std::move(ws));
            p.ids.push_back(id);
        }
        outOfOrder += stats.outOfOrder;
        streamLimited += stats.streamLimited;
        prepared.push_back(std::move(p));
    }
    std::string writeError;
    auto failAll = [&] {
        for (auto& p : prepared) {
            p.waiter->stats.error = writeError;
            p.waiter->stats.failed += p.waiter->stats.accepted;
            p.waiter->stats.accepted = 0;
            p.written = false;
        }
    };
    bool catalogOk = true;
    if (!created.empty()) {
        std::lock_guard catalogLock(m_catalogMutex);
        auto step = [&](Result<bool> r) {
            if (catalogOk && !r) {
                catalogOk = false;
                writeError = "catalog: " + r.error().message;
            }
        };
        step(m_catalog->begin());
        for (auto id : created)
            if (catalogOk)
                step(m_catalog->addStream(id, m_streams[id]->labels));
        if (catalogOk)
            step(m_catalog->commit());
        if (!catalogOk)
            m_catalog->rollback();
    }
    bool anyWritten = false;
    bool synced = false; // one sync covered the group's records
    if (catalogOk) {
        // One record per push, built in parallel, written in sequence order, then one sync for all of them.
        for (auto& p : prepared)
            if (!p.accepted.empty())
                p.seq = ++m_seq;
        std::vector<std::string> records(prepared.size());
        parallelFor(prepared.size(), m_options.readThreads, [&](std::size_t i) {
            if (!prepared[i].accepted.empty())
                records[i] = Wal::record(encodeWalBatch(prepared[i].seq, prepared[i].accepted));
        });
        for (std::size_t i = 0; i < prepared.size(); ++i) {
            auto& p = prepared[i];
            if (p.accepted.empty())
                continue;
            if (auto written = m_wal->writeRecord(p.seq, records[i]); !written) {
                writeError = "WAL write: " + written.error().message;
                break;
            }
            p.written = anyWritten = true;
        }
        for (auto& p : prepared)
            if (!p.written && !p.accepted.empty()) {
                p.waiter->stats.failed += p.waiter->stats.accepted;
                p.waiter->stats.accepted = 0;
                p.waiter->stats.error = writeError;
            }
        if (anyWritten) {
            auto sync = m_wal->sync();
            synced = bool(sync);
            if (!synced) {
                writeError = "WAL sync: " + sync.error().message;
                failAll();
            }
        }
    } else {
        failAll();
    }

    std::vector<std::uint32_t> due;
    {
        std::unique_lock lock(m_mutex);
        m_stats.rejectedOutOfOrder += outOfOrder;
        m_stats.rejectedStreamLimit += streamLimited;
        if (synced)
            ++m_stats.walSyncs;
        const TimestampNs maxAge = msToNs(m_options.maxChunkAge);
        const bool feeding = m_arrivals.active();
        for (auto& p : prepared) {
            if (!p.written)
                continue;
            ++m_stats.pushes;
            for (std::size_t i = 0; i < p.accepted.size(); ++i) {
                if (feeding)
                    m_arrivals.record(*p.accepted[i].labels, p.accepted[i].entries);
                applyEntries(p.ids[i], p.accepted[i].entries, p.seq, p.waiter->owned);
                const auto& st = *m_streams[p.ids[i]];
                if (st.headBytes >= m_options.chunkTargetBytes || st.maxTs - st.head.front().ts >= maxAge)
                    due.push_back(p.ids[i]);
            }
        }
        if (sealAll) {
            due.clear();
            for (std::uint32_t id = 0; id < m_streams.size(); ++id)
                due.push_back(id);
        }
        std::sort(due.begin(), due.end());
        due.erase(std::unique(due.begin(), due.end()), due.end());
        sealLocked(due);
    }
    waitForCutRoom();
}

void Store::sealLocked(const std::vector<std::uint32_t>& ids)
{
    std::vector<std::shared_ptr<const SealedHead>> sealed;
    for (auto id : ids) {
        auto& st = *m_streams[id];
        if (st.head.empty())
            continue;
        auto h = std::make_shared<SealedHead>();
        h->stream = id;
        h->entries = std::move(st.head);
        h->bytes = st.headBytes;
        h->firstSeq = st.headFirstSeq;
        h->lastSeq = st.headLastSeq;
        st.head = {};
        st.headBytes = 0;
        st.sealed.push_back(h);
        sealed.push_back(std::move(h));
    }
    if (sealed.empty())
        return;
    {
        std::lock_guard cutLock(m_cutMutex);
        for (auto& h : sealed) {
            m_pendingCutBytes += h->bytes;
            m_cutQueue.push_back(std::move(h));
        }
    }
    m_cutWake.notify_one();
}

void Store::waitForCutRoom()
{
    std::unique_lock lock(m_cutMutex);
    // A failing cutter lets pushes through: their entries are in the WAL and stay readable in memory.
    m_cutDone.wait(lock, [&] {
        return m_pendingCutBytes <= m_options.maxPendingCutBytes || m_lastCutFailed || m_cutStop;
    });
}

} // namespace sg::logs
