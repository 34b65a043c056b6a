// Helpers of the test-script runner: points notation, series lines, times and float comparison.

#include "promqltest.h"

#include "core/tsdb/storage.h"
#include "lexer.h"
#include "parser.h"

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

} // namespace sg::promql::test
