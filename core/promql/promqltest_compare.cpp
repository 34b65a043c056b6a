// Helpers of the test-script runner: points notation, series lines, times and float comparison.

#include "promqltest.h"
#include "promqltest_internal.h"

#include "core/tsdb/storage.h"
#include "ast.h"
#include "lexer.h"
#include "parser.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>

namespace sg::promql::test {

namespace {

std::vector<std::string_view> splitWs(std::string_view s)
{
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
            ++i;
        std::size_t start = i;
        while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])))
            ++i;
        if (i > start)
            out.push_back(s.substr(start, i - start));
    }
    return out;
}

bool parseValue(std::string_view s, double& v)
{
    if (s == "stale") {
        v = tsdb::staleNaN();
        return true;
    }
    return parseNumber(s, v);
}

} // namespace

bool almostEqual(double a, double b)
{
    if (tsdb::isStaleNaN(a) || tsdb::isStaleNaN(b))
        return tsdb::isStaleNaN(a) && tsdb::isStaleNaN(b);
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    if (a == b)
        return true;
    constexpr double eps = 1e-6;
    double absSum = std::abs(a) + std::abs(b);
    double diff = std::abs(a - b);
    if (a == 0 || b == 0 || absSum < 2.2250738585072014e-308)
        return diff < eps * 2.2250738585072014e-308;
    return diff / std::min(absSum, 1.7976931348623157e308) < eps;
}

bool expandPoints(std::string_view text, std::vector<std::optional<double>>& out)
{
    if (text.find("{{") != std::string_view::npos)
        return false;
    for (std::string_view tok : splitWs(text)) {
        if (tok == "_") {
            out.push_back(std::nullopt);
            continue;
        }
        std::size_t x = tok.rfind('x');
        if (x == std::string_view::npos || x == 0) {
            double v = 0;
            if (!parseValue(tok, v))
                return false;
            out.push_back(v);
            continue;
        }
        std::string_view base = tok.substr(0, x);
        std::string_view countText = tok.substr(x + 1);
        double countD = 0;
        if (!parseNumber(countText, countD) || countD < 0)
            return false;
        auto count = std::size_t(countD);
        if (base == "_") {
            for (std::size_t i = 0; i < count; ++i)
                out.push_back(std::nullopt);
            continue;
        }
        // split "a+b" / "a-b", skipping a leading sign and exponent signs
        std::size_t split = std::string_view::npos;
        for (std::size_t i = 1; i < base.size(); ++i) {
            if ((base[i] == '+' || base[i] == '-') && base[i - 1] != 'e' && base[i - 1] != 'E') {
                split = i;
                break;
            }
        }
        double a = 0, b = 0;
        if (split == std::string_view::npos) {
            if (!parseValue(base, a))
                return false;
        } else {
            if (!parseValue(base.substr(0, split), a) || !parseNumber(base.substr(split), b))
                return false;
        }
        if (tsdb::isStaleNaN(a)) {
            for (std::size_t i = 0; i <= count; ++i)
                out.push_back(a);
            continue;
        }
        double cur = a;
        for (std::size_t i = 0; i <= count; ++i) {
            out.push_back(cur);
            cur += b;
        }
    }
    return true;
}

bool parseSeriesLine(std::string_view line, Labels& labels, std::string& rest)
{
    std::size_t i = 0;
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i])))
        ++i;
    std::size_t start = i;
    while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i])) && line[i] != '{')
        ++i;
    if (i < line.size() && line[i] == '{') {
        char quote = 0;
        for (; i < line.size(); ++i) {
            char c = line[i];
            if (quote) {
                if (c == '\\')
                    ++i;
                else if (c == quote)
                    quote = 0;
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == '}') {
                ++i;
                break;
            }
        }
    }
    std::string_view series = line.substr(start, i - start);
    rest = std::string(line.substr(i));
    if (series.empty())
        return false;
    if (series == "{}") {
        labels = Labels(std::vector<Label> {});
        return true;
    }
    auto e = parse(series);
    if (!e || (*e)->kind != NodeKind::VectorSelector)
        return false;
    std::vector<Label> out;
    for (const auto& m : static_cast<const VectorSelectorExpr&>(**e).matchers) {
        if (m.type() != MatchType::Equal)
            return false;
        out.push_back(Label { m.name(), m.value() });
    }
    labels = Labels(std::move(out));
    return true;
}

bool parseScriptTime(std::string_view text, TimestampMs& out)
{
    auto d = parseDuration(text);
    if (d) {
        out = *d;
        return true;
    }
    double secs = 0;
    if (parseNumber(text, secs) && std::isfinite(secs)) {
        out = TimestampMs(std::llround(secs * 1000));
        return true;
    }
    // fractional durations such as 1.5s or 2.5m
    if (text.size() > 1) {
        char unit = text.back();
        double v = 0;
        if (parseNumber(text.substr(0, text.size() - 1), v)) {
            double mult = unit == 's' ? 1000 : unit == 'm' ? 60'000 : unit == 'h' ? 3'600'000 : 0;
            if (mult > 0) {
                out = TimestampMs(std::llround(v * mult));
                return true;
            }
        }
    }
    return false;
}

namespace detail {

namespace {

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

} // namespace

bool matchesPattern(const std::pair<bool, std::string>& p, const std::string& text)
{
    if (!p.first)
        return trimmed(p.second) == trimmed(text);
    RE2 re(std::string(trimmed(p.second)));
    return re.ok() && RE2::PartialMatch(text, re);
}

std::string checkAnnotations(const AnnotationExpect& ex, const std::vector<std::string>& got, const char* kind)
{
    if (ex.none && !got.empty())
        return std::string("unexpected ") + kind + ": " + got.front();
    if ((ex.any || !ex.patterns.empty()) && got.empty())
        return std::string("expected a ") + kind + " annotation, got none";
    for (const auto& p : ex.patterns)
        if (std::none_of(got.begin(), got.end(), [&](const std::string& g) { return matchesPattern(p, g); }))
            return std::string("no ") + kind + " matches \"" + p.second + "\"";
    if (!ex.patterns.empty())
        for (const auto& g : got)
            if (std::none_of(ex.patterns.begin(), ex.patterns.end(), [&](const auto& p) { return matchesPattern(p, g); }))
                return std::string("unexpected ") + kind + ": " + g;
    return {};
}

namespace {

std::string fmt(double v) { return tsdb::isStaleNaN(v) ? "stale" : formatNumber(v); }

std::string compareSeriesPoints(const Matrix& m, const std::vector<ExpectedSeries>& expected, TimestampMs start, DurationMs step)
{
    std::size_t nonEmpty = 0;
    for (const auto& e : expected)
        if (std::any_of(e.values.begin(), e.values.end(), [](const auto& v) { return v.has_value(); }))
            ++nonEmpty;
    if (m.size() != nonEmpty)
        return "expected " + std::to_string(nonEmpty) + " series, got " + std::to_string(m.size());
    for (const auto& e : expected) {
        std::vector<Point> want;
        for (std::size_t i = 0; i < e.values.size(); ++i)
            if (e.values[i])
                want.push_back(Point { start + TimestampMs(i) * step, *e.values[i] });
        if (want.empty())
            continue;
        auto it = std::find_if(m.begin(), m.end(), [&](const Series& s) { return s.metric == e.labels; });
        if (it == m.end())
            return "missing series " + e.labels.toString();
        if (it->points.size() != want.size())
            return "series " + e.labels.toString() + ": expected " + std::to_string(want.size()) + " points, got "
                + std::to_string(it->points.size());
        for (std::size_t i = 0; i < want.size(); ++i)
            if (it->points[i].t != want[i].t || !almostEqual(it->points[i].v, want[i].v))
                return "series " + e.labels.toString() + " point " + std::to_string(i) + ": expected "
                    + fmt(want[i].v) + "@" + std::to_string(want[i].t) + ", got " + fmt(it->points[i].v) + "@"
                    + std::to_string(it->points[i].t);
    }
    return {};
}

} // namespace

std::string compareResult(const EvalSpec& spec, const QueryResult& r)
{
    const Value& v = r.value;
    if (spec.expectString) {
        if (v.type != ValueType::String)
            return std::string("expected a string, got ") + valueTypeName(v.type);
        return v.string == *spec.expectString ? std::string() : "expected string \"" + *spec.expectString + "\", got \"" + v.string + "\"";
    }
    if (spec.range)
        return compareSeriesPoints(v.matrix, spec.series, spec.start, spec.step);
    switch (v.type) {
    case ValueType::Scalar:
        if (!spec.scalar)
            return "got a scalar, expected " + std::to_string(spec.series.size()) + " series";
        return almostEqual(v.scalar, *spec.scalar) ? std::string() : "expected scalar " + fmt(*spec.scalar) + ", got " + fmt(v.scalar);
    case ValueType::Matrix:
        if (!spec.rangeVector)
            return "got a range vector without `expect range vector`";
        return compareSeriesPoints(v.matrix, spec.series, spec.rvStart, spec.rvStep);
    case ValueType::Vector: {
        if (spec.scalar)
            return "expected a scalar, got a vector";
        if (v.vector.size() != spec.series.size())
            return "expected " + std::to_string(spec.series.size()) + " samples, got " + std::to_string(v.vector.size());
        for (std::size_t i = 0; i < spec.series.size(); ++i) {
            const auto& e = spec.series[i];
            if (e.values.size() != 1 || !e.values[0])
                return "expected one value per series in an instant result";
            auto it = std::find_if(v.vector.begin(), v.vector.end(), [&](const Sample& s) { return s.metric == e.labels; });
            if (it == v.vector.end())
                return "missing series " + e.labels.toString();
            if (spec.ordered && std::size_t(it - v.vector.begin()) != i)
                return "series " + e.labels.toString() + " out of order";
            if (!almostEqual(it->v, *e.values[0]))
                return "series " + e.labels.toString() + ": expected " + fmt(*e.values[0]) + ", got " + fmt(it->v);
        }
        return {};
    }
    default: return std::string("unexpected result type ") + valueTypeName(v.type);
    }
}

} // namespace detail

} // namespace sg::promql::test
