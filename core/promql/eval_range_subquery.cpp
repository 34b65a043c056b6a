// Range queries whose root is a `*_over_time` of a subquery (`max_over_time(rate(x[5m])[1h:1m])`): the inner steps
// are evaluated once, in the order the step path evaluates them, and each series' window then slides across the
// steps, as Prometheus evaluates a subquery once over the whole range. The step path hands out every series' window
// at every step and files each result sample by its labels; here each series is read once.

#include "evaluator.h"
#include "functions_table.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <optional>
#include <unordered_map>

namespace sg::promql {

namespace {

/// One series of the subquery's inner results, in time order.
struct InnerSeries
{
    Labels metric;
    bool dropName = false; ///< as the series' first sample had it (the subquery cache keeps the same)
    std::vector<tsdb::Sample> samples;
};

/// min/max_over_time over windows that only move forward, each the value extremeOverTime gives: the first value
/// that no later one beats, NaNs passed over (a window of NaNs alone gives its last). The window's candidates are
/// kept in a monotonic queue: each sample enters and leaves once, instead of every window reading all of its own.
class SlidingExtreme
{
public:
    explicit SlidingExtreme(bool max)
        : m_max(max)
    {
    }
    void reset()
    {
        m_queue.clear();
        m_head = 0;
        m_pushed = 0;
    }
    /// The window [lo, end) of `all`, a non-empty one; neither bound goes back between resets.
    double operator()(const std::vector<tsdb::Sample>& all, std::size_t lo, std::size_t end)
    {
        for (; m_pushed < end; ++m_pushed) {
            const double x = all[m_pushed].v;
            if (std::isnan(x))
                continue;
            // an equal value does not push out the one before it: the first of equals (signed zeros) counts
            while (m_queue.size() > m_head && beats(x, all[m_queue.back()].v))
                m_queue.pop_back();
            m_queue.push_back(m_pushed);
        }
        while (m_head < m_queue.size() && m_queue[m_head] < lo)
            ++m_head;
        return m_head < m_queue.size() ? all[m_queue[m_head]].v : all[end - 1].v;
    }

private:
    bool beats(double a, double b) const { return m_max ? a > b : a < b; }

    bool m_max;
    std::vector<std::size_t> m_queue;
    std::size_t m_head = 0;
    std::size_t m_pushed = 0;
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
    std::optional<SlidingExtreme> extreme;
    if (name == "max_over_time" || name == "min_over_time")
        extreme.emplace(name == "max_over_time");
    const DurationMs innerStep = sq.step > 0 ? sq.step : DefaultSubqueryStepMs;
    const std::size_t steps = std::size_t((m_end - m_start) / m_step) + 1;

    // The inner steps, outer step by outer step as evalSubquery asks for them: those of each window not evaluated
    // yet, and again from the window's start after a gap. A step's limit counts what it loads and, as evalSubquery
    // hands out, the samples in its window (kept per inner step, so that no series is read here).
    std::vector<InnerSeries> series;
    std::unordered_map<Labels, std::size_t, LabelsHash> index;
    std::vector<TimestampMs> firsts(steps);
    std::deque<std::pair<TimestampMs, std::size_t>> perInnerStep; // inner steps of the window: samples at each
    std::size_t inWindow = 0;
    bool any = false;
    TimestampMs hi = 0;
    for (std::size_t i = 0; i < steps; ++i) {
        beginStep();
        const TimestampMs t = m_start + TimestampMs(i) * m_step - sq.mods.offset;
        TimestampMs first = innerStep * ((t - sq.range) / innerStep);
        if (first <= t - sq.range)
            first += innerStep;
        firsts[i] = first;
        if (!any || first > hi + innerStep) {
            any = true;
            hi = first - innerStep;
        }
        for (TimestampMs it = hi + innerStep; it <= t; it += innerStep) {
            checkCancel();
            const EvalValue r = eval(*sq.expr, it);
            hi = it;
            const auto add = [&](const Labels& metric, double v, bool dropName) {
                auto pos = index.find(metric);
                if (pos == index.end()) {
                    pos = index.emplace(metric, series.size()).first;
                    series.push_back(InnerSeries { metric, dropName, {} });
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
    }
    index.clear();

    // Each series' window slides forward across the steps.
    RangeMatrixBuilder out;
    for (std::size_t si = 0; si < series.size(); ++si) {
        if ((si & 63) == 0)
            checkCancel();
        const InnerSeries& s = series[si];
        std::vector<Point> points;
        std::size_t lo = 0, end = 0;
        if (extreme)
            extreme->reset();
        for (std::size_t i = 0; i < steps; ++i) {
            const TimestampMs t = m_start + TimestampMs(i) * m_step - sq.mods.offset;
            while (lo < s.samples.size() && s.samples[lo].t < firsts[i])
                ++lo;
            end = std::max(end, lo);
            while (end < s.samples.size() && s.samples[end].t <= t)
                ++end;
            if (end == lo)
                continue;
            points.push_back(Point { m_start + TimestampMs(i) * m_step,
                extreme ? (*extreme)(s.samples, lo, end)
                        : overTime(std::span<const tsdb::Sample>(s.samples.data() + lo, end - lo)) });
        }
        if (!points.empty())
            out.add(keepName && !s.dropName ? s.metric : dropMetricName(s.metric), std::move(points));
    }
    return out.finish(m_options.maxSamples);
}

} // namespace sg::promql
