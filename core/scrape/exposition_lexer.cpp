// Token-level helpers of the text-format parser: number syntax, name rules, UTF-8 validation.
#include "exposition_parser.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace sg::scrape {

namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view lowerB)
{
    if (a.size() != lowerB.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        if (c != lowerB[i])
            return false;
    }
    return true;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

std::optional<double> parseFloatValue(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    std::string_view s = text;
    bool negative = false;
    bool hasSign = false;
    if (s[0] == '+' || s[0] == '-') {
        negative = s[0] == '-';
        hasSign = true;
        s.remove_prefix(1);
    }
    if (equalsIgnoreCase(s, "inf") || equalsIgnoreCase(s, "infinity"))
        return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    if (!hasSign && equalsIgnoreCase(s, "nan"))
        return std::numeric_limits<double>::quiet_NaN();

    // [digits][.digits][(e|E)[+-]digits], at least one mantissa digit; nothing else
    std::size_t i = 0;
    std::size_t mantissaDigits = 0;
    while (i < s.size() && isDigit(s[i]))
        ++i, ++mantissaDigits;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && isDigit(s[i]))
            ++i, ++mantissaDigits;
    }
    if (mantissaDigits == 0)
        return std::nullopt;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-'))
            ++i;
        std::size_t expDigits = 0;
        while (i < s.size() && isDigit(s[i]))
            ++i, ++expDigits;
        if (expDigits == 0)
            return std::nullopt;
    }
    if (i != s.size())
        return std::nullopt;
    double v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
    if (r.ec == std::errc::result_out_of_range) {
        // Go's ParseFloat rounds underflow to zero but rejects overflow; the syntax is checked, so strtod is safe
        const double d = std::strtod(std::string(s).c_str(), nullptr);
        if (std::isinf(d))
            return std::nullopt;
        v = d;
    } else if (r.ec != std::errc() || r.ptr != s.data() + s.size()) {
        return std::nullopt;
    }
    return negative ? -v : v;
}

std::size_t labelSetEnd(std::string_view line, std::size_t open)
{
    bool quoted = false;
    for (std::size_t i = open + 1; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == '}') {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

const char* metricTypeName(MetricType type)
{
    switch (type) {
    case MetricType::Untyped:
        return "untyped";
    case MetricType::Counter:
        return "counter";
    case MetricType::Gauge:
        return "gauge";
    case MetricType::Histogram:
        return "histogram";
    case MetricType::GaugeHistogram:
        return "gaugehistogram";
    case MetricType::Summary:
        return "summary";
    }
    return "untyped";
}

} // namespace sg::scrape

namespace sg::scrape {

ExpositionFormat formatFromContentType(std::string_view contentType)
{
    std::string lower(contentType);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    return lower.find("application/openmetrics-text") != std::string::npos ? ExpositionFormat::OpenMetrics
                                                                           : ExpositionFormat::PrometheusText;
}

const char* scrapeAcceptHeader()
{
    return "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,"
           "text/plain;version=0.0.4;q=0.3,*/*;q=0.2";
}

Result<ParsedExposition> parseExposition(
    std::string_view body, ExpositionFormat format, const SampleSink& sink, const RawSampleSink& raw)
{
    return format == ExpositionFormat::OpenMetrics ? parseOpenMetrics(body, sink) : parseTextFormat(body, sink, raw);
}

} // namespace sg::scrape
