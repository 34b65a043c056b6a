#include "core/common/go_format.h"

#include "core/common/utf8.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace sg {

namespace {

/// `+Inf`, `-Inf` or `NaN` as Go writes them; empty for a finite value.
std::string nonFinite(double v)
{
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    return {};
}

std::string shortest(double v, std::chars_format format)
{
    char buf[512];
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, v, format).ptr);
}

} // namespace

std::string goFloat(double v)
{
    if (!std::isfinite(v))
        return nonFinite(v);
    // The shortest round-trip digits in exponent form tell the decimal exponent; Go's %v switches to that form
    // outside [1e-4, 1e6) (strconv's 'g' with the shortest precision uses 6 for the decision).
    const std::string scientific = shortest(v, std::chars_format::scientific);
    const int exponent = std::atoi(scientific.c_str() + scientific.find('e') + 1);
    if (v != 0 && (exponent < -4 || exponent >= 6))
        return scientific;
    return goFixedFloat(v);
}

void appendGoFixedFloat(std::string& out, double v)
{
    if (!std::isfinite(v)) {
        out += nonFinite(v);
        return;
    }
    // The shortest round-trip digits in exponent form (-1.2345e+19), written out around the decimal point; where
    // they end before it, zeros follow (2^64 is 18446744073709552000, not the exact 18446744073709551616 that
    // printf's %.0f gives). No allocation: a query's answer writes a million of these.
    char buf[40];
    const char* const end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific).ptr;
    const char* p = buf;
    if (*p == '-') {
        out.push_back('-');
        ++p;
    }
    char digits[24];
    std::size_t n = 0;
    for (; *p != 'e'; ++p)
        if (*p != '.')
            digits[n++] = *p;
    int exponent = 0;
    std::from_chars(p + (p[1] == '+' ? 2 : 1), end, exponent);
    const int point = exponent + 1; // digits before the decimal point
    if (point <= 0) {
        out += "0.";
        out.append(std::size_t(-point), '0');
        out.append(digits, n);
    } else if (std::size_t(point) >= n) {
        out.append(digits, n);
        out.append(std::size_t(point) - n, '0');
    } else {
        out.append(digits, std::size_t(point));
        out.push_back('.');
        out.append(digits + point, n - std::size_t(point));
    }
}

std::string goFixedFloat(double v)
{
    std::string out;
    appendGoFixedFloat(out, v);
    return out;
}

namespace {

// Go's unicode.IsPrint, approximated for what queries contain: every code point is printable except the ones
// listed here (controls, spaces other than U+0020, format characters, surrogates, private use, non-characters).
bool goPrintable(std::uint32_t cp)
{
    if (cp < 0x20 || cp == 0x7F)
        return false;
    if (cp < 0x7F)
        return true;
    struct Range
    {
        std::uint32_t first, last;
    };
    static constexpr Range hidden[]
        = { { 0x80, 0xA0 }, { 0xAD, 0xAD }, { 0x600, 0x605 }, { 0x61C, 0x61C }, { 0x6DD, 0x6DD }, { 0x70F, 0x70F },
              { 0x1680, 0x1680 }, { 0x180E, 0x180E }, { 0x2000, 0x200F }, { 0x2028, 0x202F }, { 0x205F, 0x206F },
              { 0x3000, 0x3000 }, { 0xD800, 0xF8FF }, { 0xFDD0, 0xFDEF }, { 0xFEFF, 0xFEFF }, { 0xFFF9, 0xFFFB },
              { 0xFFFE, 0xFFFF }, { 0xE0001, 0xE0001 }, { 0xE0020, 0xE007F }, { 0xF0000, 0x10FFFF } };
    for (const auto& r : hidden)
        if (cp >= r.first && cp <= r.last)
            return false;
    return (cp & 0xFFFE) != 0xFFFE;
}

std::uint32_t decodeUtf8(std::string_view s, std::size_t i, std::size_t n)
{
    static constexpr unsigned char leadMask[] = { 0, 0x7F, 0x1F, 0x0F, 0x07 };
    std::uint32_t cp = static_cast<unsigned char>(s[i]) & leadMask[n];
    for (std::size_t k = 1; k < n; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    return cp;
}

void appendHex(std::string& out, const char* prefix, std::uint32_t value, int digits)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%s%0*x", prefix, digits, unsigned(value));
    out += buf;
}

/// Go's short escape of a control character (`\\n`), or nullptr.
const char* controlEscape(std::uint32_t cp)
{
    static constexpr std::pair<std::uint32_t, const char*> escapes[] = { { '\a', "\\a" }, { '\b', "\\b" },
        { '\f', "\\f" }, { '\n', "\\n" }, { '\r', "\\r" }, { '\t', "\\t" }, { '\v', "\\v" } };
    for (const auto& [c, escape] : escapes)
        if (c == cp)
            return escape;
    return nullptr;
}

} // namespace

std::string goQuote(std::string_view s)
{
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8SequenceLength(s, i);
        if (n == 0) {
            appendHex(out, "\\x", static_cast<unsigned char>(s[i]), 2);
            ++i;
            continue;
        }
        const std::uint32_t cp = decodeUtf8(s, i, n);
        if (cp == '"' || cp == '\\') {
            out += '\\';
            out += char(cp);
        } else if (goPrintable(cp)) {
            out.append(s.substr(i, n));
        } else if (const char* escape = controlEscape(cp)) {
            out += escape;
        } else if (cp < 0x20 || cp == 0x7F) {
            appendHex(out, "\\x", cp, 2);
        } else {
            appendHex(out, cp < 0x10000 ? "\\u" : "\\U", cp, cp < 0x10000 ? 4 : 8);
        }
        i += n;
    }
    return out + "\"";
}

std::string modelDuration(DurationMs d)
{
    if (d == 0)
        return "0s";
    if (d < 0) {
        std::string out(1, '-');
        return out.append(modelDuration(-d));
    }
    struct Unit
    {
        const char* name;
        DurationMs ms;
        bool onlyWhole; ///< written only when it divides the rest: 90d rather than 12w6d
    };
    static constexpr Unit units[] = { { "y", 365LL * 86'400'000, true }, { "w", 7LL * 86'400'000, true },
        { "d", 86'400'000, false }, { "h", 3'600'000, false }, { "m", 60'000, false }, { "s", 1000, false },
        { "ms", 1, false } };
    std::string out;
    for (const auto& u : units) {
        if (u.onlyWhole && d % u.ms != 0)
            continue;
        if (const DurationMs n = d / u.ms; n > 0) {
            out += std::to_string(n) + u.name;
            d -= n * u.ms;
        }
    }
    return out;
}

} // namespace sg
