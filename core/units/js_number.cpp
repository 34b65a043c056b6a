// The JavaScript number-to-text conversions Grafana's formatters are built on, written to give V8's exact output:
// Number.prototype.toString / toFixed / toExponential / toString(16), parseFloat, Math.round and
// Intl.NumberFormat("en-US").
#include "units_p.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

using namespace Qt::StringLiterals;

namespace sg::units::detail {
namespace {

/// A positive finite double as ECMAScript describes it: value = 0.digits × 10^point.
struct Decimal
{
    std::string digits;
    int point = 0;
};

/// The shortest digits that round-trip (ECMAScript's Number::toString digits).
Decimal shortestDigits(double value)
{
    char buf[64];
    const auto end = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific).ptr;
    const std::string s(buf, end);
    const auto e = s.find('e');
    std::string digits;
    for (std::size_t i = 0; i < e; ++i) {
        if (s[i] != '.')
            digits += s[i];
    }
    while (digits.size() > 1 && digits.back() == '0')
        digits.pop_back();
    return { digits, std::stoi(s.substr(e + 1)) + 1 };
}

QString latin1(const std::string& s)
{
    return QString::fromLatin1(s.data(), qsizetype(s.size()));
}

/// Adds one unit in the last place of a digit string; true when it carried out of the first digit.
bool incrementDigits(std::string& digits)
{
    for (auto i = digits.size(); i-- > 0;) {
        if (digits[i] != '9') {
            ++digits[i];
            return false;
        }
        digits[i] = '0';
    }
    return true;
}

} // namespace

QString jsToString(double value)
{
    if (std::isnan(value))
        return u"NaN"_s;
    if (value == 0)
        return u"0"_s;
    if (std::isinf(value))
        return value < 0 ? u"-Infinity"_s : u"Infinity"_s;
    const bool negative = value < 0;
    const Decimal d = shortestDigits(std::abs(value));
    const int k = int(d.digits.size());
    const int n = d.point;
    std::string out;
    if (k <= n && n <= 21) {
        out = d.digits + std::string(std::size_t(n - k), '0');
    } else if (0 < n && n <= 21) {
        out = d.digits.substr(0, std::size_t(n)) + '.' + d.digits.substr(std::size_t(n));
    } else if (-6 < n && n <= 0) {
        out = "0." + std::string(std::size_t(-n), '0') + d.digits;
    } else {
        const int e = n - 1;
        out = d.digits.substr(0, 1);
        if (k > 1)
            out += '.' + d.digits.substr(1);
        out += e >= 0 ? "e+" : "e-";
        out += std::to_string(std::abs(e));
    }
    return (negative ? u"-"_s : QString()) + latin1(out);
}

QString jsToFixed(double value, int digits)
{
    digits = std::clamp(digits, 0, 100);
    if (std::isnan(value))
        return u"NaN"_s;
    if (std::abs(value) >= 1e21)
        return jsToString(value);
    const bool negative = value < 0;
    value = std::abs(value);
    // toFixed rounds the exact binary value with ties away from zero; printf breaks exact ties to even. A tie at
    // `digits` places means value = odd × 2^-(digits + 1): nudge those up by one ulp.
    if (value != 0) {
        int exp = 0;
        const double mantissa = std::frexp(value, &exp);
        const auto bits = std::uint64_t(std::ldexp(mantissa, 53));
        if (exp - 53 + std::countr_zero(bits) == -(digits + 1))
            value = std::nextafter(value, std::numeric_limits<double>::infinity());
    }
    char buf[160];
    std::snprintf(buf, sizeof buf, "%.*f", digits, value);
    return (negative ? u"-"_s : QString()) + QString::fromLatin1(buf);
}

QString jsToExponential(double value, std::optional<int> digits)
{
    if (std::isnan(value))
        return u"NaN"_s;
    if (std::isinf(value))
        return value < 0 ? u"-Infinity"_s : u"Infinity"_s;
    const bool negative = value < 0;
    value = std::abs(value);
    std::string mantissa;
    int exponent = 0;
    if (value == 0) {
        mantissa = std::string(std::size_t(digits.value_or(0) + 1), '0');
    } else if (!digits) {
        const Decimal d = shortestDigits(value);
        mantissa = d.digits;
        exponent = d.point - 1;
    } else {
        // Every significant digit of a double (at most 767) so the rounding below is exact, ties away from zero.
        const int f = std::clamp(*digits, 0, 100);
        std::string exact(1200, '\0');
        exact.resize(std::size_t(std::snprintf(exact.data(), exact.size(), "%.800e", value)));
        const auto e = exact.find('e');
        exponent = std::stoi(exact.substr(e + 1));
        std::string all = exact.substr(0, 1) + exact.substr(2, e - 2);
        mantissa = all.substr(0, std::size_t(f + 1));
        if (all[std::size_t(f + 1)] >= '5' && incrementDigits(mantissa)) {
            mantissa = '1' + std::string(std::size_t(f), '0');
            ++exponent;
        }
    }
    std::string out = mantissa.substr(0, 1);
    if (mantissa.size() > 1)
        out += '.' + mantissa.substr(1);
    out += exponent >= 0 ? "e+" : "e-";
    out += std::to_string(std::abs(exponent));
    return (negative ? u"-"_s : QString()) + latin1(out);
}

QString jsToHexString(double value)
{
    if (std::isnan(value))
        return u"NaN"_s;
    if (std::isinf(value))
        return value < 0 ? u"-Infinity"_s : u"Infinity"_s;
    // V8's DoubleToRadixCString: fraction digits only up to the double's own precision, rounded half to even.
    constexpr char Chars[] = "0123456789abcdef";
    constexpr int Radix = 16;
    const bool negative = value < 0;
    value = std::abs(value);
    double integer = std::floor(value);
    double fraction = value - integer;
    double delta = 0.5 * (std::nextafter(value, std::numeric_limits<double>::infinity()) - value);
    delta = std::max(std::nextafter(0.0, 1.0), delta);
    std::string fractionDigits;
    if (fraction >= delta) {
        do {
            fraction *= Radix;
            delta *= Radix;
            const int digit = int(fraction);
            fractionDigits += Chars[digit];
            fraction -= digit;
            if ((fraction > 0.5 || (fraction == 0.5 && (digit & 1))) && fraction + delta > 1) {
                // Round up, carrying through the digits already written.
                while (true) {
                    if (fractionDigits.empty()) {
                        integer += 1;
                        break;
                    }
                    const char c = fractionDigits.back();
                    const int last = c > '9' ? c - 'a' + 10 : c - '0';
                    if (last + 1 < Radix) {
                        fractionDigits.back() = Chars[last + 1];
                        break;
                    }
                    fractionDigits.pop_back();
                }
                break;
            }
        } while (fraction >= delta);
    }
    std::string integerDigits;
    // Digits below the double's precision are written as zeros.
    while (integer / Radix >= 9007199254740992.0) {
        integer /= Radix;
        integerDigits += '0';
    }
    do {
        const double remainder = std::fmod(integer, Radix);
        integerDigits += Chars[int(remainder)];
        integer = (integer - remainder) / Radix;
    } while (integer > 0);
    std::reverse(integerDigits.begin(), integerDigits.end());
    std::string out = (negative ? "-" : "") + integerDigits;
    if (!fractionDigits.empty())
        out += '.' + fractionDigits;
    return latin1(out);
}

QString jsToLocaleString(double value, int minFractionDigits, int maxFractionDigits)
{
    if (std::isnan(value))
        return u"NaN"_s;
    if (std::isinf(value))
        return value < 0 ? u"-∞"_s : u"∞"_s;
    // ICU takes the shortest round-trip digits, then rounds them half away from zero ("halfExpand").
    const bool negative = std::signbit(value);
    std::string integer = "0";
    std::string fraction;
    if (value != 0) {
        const Decimal d = shortestDigits(std::abs(value));
        const int k = int(d.digits.size());
        const int n = d.point;
        if (n >= k) {
            integer = d.digits + std::string(std::size_t(n - k), '0');
        } else if (n > 0) {
            integer = d.digits.substr(0, std::size_t(n));
            fraction = d.digits.substr(std::size_t(n));
        } else {
            fraction = std::string(std::size_t(-n), '0') + d.digits;
        }
        if (int(fraction.size()) > maxFractionDigits) {
            const bool up = fraction[std::size_t(maxFractionDigits)] >= '5';
            fraction.resize(std::size_t(maxFractionDigits));
            if (up) {
                std::string all = integer + fraction;
                if (incrementDigits(all))
                    all.insert(all.begin(), '1');
                integer = all.substr(0, all.size() - fraction.size());
                fraction = all.substr(all.size() - fraction.size());
            }
        }
    }
    while (int(fraction.size()) > minFractionDigits && fraction.back() == '0')
        fraction.pop_back();
    if (int(fraction.size()) < minFractionDigits)
        fraction += std::string(std::size_t(minFractionDigits) - fraction.size(), '0');
    std::string grouped;
    for (std::size_t i = 0; i < integer.size(); ++i) {
        if (i > 0 && (integer.size() - i) % 3 == 0)
            grouped += ',';
        grouped += integer[i];
    }
    std::string out = (negative ? "-" : "") + grouped;
    if (!fraction.empty())
        out += '.' + fraction;
    return latin1(out);
}

double jsParseFloat(QStringView text)
{
    text = text.trimmed();
    qsizetype i = 0;
    const bool negative = i < text.size() && text[i] == u'-';
    if (i < text.size() && (text[i] == u'-' || text[i] == u'+'))
        ++i;
    if (text.mid(i).startsWith(u"Infinity"))
        return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    const qsizetype start = i;
    qsizetype mantissaDigits = 0;
    while (i < text.size() && text[i].isDigit() && text[i].unicode() < 128) {
        ++i;
        ++mantissaDigits;
    }
    if (i < text.size() && text[i] == u'.') {
        ++i;
        while (i < text.size() && text[i].unicode() >= '0' && text[i].unicode() <= '9') {
            ++i;
            ++mantissaDigits;
        }
    }
    if (mantissaDigits == 0)
        return std::numeric_limits<double>::quiet_NaN();
    if (i < text.size() && (text[i] == u'e' || text[i] == u'E')) {
        qsizetype j = i + 1;
        if (j < text.size() && (text[j] == u'-' || text[j] == u'+'))
            ++j;
        const qsizetype expStart = j;
        while (j < text.size() && text[j].unicode() >= '0' && text[j].unicode() <= '9')
            ++j;
        if (j > expStart)
            i = j;
    }
    const QByteArray number = text.mid(start, i - start).toLatin1();
    const double magnitude = std::strtod(number.constData(), nullptr);
    return negative ? -magnitude : magnitude;
}

double jsRound(double value)
{
    if (!std::isfinite(value) || std::abs(value) >= 4503599627370496.0)
        return value;
    const double down = std::floor(value);
    const double rounded = value - down >= 0.5 ? down + 1 : down;
    return rounded == 0 ? std::copysign(0.0, value) : rounded;
}

} // namespace sg::units::detail
