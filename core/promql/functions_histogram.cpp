// Classic (`le` bucket) histograms: histogram_quantile, histogram_quantiles, histogram_fraction.

#include "evaluator.h"
#include "functions_table.h"
#include "lexer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace sg::promql {

namespace {

double bucketQuantile(double q, std::vector<std::pair<double, double>> buckets, bool& forcedMonotonic)
{
    constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
    forcedMonotonic = false;
    if (std::isnan(q))
        return NaN;
    if (q < 0)
        return -std::numeric_limits<double>::infinity();
    if (q > 1)
        return std::numeric_limits<double>::infinity();
    std::sort(buckets.begin(), buckets.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    if (buckets.empty() || !std::isinf(buckets.back().first) || buckets.back().first < 0)
        return NaN;
    // coalesce buckets with the same upper bound
    std::vector<std::pair<double, double>> merged;
    for (const auto& b : buckets) {
        if (!merged.empty() && merged.back().first == b.first)
            merged.back().second += b.second;
        else
            merged.push_back(b);
    }
    buckets = std::move(merged);
    // ensure monotonicity, ignoring tiny float deltas
    double prev = buckets[0].second;
    for (std::size_t i = 1; i < buckets.size(); ++i) {
        double cur = buckets[i].second;
        if (cur == prev)
            continue;
        double diff = std::abs(prev - cur);
        double tol = 1e-12 * std::max(std::abs(prev), std::abs(cur));
        if (diff <= tol && !(std::isinf(prev) || std::isinf(cur))) {
            buckets[i].second = prev;
            continue;
        }
        if (cur < prev) {
            buckets[i].second = prev;
            forcedMonotonic = true;
            continue;
        }
        prev = cur;
    }
    if (buckets.size() < 2)
        return NaN;
    double observations = buckets.back().second;
    if (observations == 0)
        return NaN;
    double rank = q * observations;
    std::size_t b = 0;
    while (b < buckets.size() - 1 && buckets[b].second < rank)
        ++b;
    if (b == buckets.size() - 1)
        return buckets[buckets.size() - 2].first;
    if (b == 0 && buckets[0].first <= 0)
        return buckets[0].first;
    double bucketStart = 0;
    double bucketEnd = buckets[b].first;
    double count = buckets[b].second;
    if (b > 0) {
        bucketStart = buckets[b - 1].first;
        count -= buckets[b - 1].second;
        rank -= buckets[b - 1].second;
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

/// A quantile as a label value: at least one decimal (`0.0`, `0.25`, `1.0`).
std::string quantileLabel(double q)
{
    std::string s = formatNumber(q);
    if (std::isfinite(q) && q == std::floor(q) && s.find_first_of(".e") == std::string::npos)
        s += ".0";
    return s;
}

/// Bucket counts must not decrease; returns true when a decrease had to be fixed.
bool fixMonotonicity(std::vector<std::pair<double, double>>& buckets)
{
    bool forced = false;
    double prev = buckets.empty() ? 0 : buckets[0].second;
    for (std::size_t i = 1; i < buckets.size(); ++i) {
        if (buckets[i].second < prev) {
            buckets[i].second = prev;
            forced = true;
        }
        prev = buckets[i].second;
    }
    return forced;
}

/// The fraction of observations between lower and upper, interpolating linearly inside buckets (the first
/// bucket starts at 0 unless its upper bound is not positive).
double bucketFraction(double lower, double upper, std::vector<std::pair<double, double>> buckets)
{
    constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
    std::sort(buckets.begin(), buckets.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    if (buckets.empty() || !std::isinf(buckets.back().first) || buckets.back().first < 0)
        return NaN;
    std::vector<std::pair<double, double>> merged;
    for (const auto& b : buckets) {
        if (!merged.empty() && merged.back().first == b.first)
            merged.back().second += b.second;
        else
            merged.push_back(b);
    }
    buckets = std::move(merged);
    fixMonotonicity(buckets);
    double count = buckets.back().second;
    if (count == 0 || std::isnan(lower) || std::isnan(upper))
        return NaN;
    if (lower >= upper)
        return 0;
    double rank = 0, lowerRank = 0, upperRank = 0;
    bool lowerSet = false, upperSet = false;
    double lowerBound = buckets[0].first <= 0 ? -std::numeric_limits<double>::infinity() : 0.0;
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        if (i > 0)
            lowerBound = buckets[i - 1].first;
        const double upperBound = buckets[i].first;
        const double bucketCount = buckets[i].second;
        auto interpolate = [&](double v) {
            if (std::isinf(lowerBound))
                return bucketCount;
            return rank + (bucketCount - rank) * (v - lowerBound) / (upperBound - lowerBound);
        };
        if (!lowerSet && lowerBound >= lower) {
            lowerRank = rank;
            lowerSet = true;
        }
        if (!upperSet && lowerBound >= upper) {
            upperRank = rank;
            upperSet = true;
        }
        if (lowerSet && upperSet)
            break;
        if (!lowerSet && lowerBound < lower && upperBound > lower) {
            lowerRank = interpolate(lower);
            lowerSet = true;
        }
        if (!upperSet && lowerBound < upper && upperBound > upper) {
            upperRank = interpolate(upper);
            upperSet = true;
        }
        if (lowerSet && upperSet)
            break;
        rank = bucketCount;
    }
    if (!lowerSet || lowerRank > count)
        lowerRank = count;
    if (!upperSet || upperRank > count)
        upperRank = count;
    return (upperRank - lowerRank) / count;
}

/// Classic buckets of one histogram: the series grouped by their labels without `le` and the name.
struct BucketGroup
{
    Labels labels;
    std::string metricName;
    std::vector<std::pair<double, double>> buckets; ///< (upper bound, cumulative count)
};

/// Groups `le` series into histograms; series without a valid `le` get a warning and are skipped.
std::vector<BucketGroup> groupBuckets(Evaluator& ev, const EvalVector& vec, SourceRange where)
{
    std::vector<BucketGroup> groups;
    std::unordered_map<Labels, std::size_t, LabelsHash> index;
    for (const auto& s : vec) {
        std::string_view le = s.metric.get("le");
        double upper = 0;
        if (le.empty() || !parseNumber(le, upper)) {
            ev.warn("bucket label \"le\" is missing or has a malformed value of \"" + std::string(le)
                    + "\" for metric name \"" + std::string(s.metric.metricName()) + "\"",
                where);
            continue;
        }
        // grouped per metric name; the name is dropped on output, so two metrics' histograms collide there
        static const std::vector<std::string> leName { "le" };
        Labels key = s.metric.without(leName);
        auto it = index.find(key);
        if (it == index.end()) {
            it = index.emplace(key, groups.size()).first;
            groups.push_back(BucketGroup { std::move(key), std::string(s.metric.metricName()), {} });
        }
        groups[it->second].buckets.emplace_back(upper, s.v);
    }
    return groups;
}

} // namespace

EvalValue Evaluator::evalHistogramQuantile(const CallExpr& c, TimestampMs ts)
{
    const std::string_view name = c.func->name;
    EvalValue out;
    out.type = ValueType::Vector;
    if (name == "histogram_fraction") {
        double lower = eval(*c.args[0], ts).scalar;
        double upper = eval(*c.args[1], ts).scalar;
        EvalValue in = eval(*c.args[2], ts);
        for (auto& g : groupBuckets(*this, in.vector, c.args[2]->where))
            out.vector.push_back(EvalSample { std::move(g.labels), bucketFraction(lower, upper, std::move(g.buckets)), true });
        return out;
    }
    // histogram_quantile(q, v) or histogram_quantiles(v, "label", q1, q2, ...)
    const bool many = name == "histogram_quantiles";
    const Expr& vectorArg = many ? *c.args[0] : *c.args[1];
    EvalValue in = eval(vectorArg, ts);
    std::vector<double> qs;
    std::string qLabel;
    if (many) {
        qLabel = eval(*c.args[1], ts).string;
        for (std::size_t i = 2; i < c.args.size(); ++i)
            qs.push_back(eval(*c.args[i], ts).scalar);
    } else {
        qs.push_back(eval(*c.args[0], ts).scalar);
    }
    for (std::size_t i = 0; i < qs.size(); ++i)
        if (!(qs[i] >= 0 && qs[i] <= 1))
            warn("quantile value should be between 0 and 1, got " + formatNumber(qs[i]), c.args[many ? i + 2 : 0]->where);
    for (auto& g : groupBuckets(*this, in.vector, vectorArg.where)) {
        for (double q : qs) {
            bool forced = false;
            double v = bucketQuantile(q, g.buckets, forced);
            if (forced)
                info("input to histogram_quantile needed to be fixed for monotonicity (see "
                     "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name \""
                        + g.metricName + "\"",
                    vectorArg.where);
            Labels labels = many ? g.labels.with(qLabel, quantileLabel(q)) : g.labels;
            out.vector.push_back(EvalSample { std::move(labels), v, true });
        }
    }
    return out;
}

} // namespace sg::promql
