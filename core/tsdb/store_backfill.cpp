// Store's backfill path: series by ref and samples without per-sample label sets, for bulk imports.
#include "core/tsdb/store.h"

#include <QtGlobal>

namespace sg::tsdb {

SeriesRef Store::backfillSeries(const Labels& labels, bool& created)
{
    created = false;
    SeriesRef ref = 0;
    {
        std::unique_lock lock(m_mutex);
        ref = m_head.getOrCreate(labels, created);
    }
    if (created && !m_options.backfill && m_wal)
        m_wal->addSeries(ref, labels);
    return ref;
}

AppendStats Store::backfill(const std::vector<WalSample>& samples)
{
    AppendStats stats;
    if (m_options.readOnly) {
        stats.error = readOnlyError();
        return stats;
    }
    auto& accepted = m_accepted;
    accepted.clear();
    if (!m_options.backfill)
        accepted.reserve(samples.size());
    bool full = false;
    {
        std::unique_lock lock(m_mutex);
        const std::size_t seriesCount = m_head.seriesCount();
        for (const WalSample& s : samples) {
            if (s.ref >= seriesCount) {
                stats.error = "backfill: unknown series ref " + std::to_string(s.ref);
                return stats;
            }
            switch (m_head.append(s.ref, s.t, s.v)) {
            case Head::Verdict::Appended:
                if (!m_options.backfill)
                    accepted.push_back(s);
                ++stats.appended;
                m_newestT = std::max(m_newestT, s.t);
                break;
            case Head::Verdict::Same: break;
            case Head::Verdict::Duplicate: ++stats.duplicates; break;
            case Head::Verdict::OutOfOrder: ++stats.outOfOrder; break;
            }
        }
        if (stats.appended > 0)
            m_pastWrites.fetch_add(1, std::memory_order_release); // a backfill writes the past
        if (m_options.backfill)
            return stats;
        m_wal->addSamples(accepted);
        full = m_head.sampleCount() > 0 && m_head.maxT() - m_head.minT() >= m_options.blockRange;
    }
    if (auto err = m_wal->commit())
        stats.error = err->message;
    if (full)
        if (auto err = persist())
            qWarning("tsdb: persisting the head failed: %s", err->message.c_str());
    return stats;
}

} // namespace sg::tsdb
