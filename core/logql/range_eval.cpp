// Range aggregations (count_over_time, rate, *_over_time over unwrapped values): one pass over each stream's
// entries builds per-series samples; a sliding window then yields every step's value.

#include "evaluator.h"
#include "lexer.h"
#include "line_scan.h"
#include "pipeline.h"

#include "core/common/saturating.h"
#include "core/logstore/parallel_for.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <limits>
#include <unordered_map>

namespace sg::logql::detail {

namespace {

/// Below this many entries a range aggregation's pipeline runs on the query's thread alone.
constexpr std::size_t ParallelMinEntries = 20'000;

struct TimedValue
{
    TimestampNs ts;
    double v;
};

struct SeriesSamples
{
    Labels labels;
    std::vector<TimedValue> samples;
};

double quantile(double q, std::vector<double> values)
{
    if (values.empty())
        return std::numeric_limits<double>::quiet_NaN();
    if (q < 0)
        return -std::numeric_limits<double>::infinity();
    if (q > 1)
        return std::numeric_limits<double>::infinity();
    std::sort(values.begin(), values.end());
    double rank = q * double(values.size() - 1);
    std::size_t lo = std::size_t(std::floor(rank));
    std::size_t hi = std::min(lo + 1, values.size() - 1);
    double w = rank - double(lo);
    return values[lo] * (1 - w) + values[hi] * w;
}

/// Prometheus' extrapolated counter rate over the window (wStart, wEnd], in seconds.
double counterRate(const TimedValue* b, const TimedValue* e, TimestampNs wStart, TimestampNs wEnd, double rangeSec)
{
    std::size_t n = std::size_t(e - b);
    if (n < 2)
        return 0; // as Loki: a single sample in the window gives 0
    double delta = e[-1].v - b[0].v;
    for (const TimedValue* p = b + 1; p < e; ++p)
        if (p->v < p[-1].v)
            delta += p[-1].v;
    double sampled = double(e[-1].ts - b[0].ts) / 1e9;
    double avgInterval = sampled / double(n - 1);
    double toStart = double(b[0].ts - wStart) / 1e9;
    double toEnd = double(wEnd - e[-1].ts) / 1e9;
    // Clamp to half an interval first, then to where the counter would reach zero (Prometheus' order).
    const double threshold = avgInterval * 1.1;
    if (toStart >= threshold)
        toStart = avgInterval / 2;
    if (toEnd >= threshold)
        toEnd = avgInterval / 2;
    if (delta > 0 && b[0].v >= 0) {
        double toZero = sampled * (b[0].v / delta);
        if (toZero < toStart)
            toStart = toZero;
    }
    double extrapolate = sampled + toStart + toEnd;
    return delta * (extrapolate / sampled) / rangeSec;
}

double aggregate(const Expr& expr, const TimedValue* b, const TimedValue* e, TimestampNs wStart, TimestampNs wEnd)
{
    const double rangeSec = double(expr.logRange->range) / 1000.0;
    std::size_t n = std::size_t(e - b);
    double sum = 0;
    for (const TimedValue* p = b; p < e; ++p)
        sum += p->v;
    switch (expr.rangeOp) {
    case RangeOp::CountOverTime: return double(n);
    case RangeOp::Rate: return expr.logRange->unwrap ? sum / rangeSec : double(n) / rangeSec;
    case RangeOp::BytesOverTime: return sum;
    case RangeOp::BytesRate: return sum / rangeSec;
    case RangeOp::SumOverTime: return sum;
    case RangeOp::AvgOverTime: return sum / double(n);
    case RangeOp::MaxOverTime: {
        double m = b->v;
        for (const TimedValue* p = b; p < e; ++p)
            if (p->v > m || std::isnan(m))
                m = p->v;
        return m;
    }
    case RangeOp::MinOverTime: {
        double m = b->v;
        for (const TimedValue* p = b; p < e; ++p)
            if (p->v < m || std::isnan(m))
                m = p->v;
        return m;
    }
    case RangeOp::FirstOverTime: return b->v;
    case RangeOp::LastOverTime: return e[-1].v;
    case RangeOp::StddevOverTime:
    case RangeOp::StdvarOverTime: {
        double mean = sum / double(n);
        double var = 0;
        for (const TimedValue* p = b; p < e; ++p)
            var += (p->v - mean) * (p->v - mean);
        var /= double(n);
        return expr.rangeOp == RangeOp::StdvarOverTime ? var : std::sqrt(var);
    }
    case RangeOp::QuantileOverTime: {
        std::vector<double> vals;
        vals.reserve(n);
        for (const TimedValue* p = b; p < e; ++p)
            vals.push_back(p->v);
        return quantile(expr.param.value_or(0), std::move(vals));
    }
    case RangeOp::RateCounter: return counterRate(b, e, wStart, wEnd, rangeSec);
    case RangeOp::AbsentOverTime: return 1;
    }
    return 0;
}

bool convertUnwrapped(const Unwrap& u, std::string_view text, double& out)
{
    std::string s(text);
    switch (u.conversion) {
    case UnwrapConversion::None: {
        char* end = nullptr;
        out = std::strtod(s.c_str(), &end);
        return !s.empty() && end == s.c_str() + s.size();
    }
    case UnwrapConversion::Bytes: return parseBytes(s, out);
    case UnwrapConversion::Duration:
    case UnwrapConversion::DurationSeconds: return parseGoDuration(s, out);
    }
    return false;
}

Labels groupLabels(const Labels& l, const Grouping& g)
{
    if (!g.present)
        return l;
    return g.without ? l.without(g.labels) : l.keepOnly(g.labels);
}

} // namespace

StepValue evalRangeAggregation(const Expr& expr, EvalContext& ctx)
{
    const LogRange& r = *expr.logRange;
    // Leading line filters run inside the store's chunk scan when it can (errors surface from the full build).
    const auto* scanner = dynamic_cast<const logs::LineScanQuerier*>(&ctx.querier);
    PushedFilters pushed;
    if (scanner && Pipeline::build(r.selector.stages).ok())
        pushed = pushableFilters(r.selector.stages);
    auto pipeline = Pipeline::build(r.selector.stages, pushed.stages);
    if (!pipeline.ok())
        throw EvalFailure { pipeline.error() };
    const TimestampNs rangeNs = msToNs(r.range);
    const TimestampNs offsetNs = msToNs(r.offset);
    const TimestampNs firstEnd = saturatingSub(saturatingMsToNs(ctx.steps.front()), offsetNs);
    const TimestampNs lastEnd = saturatingSub(saturatingMsToNs(ctx.steps.back()), offsetNs);
    // Windows are (t - range, t]; the store's select is [start, end).
    const TimestampNs selStart = saturatingAdd(saturatingSub(firstEnd, rangeNs), 1);
    const TimestampNs selEnd = saturatingAdd(lastEnd, 1);

    std::unordered_map<Labels, std::size_t, LabelsHash> index;
    std::vector<SeriesSamples> series;
    std::vector<logs::Stream> input;
    if (scanner && pipeline->empty() && !r.unwrap) {
        // Counting or summing line lengths: the store returns timestamps and lengths, never the lines.
        const bool bytes = expr.rangeOp == RangeOp::BytesOverTime || expr.rangeOp == RangeOp::BytesRate;
        auto seriesOf = [&](const Labels& entryLabels) -> std::vector<TimedValue>& {
            Labels labels = groupLabels(entryLabels, expr.grouping);
            auto [it, inserted] = index.try_emplace(labels, series.size());
            if (inserted)
                series.push_back(SeriesSamples { std::move(labels), {} });
            return series[it->second].samples;
        };
        for (auto& m : scanner->scanMatching(r.selector.matchers, selStart, selEnd, pushed.scan)) {
            ctx.checkCancel();
            auto* plain = &seriesOf(m.labels);
            plain->reserve(plain->size() + m.ts.size());
            std::size_t nextMeta = 0;
            for (std::size_t i = 0; i < m.ts.size(); ++i) {
                const TimedValue sample { m.ts[i], bytes ? double(m.lineBytes[i]) : 1.0 };
                if (nextMeta < m.metadata.size() && m.metadata[nextMeta].first == i) {
                    // Structured metadata becomes labels of the entry's series.
                    LabelsBuilder lb(m.labels);
                    lb.addMetadata(m.metadata[nextMeta++].second);
                    seriesOf(lb.labels()).push_back(sample);
                    plain = &seriesOf(m.labels); // the vector of series may have grown
                } else {
                    plain->push_back(sample);
                }
            }
        }
    } else if (scanner && pushed.stages > 0) {
        input = scanner->selectMatching(r.selector.matchers, selStart, selEnd, pushed.scan);
    } else {
        input = ctx.querier.select(r.selector.matchers, selStart, selEnd);
    }

    // The pipeline runs per stream, streams in parallel (one per core) into their own series, merged in stream
    // order afterwards: the same series, in the same sample order, as one thread would give.
    struct Local
    {
        std::unordered_map<Labels, std::size_t, LabelsHash> index;
        std::vector<SeriesSamples> series;
    };
    auto processStream = [&](const logs::Stream& s, Local& local) {
        std::size_t processed = 0;
        for (const logs::LogEntry& e : s.entries) {
            if ((++processed & 0xFFF) == 0)
                ctx.checkCancel();
            std::string line = e.line;
            LabelsBuilder lb(s.labels);
            lb.addMetadata(e.metadata);
            if (!pipeline->process(e.ts, line, lb))
                continue;
            double v = 1;
            if (expr.rangeOp == RangeOp::BytesOverTime || expr.rangeOp == RangeOp::BytesRate) {
                v = double(line.size());
            } else if (r.unwrap) {
                auto text = lb.get(r.unwrap->label);
                if (!text && !lb.hasError())
                    continue;  // entries without the label yield no sample
                if (!lb.hasError()) {
                    if (!text || !convertUnwrapped(*r.unwrap, *text, v)) {
                        v = 0;
                        lb.setError("SampleExtractionErr",
                            "strconv.ParseFloat: parsing \"" + std::string(text.value_or("")) + "\": invalid syntax");
                    }
                }
                bool keep = true;
                for (const auto& f : r.unwrap->postFilters)
                    keep = keep && evalLabelFilter(*f, lb);
                if (!keep)
                    continue;
                lb.remove(r.unwrap->label);
            }
            Labels labels = groupLabels(
                pipeline->empty() && !r.unwrap && e.metadata.empty() ? s.labels : lb.labels(), expr.grouping);
            auto [it, inserted] = local.index.try_emplace(labels, local.series.size());
            if (inserted)
                local.series.push_back(SeriesSamples { std::move(labels), {} });
            local.series[it->second].samples.push_back(TimedValue { e.ts, v });
        }
    };
    std::vector<Local> locals(input.size());
    std::size_t entries = 0;
    for (const auto& st : input)
        entries += st.entries.size();
    std::mutex failureMutex;
    std::exception_ptr failure;
    std::atomic<bool> failed { false };
    logs::parallelFor(input.size(), entries >= ParallelMinEntries ? 0 : 1, [&](std::size_t i) {
        if (failed.load(std::memory_order_relaxed))
            return;
        try {
            ctx.checkCancel();
            processStream(input[i], locals[i]);
        } catch (...) { // no exception leaves a worker: the first is rethrown on the query's thread
            std::lock_guard lock(failureMutex);
            if (!failure)
                failure = std::current_exception();
            failed = true;
        }
    });
    if (failure)
        std::rethrow_exception(failure);
    for (Local& local : locals)
        for (SeriesSamples& ls : local.series) {
            auto [it, inserted] = index.try_emplace(ls.labels, series.size());
            if (inserted) {
                series.push_back(std::move(ls));
            } else {
                auto& dst = series[it->second].samples;
                dst.insert(dst.end(), ls.samples.begin(), ls.samples.end());
            }
        }

    StepValue out;
    out.vectors.resize(ctx.steps.size());
    std::vector<bool> anyInStep(ctx.steps.size(), false);
    for (SeriesSamples& s : series) {
        if (!s.labels.get(ErrorLabel).empty())
            throwExecution("pipeline error: '" + std::string(s.labels.get(ErrorLabel)) + "' for series: '"
                + s.labels.toString() + "'. Use a label filter to intentionally skip this error. (e.g | __error__!=\""
                + std::string(s.labels.get(ErrorLabel)) + "\"). To skip all potential errors you can match empty "
                "errors.(e.g __error__=\"\")");
        // Entries of several streams can land in one series after the pipeline: restore time order.
        std::stable_sort(s.samples.begin(), s.samples.end(),
            [](const TimedValue& a, const TimedValue& b) { return a.ts < b.ts; });
        std::size_t lo = 0, hi = 0;
        for (std::size_t i = 0; i < ctx.steps.size(); ++i) {
            TimestampNs wEnd = saturatingSub(saturatingMsToNs(ctx.steps[i]), offsetNs);
            TimestampNs wStart = saturatingSub(wEnd, rangeNs);
            while (hi < s.samples.size() && s.samples[hi].ts <= wEnd)
                ++hi;
            while (lo < hi && s.samples[lo].ts <= wStart)
                ++lo;
            if (lo == hi)
                continue;
            anyInStep[i] = true;
            if (expr.rangeOp == RangeOp::AbsentOverTime)
                continue;
            double v = aggregate(expr, s.samples.data() + lo, s.samples.data() + hi, wStart, wEnd);
            if (expr.rangeOp == RangeOp::RateCounter && std::isnan(v))
                continue;
            out.vectors[i].push_back(promql::Sample { s.labels, ctx.steps[i], v });
        }
    }
    if (expr.rangeOp == RangeOp::AbsentOverTime) {
        std::vector<Label> eq;
        for (const auto& m : r.selector.matchers)
            if (m.type() == MatchType::Equal)
                eq.push_back(Label { m.name(), m.value() });
        Labels absentLabels(std::move(eq));
        for (std::size_t i = 0; i < ctx.steps.size(); ++i)
            if (!anyInStep[i])
                out.vectors[i].push_back(promql::Sample { absentLabels, ctx.steps[i], 1 });
    }
    return out;
}

} // namespace sg::logql::detail
