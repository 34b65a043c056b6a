// Functions over range vectors: rate/increase/delta with Prometheus' extrapolation, irate/idelta, *_over_time,
// changes, resets, deriv, predict_linear, double_exponential_smoothing.

#include "evaluator.h"
#include "functions_table.h"
#include "kahan.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace sg::promql {

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
using Samples = std::span<const tsdb::Sample>;

double interpolate(const tsdb::Sample& p1, const tsdb::Sample& p2, TimestampMs t, bool isCounter, bool leftEdge)
{
    (void)leftEdge;
    double y1 = p1.v, y2 = p2.v;
    if (isCounter && y2 < y1)
        y1 = 0; // a reset between the two samples: the counter restarted from zero
    return y1 + (y2 - y1) * double(t - p1.t) / double(p2.t - p1.t);
}

/// rate/increase/delta over an `anchored` or `smoothed` range: the difference between the values at the
/// window edges (picked or interpolated), with counter resets inside the window added back; no extrapolation.
std::optional<double> extendedRate(Samples f, TimestampMs rangeStart, TimestampMs rangeEnd, DurationMs range,
    bool smoothed, bool isCounter, bool isRate)
{
    if (f.empty())
        return std::nullopt;
    auto search = [&](std::size_t n, auto pred) {
        for (std::size_t i = 0; i < n; ++i)
            if (pred(f[i]))
                return i;
        return n;
    };
    std::size_t last = f.size() - 1;
    std::size_t firstSearch = search(last, [&](const tsdb::Sample& s) { return s.t > rangeStart; });
    std::size_t first = firstSearch > 0 ? firstSearch - 1 : 0;
    if (smoothed)
        last = search(last, [&](const tsdb::Sample& s) { return s.t >= rangeEnd; });
    if (f[last].t <= rangeStart || f.front().t > rangeEnd)
        return std::nullopt; // data only before or only after the window
    double left = (smoothed && f[first].t < rangeStart) ? interpolate(f[first], f[first + 1], rangeStart, isCounter, true) : f[first].v;
    double right = (smoothed && last > 0 && f[last].t > rangeEnd) ? interpolate(f[last - 1], f[last], rangeEnd, isCounter, false) : f[last].v;
    double result = right - left;
    if (isCounter) {
        if (f[first].t <= rangeStart)
            ++first;
        if (f[last].t >= rangeEnd && last > 0)
            --last;
        double correction = 0, prev = left;
        for (std::size_t i = first; i <= last && i < f.size(); ++i) {
            if (f[i].v < prev)
                correction += prev;
            prev = f[i].v;
        }
        if (right < prev)
            correction += prev;
        result += correction;
    }
    if (isRate)
        result /= double(range) / 1000.0;
    return result;
}

std::pair<double, double> linearRegression(Samples s, TimestampMs interceptTime)
{
    double n = 0, sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
    double initY = s[0].v;
    bool constY = true;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (constY && i > 0 && s[i].v != initY)
            constY = false;
        n += 1;
        double x = double(s[i].t - interceptTime) / 1e3;
        std::tie(sumX, cX) = kahanSumInc(x, sumX, cX);
        std::tie(sumY, cY) = kahanSumInc(s[i].v, sumY, cY);
        std::tie(sumXY, cXY) = kahanSumInc(x * s[i].v, sumXY, cXY);
        std::tie(sumX2, cX2) = kahanSumInc(x * x, sumX2, cX2);
    }
    if (constY) {
        if (std::isinf(initY))
            return { NaN, NaN };
        return { 0, initY };
    }
    sumX += cX;
    sumY += cY;
    sumXY += cXY;
    sumX2 += cX2;
    double covXY = sumXY - sumX * sumY / n;
    double varX = sumX2 - sumX * sumX / n;
    double slope = covXY / varX;
    double intercept = sumY / n - slope * sumX / n;
    return { slope, intercept };
}

double avgOverTime(Samples s)
{
    double sum = 0, mean = 0, count = 0, c = 0;
    bool incremental = false;
    for (const auto& x : s) {
        count += 1;
        if (!incremental) {
            auto [ns, nc] = kahanSumInc(x.v, sum, c);
            if (count == 1 || !std::isinf(ns)) {
                sum = ns;
                c = nc;
                continue;
            }
            incremental = true;
            mean = sum / (count - 1);
            c /= count - 1;
        }
        double q = (count - 1) / count;
        std::tie(mean, c) = kahanSumInc(x.v / count, q * mean, q * c);
    }
    if (incremental)
        return mean + c;
    return sum / count + c / count;
}

double varianceOverTime(Samples s)
{
    double count = 0, mean = 0, cMean = 0, aux = 0, cAux = 0;
    for (const auto& x : s) {
        count += 1;
        double delta = x.v - (mean + cMean);
        std::tie(mean, cMean) = kahanSumInc(delta / count, mean, cMean);
        std::tie(aux, cAux) = kahanSumInc(delta * (x.v - (mean + cMean)), aux, cAux);
    }
    return (aux + cAux) / count;
}

double median(std::vector<double> v) { return quantileOf(0.5, std::move(v)); }

bool endsWith(std::string_view s, std::string_view suffix) { return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix; }

/// Prometheus' min/max_over_time: the first value that no later value beats (`better`), where a NaN is beaten by
/// anything. After the leading NaNs the running best is never NaN, so four independent bests are kept (a chain
/// of compares one after the other took ten times as long over a subquery's windows). Where they meet at zero the
/// sign of the first zero counts, so that case takes the plain loop.
template <class Better> double extremeOverTime(Samples s, Better better)
{
    const auto serial = [&] {
        double r = s[0].v;
        for (const auto& x : s)
            if (better(x.v, r) || std::isnan(r))
                r = x.v;
        return r;
    };
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n && std::isnan(s[i].v))
        ++i;
    if (i == n)
        return s[n - 1].v;
    double best[4] = { s[i].v, s[i].v, s[i].v, s[i].v };
    for (++i; i + 4 <= n; i += 4)
        for (std::size_t k = 0; k < 4; ++k)
            best[k] = better(s[i + k].v, best[k]) ? s[i + k].v : best[k];
    for (; i < n; ++i)
        best[0] = better(s[i].v, best[0]) ? s[i].v : best[0];
    for (std::size_t k = 1; k < 4; ++k)
        best[0] = better(best[k], best[0]) ? best[k] : best[0];
    return best[0] == 0 ? serial() : best[0];
}

} // namespace

std::optional<double> instantValue(Samples s, bool isRate)
{
    if (s.size() < 2)
        return std::nullopt;
    const auto& last = s[s.size() - 1];
    const auto& prev = s[s.size() - 2];
    double result = last.v - prev.v;
    if (isRate && last.v < prev.v)
        result = last.v;
    TimestampMs interval = last.t - prev.t;
    if (interval == 0)
        return std::nullopt;
    if (isRate)
        result /= double(interval) / 1000.0;
    return result;
}

OverTimeFunction overTimeFunction(std::string_view name)
{
    if (name == "avg_over_time")
        return [](Samples s) { return avgOverTime(s); };
    if (name == "sum_over_time")
        return [](Samples s) {
            double sum = 0, comp = 0;
            for (const auto& x : s)
                std::tie(sum, comp) = kahanSumInc(x.v, sum, comp);
            return sum + comp;
        };
    if (name == "count_over_time")
        return [](Samples s) { return double(s.size()); };
    if (name == "min_over_time")
        return [](Samples s) { return extremeOverTime(s, [](double a, double b) { return a < b; }); };
    if (name == "max_over_time")
        return [](Samples s) { return extremeOverTime(s, [](double a, double b) { return a > b; }); };
    if (name == "last_over_time")
        return [](Samples s) { return s.back().v; };
    if (name == "present_over_time")
        return [](Samples) { return 1.0; };
    return nullptr;
}

/// Prometheus' extrapolatedRate for float samples: the increase over the window, extrapolated towards the
/// window edges (but not beyond where a counter would reach zero), per second when `isRate`.
std::optional<double> extrapolatedRate(Samples s, TimestampMs rangeStart, TimestampMs rangeEnd, DurationMs range,
    bool isCounter, bool isRate, bool knownNoResets)
{
    if (s.size() < 2)
        return std::nullopt;
    double result = s.back().v - s.front().v;
    if (isCounter && !knownNoResets) {
        double last = 0;
        for (const auto& x : s) {
            if (x.v < last)
                result += last;
            last = x.v;
        }
    }
    double durationToStart = double(s.front().t - rangeStart) / 1000.0;
    double durationToEnd = double(rangeEnd - s.back().t) / 1000.0;
    double sampledInterval = double(s.back().t - s.front().t) / 1000.0;
    double averageDurationBetweenSamples = sampledInterval / double(s.size() - 1);
    double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
    if (durationToStart >= extrapolationThreshold)
        durationToStart = averageDurationBetweenSamples / 2;
    if (isCounter) {
        double durationToZero = durationToStart;
        if (result > 0 && s.front().v >= 0)
            durationToZero = sampledInterval * (s.front().v / result);
        if (durationToZero < durationToStart)
            durationToStart = durationToZero;
    }
    if (durationToEnd >= extrapolationThreshold)
        durationToEnd = averageDurationBetweenSamples / 2;
    double factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
    if (isRate)
        factor /= double(range) / 1000.0;
    return result * factor;
}

EvalValue Evaluator::evalRangeFunction(const CallExpr& c, TimestampMs ts)
{
    const std::string_view name = c.func->name;
    std::size_t matrixIndex = 0;
    std::vector<double> scalars(c.args.size(), 0);
    for (std::size_t i = 0; i < c.args.size(); ++i) {
        if (c.args[i]->type == ValueType::Matrix)
            matrixIndex = i;
        else
            scalars[i] = eval(*c.args[i], ts).scalar;
    }
    EvalValue in = eval(*c.args[matrixIndex], ts);
    const EvalMatrix& m = in.matrix;
    EvalValue out;
    out.type = ValueType::Vector;

    if (name == "absent_over_time") {
        if (m.series.empty()) {
            const Expr* arg = &unwrapParens(*c.args[0]);
            std::vector<Label> labels;
            if (arg->kind == NodeKind::MatrixSelector) {
                std::vector<std::string> seen;
                for (const auto& mt : static_cast<const MatrixSelectorExpr*>(arg)->selector->matchers) {
                    if (mt.name() == "__name__")
                        continue;
                    bool has = std::find(seen.begin(), seen.end(), mt.name()) != seen.end();
                    if (mt.type() == MatchType::Equal && !has) {
                        labels.push_back(Label { mt.name(), mt.value() });
                        seen.push_back(mt.name());
                    } else {
                        std::erase_if(labels, [&](const Label& l) { return l.name == mt.name(); });
                    }
                }
            }
            out.vector.push_back(EvalSample { Labels(std::move(labels)), 1, false });
        }
        return out;
    }
    if (name == "double_exponential_smoothing") {
        double sf = scalars[1], tf = scalars[2];
        if (!(sf > 0 && sf < 1))
            throwEval(ErrorCode::Execution, "invalid smoothing factor. Expected: 0 < sf < 1, got: " + formatNumber(sf), c.where);
        if (!(tf > 0 && tf < 1))
            throwEval(ErrorCode::Execution, "invalid trend factor. Expected: 0 < tf < 1, got: " + formatNumber(tf), c.where);
    }
    if (name == "quantile_over_time" && (scalars[0] < 0 || scalars[0] > 1))
        warn("quantile value should be between 0 and 1, got " + formatNumber(scalars[0]), c.args[0]->where);

    bool keepName = name == "last_over_time" || name == "first_over_time";
    const OverTimeFunction overTime = overTimeFunction(name);
    for (const auto& series : m.series) {
        Samples s = series.samples;
        if (s.empty())
            continue;
        std::optional<double> v;
        if (name == "rate" || name == "increase" || name == "delta") {
            if (m.anchored || m.smoothed)
                v = extendedRate(s, m.rangeStart, m.rangeEnd, m.range, m.smoothed, name != "delta", name == "rate");
            else
                v = extrapolatedRate(s, m.rangeStart, m.rangeEnd, m.range, name != "delta", name == "rate");
            std::string_view metric = series.metric->metricName();
            if (v && name != "delta" && !metric.empty() && !endsWith(metric, "_total")
                && !endsWith(metric, "_sum") && !endsWith(metric, "_count") && !endsWith(metric, "_bucket")) {
                info("metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \""
                        + std::string(metric) + "\"",
                    c.args[0]->where);
            }
        } else if (name == "irate" || name == "idelta") {
            v = instantValue(s, name == "irate");
        } else if (overTime) {
            v = overTime(s);
        } else if (name == "first_over_time") {
            v = s.front().v;
        } else if (name == "ts_of_last_over_time") {
            v = double(s.back().t) / 1000.0;
        } else if (name == "ts_of_first_over_time") {
            v = double(s.front().t) / 1000.0;
        } else if (name == "ts_of_max_over_time" || name == "ts_of_min_over_time") {
            bool isMax = name == "ts_of_max_over_time";
            double r = s[0].v;
            TimestampMs t = s[0].t;
            for (const auto& x : s)
                if ((isMax ? x.v >= r : x.v <= r) || std::isnan(r)) {
                    r = x.v;
                    t = x.t;
                }
            v = double(t) / 1000.0;
        } else if (name == "stddev_over_time") {
            v = std::sqrt(varianceOverTime(s));
        } else if (name == "stdvar_over_time") {
            v = varianceOverTime(s);
        } else if (name == "quantile_over_time") {
            std::vector<double> vals;
            for (const auto& x : s)
                vals.push_back(x.v);
            v = quantileOf(scalars[0], std::move(vals));
        } else if (name == "mad_over_time") {
            std::vector<double> vals;
            for (const auto& x : s)
                vals.push_back(x.v);
            if (std::any_of(vals.begin(), vals.end(), [](double x) { return std::isnan(x); })) {
                out.vector.push_back(EvalSample { *series.metric, NaN, true });
                continue;
            }
            double med = median(vals);
            for (double& x : vals)
                x = std::abs(x - med);
            v = median(std::move(vals));
        } else if (name == "changes" || name == "resets") {
            double count = 0;
            double prev = s[0].v;
            for (std::size_t i = 1; i < s.size(); ++i) {
                double cur = s[i].v;
                if (name == "changes") {
                    if (!(cur == prev || (std::isnan(cur) && std::isnan(prev))))
                        count += 1;
                } else if (cur < prev) {
                    count += 1;
                }
                prev = cur;
            }
            v = count;
        } else if (name == "deriv") {
            if (s.size() >= 2)
                v = linearRegression(s, s[0].t).first;
        } else if (name == "predict_linear") {
            if (s.size() >= 2) {
                auto [slope, intercept] = linearRegression(s, ts);
                v = slope * scalars[1] + intercept;
            }
        } else if (name == "double_exponential_smoothing") {
            if (s.size() >= 2) {
                double sf = scalars[1], tf = scalars[2];
                double s0 = 0, s1 = s[0].v, b = s[1].v - s[0].v;
                for (std::size_t i = 1; i < s.size(); ++i) {
                    double x = sf * s[i].v;
                    if (i > 1)
                        b = tf * (s1 - s0) + (1 - tf) * b;
                    double y = (1 - sf) * (s1 + b);
                    s0 = s1;
                    s1 = x + y;
                }
                v = s1;
            }
        } else {
            throwEval(ErrorCode::Execution, "function \"" + std::string(name) + "\" is not supported yet", c.where);
        }
        if (!v)
            continue;
        out.vector.push_back(EvalSample { *series.metric, *v, keepName ? series.dropName : true });
    }
    return out;
}

} // namespace sg::promql
