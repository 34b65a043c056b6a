#pragma once

#include "core/common/result.h"
#include "core/common/time.h"
#include "core/labels/labels.h"
#include "core/labels/matcher.h"

#include <QMetaType>

#include <bit>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sg::tsdb {

/// One sample: a millisecond timestamp and a float value.
struct Sample
{
    TimestampMs t = 0;
    double v = 0;
};

/// The bit pattern Prometheus uses to mark a series stale (a NaN that no arithmetic produces).
constexpr std::uint64_t StaleNaNBits = 0x7ff0000000000002ULL;
inline double staleNaN() { return std::bit_cast<double>(StaleNaNBits); }
inline bool isStaleNaN(double v) { return std::bit_cast<std::uint64_t>(v) == StaleNaNBits; }

/// A series with the samples of one time range: the value a querier hands out (a copy, safe to keep).
struct SeriesSamples
{
    Labels labels;
    std::vector<Sample> samples; ///< sorted by time, no duplicates
};

/// One sample to append, with its series' labels.
struct BatchSample
{
    Labels labels;
    TimestampMs t = 0;
    double v = 0;
};

/// A group of samples appended together (one scrape, one backfill slice). Passed between threads by value.
struct AppendBatch
{
    std::vector<BatchSample> samples;
    /// Who sent it, when the same sender sends batches of mostly the same series in the same order (one scrape
    /// target): the store keeps a series-ref cache per source. 0: no cache.
    std::uint64_t source = 0;
};

/// What an append did.
struct AppendStats
{
    std::size_t appended = 0;
    std::size_t outOfOrder = 0;  ///< rejected: older than the series' newest sample
    std::size_t duplicates = 0;  ///< rejected: same timestamp, different value
    std::size_t seriesCreated = 0;
    std::string error; ///< set when the batch could not be made durable (then it is not acknowledged)
};

/// A consistent read view over stored series. Thread-safe to call from any reader thread.
class Querier
{
public:
    virtual ~Querier() = default;
    /// Series matching all matchers with their samples in [mint, maxt] (both inclusive), sorted by labels.
    /// Series with no sample in range are left out.
    virtual std::vector<SeriesSamples> select(const Matchers& matchers, TimestampMs mint, TimestampMs maxt) const = 0;
    /// Label sets of series matching all matchers that have samples in [mint, maxt].
    virtual std::vector<Labels> series(const Matchers& matchers, TimestampMs mint, TimestampMs maxt) const = 0;
    /// All label names, sorted.
    virtual std::vector<std::string> labelNames() const = 0;
    /// All values of one label name, sorted.
    virtual std::vector<std::string> labelValues(std::string_view name) const = 0;
    /// Stored chunks that could not be read so far (corrupt or missing frames); a query whose count rises while
    /// it runs warns that its answer may lack samples.
    virtual std::uint64_t unreadableChunks() const { return 0; }
    /// Changes whenever data in the settled past (older than SettleMs before the wall clock) is added or
    /// removed: a late or backfilled sample, a dropped block. An answer computed for steps in the settled past
    /// stays right while this is unchanged, so it may be kept and reused (query results cache). nullopt: the
    /// store does not track it, and nothing computed from it may be kept.
    virtual std::optional<std::uint64_t> pastWrites() const { return std::nullopt; }
};

/// How far behind the wall clock the past counts as settled for Querier::pastWrites(): samples are appended
/// with timestamps at most this old without counting as a change of the past (a scrape's timestamp is its start,
/// appended when it ends).
inline constexpr DurationMs SettleMs = 5 * 60'000;

} // namespace sg::tsdb

Q_DECLARE_METATYPE(sg::tsdb::AppendBatch)
