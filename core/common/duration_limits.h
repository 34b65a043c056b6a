#pragma once

#include "time.h"

#include <cstdint>

namespace sg {

/// The longest duration Prometheus and Loki take: Go's time.Duration and model.Duration are int64 nanoseconds (about
/// 292 years). Duration parsers refuse what lies past it.
constexpr DurationMs MaxDurationMs = INT64_MAX / 1'000'000;

} // namespace sg
