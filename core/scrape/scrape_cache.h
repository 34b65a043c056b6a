#pragma once

// Internal to sg_scrape: one target's scrape cache.

#include "core/labels/labels.h"
#include "core/tsdb/storage.h"

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace sg::scrape {

/// Hash → position, open addressing without an allocation per entry. Keyed by the hash alone (a 64-bit collision
/// is taken as the same key; callers that must not confuse two keys compare them themselves).
class SeriesIndex
{
public:
    /// Inserts; false (and nothing changes) when the hash is present.
    bool insert(std::uint64_t hash, std::uint32_t position);
    /// The position of `hash`, or Empty.
    std::uint32_t find(std::uint64_t hash) const;
    std::size_t size() const { return m_size; }
    static constexpr std::uint32_t Empty = 0xffffffffu;

private:
    struct Slot
    {
        std::uint64_t hash = 0;
        std::uint32_t position = Empty;
    };
    std::vector<Slot> m_slots; ///< a power of two, at most half full
    std::size_t m_size = 0;
};

/// A fast 64-bit hash of raw bytes (wyhash-style multiply-mix, 8 bytes at a time).
std::uint64_t hashBytes(std::string_view bytes);

/// What a target's scrapes remember from one to the next, as Prometheus' scrapeCache: for each series as written
/// in the body (`name{a="b"}`, before its labels are parsed) the final label set (target labels, honor_labels,
/// metric_relabel_configs and label limits applied) or that it was dropped; which series the last committed
/// scrape tracked for staleness. A series seen before costs a hash lookup of its bytes.
///
/// One scrape at a time uses the cache (`lock()`): beginRun(), lookups and additions while parsing, then, on
/// the loop's thread once the scrape's batch is handed on, giveBack() and commit(). A run that is never
/// committed (a scrape abandoned by ScrapeLoop::stop()) leaves the committed staleness state as it was.
///
/// The label sets are not copied per scrape: a scrape's batch borrows each series' labels (lend()), and once
/// the batch has been handed on (a queued connection copies it) giveBack() moves them back.
class ScrapeCache
{
public:
    static constexpr std::uint32_t Dropped = 0xffffffffu;

    /// The final series of one or more raw texts (two spellings of one label set share it).
    struct Series
    {
        Labels labels;
        std::uint64_t lastRun = 0; ///< the run that last tracked it for staleness (duplicates within a run)
        std::uint32_t refs = 0;    ///< raw entries naming it
        std::uint32_t lentAt = NotLent; ///< the batch sample holding the labels while lent
    };
    static constexpr std::uint32_t NotLent = 0xffffffffu;

    std::unique_lock<std::mutex> lock() { return std::unique_lock(m_mutex); }

    /// Forgets everything when `key` (the target's labels and its relabel, honor_labels and limit settings)
    /// differs from the key the cache was filled under.
    void useConfig(const std::string& key);
    /// Starts a scrape: a new run number; the staged tracked series are cleared.
    std::uint64_t beginRun();

    /// The series of a raw text seen before (marked seen in `run`), Dropped for a dropped one, or Miss.
    static constexpr std::uint32_t Miss = 0xfffffffeu;
    std::uint32_t lookup(std::string_view raw, std::uint64_t rawHash, std::uint64_t run);
    /// Remembers a raw text whose labels were dropped (metric relabeling, or no metric name).
    void addDropped(std::string_view raw, std::uint64_t rawHash, std::uint64_t run);
    /// Remembers a raw text's final labels; returns the series (shared with an equal label set already known).
    std::uint32_t addSeries(std::string_view raw, std::uint64_t rawHash, Labels labels, std::uint64_t run);

    Series& series(std::uint32_t id) { return m_series[id]; }
    /// Appends a sample of series `id` to `batch`, the series' labels moved into it (copied from the batch
    /// when already lent to an earlier sample of it).
    void lend(std::uint32_t id, tsdb::AppendBatch& batch, TimestampMs t, double v);
    /// The labels of series `id`, lent or not (`batch`: the one they are lent to).
    const Labels& labelsOf(std::uint32_t id, const tsdb::AppendBatch& batch) const;
    /// Moves the lent labels back from `batch` (whose samples then have empty label sets).
    void giveBack(tsdb::AppendBatch& batch);
    /// Stages a series as tracked for staleness by the current run.
    void track(std::uint32_t id) { m_staged.push_back(id); }
    /// The series the last committed scrape tracked.
    const std::vector<std::uint32_t>& tracked() const { return m_tracked; }
    /// Forgets the tracked series (their stale markers were sent: the target is gone).
    void clearTracked() { m_tracked.clear(); }

    /// Ends run `run` as handed on: its staged series become the tracked ones (none for a failed scrape).
    /// After a successful scrape entries it did not see are evicted, as Prometheus' iterDone(true); after
    /// failures only once the cache has grown past twice its last successful size plus 1000.
    void commit(std::uint64_t run, bool succeeded);

    std::size_t entryCount() const { return m_entries.size(); }
    std::size_t seriesCount() const { return m_series.size() - m_free.size(); }

private:
    struct Entry
    {
        std::string raw;
        std::uint64_t hash = 0;
        std::uint64_t lastRun = 0;
        std::uint32_t series = Dropped;
    };
    void addEntry(std::string_view raw, std::uint64_t rawHash, std::uint64_t run, std::uint32_t series);
    void evictUnseen(std::uint64_t run);
    void clear();

    std::mutex m_mutex;
    std::string m_key;
    std::uint64_t m_run = 0;
    std::uint64_t m_stagedRun = 0;
    std::vector<Entry> m_entries;
    SeriesIndex m_byRaw; ///< raw-text hash → entry
    std::uint32_t m_next = 0; ///< the entry after the last one found or added: the likely next
    std::vector<Series> m_series;
    std::vector<std::uint32_t> m_free; ///< unused slots of m_series
    SeriesIndex m_byLabels; ///< final label-set hash → series
    std::vector<std::uint32_t> m_staged;
    std::vector<std::uint32_t> m_lent;
    std::vector<std::uint32_t> m_tracked;
    std::size_t m_successfulSize = 0;
};

} // namespace sg::scrape
