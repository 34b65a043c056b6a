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

namespace detail {
/// Bytes of one encoded `Sample samples = 2` field (tag and length included).
std::size_t sampleFieldBytes(TimestampMs t);
/// Appends a TimeSeries' tag, length and labels; its samples (`samplesBytes` in all) follow.
void beginTimeSeries(std::string& out, const std::string& labels, std::size_t samplesBytes);
void appendSample(std::string& out, TimestampMs t, double v);
} // namespace detail

/// Encodes a WriteRequest holding `samples` in their order: one TimeSeries per run of consecutive samples of one
/// series (pointer-equal `labels`). A shard's FIFO keeps each series in time order, so nothing is sorted (as
/// Prometheus' own queue, which sends a TimeSeries per sample). `Sample` has `labels`, `t` and `v` as OutSample.
/// `out` is replaced.
template <typename Sample>
void encodeWriteRequest(std::span<const Sample> samples, std::string& out)
{
    out.clear();
    for (std::size_t i = 0; i < samples.size();) {
        std::size_t j = i;
        std::size_t bytes = 0;
        for (; j < samples.size() && samples[j].labels == samples[i].labels; ++j)
            bytes += detail::sampleFieldBytes(samples[j].t);
        detail::beginTimeSeries(out, *samples[i].labels, bytes);
        for (; i < j; ++i)
            detail::appendSample(out, samples[i].t, samples[i].v);
    }
}

/// Encodes a WriteRequest holding only metadata (`MetricMetadata metadata = 3`).
void encodeMetadataRequest(std::span<const scrape::MetricMetadata> metadata, std::string& out);

/// A compressed request body. Its buffer is kept and only grown, never zero-filled: a sender compresses every
/// batch into the same one.
class SnappyBody
{
public:
    std::string_view view() const { return { m_bytes.get(), m_size }; }

private:
    friend void snappyCompress(std::string_view raw, SnappyBody& out);
    std::unique_ptr<char[]> m_bytes;
    std::size_t m_capacity = 0;
    std::size_t m_size = 0;
};

/// Snappy block compression of `raw` into `out` (replaced).
void snappyCompress(std::string_view raw, SnappyBody& out);

} // namespace sg::remotewrite
