// Selection of stored data: preload once per selector, then instant/range lookups per step, and subqueries.

#include "evaluator.h"

#include <algorithm>

namespace sg::promql {

void Evaluator::collect(const Expr& e, TimestampMs minT, TimestampMs maxT)
{
    switch (e.kind) {
    case NodeKind::VectorSelector: {
        const auto& vs = static_cast<const VectorSelectorExpr&>(e);
        if (vs.mods.at != AtKind::None)
            minT = maxT = resolveAt(vs.mods, minT);
        TimestampMs from = minT - vs.mods.offset - m_options.lookbackDelta;
        TimestampMs to = maxT - vs.mods.offset + (vs.smoothed ? m_options.lookbackDelta : 0);
        auto [it, inserted] = m_ranges.emplace(&vs, std::make_pair(from, to));
        if (!inserted) {
            it->second.first = std::min(it->second.first, from);
            it->second.second = std::max(it->second.second, to);
        }
        return;
    }
    case NodeKind::MatrixSelector: {
        const auto& ms = static_cast<const MatrixSelectorExpr&>(e);
        const auto& vs = *ms.selector;
        if (vs.mods.at != AtKind::None)
            minT = maxT = resolveAt(vs.mods, minT);
        TimestampMs from = minT - vs.mods.offset - ms.range;
        TimestampMs to = maxT - vs.mods.offset;
        if (ms.anchored || ms.smoothed)
            from -= m_options.lookbackDelta;
        if (ms.smoothed)
            to += m_options.lookbackDelta;
        auto [it, inserted] = m_ranges.emplace(&vs, std::make_pair(from, to));
        if (!inserted) {
            it->second.first = std::min(it->second.first, from);
            it->second.second = std::max(it->second.second, to);
        }
        return;
    }
    case NodeKind::Subquery: {
        const auto& sq = static_cast<const SubqueryExpr&>(e);
        if (sq.mods.at != AtKind::None)
            minT = maxT = resolveAt(sq.mods, minT);
        collect(*sq.expr, minT - sq.mods.offset - sq.range, maxT - sq.mods.offset);
        return;
    }
    case NodeKind::Paren: collect(*static_cast<const ParenExpr&>(e).expr, minT, maxT); return;
    case NodeKind::Unary: collect(*static_cast<const UnaryExpr&>(e).expr, minT, maxT); return;
    case NodeKind::Binary:
        collect(*static_cast<const BinaryExpr&>(e).lhs, minT, maxT);
        collect(*static_cast<const BinaryExpr&>(e).rhs, minT, maxT);
        return;
    case NodeKind::Aggregate:
        if (static_cast<const AggregateExpr&>(e).param)
            collect(*static_cast<const AggregateExpr&>(e).param, minT, maxT);
        collect(*static_cast<const AggregateExpr&>(e).expr, minT, maxT);
        return;
    case NodeKind::Call: {
        const auto& c = static_cast<const CallExpr&>(e);
        if (c.infoSelector) {
            collect(*c.args[0], minT, maxT);
            TimestampMs a = infoTime(*c.args[0], minT), b = infoTime(*c.args[0], maxT);
            collect(*c.infoSelector, std::min(a, b), std::max(a, b));
            return;
        }
        for (const auto& a : c.args)
            collect(*a, minT, maxT);
        return;
    }
    case NodeKind::Number:
    case NodeKind::String: return;
    }
}

void Evaluator::preload(const Expr& root)
{
    collect(root, m_start, m_end);
    std::size_t total = 0;
    for (const auto& [vs, range] : m_ranges) {
        checkCancel();
        auto selected = m_querier.select(vs->matchers, range.first, range.second);
        std::vector<SelectedSeries> out;
        out.reserve(selected.size());
        for (auto& s : selected) {
            SelectedSeries ss;
            ss.labels = std::move(s.labels);
            ss.samples = std::move(s.samples);
            total += ss.samples.size();
            bool anyStale = std::any_of(ss.samples.begin(), ss.samples.end(), [](const tsdb::Sample& x) { return tsdb::isStaleNaN(x.v); });
            if (anyStale)
                std::copy_if(ss.samples.begin(), ss.samples.end(), std::back_inserter(ss.nonStale),
                    [](const tsdb::Sample& x) { return !tsdb::isStaleNaN(x.v); });
            out.push_back(std::move(ss));
        }
        m_data[vs] = std::move(out);
    }
    (void)total;
}

EvalValue Evaluator::evalVectorSelector(const VectorSelectorExpr& vs, TimestampMs ts)
{
    EvalValue out;
    out.type = ValueType::Vector;
    TimestampMs t = resolveAt(vs.mods, ts) - vs.mods.offset;
    TimestampMs lower = t - m_options.lookbackDelta;
    const auto& series = m_data[&vs];
    std::size_t polled = 0;
    for (const auto& s : series) {
        if ((++polled & 4095) == 0)
            checkCancel();
        // outside the series' time span (the many empty steps of a long subquery): no search
        if (s.samples.empty() || t < s.samples.front().t || s.samples.back().t <= lower)
            continue;
        auto it = std::upper_bound(s.samples.begin(), s.samples.end(), t,
            [](TimestampMs x, const tsdb::Sample& smp) { return x < smp.t; });
        if (it == s.samples.begin())
            continue;
        --it;
        if (it->t <= lower || tsdb::isStaleNaN(it->v))
            continue;
        double v = it->v;
        if (vs.smoothed && it->t < t) {
            // interpolate towards the next sample when it is within the lookback delta
            auto next = std::next(it);
            if (next != s.samples.end() && next->t < t + m_options.lookbackDelta && !tsdb::isStaleNaN(next->v))
                v = it->v + (next->v - it->v) * double(t - it->t) / double(next->t - it->t);
        }
        out.vector.push_back(EvalSample { s.labels, v, false, it->t });
    }
    countSamples(out.vector.size());
    return out;
}

namespace {

/// The first sample after `x` in [from, end): a few steps forward, then a binary search (std::upper_bound's answer).
std::vector<tsdb::Sample>::const_iterator firstAfter(
    std::vector<tsdb::Sample>::const_iterator from, std::vector<tsdb::Sample>::const_iterator end, TimestampMs x)
{
    for (int k = 0; k < 8 && from != end; ++k, ++from)
        if (from->t > x)
            return from;
    return std::upper_bound(from, end, x, [](TimestampMs v, const tsdb::Sample& smp) { return v < smp.t; });
}

} // namespace

EvalValue Evaluator::evalMatrixSelector(const MatrixSelectorExpr& ms, TimestampMs ts)
{
    EvalValue out;
    out.type = ValueType::Matrix;
    const auto& vs = *ms.selector;
    TimestampMs t = resolveAt(vs.mods, ts) - vs.mods.offset;
    out.matrix.rangeStart = t - ms.range;
    out.matrix.rangeEnd = t;
    out.matrix.range = ms.range;
    out.matrix.anchored = ms.anchored;
    out.matrix.smoothed = ms.smoothed;
    std::size_t n = 0;
    std::size_t polled = 0;
    const auto& selected = m_data[&vs];
    MatrixCursor& cursor = m_matrixCursors[&ms];
    if (t < cursor.lastT || cursor.pos.size() != selected.size())
        cursor.pos.assign(selected.size(), { 0, 0 }); // a step back (or the first): search from the start
    cursor.lastT = t;
    for (std::size_t i = 0; i < selected.size(); ++i) {
        const SelectedSeries& s = selected[i];
        if ((++polled & 4095) == 0)
            checkCancel();
        const auto& samples = s.nonStale.empty() ? s.samples : s.nonStale;
        // no sample in (t - range, t] (the many empty steps of a long subquery): no search
        if (!ms.anchored && !ms.smoothed
            && (samples.empty() || samples.front().t > t || samples.back().t <= t - ms.range))
            continue;
        // Every sample before the last window's bounds is at or before this window's (t only grows), so the first
        // sample after each bound is found from there: a few steps forward, or a binary search past that.
        auto& [loPos, hiPos] = cursor.pos[i];
        auto lo = firstAfter(samples.begin() + std::ptrdiff_t(loPos), samples.end(), t - ms.range);
        loPos = std::size_t(lo - samples.begin());
        auto hi = firstAfter(samples.begin() + std::ptrdiff_t(std::max(loPos, hiPos)), samples.end(), t);
        hiPos = std::size_t(hi - samples.begin());
        if (ms.smoothed && hi != samples.end() && hi->t < t + m_options.lookbackDelta)
            ++hi; // the first sample after the end
        if (lo == hi)
            continue;
        if ((ms.anchored || ms.smoothed) && lo != samples.begin() && std::prev(lo)->t > t - ms.range - m_options.lookbackDelta)
            --lo; // the last sample at or before the start
        // a series whose only samples are stale markers has an empty nonStale copy: skip it
        if (s.nonStale.empty() && tsdb::isStaleNaN(lo->v))
            continue;
        out.matrix.series.push_back(EvalSeries { &s.labels, std::span<const tsdb::Sample>(&*lo, std::size_t(hi - lo)), false });
        n += std::size_t(hi - lo);
    }
    countSamples(n);
    return out;
}

void Evaluator::SubqueryCache::append(const EvalSample& sample, TimestampMs t)
{
    auto pos = index.find(sample.metric);
    if (pos == index.end()) {
        pos = index.emplace(sample.metric, series.size()).first;
        series.push_back(Series { std::make_shared<const Labels>(sample.metric), sample.dropName,
            std::make_shared<std::vector<tsdb::Sample>>(), 0 });
        sorted = sorted && (series.size() < 2 || *series[series.size() - 2].metric < *series.back().metric);
    }
    Series& s = series[pos->second];
    if (s.samples.use_count() > 1) {
        // a matrix handed out earlier still reads these samples: this step appends to a copy
        s.samples = std::make_shared<std::vector<tsdb::Sample>>(s.samples->begin() + std::ptrdiff_t(s.begin), s.samples->end());
        s.begin = 0;
    } else if (s.begin > 64 && s.begin * 2 > s.samples->size()) {
        s.samples->erase(s.samples->begin(), s.samples->begin() + std::ptrdiff_t(s.begin));
        s.begin = 0;
    }
    s.samples->push_back(tsdb::Sample { t, sample.v });
}

void Evaluator::SubqueryCache::reindex()
{
    index.clear();
    for (std::size_t i = 0; i < series.size(); ++i)
        index.emplace(*series[i].metric, i);
}

EvalValue Evaluator::evalSubquery(const SubqueryExpr& sq, TimestampMs ts)
{
    EvalValue out;
    out.type = ValueType::Matrix;
    TimestampMs t = resolveAt(sq.mods, ts) - sq.mods.offset;
    DurationMs step = sq.step > 0 ? sq.step : DefaultSubqueryStepMs;
    TimestampMs first = step * ((t - sq.range) / step);
    if (first <= t - sq.range)
        first += step;
    out.matrix.rangeStart = t - sq.range;
    out.matrix.rangeEnd = t;
    out.matrix.range = sq.range;
    // The inner steps lie on one grid (multiples of `step`): a window that starts inside the evaluated steps, or right
    // after them, reuses them; any other start (steps evaluated out of order) starts again.
    SubqueryCache& cache = m_subqueryCache[&sq];
    if (!cache.any || first < cache.lo || first > cache.hi + step) {
        cache.series.clear();
        cache.index.clear();
        cache.any = true;
        cache.sorted = true;
        cache.hi = first - step;
    }
    cache.lo = first;
    for (TimestampMs it = cache.hi + step; it <= t; it += step) {
        checkCancel();
        const EvalValue r = eval(*sq.expr, it);
        cache.hi = it;
        if (r.type == ValueType::Scalar)
            cache.append(EvalSample { emptyLabels(), r.scalar, false }, it);
        else
            for (const EvalSample& s : r.vector)
                cache.append(s, it);
    }
    if (!cache.sorted) {
        // in label order once, when series are added, rather than sorting the matrix at every step
        std::sort(cache.series.begin(), cache.series.end(),
            [](const SubqueryCache::Series& a, const SubqueryCache::Series& b) { return *a.metric < *b.metric; });
        cache.reindex();
        cache.sorted = true;
    }
    std::size_t n = 0;
    std::size_t gone = 0;
    for (SubqueryCache::Series& s : cache.series) {
        const std::vector<tsdb::Sample>& v = *s.samples;
        while (s.begin < v.size() && v[s.begin].t < first)
            ++s.begin;
        // a step evaluated earlier may lie after this window's end (an `@` or a step out of order)
        const auto end = std::upper_bound(v.begin() + std::ptrdiff_t(s.begin), v.end(), t,
            [](TimestampMs x, const tsdb::Sample& smp) { return x < smp.t; });
        const std::size_t count = std::size_t(end - v.begin()) - s.begin;
        if (s.begin == v.size())
            ++gone;
        if (count == 0)
            continue;
        out.matrix.series.push_back(EvalSeries { s.metric.get(), std::span<const tsdb::Sample>(v.data() + s.begin, count), s.dropName });
        out.matrix.owned.push_back(s.samples);
        out.matrix.ownedLabels.push_back(s.metric);
        n += count;
    }
    if (gone > 32 && gone * 2 > cache.series.size()) {
        // series that ended long ago: forget them (a range query over churning series)
        std::erase_if(cache.series, [](const SubqueryCache::Series& s) { return s.begin == s.samples->size(); });
        cache.reindex();
    }
    countSamples(n);
    return out;
}

} // namespace sg::promql
