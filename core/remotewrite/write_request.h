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

/// Encodes a WriteRequest holding `samples`: one TimeSeries per series, its samples in time order. Reorders
/// `samples` (grouped by series). `out` is replaced.
void encodeWriteRequest(std::span<OutSample> samples, std::string& out);

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
