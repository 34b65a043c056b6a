// Sprig's number functions as Loki exposes them (int64 arithmetic with cast's lenient conversions, decimal
// float arithmetic for addf/subf/mulf/divf) and Loki's bytes/duration conversions.
#include "template_impl.h"

#include "lexer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sg::logql::tmpl {

namespace {

using Args = std::vector<Value>;

// cast's trimZeroDecimal: "10.00" -> "10"; anything else unchanged.
std::string_view trimZeroDecimal(std::string_view s)
{
    bool zero = false;
    for (std::size_t i = s.size(); i > 0; --i) {
        const char c = s[i - 1];
        if (c == '.')
            return zero ? s.substr(0, i - 1) : s;
        if (c != '0')
            return s;
        zero = true;
    }
    return s;
}

bool parseGoFloat(std::string_view s, double& out)
{
    std::string lower;
    for (char c : s)
        lower += char(std::tolower(static_cast<unsigned char>(c)));
    std::string_view l = lower;
    const bool neg = !l.empty() && l[0] == '-';
    if (!l.empty() && (l[0] == '+' || l[0] == '-'))
        l.remove_prefix(1);
    if (l == "inf" || l == "infinity") {
        out = neg ? -INFINITY : INFINITY;
        return true;
    }
    if (l == "nan") {
        out = NAN;
        return true;
    }
    return parseNumber(s, out);
}

// A decimal number (coefficient × 10^exp) as shopspring/decimal holds a float64 made with NewFromFloat.
struct Decimal
{
    __int128 coef = 0;
    int exp = 0;
};

Decimal toDecimal(double v)
{
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    std::string_view s(buf, std::size_t(r.ptr - buf));
    Decimal d;
    const bool neg = s[0] == '-';
    if (neg)
        s.remove_prefix(1);
    const std::size_t e = s.find('e');
    int frac = 0;
    bool afterDot = false;
    for (char c : s.substr(0, e)) {
        if (c == '.') {
            afterDot = true;
            continue;
        }
        d.coef = d.coef * 10 + (c - '0');
        frac += afterDot;
    }
    int ex = 0;
    std::from_chars(s.data() + e + 1 + (s[e + 1] == '+'), s.data() + s.size(), ex);
    d.exp = ex - frac;
    if (neg)
        d.coef = -d.coef;
    return d;
}

double fromDecimal(const Decimal& d)
{
    __int128 c = d.coef;
    const bool neg = c < 0;
    if (neg)
        c = -c;
    std::string digits;
    do {
        digits.insert(digits.begin(), char('0' + int(c % 10)));
        c /= 10;
    } while (c);
    const std::string text = (neg ? "-" : "") + digits + "e" + std::to_string(d.exp);
    return std::strtod(text.c_str(), nullptr);
}

// Aligns the exponents of two decimals; false when the coefficients would overflow.
bool align(Decimal& a, Decimal& b)
{
    Decimal* hi = a.exp > b.exp ? &a : &b;
    const int lo = std::min(a.exp, b.exp);
    while (hi->exp > lo) {
        if (__builtin_mul_overflow(hi->coef, __int128(10), &hi->coef))
            return false;
        --hi->exp;
    }
    return true;
}

// addf (op '+'), subf ('-'), mulf ('*') in decimal, falling back to doubles when 38 digits do not suffice.
double decimalOp(double x, double y, char op)
{
    Decimal a = toDecimal(x), b = toDecimal(y);
    if (op == '*') {
        Decimal r;
        if (__builtin_mul_overflow(a.coef, b.coef, &r.coef))
            return x * y;
        r.exp = a.exp + b.exp;
        return fromDecimal(r);
    }
    if (!align(a, b))
        return op == '+' ? x + y : x - y;
    Decimal r;
    r.exp = a.exp;
    if (op == '+' ? __builtin_add_overflow(a.coef, b.coef, &r.coef) : __builtin_sub_overflow(a.coef, b.coef, &r.coef))
        return op == '+' ? x + y : x - y;
    return fromDecimal(r);
}

bool fnInt(Args& a, const CallEnv&, Value& out, std::string&)
{
    out = Value::integer(toInt64(a[0]));
    return true;
}

bool fnFloat64(Args& a, const CallEnv&, Value& out, std::string&)
{
    out = Value::real(toFloat64(a[0]));
    return true;
}

bool fnAdd(Args& a, const CallEnv&, Value& out, std::string&)
{
    std::int64_t sum = 0;
    for (const Value& v : a)
        sum = std::int64_t(std::uint64_t(sum) + std::uint64_t(toInt64(v)));
    out = Value::int64(sum);
    return true;
}

bool fnSub(Args& a, const CallEnv&, Value& out, std::string&)
{
    out = Value::int64(std::int64_t(std::uint64_t(toInt64(a[0])) - std::uint64_t(toInt64(a[1]))));
    return true;
}

bool fnMul(Args& a, const CallEnv&, Value& out, std::string&)
{
    std::uint64_t p = std::uint64_t(toInt64(a[0]));
    for (std::size_t i = 1; i < a.size(); ++i)
        p *= std::uint64_t(toInt64(a[i]));
    out = Value::int64(std::int64_t(p));
    return true;
}

template <bool Mod> bool fnDivMod(Args& a, const CallEnv&, Value& out, std::string& err)
{
    const std::int64_t x = toInt64(a[0]), y = toInt64(a[1]);
    if (y == 0) {
        err = "runtime error: integer divide by zero";
        return false;
    }
    if (y == -1) // Go wraps INT64_MIN / -1
        out = Value::int64(Mod ? 0 : std::int64_t(0 - std::uint64_t(x)));
    else
        out = Value::int64(Mod ? x % y : x / y);
    return true;
}

template <bool Max> bool fnMaxMin(Args& a, const CallEnv&, Value& out, std::string&)
{
    std::int64_t r = toInt64(a[0]);
    for (std::size_t i = 1; i < a.size(); ++i)
        r = Max ? std::max(r, toInt64(a[i])) : std::min(r, toInt64(a[i]));
    out = Value::int64(r);
    return true;
}

bool fnAddf(Args& a, const CallEnv&, Value& out, std::string&)
{
    double r = 0;
    for (const Value& v : a)
        r = decimalOp(r, toFloat64(v), '+');
    out = Value::real(r);
    return true;
}

template <char Op> bool fnFloatOp(Args& a, const CallEnv&, Value& out, std::string& err)
{
    double r = toFloat64(a[0]);
    for (std::size_t i = 1; i < a.size(); ++i) {
        const double y = toFloat64(a[i]);
        if (Op == '/') {
            if (y == 0) {
                err = "decimal division by zero";
                return false;
            }
            // shopspring/decimal divides to 16 decimal places.
            char buf[400];
            std::snprintf(buf, sizeof buf, "%.16Lf", static_cast<long double>(r) / static_cast<long double>(y));
            r = std::strtod(buf, nullptr);
        } else {
            r = decimalOp(r, y, Op);
        }
    }
    out = Value::real(r);
    return true;
}

template <bool Max> bool fnMaxMinF(Args& a, const CallEnv&, Value& out, std::string&)
{
    double r = toFloat64(a[0]);
    for (std::size_t i = 1; i < a.size(); ++i) {
        const double y = toFloat64(a[i]);
        if (std::isnan(r) || std::isnan(y))
            r = NAN;
        else
            r = Max ? std::fmax(r, y) : std::fmin(r, y);
    }
    out = Value::real(r);
    return true;
}

bool fnCeil(Args& a, const CallEnv&, Value& out, std::string&)
{
    out = Value::real(std::ceil(toFloat64(a[0])));
    return true;
}

bool fnFloor(Args& a, const CallEnv&, Value& out, std::string&)
{
    out = Value::real(std::floor(toFloat64(a[0])));
    return true;
}

// sprig's round(value, places[, roundOn=.5]).
bool fnRound(Args& a, const CallEnv&, Value& out, std::string&)
{
    const double roundOn = a.size() > 2 ? a[2].f : .5;
    const double pow = std::pow(10.0, double(a[1].i));
    const double digit = pow * toFloat64(a[0]);
    double intPart;
    const double frac = std::modf(digit, &intPart);
    out = Value::real((frac >= roundOn ? std::ceil(digit) : std::floor(digit)) / pow);
    return true;
}

bool fnBytes(Args& a, const CallEnv&, Value& out, std::string& err)
{
    double b = 0;
    if (!parseBytesValue(a[0].s, b, err))
        return false;
    out = Value::real(b);
    return true;
}

bool fnDuration(Args& a, const CallEnv&, Value& out, std::string& err)
{
    double s = 0;
    if (!parseGoDuration(a[0].s, s)) {
        err = goDurationError(a[0].s);
        return false;
    }
    out = Value::real(s);
    return true;
}

using P = Param;

const Func Math[] = {
    { "int", { P::Any }, false, fnInt },
    { "float64", { P::Any }, false, fnFloat64 },
    { "add", { P::Any }, true, fnAdd },
    { "sub", { P::Any, P::Any }, false, fnSub },
    { "mul", { P::Any, P::Any }, true, fnMul },
    { "div", { P::Any, P::Any }, false, fnDivMod<false> },
    { "mod", { P::Any, P::Any }, false, fnDivMod<true> },
    { "max", { P::Any, P::Any }, true, fnMaxMin<true> },
    { "min", { P::Any, P::Any }, true, fnMaxMin<false> },
    { "addf", { P::Any }, true, fnAddf },
    { "subf", { P::Any, P::Any }, true, fnFloatOp<'-'> },
    { "mulf", { P::Any, P::Any }, true, fnFloatOp<'*'> },
    { "divf", { P::Any, P::Any }, true, fnFloatOp<'/'> },
    { "maxf", { P::Any, P::Any }, true, fnMaxMinF<true> },
    { "minf", { P::Any, P::Any }, true, fnMaxMinF<false> },
    { "ceil", { P::Any }, false, fnCeil },
    { "floor", { P::Any }, false, fnFloor },
    { "round", { P::Any, P::Int, P::Float }, true, fnRound },
    { "bytes", { P::String }, false, fnBytes },
    { "duration", { P::String }, false, fnDuration },
    { "duration_seconds", { P::String }, false, fnDuration },
};

} // namespace

std::span<const Func> mathFuncs()
{
    return Math;
}

bool parseGoInt(std::string_view text, std::int64_t& out)
{
    bool neg = false;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        neg = text[0] == '-';
        text.remove_prefix(1);
    }
    int base = 10;
    if (text.size() > 1 && text[0] == '0') {
        char p = char(text[1] | 0x20);
        if (p == 'x' || p == 'o' || p == 'b') {
            base = p == 'x' ? 16 : p == 'o' ? 8 : 2;
            text.remove_prefix(2);
        } else {
            base = 8;
            text.remove_prefix(1);
        }
    }
    if (text.empty())
        return base == 8; // "0"
    unsigned __int128 v = 0;
    bool digit = false;
    for (char c : text) {
        if (c == '_')
            continue;
        int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : 99;
        if (d >= base)
            return false;
        v = v * unsigned(base) + unsigned(d);
        if (v > (unsigned __int128)(1) << 63)
            return false;
        digit = true;
    }
    if (!digit || (!neg && v == (unsigned __int128)(1) << 63))
        return false;
    out = neg ? -std::int64_t(v - 1) - 1 : std::int64_t(v);
    return true;
}

std::int64_t toInt64(const Value& v)
{
    switch (v.kind) {
    case Value::Kind::Bool:
        return v.b ? 1 : 0;
    case Value::Kind::Int:
    case Value::Kind::Int64:
        return v.i;
    case Value::Kind::Float:
        if (std::isnan(v.f) || std::abs(v.f) >= 9.2233720368547758e18)
            return std::numeric_limits<std::int64_t>::min();
        return std::int64_t(v.f);
    case Value::Kind::String: {
        std::int64_t out = 0;
        return parseGoInt(trimZeroDecimal(v.s), out) ? out : 0;
    }
    default:
        return 0;
    }
}

double toFloat64(const Value& v)
{
    switch (v.kind) {
    case Value::Kind::Bool:
        return v.b ? 1 : 0;
    case Value::Kind::Int:
    case Value::Kind::Int64:
        return double(v.i);
    case Value::Kind::Float:
        return v.f;
    case Value::Kind::String: {
        double out = 0;
        return parseGoFloat(v.s, out) ? out : 0;
    }
    default:
        return 0;
    }
}

} // namespace sg::logql::tmpl
