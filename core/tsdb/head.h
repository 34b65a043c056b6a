#pragma once

#include "core/tsdb/chunkenc/chunk.h"
#include "core/tsdb/storage.h"
#include "core/tsdb/wal.h"

#include <memory>
#include <limits>
#include <map>
#include <unordered_map>

namespace sg::tsdb {

/// A sealed chunk held in memory until the head is persisted.
struct HeadChunk
{
    std::vector<std::uint8_t> data; ///< a chunk payload (chunkenc)
    TimestampMs minT = 0;
    TimestampMs maxT = 0;
};

/// Where a persisted chunk lives: a frame of a block and a byte range inside the frame's raw bytes.
struct PersistedChunk
{
    TimestampMs minT = 0;
    TimestampMs maxT = 0;
    std::uint32_t frame = 0;
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
    std::uint32_t samples = 0;
};

/// One series: labels, its persisted chunk directory, and the data not yet persisted.
struct MemSeries
{
    Labels labels;
    std::vector<PersistedChunk> persisted;
    std::vector<HeadChunk> sealed;
    chunkenc::XorAppender open;
    std::vector<Sample> outOfOrder; ///< accepted within the out-of-order window, sorted by time
    TimestampMs lastT = std::numeric_limits<TimestampMs>::min();
    std::uint64_t lastV = 0; ///< bits of the newest in-order value

    bool hasHeadData() const { return open.count() > 0 || !sealed.empty() || !outOfOrder.empty(); }
};

/// The in-memory part of the store: series by label set, label postings, per-series chunks.
/// Not synchronised: Store guards it (one writer, shared readers).
class Head
{
public:
    /// What append() did with one sample.
    enum class Verdict { Appended, Same, Duplicate, OutOfOrder };

    explicit Head(DurationMs outOfOrderWindow = 0);

    /// The ref of `labels`, creating the series when new (`created` is set then).
    SeriesRef getOrCreate(const Labels& labels, bool& created);
    /// Registers a series with a known ref (catalog load, WAL replay); refs are dense, known refs are skipped.
    void restore(SeriesRef ref, Labels labels);
    /// Appends one sample; seals the open chunk at ChunkSamplesTarget samples.
    Verdict append(SeriesRef ref, TimestampMs t, double v);

    /// Sorted refs of series that may match: the intersection of postings for matchers that need their label.
    /// Proportional to the matching postings, not to all series. Callers still check matchesAll.
    std::vector<SeriesRef> postings(const Matchers& matchers) const;
    /// Appends the head samples of `ref` in [mint, maxt] (unsorted across parts) to `out`.
    void collect(SeriesRef ref, TimestampMs mint, TimestampMs maxt, std::vector<Sample>& out) const;
    /// Every series' head data cut into chunks (best encoding each) and removed from the head.
    /// Calls `sink(ref, chunk)` in ref order; the open chunk is cut as well.
    void drain(const std::function<void(SeriesRef, HeadChunk&&)>& sink);

    std::size_t seriesCount() const { return m_series.size(); }
    MemSeries& series(SeriesRef ref) { return m_series[ref]; }
    const MemSeries& series(SeriesRef ref) const { return m_series[ref]; }
    /// Samples held in memory (not yet persisted).
    std::size_t sampleCount() const { return m_samples; }
    TimestampMs minT() const { return m_minT; }
    TimestampMs maxT() const { return m_maxT; }
    /// Estimated heap bytes of series, postings, the label index and head chunks.
    std::size_t memoryBytes() const;

    std::vector<std::string> labelNames() const;
    std::vector<std::string> labelValues(std::string_view name) const;

private:
    void seal(MemSeries& s);
    /// The open chunk's samples in their best encoding (the open Xor bytes unless Decimal is smaller).
    std::vector<std::uint8_t> cutOpen(MemSeries& s);
    void indexSeries(SeriesRef ref);
    void insertIndex(SeriesRef ref);

    DurationMs m_oooWindow = 0;
    /// Series in fixed pages: no capacity slack beyond one page, and growing never moves a series.
    class SeriesTable
    {
    public:
        static constexpr std::size_t PageBits = 8;
        std::size_t size() const { return m_size; }
        std::size_t capacity() const { return m_pages.size() << PageBits; }
        MemSeries& operator[](std::size_t i) { return m_pages[i >> PageBits][i & ((1u << PageBits) - 1)]; }
        const MemSeries& operator[](std::size_t i) const { return m_pages[i >> PageBits][i & ((1u << PageBits) - 1)]; }
        MemSeries& back() { return (*this)[m_size - 1]; }
        void emplace_back()
        {
            if (m_size == capacity())
                m_pages.push_back(std::make_unique<MemSeries[]>(std::size_t(1) << PageBits));
            ++m_size;
        }

    private:
        std::vector<std::unique_ptr<MemSeries[]>> m_pages;
        std::size_t m_size = 0;
    };

    SeriesTable m_series;
    /// Open addressing over label-set hashes (linear probing, load ≤ 1/2): slot = ref + 1, 0 when empty.
    std::vector<std::uint32_t> m_index;
    std::map<std::string, std::map<std::string, std::vector<SeriesRef>, std::less<>>, std::less<>> m_postings;
    std::vector<Sample> m_scratch; ///< reused by cutOpen
    std::size_t m_samples = 0;
    TimestampMs m_minT = std::numeric_limits<TimestampMs>::max();
    TimestampMs m_maxT = std::numeric_limits<TimestampMs>::min();
};

} // namespace sg::tsdb
