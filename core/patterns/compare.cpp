#include "compare.h"

#include "level_miners.h"
#include "log_reader.h"

#include "core/common/saturating.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

namespace sg::patterns {

namespace {

constexpr TimestampNs DayNs = 86'400LL * 1'000'000'000;

/// Feeds a slice's lines to the miner of their level, counted in `window`.
/// Lines already mined, when several queries may select the same line: a stream's labels, the time and the text
/// (hashed), so a line two queries select counts once.
using SeenLines = std::unordered_set<std::uint64_t>;

SliceSink mineInto(LevelMiners& miner, std::size_t window, SeenLines* seen = nullptr, std::uint64_t* repeated = nullptr)
{
    return [&miner, window, seen, repeated](const std::vector<logs::Stream>& streams) {
        for (const auto& s : streams)
            for (const auto& e : s.entries) {
                if (seen) {
                    const std::uint64_t key = s.labels.hash() ^ (std::hash<std::string_view>()(e.line) * 0x9E3779B97F4A7C15ULL)
                        ^ (std::uint64_t(e.ts) * 0xC2B2AE3D27D4EB4FULL);
                    if (!seen->insert(key).second) {
                        ++*repeated;
                        continue;
                    }
                }
                miner.add(s.labels, e.line, e.ts, window);
            }
    };
}

DurationNs bucketFor(TimeWindow w, std::size_t buckets)
{
    if (buckets == 0 || w.end <= w.start)
        return 0;
    return std::max<DurationNs>(DurationNs(ceilDiv(unsignedSpan(w.start, w.end), buckets)), 1);
}

} // namespace

TimeWindow precedingBaseline(TimeWindow spike)
{
    // a spike may span more than int64 holds, and the baseline before it stops at int64's minimum
    constexpr TimestampNs Min = std::numeric_limits<TimestampNs>::min();
    const std::uint64_t width = spike.end > spike.start ? unsignedSpan(spike.start, spike.end) : 0;
    const TimestampNs start = width > unsignedSpan(Min, spike.start) ? Min : TimestampNs(std::uint64_t(spike.start) - width);
    return TimeWindow { start, spike.start };
}

TimeWindow dayEarlierBaseline(TimeWindow spike)
{
    return TimeWindow { saturatingSub(spike.start, DayNs), saturatingSub(spike.end, DayNs) };
}

double changeScore(std::uint64_t count, std::uint64_t baselineCount, double spikeSeconds, double baselineSeconds,
    double smoothing)
{
    const double expected = baselineSeconds > 0 ? double(baselineCount) * spikeSeconds / baselineSeconds : 0.0;
    return std::log2((double(count) + smoothing) / (expected + smoothing));
}

std::vector<PatternChange> rankChanges(const std::vector<MinedPattern>& mined, TimeWindow spike, TimeWindow baseline,
    double smoothing)
{
    std::vector<PatternChange> rows;
    rows.reserve(mined.size());
    const double spikeSeconds = spike.seconds();
    const double baselineSeconds = baseline.seconds();
    for (const auto& m : mined) {
        if (m.windows.size() < 2)
            continue;
        const WindowStats& s = m.windows[0];
        const WindowStats& b = m.windows[1];
        PatternChange row;
        row.pattern = m.pattern;
        row.level = m.level;
        row.count = s.count;
        row.baselineCount = b.count;
        row.rate = spikeSeconds > 0 ? double(s.count) / spikeSeconds : 0;
        row.baselineRate = baselineSeconds > 0 ? double(b.count) / baselineSeconds : 0;
        row.score = changeScore(s.count, b.count, spikeSeconds, baselineSeconds, smoothing);
        row.samples = s.count > 0 ? s.samples : b.samples;
        row.firstSeen = std::min(s.firstSeen, b.firstSeen);
        row.buckets = s.buckets;
        rows.push_back(std::move(row));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const PatternChange& a, const PatternChange& b) {
        if (a.score != b.score)
            return a.score > b.score;
        return a.count > b.count;
    });
    return rows;
}

Result<Comparison> comparePatterns(const services::QueryClient& client, std::string_view query, TimeWindow spike,
    TimeWindow baseline, const CompareOptions& options, const std::atomic_bool* cancel)
{
    return comparePatterns(client, std::vector<std::string> { std::string(query) }, spike, baseline, options, cancel);
}

Result<Comparison> comparePatterns(const services::QueryClient& client, const std::vector<std::string>& queries,
    TimeWindow spike, TimeWindow baseline, const CompareOptions& options, const std::atomic_bool* cancel)
{
    if (spike.end <= spike.start)
        return Error { ErrorCode::BadData, "the spike window is empty", {} };
    std::vector<logql::ExprPtr> exprs;
    for (const std::string& query : queries) {
        auto expr = parseLogQuery(query);
        if (!expr.ok())
            return expr.error();
        exprs.push_back(std::move(*expr));
    }
    LevelMiners miner({ MiningWindow { spike.start, spike.end, bucketFor(spike, options.buckets) },
                         MiningWindow { baseline.start, baseline.end, bucketFor(baseline, options.buckets) } },
        options.drain);
    ReadOptions read;
    read.cancel = cancel;
    Comparison out;
    // With several queries a line may be selected twice (overlapping selectors): it is mined once.
    SeenLines seen[2];
    std::uint64_t repeated[2] = { 0, 0 };
    const bool several = exprs.size() > 1;
    // The baseline usually comes first in time; Drain's templates then start from the ordinary lines.
    for (const auto& expr : exprs) {
        auto b = readLogLines(client, *expr, baseline.start, baseline.end,
            mineInto(miner, 1, several ? &seen[1] : nullptr, &repeated[1]), read);
        if (!b.ok())
            return b.error();
        out.baselineLines += b->lines;
    }
    for (const auto& expr : exprs) {
        auto s = readLogLines(client, *expr, spike.start, spike.end,
            mineInto(miner, 0, several ? &seen[0] : nullptr, &repeated[0]), read);
        if (!s.ok())
            return s.error();
        out.spikeLines += s->lines;
    }
    out.baselineLines -= repeated[1];
    out.spikeLines -= repeated[0];
    out.changes = rankChanges(miner.patterns(), spike, baseline, options.smoothing);
    if (options.limit > 0 && out.changes.size() > options.limit)
        out.changes.resize(options.limit);
    out.skippedLines = miner.linesSkipped();
    out.clusters = miner.clusterCount();
    return out;
}

Result<std::vector<MinedPattern>> minePatterns(const services::QueryClient& client, std::string_view query,
    TimeWindow window, DurationNs bucket, const DrainOptions& options, const std::atomic_bool* cancel)
{
    auto expr = parseLogQuery(query);
    if (!expr.ok())
        return expr.error();
    // Buckets sit on multiples of their width, so that answers for overlapping windows agree.
    const TimestampNs origin = bucket > 0 ? window.start / bucket * bucket : window.start;
    LevelMiners miner({ MiningWindow { origin, window.end, bucket } }, options);
    ReadOptions read;
    read.cancel = cancel;
    auto r = readLogLines(client, **expr, window.start, window.end, mineInto(miner, 0), read);
    if (!r.ok())
        return r.error();
    return miner.patterns();
}

} // namespace sg::patterns
