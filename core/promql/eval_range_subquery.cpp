// Range queries whose root is a `*_over_time` of a subquery (`max_over_time(rate(x[5m])[1h:1m])`): the inner steps
// are evaluated once, in the order the step path evaluates them, and each series keeps the samples of its window as
// it slides across the steps (min/max through a monotonic queue). The step path hands out every series' window at
// every step and files each result sample by its labels; here each series adds a point to its own list.

#include "evaluator.h"
#include "functions_table.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <unordered_map>

namespace sg::promql {

namespace {

/// One series of the subquery's inner results: the samples of the current window (and a few before it, dropped in
/// batches), and the result's points so far.
struct InnerSeries
{
    Labels metric;
    bool dropName = false; ///< as the series' first sample had it (the subquery cache keeps the same)
    std::vector<tsdb::Sample> samples;
    std::size_t lo = 0; ///< the current window's first sample
    std::vector<Point> points;
    // min/max_over_time: a monotonic queue of candidates (indices into `samples`), so that each sample enters and
    // leaves it once instead of every window reading all of its own
    std::vector<std::size_t> queue;
    std::size_t head = 0;
    std::size_t queued = 0; ///< samples before this one have been offered to the queue

    /// Samples before the window are dropped once they are most of the buffer.
    void trim()
    {
        if (lo <= 64 || lo * 2 <= samples.size())
            return;
        samples.erase(samples.begin(), samples.begin() + std::ptrdiff_t(lo));
        queue.erase(queue.begin(), queue.begin() + std::ptrdiff_t(head));
        for (std::size_t& k : queue)
            k -= lo;
        head = 0;
        queued -= lo;
        lo = 0;
    }

    /// What extremeOverTime gives for the window [lo, end of samples): the first value that no later one beats
    /// (`max`: is greater), NaNs passed over; a window of NaNs alone gives its last.
    double extreme(bool max)
    {
        const auto beats = [max](double a, double b) { return max ? a > b : a < b; };
        for (; queued < samples.size(); ++queued) {
            const double x = samples[queued].v;
            if (std::isnan(x))
                continue;
            // an equal value does not push out the one before it: the first of equals (signed zeros) counts
            while (queue.size() > head && beats(x, samples[queue.back()].v))
                queue.pop_back();
            queue.push_back(queued);
        }
        while (head < queue.size() && queue[head] < lo)
            ++head;
        return head < queue.size() ? samples[queue[head]].v : samples.back().v;
    }
};

} // namespace

std::optional<Matrix> Evaluator::rangeOverSubquery(const Expr& root)
{
    const Expr* e = &unwrapParens(root);
    if (e->kind != NodeKind::Call || m_step <= 0)
        return std::nullopt;
    const auto& call = *static_cast<const CallExpr*>(e);
    const OverTimeFunction overTime = overTimeFunction(call.func->name);
    if (!overTime || call.args.size() != 1)
        return std::nullopt;
    const Expr* arg = &unwrapParens(*call.args[0]);
    if (arg->kind != NodeKind::Subquery)
        return std::nullopt;
    const auto& sq = *static_cast<const SubqueryExpr*>(arg);
    if (sq.mods.at != AtKind::None)
        return std::nullopt;
    const std::string_view name = call.func->name;
    const bool keepName = name == "last_over_time";
    const bool isExtreme = name == "max_over_time" || name == "min_over_time";
    const bool isMax = name == "max_over_time";
    const DurationMs innerStep = sq.step > 0 ? sq.step : DefaultSubqueryStepMs;
    const std::size_t steps = std::size_t((m_end - m_start) / m_step) + 1;

    // Outer step by outer step, the inner steps as evalSubquery asks for them: those of the window not evaluated yet,
    // and again from the window's start after a gap. A step's limit counts what it loads and, as evalSubquery hands
    // out, the samples in its window (kept per inner step). Only the windows' samples are kept, as in the step path.
    std::vector<InnerSeries> series;
    std::unordered_map<Labels, std::size_t, LabelsHash> index;
    std::deque<std::pair<TimestampMs, std::size_t>> perInnerStep; // inner steps of the window: samples at each
    std::size_t inWindow = 0;
    RangeMatrixBuilder out(m_options.maxSamples);
    std::size_t points = 0; // in the result so far: the step path's limit, at the step that passes it
    // series whose points are final go to the result: all of them after a gap, as evalSubquery starts again there
    const auto finish = [&](auto done) {
        std::erase_if(series, [&](InnerSeries& s) {
            if (!done(s))
                return false;
            if (!s.points.empty())
                out.add(keepName && !s.dropName ? s.metric : dropMetricName(s.metric), std::move(s.points));
            return true;
        });
        index.clear();
        for (std::size_t k = 0; k < series.size(); ++k)
            index.emplace(series[k].metric, k);
    };
    bool any = false;
    TimestampMs hi = 0;
    for (std::size_t i = 0; i < steps; ++i) {
        beginStep();
        const TimestampMs ts = m_start + TimestampMs(i) * m_step;
        const TimestampMs t = ts - sq.mods.offset;
        TimestampMs first = innerStep * ((t - sq.range) / innerStep);
        if (first <= t - sq.range)
            first += innerStep;
        if (!any || first > hi + innerStep) {
            any = true;
            hi = first - innerStep;
            finish([](const InnerSeries&) { return true; });
        }
        for (TimestampMs it = hi + innerStep; it <= t; it += innerStep) {
            checkCancel();
            const EvalValue r = eval(*sq.expr, it);
            hi = it;
            const auto add = [&](const Labels& metric, double v, bool dropName) {
                auto pos = index.find(metric);
                if (pos == index.end()) {
                    pos = index.emplace(metric, series.size()).first;
                    series.push_back(InnerSeries { metric, dropName, {}, 0, {}, {}, 0, 0 });
                }
                series[pos->second].samples.push_back(tsdb::Sample { it, v });
            };
            if (r.type == ValueType::Scalar)
                add(emptyLabels(), r.scalar, false);
            else
                for (const EvalSample& s : r.vector)
                    add(s.metric, s.v, s.dropName);
            const std::size_t n = r.type == ValueType::Scalar ? 1 : r.vector.size();
            perInnerStep.emplace_back(it, n);
            inWindow += n;
        }
        while (!perInnerStep.empty() && perInnerStep.front().first < first) {
            inWindow -= perInnerStep.front().second;
            perInnerStep.pop_front();
        }
        countSamples(inWindow);

        // Every sample kept is at or before t, so a series' window is its samples from `first` on.
        std::size_t gone = 0;
        for (InnerSeries& s : series) {
            while (s.lo < s.samples.size() && s.samples[s.lo].t < first)
                ++s.lo;
            if (s.lo == s.samples.size()) {
                ++gone;
                continue;
            }
            s.points.push_back(Point { ts,
                isExtreme ? s.extreme(isMax)
                          : overTime(std::span<const tsdb::Sample>(s.samples.data() + s.lo, s.samples.size() - s.lo)) });
            s.trim();
            ++points;
        }
        if (points > m_options.maxSamples)
            throwEval(ErrorCode::Limit, TooManySamples);
        if (gone > 32 && gone * 2 > series.size()) // series that ended (a range over churning series)
            finish([](const InnerSeries& s) { return s.lo == s.samples.size(); });
    }
    finish([](const InnerSeries&) { return true; });
    return out.finish();
}

} // namespace sg::promql
