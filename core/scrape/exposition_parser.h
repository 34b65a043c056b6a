#pragma once

#include "core/common/names.h"
#include "core/common/result.h"
#include "core/common/time.h"
#include "core/common/utf8.h"
#include "core/labels/labels.h"

#include <functional>
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
    /// The series as written in the body (`name{a="b"}`, up to the closing brace): the key of a scrape cache.
    /// Points into the body: valid during the sink call only.
    std::string_view series;
};

/// Metadata of one family that had a `# HELP` or `# TYPE` line.
struct MetricMetadata
{
    std::string name;
    MetricType type = MetricType::Untyped;
    std::string help; ///< unescaped
    std::string unit; ///< OpenMetrics `# UNIT`, empty otherwise
};

/// The content of one exposition payload, in the order of the text.
struct ParsedExposition
{
    std::vector<ParsedSample> samples;
    std::vector<MetricMetadata> metadata;
    /// OpenMetrics exemplars seen. They are syntax-checked and then dropped: the store keeps no exemplars.
    std::size_t exemplarsDropped = 0;
};

/// Receives the samples of a payload one by one, in text order, instead of ParsedExposition::samples; returns
/// false to stop parsing there (the parse then ends without an error). Lets a caller keep only what it needs,
/// so memory does not grow with the number of samples in the payload.
using SampleSink = std::function<bool(ParsedSample&&)>;

/// The fast path of a scrape cache: gets each sample line's series as written in the body (see
/// ParsedSample::series), its value and own timestamp before any label is parsed. True: the caller handled the
/// sample (a series it knows) and the parser builds no labels; false: the line is parsed fully and its sample
/// goes to the SampleSink. Only the text format calls it, and not for samples of histogram and summary
/// families (whose labels the parser checks); OpenMetrics always takes the full path.
using RawSampleSink = std::function<bool(std::string_view series, double value, std::optional<TimestampMs> timestamp)>;

/// The exposition formats a scrape may return.
enum class ExpositionFormat { PrometheusText, OpenMetrics };

/// The format a response's Content-Type names: `application/openmetrics-text` is OpenMetrics, anything else
/// (including a missing header) is the Prometheus text format, as Prometheus falls back to it.
ExpositionFormat formatFromContentType(std::string_view contentType);

/// The Accept header Prometheus sends: OpenMetrics 1.0.0 and 0.0.1 first, then text 0.0.4, then anything.
const char* scrapeAcceptHeader();

/// Parses the Prometheus text format 0.0.4, including the quoted (UTF-8) metric and label names of
/// Prometheus 3. Histograms and summaries come out as their `_bucket`/`_sum`/`_count`/quantile samples.
/// Accepts what Prometheus' scraper accepts (a final line without newline, missing commas between labels,
/// a trailing comma); rejects what it or the reference Go parser rejects, including invalid UTF-8 in names and
/// label values, duplicate label names, TYPE after samples of its family, second HELP/TYPE lines, non-float
/// `le`/`quantile` labels, negative histogram counts and hex or `_`-separated numbers.
/// A failure is an Error (code Parse) whose message starts with "line N: " and whose `where` is the byte
/// range of the offending token in `body`.
Result<ParsedExposition> parseTextFormat(
    std::string_view body, const SampleSink& sink = {}, const RawSampleSink& raw = {});

/// Parses the OpenMetrics 1.0 text format (`application/openmetrics-text`), including Prometheus 3's quoted
/// names. Checks what the format requires: `# EOF` last, no blank lines, one space between tokens, known types,
/// sample-name suffixes per type (`_total`, `_bucket`, `_gcount`, ...), metadata before samples, families and
/// metrics not interleaved, non-decreasing timestamps, non-negative counters, cumulative histogram buckets
/// ending in `+Inf` with a matching `_count`, quantiles in [0, 1], info values 1 and stateset values 0/1.
/// Exemplars are checked (syntax, placement, 128-character label limit) and dropped; families without any
/// metadata are accepted when they reappear, as Prometheus' scraper does. Errors as parseTextFormat().
Result<ParsedExposition> parseOpenMetrics(std::string_view body, const SampleSink& sink = {});

/// Parses a payload in the given format; with a `sink`, samples go to it and ParsedExposition::samples stays
/// empty. Samples reach the sink before the rest of the payload is checked: a later error still fails the parse.
/// `raw` (needs `sink`): see RawSampleSink.
Result<ParsedExposition> parseExposition(
    std::string_view body, ExpositionFormat format, const SampleSink& sink = {}, const RawSampleSink& raw = {});

/// Parses a sample value as the text format allows: a decimal float, `NaN`, `+Inf`, `-Inf`, `Inf`
/// (Go's ParseFloat spellings, case-insensitive), but no hex, no `_` and no leading/trailing junk.
std::optional<double> parseFloatValue(std::string_view text);

/// The end (one past the `}`) of the label set that opens at `line[open] == '{'`, skipping quoted strings and
/// their escapes; npos when the line ends first. Checks nothing else: a scan for series keys, not a parse.
std::size_t labelSetEnd(std::string_view line, std::size_t open);

using sg::isLegacyLabelName; // core/common/names.h
using sg::isLegacyMetricName; // core/common/names.h
using sg::isValidUtf8; // core/common/utf8.h

} // namespace sg::scrape
