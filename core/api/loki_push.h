#pragma once

#include "core/common/result.h"
#include "core/logstore/log_store.h"

#include <QByteArray>

#include <string>
#include <vector>

namespace sg::api {

/// Validation limits of the push API, with Loki's defaults.
struct PushLimits
{
    std::size_t maxLineBytes = 256 * 1024;              ///< Loki's max_line_size
    DurationMs rejectOlderThan = 7 * 24 * 3600'000LL;   ///< reject_old_samples_max_age (0: accept any age)
    DurationMs creationGracePeriod = 10 * 60'000;       ///< how far in the future a timestamp may be
    std::size_t maxDecodedBytes = 256 * 1024 * 1024;    ///< decompressed body size limit
    std::size_t maxLabelNamesPerSeries = 15;             ///< Loki's max_label_names_per_series
    std::size_t maxLabelNameLength = 1024;               ///< Loki's max_label_name_length
    std::size_t maxLabelValueLength = 2048;              ///< Loki's max_label_value_length
};

/// A decoded push: the acceptable lines, and one reason per rejected line (Loki still stores the rest).
struct DecodedPush
{
    logs::PushBatch batch;
    std::vector<std::string> rejections;
    std::size_t lines = 0; ///< lines in the request, accepted or not
};

/// Decodes a Loki push body: JSON (`{"streams":[{"stream":{...},"values":[["<ns>","line",{meta}]]}]}`) or
/// protobuf (`application/x-protobuf`, snappy block-compressed `logproto.PushRequest`), after undoing a
/// `gzip`/`deflate` Content-Encoding. A malformed body is an Error (BadData) with the reason; entries that fail
/// validation (line too long, timestamp too old or too new, invalid UTF-8) are left out and listed, and so are
/// the lines of a stream whose labels break the label limits (too many names, a name or value too long).
Result<DecodedPush> decodePush(const QByteArray& body, const std::string& contentType,
    const std::string& contentEncoding, const PushLimits& limits, TimestampNs now);

/// Parses a stream's label text (`{job="api", level="info"}`) with the LogQL selector parser; only equality
/// matchers are allowed.
Result<Labels> parseStreamLabels(const std::string& text);

/// The body of a protobuf push as Promtail sends it: `logproto.PushRequest`, snappy block-compressed (to send
/// with Content-Type application/x-protobuf). Structured metadata goes along.
std::string encodePushProtobuf(const logs::PushBatch& batch);

/// Inflates a gzip or zlib stream; fails beyond `maxBytes` of output.
Result<QByteArray> inflateBody(const QByteArray& compressed, std::size_t maxBytes);

} // namespace sg::api
