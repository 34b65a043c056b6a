#pragma once

// Prometheus' remote-write receiver (`POST /api/v1/write`, Remote Write 1.0: snappy-compressed protobuf), off unless
// enabled as in Prometheus (`--web.enable-remote-write-receiver`), so Prometheus, Grafana Agent/Alloy or the
// OpenTelemetry Collector can send to Sightglass.

#include "api_common.h"

#include "core/tsdb/storage.h"

#include <functional>

namespace sg::api {

/// Appends a batch to the metric store and returns what it did once the samples are durable (acknowledged); called
/// from a worker thread, blocking it. Empty: the receiver is off.
using MetricAppender = std::function<tsdb::AppendStats(tsdb::AppendBatch&&)>;

/// A decoded write request.
struct DecodedWrite
{
    tsdb::AppendBatch batch;
    std::size_t histograms = 0; ///< native histogram samples, which the TSDB does not keep
    std::size_t exemplars = 0;
};

/// Decodes a remote-write body (snappy block format, then prometheus.WriteRequest). Each series needs a metric name
/// and valid, unique label names; an empty label value means the label is absent. Errors are the 400 reasons.
Result<DecodedWrite> decodeRemoteWrite(const QByteArray& body, std::size_t maxDecodedBytes);

/// The receiver: 204 when every sample was stored (or was already there), 400 when the request is malformed or
/// holds samples the store refuses (out of order, a different value for a stored timestamp) — the sender must not
/// retry those —, 500 when the store could not make them durable (the sender retries).
ApiResponse receiveRemoteWrite(const ApiRequest& request, const MetricAppender& append, std::size_t maxDecodedBytes);

} // namespace sg::api
