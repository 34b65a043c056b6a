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

} // namespace sg
