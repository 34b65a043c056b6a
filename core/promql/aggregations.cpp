// Aggregation operators: sum avg count min max group stddev stdvar quantile topk bottomk count_values limitk limit_ratio.

#include "evaluator.h"
#include "core/common/utf8.h"
#include "kahan.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace sg::promql {

double quantileOf(double q, std::vector<double> values)
{
    if (values.empty() || std::isnan(q))
        return std::numeric_limits<double>::quiet_NaN();
    if (q < 0)
        return -std::numeric_limits<double>::infinity();
    if (q > 1)
        return std::numeric_limits<double>::infinity();
    std::sort(values.begin(), values.end(), [](double a, double b) { return std::isnan(a) ? !std::isnan(b) : a < b; });
    double n = double(values.size());
    double rank = q * (n - 1);
    double lower = std::max(0.0, std::floor(rank));
    double upper = std::min(n - 1, lower + 1);
    double weight = rank - std::floor(rank);
    return values[std::size_t(lower)] * (1 - weight) + values[std::size_t(upper)] * weight;
}

void AggregateAccumulator::add(AggregateOp op, double v)
{
    switch (op) {
    case AggregateOp::Sum: std::tie(value, kahan) = kahanSumInc(v, value, kahan); break;
    case AggregateOp::Avg: {
        count += 1;
        if (!incrementalMean) {
            auto [nv, nc] = kahanSumInc(v, value, kahan);
            if (!std::isinf(nv)) {
                value = nv;
                kahan = nc;
                break;
            }
            incrementalMean = true;
            mean = value / (count - 1);
            kahan /= count - 1;
        }
        double q = (count - 1) / count;
        std::tie(mean, kahan) = kahanSumInc(v / count, q * mean, q * kahan);
        break;
    }
    case AggregateOp::Count: value += 1; break;
    case AggregateOp::Min:
        if (value > v || std::isnan(value))
            value = v;
        break;
    case AggregateOp::Max:
        if (value < v || std::isnan(value))
            value = v;
        break;
    default: break;
    }
}

double AggregateAccumulator::result(AggregateOp op) const
{
    switch (op) {
    case AggregateOp::Sum: return value + kahan;
    case AggregateOp::Avg: return incrementalMean ? mean + kahan : (value + kahan) / count;
    default: return value;
    }
}

namespace {

struct Group
{
    Labels metric;
    double value = 0;
    double kahan = 0;
    double mean = 0;
    double count = 0;
    bool incrementalMean = false;
    bool dropName = false; ///< a member's name is still to be dropped (grouping by __name__)
    std::vector<double> values;
    std::vector<const EvalSample*> members;
};

Labels groupingLabels(const AggregateExpr& a, const Labels& l)
{
    if (a.without) {
        auto names = a.grouping;
        names.insert(names.end(), { "__name__", "__type__", "__unit__" });
        return l.without(names);
    }
    return l.keepOnly(a.grouping);
}

/// A label name as Prometheus 3 takes it: any non-empty UTF-8 text.
bool validLabelName(std::string_view s)
{
    return !s.empty() && isValidUtf8(s);
}

} // namespace

EvalValue Evaluator::evalAggregate(const AggregateExpr& a, TimestampMs ts)
{
    if (EvalValue precomputed; rangeAggregate(a, ts, precomputed))
        return precomputed;
    EvalValue in = eval(*a.expr, ts);
    double param = 0;
    std::string strParam;
    if (a.param) {
        EvalValue p = eval(*a.param, ts);
        param = p.scalar;
        strParam = p.string;
    }
    EvalValue out;
    out.type = ValueType::Vector;
    EvalVector& vec = in.vector;

    if (a.op == AggregateOp::CountValues) {
        if (!validLabelName(strParam))
            throwEval(ErrorCode::Execution, "invalid label name " + quote(strParam), a.where);
        std::unordered_map<Labels, std::size_t, LabelsHash> index;
        for (const auto& s : vec) {
            Labels key = groupingLabels(a, s.metric).with(strParam, formatNumber(s.v) == "Inf" ? "+Inf" : formatNumber(s.v));
            auto [it, inserted] = index.emplace(key, out.vector.size());
            if (inserted)
                out.vector.push_back(EvalSample { key, 0, false });
            out.vector[it->second].v += 1;
        }
        return out;
    }

    if (a.op == AggregateOp::Quantile && !(param >= 0 && param <= 1))
        warn("quantile value should be between 0 and 1, got " + formatNumber(param), a.param->where);

    std::unordered_map<Labels, std::size_t, LabelsHash> index;
    std::vector<Group> groups;
    for (const auto& s : vec) {
        Labels key = groupingLabels(a, s.metric);
        auto [it, inserted] = index.emplace(key, groups.size());
        if (inserted) {
            Group g;
            g.metric = key;
            g.value = s.v;
            g.mean = s.v;
            g.count = 1;
            switch (a.op) {
            case AggregateOp::Group: g.value = 1; break;
            case AggregateOp::Count: g.value = 1; break;
            case AggregateOp::Stddev:
            case AggregateOp::Stdvar: g.value = (std::isnan(s.v) || std::isinf(s.v)) ? std::numeric_limits<double>::quiet_NaN() : 0; break;
            default: break;
            }
            g.values.push_back(s.v);
            g.members.push_back(&s);
            g.dropName = s.dropName && g.metric.has("__name__");
            groups.push_back(std::move(g));
            continue;
        }
        Group& g = groups[it->second];
        g.members.push_back(&s);
        g.dropName = g.dropName || (s.dropName && g.metric.has("__name__"));
        switch (a.op) {
        case AggregateOp::Sum:
        case AggregateOp::Avg:
        case AggregateOp::Count:
        case AggregateOp::Min:
        case AggregateOp::Max:
            AggregateAccumulator { g.value, g.kahan, g.mean, g.count, g.incrementalMean }.add(a.op, s.v);
            break;
        case AggregateOp::Group: break;
        case AggregateOp::Stddev:
        case AggregateOp::Stdvar: {
            g.count += 1;
            double delta = s.v - g.mean;
            g.mean += delta / g.count;
            g.value += delta * (s.v - g.mean);
            break;
        }
        case AggregateOp::Quantile: g.values.push_back(s.v); break;
        default: break;
        }
    }

    if (a.op == AggregateOp::Topk || a.op == AggregateOp::Bottomk || a.op == AggregateOp::Limitk
        || a.op == AggregateOp::LimitRatio) {
        if (a.op != AggregateOp::LimitRatio && std::isnan(param))
            throwEval(ErrorCode::Execution, "Parameter value is NaN", a.param->where);
        if (a.op == AggregateOp::LimitRatio && std::isnan(param))
            throwEval(ErrorCode::Execution, "Ratio value is NaN", a.param->where);
        if (a.op == AggregateOp::LimitRatio && (param < -1 || param > 1)) {
            warn("ratio value should be between -1 and 1, got " + formatNumber(param) + ", capping to "
                    + formatNumber(std::clamp(param, -1.0, 1.0)),
                a.param->where);
            param = std::clamp(param, -1.0, 1.0);
        }
        double kf = a.op == AggregateOp::LimitRatio ? 0 : param;
        if (kf > double(std::numeric_limits<std::int64_t>::max()) || kf < double(std::numeric_limits<std::int64_t>::min()))
            throwEval(ErrorCode::Execution, "Scalar value " + formatNumber(kf) + " overflows int64", a.param->where);
        std::int64_t k = std::int64_t(kf);
        for (auto& g : groups) {
            std::vector<const EvalSample*> members = g.members;
            if (a.op == AggregateOp::Topk || a.op == AggregateOp::Bottomk) {
                bool top = a.op == AggregateOp::Topk;
                std::stable_sort(members.begin(), members.end(), [top](const EvalSample* x, const EvalSample* y) {
                    if (std::isnan(x->v))
                        return false;
                    if (std::isnan(y->v))
                        return true;
                    return top ? x->v > y->v : x->v < y->v;
                });
            }
            if (a.op == AggregateOp::LimitRatio) {
                for (const auto* m : members) {
                    double offset = double(m->metric.hash()) / double(std::numeric_limits<std::uint64_t>::max());
                    if ((param >= 0 && offset < param) || (param < 0 && offset >= 1.0 + param))
                        out.vector.push_back(*m);
                }
                continue;
            }
            if (k < 1)
                continue;
            for (std::size_t i = 0; i < members.size() && std::int64_t(i) < k; ++i)
                out.vector.push_back(*members[i]);
        }
        return out;
    }

    for (auto& g : groups) {
        double v = g.value;
        switch (a.op) {
        case AggregateOp::Sum:
        case AggregateOp::Avg: v = AggregateAccumulator { g.value, g.kahan, g.mean, g.count, g.incrementalMean }.result(a.op); break;
        case AggregateOp::Stdvar: v = g.value / g.count; break;
        case AggregateOp::Stddev: v = std::sqrt(g.value / g.count); break;
        case AggregateOp::Quantile: v = quantileOf(param, g.values); break;
        default: break;
        }
        out.vector.push_back(EvalSample { std::move(g.metric), v, g.dropName });
    }
    return out;
}

} // namespace sg::promql
