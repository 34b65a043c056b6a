#pragma once

// "What changed": the patterns of a spike window against those of a baseline window, mined by one miner so both
// windows share their patterns, ranked by how new or how much more frequent each is in the spike.

#include "core/common/result.h"
#include "drain.h"

#include <atomic>
#include <string>
#include <string_view>
#include <vector>

namespace sg::services {
class QueryClient;
}

namespace sg::patterns {

/// A half-open time window [start, end).
struct TimeWindow
{
    TimestampNs start = 0;
    TimestampNs end = 0;
    double seconds() const { return (double(end) - double(start)) / 1e9; } ///< as double: the width may pass int64
};

/// The default baseline: the window of the same length just before `spike`.
TimeWindow precedingBaseline(TimeWindow spike);
/// The other baseline: the same window a day earlier.
TimeWindow dayEarlierBaseline(TimeWindow spike);

/// One ranked pattern.
struct PatternChange
{
    std::string pattern;
    std::string level;               ///< the detected level of its lines ("error", ... "unknown")
    std::uint64_t count = 0;         ///< lines in the spike
    std::uint64_t baselineCount = 0; ///< lines in the baseline
    double rate = 0;                 ///< lines per second in the spike
    double baselineRate = 0;         ///< lines per second in the baseline
    double score = 0;                ///< see changeScore
    std::vector<std::string> samples; ///< spike lines (baseline lines for a pattern absent from the spike)
    TimestampNs firstSeen = 0;       ///< the first line in either window
    std::vector<std::uint32_t> buckets; ///< spike lines per bucket (a sparkline), when the spike had buckets
};

/// Tunes the comparison.
struct CompareOptions
{
    DrainOptions drain;
    /// Pseudo-count added to the spike count and to the baseline count scaled to the spike's length, so a pattern
    /// absent from the baseline gets a finite score that grows with its count.
    double smoothing = 2.0;
    /// Buckets per window for the sparkline (0: none).
    std::size_t buckets = 60;
    /// Keep at most this many rows (0: all).
    std::size_t limit = 0;
};

/// log2((count + s) / (baselineCount × spikeSeconds / baselineSeconds + s)): 0 for a pattern as frequent in the
/// spike as in the baseline, positive when more frequent (a 2× rise of many lines scores about 1, a new pattern with
/// n lines log2(n / s + 1)), negative when it faded. The pseudo-count `s` (2) keeps one or two new lines from
/// outranking a pattern that became several times more frequent.
double changeScore(std::uint64_t count, std::uint64_t baselineCount, double spikeSeconds, double baselineSeconds,
    double smoothing = 2.0);

/// Ranks the patterns of a miner (each keeps its level) whose window 0 is the spike and window 1 the baseline: highest score first,
/// then most spike lines.
std::vector<PatternChange> rankChanges(const std::vector<MinedPattern>& mined, TimeWindow spike, TimeWindow baseline,
    double smoothing = 2.0);

/// The comparison's answer.
struct Comparison
{
    std::vector<PatternChange> changes;
    std::uint64_t spikeLines = 0;
    std::uint64_t baselineLines = 0;
    std::uint64_t skippedLines = 0;
    std::size_t clusters = 0;
};

/// Mines the lines of `query` (a LogQL log query) in `baseline` and `spike` with one miner per detected level
/// (LevelMiners) and ranks the patterns. Reads through the client in slices (see readLogLines).
Result<Comparison> comparePatterns(const services::QueryClient& client, std::string_view query, TimeWindow spike,
    TimeWindow baseline, const CompareOptions& options = {}, const std::atomic_bool* cancel = nullptr);

/// The same over the lines of several log queries (Explore's log rows) mined by one miner, query after query in each
/// window: a line two queries select counts twice. The first query that does not parse is the error.
Result<Comparison> comparePatterns(const services::QueryClient& client, const std::vector<std::string>& queries,
    TimeWindow spike, TimeWindow baseline, const CompareOptions& options = {}, const std::atomic_bool* cancel = nullptr);

/// Mines the lines of `query` in one window per detected level, counting them per `bucket` (Loki's patterns
/// endpoint; each pattern names its level). Bucket i
/// starts at `window.start / bucket * bucket + i * bucket` (buckets on multiples of their width).
Result<std::vector<MinedPattern>> minePatterns(const services::QueryClient& client, std::string_view query,
    TimeWindow window, DurationNs bucket, const DrainOptions& options = {}, const std::atomic_bool* cancel = nullptr);

} // namespace sg::patterns
