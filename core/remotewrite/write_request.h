#pragma once

// Remote Write 1.0 request bodies (prometheus.WriteRequest, snappy block format), encoded directly: a series'
// labels are encoded once and copied into every request that carries one of its samples.

#include "core/common/time.h"
#include "core/labels/labels.h"
#include "core/scrape/exposition_parser.h"

#include <span>
#include <string>
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

/// Snappy block compression of `raw` into `out` (replaced).
void snappyCompress(const std::string& raw, std::string& out);

} // namespace sg::remotewrite
