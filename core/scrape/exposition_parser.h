#pragma once

#include "core/common/result.h"
#include "core/common/time.h"
#include "core/labels/labels.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::scrape {

/// The type a `# TYPE` line declares. Families without a TYPE line are Untyped.
enum class MetricType { Untyped, Counter, Gauge, Histogram, GaugeHistogram, Summary };

/// The `# TYPE` keyword for a type ("gaugehistogram" for GaugeHistogram).
const char* metricTypeName(MetricType type);

/// One sample line: its labels (including `__name__`), value and optional own timestamp.
struct ParsedSample
{
    Labels labels;
    double value = 0;
    std::optional<TimestampMs> timestamp;
};

/// Metadata of one family that had a `# HELP` or `# TYPE` line.
struct MetricMetadata
{
    std::string name;
    MetricType type = MetricType::Untyped;
    std::string help; ///< unescaped
};

/// The content of one exposition payload, in the order of the text.
struct ParsedExposition
{
    std::vector<ParsedSample> samples;
    std::vector<MetricMetadata> metadata;
};

/// Parses the Prometheus text format 0.0.4, including the quoted (UTF-8) metric and label names of
/// Prometheus 3. Histograms and summaries come out as their `_bucket`/`_sum`/`_count`/quantile samples.
/// Accepts what Prometheus' scraper accepts (a final line without newline, missing commas between labels,
/// a trailing comma); rejects what it or the reference Go parser rejects, including invalid UTF-8 in names and
/// label values, duplicate label names, TYPE after samples of its family, second HELP/TYPE lines, non-float
/// `le`/`quantile` labels, negative histogram counts and hex or `_`-separated numbers.
/// A failure is an Error (code Parse) whose message starts with "line N: " and whose `where` is the byte
/// range of the offending token in `body`.
Result<ParsedExposition> parseTextFormat(std::string_view body);

/// Parses a sample value as the text format allows: a decimal float, `NaN`, `+Inf`, `-Inf`, `Inf`
/// (Go's ParseFloat spellings, case-insensitive), but no hex, no `_` and no leading/trailing junk.
std::optional<double> parseFloatValue(std::string_view text);

/// True for a legacy metric name `[a-zA-Z_:][a-zA-Z0-9_:]*`.
bool isLegacyMetricName(std::string_view name);
/// True for a legacy label name `[a-zA-Z_][a-zA-Z0-9_]*`.
bool isLegacyLabelName(std::string_view name);
/// True when `text` is well-formed UTF-8.
bool isValidUtf8(std::string_view text);

} // namespace sg::scrape
