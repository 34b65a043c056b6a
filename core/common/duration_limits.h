#pragma once

#include "time.h"

#include <cmath>
#include <cstdint>

namespace sg {

/// The longest duration Prometheus and Loki take: Go's time.Duration and model.Duration are int64 nanoseconds (about
/// 292 years). Duration parsers refuse what lies past it.
constexpr DurationMs MaxDurationMs = INT64_MAX / 1'000'000;

/// True when a duration written as a number of seconds (`offset 90`, `[1.5]`) lies within MaxDurationMs either way,
/// as a duration written with units must; false for NaN and infinities.
inline bool durationSecondsInRange(double seconds)
{
    return std::abs(seconds) * 1000 <= double(MaxDurationMs);
}

} // namespace sg
