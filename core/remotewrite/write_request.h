#pragma once

// Remote Write 1.0 request bodies (prometheus.WriteRequest, snappy block format), encoded directly: a series'
// labels are encoded once and copied into every request that carries one of its samples.

#include "core/common/time.h"
#include "core/labels/labels.h"
#include "core/scrape/exposition_parser.h"

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sg::remotewrite {

/// A series' labels as the repeated `Label labels = 1` fields of a TimeSeries message, sorted by name.
std::string encodeSeriesLabels(const Labels& labels);

/// One sample to send: the series' encoded labels (encodeSeriesLabels) and the sample.
struct OutSample
{
    const std::string* labels = nullptr;
    TimestampMs t = 0;
    double v = 0;
};

/// Bytes kept between uses and grown without zero-filling: a sender encodes and compresses every batch into the
/// same two buffers, so a steady flow neither allocates nor clears memory it is about to overwrite.
class ByteBuffer
{
public:
    std::string_view view() const { return { m_bytes.get(), m_size }; }
    std::size_t size() const { return m_size; }
    void clear() { m_size = 0; }
    /// Room for `n` more bytes after the current ones: where they go. end() then says how far was written.
    char* room(std::size_t n);
    /// Sets the size to end at `p` (inside the room given last).
    void end(const char* p) { m_size = std::size_t(p - m_bytes.get()); }

private:
    std::unique_ptr<char[]> m_bytes;
    std::size_t m_capacity = 0;
    std::size_t m_size = 0;
};

namespace detail {
/// Bytes of one encoded `Sample samples = 2` field (tag and length included).
std::size_t sampleFieldBytes(TimestampMs t);
/// Most bytes a TimeSeries' tag and length take.
constexpr std::size_t MaxTimeSeriesHead = 1 + 10;
/// Writes a TimeSeries' tag, length and labels at `p`; its samples (`samplesBytes` in all) follow. Returns the end.
char* beginTimeSeries(char* p, const std::string& labels, std::size_t samplesBytes);
/// Writes one `Sample samples = 2` field (sampleFieldBytes(t) bytes) at `p`; returns the end.
char* appendSample(char* p, TimestampMs t, double v);
} // namespace detail

/// Encodes a WriteRequest holding `samples` in their order: one TimeSeries per run of consecutive samples of one
/// series (pointer-equal `labels`). A shard's FIFO keeps each series in time order, so nothing is sorted (as
/// Prometheus' own queue, which sends a TimeSeries per sample). `Sample` has `labels`, `t` and `v` as OutSample.
/// `out` is replaced.
template <typename Sample>
void encodeWriteRequest(std::span<const Sample> samples, ByteBuffer& out)
{
    out.clear();
    for (std::size_t i = 0; i < samples.size();) {
        std::size_t j = i;
        std::size_t bytes = 0;
        for (; j < samples.size() && samples[j].labels == samples[i].labels; ++j)
            bytes += detail::sampleFieldBytes(samples[j].t);
        const std::string& labels = *samples[i].labels;
        char* p = out.room(detail::MaxTimeSeriesHead + labels.size() + bytes);
        p = detail::beginTimeSeries(p, labels, bytes);
        for (; i < j; ++i)
            p = detail::appendSample(p, samples[i].t, samples[i].v);
        out.end(p);
    }
}

/// Encodes a WriteRequest holding only metadata (`MetricMetadata metadata = 3`).
void encodeMetadataRequest(std::span<const scrape::MetricMetadata> metadata, std::string& out);

/// Snappy block compression of `raw` into `out` (replaced).
void snappyCompress(std::string_view raw, ByteBuffer& out);

} // namespace sg::remotewrite
