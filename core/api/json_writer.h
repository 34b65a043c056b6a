#pragma once

#include "core/common/utf8.h"
#include "core/common/time.h"
#include "core/labels/labels.h"

#include <string>
#include <string_view>

namespace sg::api {

/// Appends `s` to `out` as a JSON string literal (quotes included). Control characters are escaped; bytes that
/// are not valid UTF-8 become U+FFFD so the document always parses.
void appendJsonString(std::string& out, std::string_view s);

/// A float as Prometheus' API writes sample values: a quoted shortest round-trip decimal without exponent
/// (`"0.1"`, `"100000000000000000000"`), or `"+Inf"`, `"-Inf"`, `"NaN"`.
void appendSampleValue(std::string& out, double v);
/// The unquoted text of appendSampleValue.
std::string formatSampleValue(double v);

/// A millisecond timestamp as seconds with up to three decimals, as a JSON number (`1700000000.5` is written
/// `1700000000.500`, exactly as Prometheus' jsonutil.MarshalTimestamp does).
void appendTimestampSeconds(std::string& out, TimestampMs t);

/// `{"name":"value",...}` for a label set.
void appendLabelsObject(std::string& out, const Labels& labels);

using sg::isValidUtf8; // core/common/utf8.h

/// RFC 3339 text of a millisecond time in UTC (`2024-01-02T03:04:05.678Z`).
std::string formatRfc3339(TimestampMs t);

} // namespace sg::api
