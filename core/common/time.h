#pragma once

#include <chrono>
#include <cstdint>

namespace sg {

/// Milliseconds since the Unix epoch: the time unit of metric samples (as in Prometheus).
using TimestampMs = std::int64_t;
/// Nanoseconds since the Unix epoch: the time unit of log entries (as in Loki).
using TimestampNs = std::int64_t;
/// Durations in milliseconds.
using DurationMs = std::int64_t;

inline TimestampMs nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

inline TimestampNs nowNs()
{
    using namespace std::chrono;
    return duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
}

/// Prometheus' "minimum/maximum time": the range of a look-up that names no start or end.
constexpr TimestampMs MinTimeMs = -9223372036854775LL;
constexpr TimestampMs MaxTimeMs = 9223372036854775LL;

constexpr TimestampNs msToNs(TimestampMs t) { return t * 1'000'000; }
constexpr TimestampMs nsToMs(TimestampNs t) { return t / 1'000'000; }

/// A closed time interval [minMs, maxMs].
struct TimeRange
{
    TimestampMs minMs = 0;
    TimestampMs maxMs = 0;
};

} // namespace sg
