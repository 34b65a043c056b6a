// The JSON shapes of the Prometheus and Loki HTTP APIs, decoded straight into frames (remote_client.cpp's helper).
#pragma once

#include "core/remote/json_cursor.h"
#include "core/remote/remote_client.h"
#include "core/remote/result_stream.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace sg::remote {

/// The `{status, data, errorType, error, warnings, infos}` envelope of both APIs.
struct Envelope
{
    std::string status;
    std::string errorType;
    std::string error;
    QStringList warnings;
    bool hadData = false;
};

/// Walks an answer; `data` reads the `data` member's value from the cursor (it must consume it whole).
/// Throws JsonError on malformed input.
Envelope decodeEnvelope(std::string_view body, const std::function<void(JsonCursor&)>& data);

/// `{resultType, result}` of a query answer into `answer` (series with sorted labels, or log rows sorted per
/// `direction`). A scalar becomes one unlabelled frame; a string gives nothing (as the embedded path).
void decodeQueryData(JsonCursor& cursor, RemoteAnswer& answer, const QString& refId, logs::Direction direction);

/// One object element of `result` — `{metric, values|value}` or `{stream, values}` — appended to `answer` (log rows
/// unsorted: decodeQueryData sorts them once the whole answer is in).
void decodeResultElement(JsonCursor& cursor, RemoteAnswer& answer, const QString& refId);

/// The sink of a ResultStreamSplitter decoding a query answer as it arrives: each series or stream into `answer`
/// (decodeResultElement); the first malformed element's message goes to `error`, and the elements after it are
/// skipped. Both must outlive the sink.
ResultStreamSplitter::ElementSink resultElementDecoder(
    RemoteAnswer& answer, QString refId, std::optional<std::string>& error);

/// `["a", "b"]`.
QStringList decodeStringList(JsonCursor& cursor);
/// `[{"name": "value", ...}, ...]`, each set sorted by name.
std::vector<query::LabelPairs> decodeLabelSets(JsonCursor& cursor);
/// `{"metric": [{"type", "help", "unit"}], ...}` (the first entry per metric).
std::vector<scrape::MetricMetadata> decodeMetadata(JsonCursor& cursor);

/// A sample value as the APIs write it: a decimal string, "NaN", "+Inf", "-Inf".
double parseSampleValue(std::string_view text);

} // namespace sg::remote
