// Range queries: `sum`/`count`/`avg`/`min`/`max` over rate()/increase()/delta()/irate()/idelta() or
// avg/sum/count/min/max/last/present_over_time() of a range selector, or over an instant selector, evaluated series
// by series for every step at once; and a bare instant selector, or one of those functions of a range selector, at
// the root, turned into the result matrix series by series. The step-by-step path repeats per step a label copy, a
// grouping key and two binary searches per series; here each series gets its key once and a cursor walks its
// samples across the steps. The results are the step path's, value for value and in the same order.

#include "evaluator.h"
#include "functions_table.h"
#include "kahan.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace sg::promql {

namespace {

enum class Inner { Rate, Increase, Delta, IRate, IDelta, OverTime, Selector };

bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// The rate/increase/delta, irate/idelta or over-time function a call of `name` computes; false for any other.
bool innerKind(std::string_view name, Inner& kind, OverTimeFunction& overTime)
{
    if (name == "rate")
        kind = Inner::Rate;
    else if (name == "increase")
        kind = Inner::Increase;
    else if (name == "delta")
        kind = Inner::Delta;
    else if (name == "irate")
        kind = Inner::IRate;
    else if (name == "idelta")
        kind = Inner::IDelta;
    else if ((overTime = overTimeFunction(name)))
        kind = Inner::OverTime;
    else
        return false;
    return true;
}

/// One series' values of `kind` over the range selector `ms` at every step of [start, start + step * (steps - 1)],
/// as the step path computes them (evalMatrixSelector's window, then extrapolatedRate, instantValue or the over-time
/// function):
/// `emit(step index, value)`. Adds the samples of each step's window to `perStep`. True when a value was produced.
template <class Emit>
bool rangeFunctionSteps(const SelectedSeries& s, const MatrixSelectorExpr& ms, Inner kind, OverTimeFunction overTime,
    TimestampMs start, DurationMs step, std::vector<std::size_t>& perStep, Emit emit)
{
    const auto& samples = s.nonStale.empty() ? s.samples : s.nonStale;
    // drops[k]: samples before index k that are below their predecessor (or NaN); a window with none cannot hold a
    // counter reset, so extrapolatedRate need not rescan it at every step. Conservative: the first sample of a
    // window counts too.
    const bool extrapolated = kind == Inner::Rate || kind == Inner::Increase || kind == Inner::Delta;
    std::vector<std::uint32_t> drops(extrapolated ? samples.size() + 1 : 0, 0);
    for (std::size_t k = 0; extrapolated && k < samples.size(); ++k) {
        const double prev = k == 0 ? 0.0 : samples[k - 1].v;
        drops[k + 1] = drops[k] + (samples[k].v < prev || std::isnan(samples[k].v) ? 1 : 0);
    }
    const DurationMs offset = ms.selector->mods.offset;
    std::size_t lo = 0, hi = 0;
    bool produced = false;
    for (std::size_t i = 0; i < perStep.size(); ++i) {
        const TimestampMs t = start + TimestampMs(i) * step - offset;
        while (lo < samples.size() && samples[lo].t <= t - ms.range)
            ++lo;
        hi = std::max(hi, lo);
        while (hi < samples.size() && samples[hi].t <= t)
            ++hi;
        if (lo == hi || (s.nonStale.empty() && tsdb::isStaleNaN(samples[lo].v)))
            continue;
        perStep[i] += hi - lo;
        if (overTime) {
            produced = true;
            emit(i, overTime(std::span<const tsdb::Sample>(&samples[lo], hi - lo)));
            continue;
        }
        const std::span<const tsdb::Sample> window(&samples[lo], hi - lo);
        const auto v = extrapolated
            ? extrapolatedRate(window, t - ms.range, t, ms.range, kind != Inner::Delta, kind == Inner::Rate,
                  drops[hi] == drops[lo])
            : instantValue(window, kind == Inner::IRate);
        if (!v)
            continue;
        produced = true;
        emit(i, *v);
    }
    return produced;
}

/// rate() and increase() of a series whose name does not end as a counter's: the step path's info annotation.
bool looksLikeNoCounter(Inner kind, std::string_view metric)
{
    return (kind == Inner::Rate || kind == Inner::Increase) && !metric.empty() && !endsWith(metric, "_total")
        && !endsWith(metric, "_sum") && !endsWith(metric, "_count") && !endsWith(metric, "_bucket");
}

} // namespace

/// Decides whether `a` takes the series-by-series path and, when it does, evaluates it for every step.
Evaluator::RangeAggregate Evaluator::computeRangeAggregate(const AggregateExpr& a)
{
    RangeAggregate r;
    const AggregateOp op = a.op;
    if ((op != AggregateOp::Sum && op != AggregateOp::Count && op != AggregateOp::Min && op != AggregateOp::Max
            && op != AggregateOp::Avg)
        || a.param)
        return r;
    if (!a.without)
        for (const auto& name : a.grouping)
            if (isNameLabel(name))
                return r;
    const Expr* inner = &unwrapParens(*a.expr);
    const VectorSelectorExpr* vs = nullptr;
    const MatrixSelectorExpr* ms = nullptr;
    Inner kind = Inner::Selector;
    OverTimeFunction overTime = nullptr;
    if (inner->kind == NodeKind::VectorSelector) {
        vs = static_cast<const VectorSelectorExpr*>(inner);
        if (vs->smoothed)
            return r;
    } else if (inner->kind == NodeKind::Call) {
        const auto& c = *static_cast<const CallExpr*>(inner);
        if (!innerKind(c.func->name, kind, overTime))
            return r;
        if (c.args.size() != 1 || c.args[0]->kind != NodeKind::MatrixSelector)
            return r;
        ms = static_cast<const MatrixSelectorExpr*>(c.args[0].get());
        if (ms->anchored || ms->smoothed)
            return r;
        vs = ms->selector.get();
    } else {
        return r;
    }
    if (vs->mods.at != AtKind::None)
        return r;
    const auto data = m_data.find(vs);
    if (data == m_data.end())
        return r;
    r.qualifies = true;

    const std::size_t steps = std::size_t((m_end - m_start) / m_step) + 1;
    constexpr std::uint32_t None = std::numeric_limits<std::uint32_t>::max();
    struct Group
    {
        Labels key;
        std::vector<double> value, kahan;
        std::vector<std::uint32_t> first; ///< per step: the first series that contributed, None: no member
        std::vector<double> count, mean;              ///< avg: members so far, and the mean once the sum overflowed
        std::unique_ptr<bool[]> incremental;          ///< avg: the sum overflowed, the mean goes on incrementally
    };
    std::unordered_map<Labels, std::size_t, LabelsHash> index;
    std::vector<Group> groups;
    r.samples.assign(steps, 0);
    const DurationMs offset = vs->mods.offset;
    const auto& series = data->second;
    for (std::size_t si = 0; si < series.size(); ++si) {
        if ((si & 63) == 0)
            checkCancel();
        const SelectedSeries& s = series[si];
        std::vector<std::string> names;
        Labels key;
        if (a.without) {
            names = a.grouping;
            names.insert(names.end(), { "__name__", "__type__", "__unit__" });
            key = s.labels.without(names);
        } else {
            key = s.labels.keepOnly(a.grouping);
        }
        auto [it, inserted] = index.emplace(std::move(key), groups.size());
        if (inserted) {
            Group g;
            g.key = it->first;
            g.value.assign(steps, 0);
            g.kahan.assign(steps, 0);
            g.first.assign(steps, None);
            if (op == AggregateOp::Avg) {
                g.count.assign(steps, 0);
                g.mean.assign(steps, 0);
                g.incremental = std::make_unique<bool[]>(steps);
            }
            groups.push_back(std::move(g));
        }
        Group& g = groups[it->second];
        // each step's members in series order, as evalAggregate takes them from the step's vector
        auto add = [&](std::size_t step, double v) {
            if (g.first[step] == None) {
                g.first[step] = std::uint32_t(si);
                g.value[step] = op == AggregateOp::Count ? 1 : v;
                if (op == AggregateOp::Avg) {
                    g.count[step] = 1;
                    g.mean[step] = v;
                }
                return;
            }
            double unused = 0;
            bool unusedFlag = false;
            const bool avg = op == AggregateOp::Avg;
            AggregateAccumulator { g.value[step], g.kahan[step], avg ? g.mean[step] : unused,
                avg ? g.count[step] : unused, avg ? g.incremental[step] : unusedFlag }
                .add(op, v);
        };
        if (ms) {
            const bool produced = rangeFunctionSteps(s, *ms, kind, overTime, m_start, m_step, r.samples, add);
            const std::string_view metric = s.labels.metricName();
            if (produced && looksLikeNoCounter(kind, metric))
                info("metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \""
                        + std::string(metric) + "\"",
                    ms->where);
        } else {
            const auto& samples = s.samples;
            std::size_t hi = 0;
            for (std::size_t i = 0; i < steps; ++i) {
                const TimestampMs t = m_start + TimestampMs(i) * m_step - offset;
                while (hi < samples.size() && samples[hi].t <= t)
                    ++hi;
                if (hi == 0)
                    continue;
                const tsdb::Sample& x = samples[hi - 1];
                if (x.t <= t - m_options.lookbackDelta || tsdb::isStaleNaN(x.v))
                    continue;
                r.samples[i] += 1;
                add(i, x.v);
            }
        }
    }
    for (std::size_t i = 0; i < steps; ++i)
        if (r.samples[i] > m_options.maxSamples)
            throwEval(ErrorCode::Limit, TooManySamples);

    r.steps.resize(steps);
    r.taken.assign(steps, 0);
    std::vector<std::pair<std::uint32_t, std::size_t>> order;
    for (std::size_t i = 0; i < steps; ++i) {
        order.clear();
        for (std::size_t gi = 0; gi < groups.size(); ++gi)
            if (groups[gi].first[i] != None)
                order.emplace_back(groups[gi].first[i], gi);
        std::sort(order.begin(), order.end());
        EvalValue& out = r.steps[i];
        out.type = ValueType::Vector;
        out.vector.reserve(order.size());
        for (const auto& [firstSeries, gi] : order) {
            Group& g = groups[gi];
            double unused = 0;
            bool unusedFlag = false;
            const bool avg = op == AggregateOp::Avg;
            const double v = AggregateAccumulator { g.value[i], g.kahan[i], avg ? g.mean[i] : unused,
                avg ? g.count[i] : unused, avg ? g.incremental[i] : unusedFlag }
                                 .result(op);
            out.vector.push_back(EvalSample { g.key, v, false });
        }
    }
    return r;
}

std::optional<Matrix> Evaluator::rangeSelector(const Expr& root)
{
    const Expr* e = &unwrapParens(root);
    if (e->kind != NodeKind::VectorSelector || m_step <= 0)
        return std::nullopt;
    const auto& vs = *static_cast<const VectorSelectorExpr*>(e);
    if (vs.smoothed || vs.mods.at != AtKind::None)
        return std::nullopt;
    const auto data = m_data.find(&vs);
    if (data == m_data.end())
        return std::nullopt;

    const std::size_t steps = std::size_t((m_end - m_start) / m_step) + 1;
    std::vector<std::size_t> perStep(steps, 0);
    std::size_t total = 0;
    Matrix out;
    std::vector<Point> points;
    const auto& series = data->second;
    for (std::size_t si = 0; si < series.size(); ++si) {
        if ((si & 63) == 0)
            checkCancel();
        const auto& samples = series[si].samples;
        points.clear();
        std::size_t hi = 0;
        for (std::size_t i = 0; i < steps; ++i) {
            const TimestampMs ts = m_start + TimestampMs(i) * m_step;
            const TimestampMs t = ts - vs.mods.offset;
            while (hi < samples.size() && samples[hi].t <= t)
                ++hi;
            if (hi == 0)
                continue;
            const tsdb::Sample& x = samples[hi - 1];
            if (x.t <= t - m_options.lookbackDelta || tsdb::isStaleNaN(x.v))
                continue;
            points.push_back(Point { ts, x.v });
            ++perStep[i];
        }
        if (points.empty())
            continue;
        total += points.size();
        out.push_back(Series { series[si].labels, points });
    }
    // the step path's limits: samples loaded per step, then points in the result
    for (std::size_t i = 0; i < steps; ++i)
        if (perStep[i] > m_options.maxSamples)
            throwEval(ErrorCode::Limit, TooManySamples);
    if (total > m_options.maxSamples)
        throwEval(ErrorCode::Limit, TooManySamples);
    std::sort(out.begin(), out.end(), [](const Series& a, const Series& b) { return a.metric < b.metric; });
    return out;
}

std::optional<Matrix> Evaluator::rangeFunction(const Expr& root)
{
    const Expr* e = &unwrapParens(root);
    if (e->kind != NodeKind::Call || m_step <= 0)
        return std::nullopt;
    const auto& call = *static_cast<const CallExpr*>(e);
    Inner kind = Inner::Selector;
    OverTimeFunction overTime = nullptr;
    if (!innerKind(call.func->name, kind, overTime) || call.args.size() != 1
        || call.args[0]->kind != NodeKind::MatrixSelector)
        return std::nullopt;
    const auto& ms = static_cast<const MatrixSelectorExpr&>(*call.args[0]);
    if (ms.anchored || ms.smoothed || ms.selector->mods.at != AtKind::None)
        return std::nullopt;
    const auto data = m_data.find(ms.selector.get());
    if (data == m_data.end())
        return std::nullopt;

    const bool keepName = std::string_view(call.func->name) == "last_over_time";
    std::vector<std::size_t> perStep(std::size_t((m_end - m_start) / m_step) + 1, 0);
    RangeMatrixBuilder out(m_options.maxSamples);
    std::vector<Point> points;
    const auto& series = data->second;
    for (std::size_t si = 0; si < series.size(); ++si) {
        if ((si & 63) == 0)
            checkCancel();
        const SelectedSeries& s = series[si];
        points.clear();
        const bool produced = rangeFunctionSteps(s, ms, kind, overTime, m_start, m_step, perStep,
            [&](std::size_t i, double v) { points.push_back(Point { m_start + TimestampMs(i) * m_step, v }); });
        if (!produced)
            continue;
        const std::string_view metric = s.labels.metricName();
        if (looksLikeNoCounter(kind, metric))
            info("metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \""
                    + std::string(metric) + "\"",
                ms.where);
        out.add(keepName ? s.labels : dropMetricName(s.labels), points);
    }
    for (const std::size_t n : perStep)
        if (n > m_options.maxSamples)
            throwEval(ErrorCode::Limit, TooManySamples);
    return out.finish();
}

void RangeMatrixBuilder::add(Labels metric, std::vector<Point> points)
{
    m_points += points.size();
    if (m_points > m_maxPoints)
        throwEval(ErrorCode::Limit, TooManySamples);
    const auto [pos, added] = m_index.emplace(std::move(metric), m_out.size());
    if (added) {
        m_out.push_back(Series { pos->first, std::move(points) });
        m_contributors.push_back(1);
        return;
    }
    auto& merged = m_out[pos->second].points;
    merged.insert(merged.end(), points.begin(), points.end());
    ++m_contributors[pos->second];
}

Matrix RangeMatrixBuilder::finish()
{
    for (std::size_t k = 0; k < m_out.size(); ++k) {
        if (m_contributors[k] < 2)
            continue;
        auto& points = m_out[k].points;
        std::stable_sort(points.begin(), points.end(), [](const Point& a, const Point& b) { return a.t < b.t; });
        for (std::size_t j = 1; j < points.size(); ++j)
            if (points[j].t == points[j - 1].t)
                throwEval(ErrorCode::Execution, "vector cannot contain metrics with the same labelset");
    }
    std::sort(m_out.begin(), m_out.end(), [](const Series& a, const Series& b) { return a.metric < b.metric; });
    return std::move(m_out);
}

bool Evaluator::rangeAggregate(const AggregateExpr& a, TimestampMs ts, EvalValue& out)
{
    if (m_step <= 0 || m_end <= m_start || ts < m_start || ts > m_end || (ts - m_start) % m_step != 0)
        return false;
    auto found = m_rangeAggregates.find(&a);
    if (found == m_rangeAggregates.end())
        found = m_rangeAggregates.emplace(&a, computeRangeAggregate(a)).first;
    RangeAggregate& r = found->second;
    if (!r.qualifies)
        return false;
    const std::size_t i = std::size_t((ts - m_start) / m_step);
    if (r.taken[i])
        return false;
    r.taken[i] = 1;
    countSamples(r.samples[i]);
    out = std::move(r.steps[i]);
    return true;
}

} // namespace sg::promql
