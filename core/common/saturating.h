#pragma once

// Time arithmetic held at the limits of int64 instead of overflowing. Ranges, offsets and timestamps from users (HTTP
// parameters, query durations) can each reach the ends of int64 nanoseconds, about 292 years either side of 1970;
// adding or subtracting two of them overflowed (found by fuzzing and by UBSan).

#include <cstdint>
#include <limits>

namespace sg {

constexpr std::int64_t saturatingAdd(std::int64_t a, std::int64_t b)
{
    std::int64_t r = 0;
    if (__builtin_add_overflow(a, b, &r))
        return b < 0 ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
    return r;
}

constexpr std::int64_t saturatingSub(std::int64_t a, std::int64_t b)
{
    std::int64_t r = 0;
    if (__builtin_sub_overflow(a, b, &r))
        return b > 0 ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
    return r;
}

constexpr std::int64_t saturatingMul(std::int64_t a, std::int64_t b)
{
    std::int64_t r = 0;
    if (__builtin_mul_overflow(a, b, &r))
        return (a < 0) != (b < 0) ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
    return r;
}

/// How far `to` lies after `from` (to >= from), unsigned: two int64 times, such as the ends of a window from 1678 to
/// 2262, may lie further apart than int64 holds.
constexpr std::uint64_t unsignedSpan(std::int64_t from, std::int64_t to) { return std::uint64_t(to) - std::uint64_t(from); }

/// `n / d` rounded up (d > 0).
constexpr std::uint64_t ceilDiv(std::uint64_t n, std::uint64_t d) { return n / d + (n % d ? 1 : 0); }

/// Milliseconds as nanoseconds, held at the ends of int64 nanoseconds (the years 1678 and 2262): a time range in
/// milliseconds reaches much further, to Prometheus' minimum and maximum times.
constexpr std::int64_t saturatingMsToNs(std::int64_t ms) { return saturatingMul(ms, 1'000'000); }

/// Seconds (or any unit) given as a double, scaled and held inside int64; NaN gives 0.
inline std::int64_t saturatingFromDouble(double v)
{
    if (!(v == v))
        return 0;
    // 2^63 is exactly representable; every double below it converts without overflow.
    if (v >= 9223372036854775808.0)
        return std::numeric_limits<std::int64_t>::max();
    if (v <= -9223372036854775808.0)
        return std::numeric_limits<std::int64_t>::min();
    return std::int64_t(v);
}

} // namespace sg
