// Metric expressions over per-step values: vector aggregations, binary operators, vector(), label_replace.

#include "evaluator.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <re2/re2.h>
#include <unordered_map>

namespace sg::logql::detail {

namespace {

/// The empty label set, normalised like every constructed set (a default-constructed Labels hashes differently).
const Labels& noLabels()
{
    static const Labels empty { std::vector<Label> {} };
    return empty;
}

Labels groupKey(const Labels& l, const Grouping& g)
{
    if (!g.present)
        return noLabels();
    return g.without ? l.without(g.labels) : l.keepOnly(g.labels);
}

promql::Vector aggregateStep(const Expr& e, const promql::Vector& in, TimestampMs t)
{
    promql::Vector out;
    if (e.vectorOp == VectorOp::Sort || e.vectorOp == VectorOp::SortDesc) {
        out = in;
        std::stable_sort(out.begin(), out.end(), [&](const promql::Sample& a, const promql::Sample& b) {
            if (std::isnan(a.v) != std::isnan(b.v))
                return std::isnan(b.v);
            return e.vectorOp == VectorOp::Sort ? a.v < b.v : a.v > b.v;
        });
        return out;
    }
    std::map<Labels, std::vector<const promql::Sample*>> groups;
    for (const auto& s : in)
        groups[groupKey(s.metric, e.grouping)].push_back(&s);
    for (auto& [key, members] : groups) {
        if (e.vectorOp == VectorOp::Topk || e.vectorOp == VectorOp::Bottomk || e.vectorOp == VectorOp::ApproxTopk) {
            bool top = e.vectorOp != VectorOp::Bottomk;
            std::stable_sort(members.begin(), members.end(), [&](const promql::Sample* a, const promql::Sample* b) {
                if (std::isnan(a->v) != std::isnan(b->v))
                    return std::isnan(b->v);
                return top ? a->v > b->v : a->v < b->v;
            });
            std::size_t k = std::min(members.size(), std::size_t(e.param.value_or(1)));
            for (std::size_t i = 0; i < k; ++i)
                out.push_back(*members[i]);
            continue;
        }
        double n = double(members.size());
        double sum = 0, mn = members.front()->v, mx = members.front()->v;
        for (const auto* s : members) {
            sum += s->v;
            if (s->v < mn || std::isnan(mn))
                mn = s->v;
            if (s->v > mx || std::isnan(mx))
                mx = s->v;
        }
        double v = 0;
        switch (e.vectorOp) {
        case VectorOp::Sum: v = sum; break;
        case VectorOp::Avg: v = sum / n; break;
        case VectorOp::Min: v = mn; break;
        case VectorOp::Max: v = mx; break;
        case VectorOp::Count: v = n; break;
        case VectorOp::Stddev:
        case VectorOp::Stdvar: {
            double mean = sum / n, var = 0;
            for (const auto* s : members)
                var += (s->v - mean) * (s->v - mean);
            var /= n;
            v = e.vectorOp == VectorOp::Stdvar ? var : std::sqrt(var);
            break;
        }
        default: break;
        }
        out.push_back(promql::Sample { key, t, v });
    }
    return out;
}

bool isComparison(BinaryOp op) { return op >= BinaryOp::Eq && op <= BinaryOp::Lte; }

/// Applies an arithmetic or comparison operator; for comparisons returns 1/0 in `v` and whether it holds.
double applyOp(BinaryOp op, double a, double b, bool& holds)
{
    holds = true;
    switch (op) {
    case BinaryOp::Add: return a + b;
    case BinaryOp::Sub: return a - b;
    case BinaryOp::Mul: return a * b;
    case BinaryOp::Div: return b == 0 ? std::nan("") : a / b;  // Loki: NaN for a zero divisor
    case BinaryOp::Mod: return b == 0 ? std::nan("") : std::fmod(a, b);
    case BinaryOp::Pow: return std::pow(a, b);
    case BinaryOp::Eq: holds = a == b; break;
    case BinaryOp::Neq: holds = a != b; break;
    case BinaryOp::Gt: holds = a > b; break;
    case BinaryOp::Gte: holds = a >= b; break;
    case BinaryOp::Lt: holds = a < b; break;
    case BinaryOp::Lte: holds = a <= b; break;
    default: break;
    }
    return holds ? 1 : 0;
}

Labels signature(const Labels& l, const VectorMatching& m)
{
    if (!m.present)
        return l;
    return m.on ? l.keepOnly(m.labels) : l.without(m.labels);
}

promql::Vector vectorScalar(const Expr& e, const promql::Vector& vec, double scalar, bool scalarLeft)
{
    promql::Vector out;
    for (const auto& s : vec) {
        bool holds = true;
        double a = scalarLeft ? scalar : s.v, b = scalarLeft ? s.v : scalar;
        double v = applyOp(e.binaryOp, a, b, holds);
        if (isComparison(e.binaryOp)) {
            if (e.returnBool)
                out.push_back(promql::Sample { s.metric, s.t, v });
            else if (holds)
                out.push_back(s);
        } else {
            out.push_back(promql::Sample { s.metric, s.t, v });
        }
    }
    return out;
}

promql::Vector vectorVector(const Expr& e, const promql::Vector& lhs, const promql::Vector& rhs, TimestampMs t)
{
    const VectorMatching& m = e.matching;
    promql::Vector out;
    if (e.binaryOp == BinaryOp::And || e.binaryOp == BinaryOp::Unless) {
        std::unordered_map<Labels, bool, LabelsHash> right;
        for (const auto& s : rhs)
            right[signature(s.metric, m)] = true;
        for (const auto& s : lhs)
            if (right.count(signature(s.metric, m)) == (e.binaryOp == BinaryOp::And ? 1u : 0u))
                out.push_back(s);
        return out;
    }
    if (e.binaryOp == BinaryOp::Or) {
        std::unordered_map<Labels, bool, LabelsHash> left;
        for (const auto& s : lhs) {
            left[signature(s.metric, m)] = true;
            out.push_back(s);
        }
        for (const auto& s : rhs)
            if (!left.count(signature(s.metric, m)))
                out.push_back(s);
        return out;
    }
    const bool oneToMany = m.card == VectorMatching::Card::OneToMany;
    const promql::Vector& many = oneToMany ? rhs : lhs;
    const promql::Vector& one = oneToMany ? lhs : rhs;
    std::unordered_map<Labels, const promql::Sample*, LabelsHash> oneSide;
    for (const auto& s : one) {
        auto [it, inserted] = oneSide.try_emplace(signature(s.metric, m), &s);
        if (!inserted)
            throwExecution(std::string("found duplicate series on the ") + (oneToMany ? "left" : "right")
                + " hand-side of the operation: " + it->first.toString()
                + "; many-to-many matching not allowed: matching labels must be unique on one side");
    }
    std::unordered_map<Labels, bool, LabelsHash> seenResult;
    for (const auto& s : many) {
        auto it = oneSide.find(signature(s.metric, m));
        if (it == oneSide.end())
            continue;
        const promql::Sample& o = *it->second;
        double a = oneToMany ? o.v : s.v, b = oneToMany ? s.v : o.v;
        bool holds = true;
        double v = applyOp(e.binaryOp, a, b, holds);
        if (isComparison(e.binaryOp) && !e.returnBool) {
            if (!holds)
                continue;
            v = oneToMany ? o.v : s.v;  // the lhs value survives a filtering comparison
        }
        Labels labels = s.metric;
        if (m.card == VectorMatching::Card::OneToOne) {
            if (m.present)
                labels = m.on ? labels.keepOnly(m.labels) : labels.without(m.labels);
        } else {
            for (const auto& name : m.include)
                labels = labels.with(name, o.metric.get(name));
        }
        if (!seenResult.try_emplace(labels, true).second)
            throwExecution(m.card == VectorMatching::Card::OneToOne
                    ? "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)"
                    : "multiple matches for labels: grouping labels must ensure unique matches");
        out.push_back(promql::Sample { labels, t, v });
    }
    return out;
}

std::string expandReplacement(const std::string& repl, const std::vector<re2::StringPiece>& groups,
    const std::map<std::string, int>& named)
{
    std::string out;
    for (std::size_t i = 0; i < repl.size(); ++i) {
        if (repl[i] != '$' || i + 1 >= repl.size()) {
            out += repl[i];
            continue;
        }
        std::string name;
        std::size_t j = i + 1;
        if (repl[j] == '{') {
            std::size_t close = repl.find('}', j);
            if (close == std::string::npos) {
                out += repl[i];
                continue;
            }
            name = repl.substr(j + 1, close - j - 1);
            j = close + 1;
        } else {
            while (j < repl.size() && (std::isalnum(static_cast<unsigned char>(repl[j])) || repl[j] == '_'))
                ++j;
            name = repl.substr(i + 1, j - i - 1);
        }
        if (name.empty()) {
            out += repl[i];
            continue;
        }
        int idx = -1;
        if (std::all_of(name.begin(), name.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
            idx = std::atoi(name.c_str());
        else if (auto it = named.find(name); it != named.end())
            idx = it->second;
        if (idx >= 0 && std::size_t(idx) < groups.size())
            out += std::string(groups[std::size_t(idx)]);
        i = j - 1;
    }
    return out;
}

StepValue labelReplace(const Expr& e, StepValue in)
{
    RE2::Options opts;
    opts.set_dot_nl(true);
    RE2 re("^(?:" + e.regex + ")$", opts);
    int n = re.NumberOfCapturingGroups();
    for (auto& vec : in.vectors)
        for (auto& s : vec) {
            std::string src(s.metric.get(e.src));
            std::vector<re2::StringPiece> groups(std::size_t(n) + 1);
            if (!re.Match(src, 0, src.size(), RE2::UNANCHORED, groups.data(), n + 1))
                continue;
            s.metric = s.metric.with(e.dst, expandReplacement(e.replacement, groups, re.NamedCapturingGroups()));
        }
    return in;
}

} // namespace

StepValue evalMetric(const Expr& e, EvalContext& ctx)
{
    const std::size_t steps = ctx.steps.size();
    switch (e.kind) {
    case Expr::Kind::Paren: return evalMetric(*e.lhs, ctx);
    case Expr::Kind::Literal: {
        StepValue v;
        v.isScalar = true;
        v.scalars.assign(steps, e.number);
        return v;
    }
    case Expr::Kind::Vector: {
        StepValue v;
        v.vectors.resize(steps);
        for (std::size_t i = 0; i < steps; ++i)
            v.vectors[i].push_back(promql::Sample { noLabels(), ctx.steps[i], e.number });
        return v;
    }
    case Expr::Kind::RangeAgg: return evalRangeAggregation(e, ctx);
    case Expr::Kind::VectorAgg: {
        if (e.vectorOp == VectorOp::ApproxTopk && ctx.params.step != 0)
            throwExecution("approx_topk is only supported on instant queries", e.where);
        StepValue in = evalMetric(*e.lhs, ctx);
        if (in.isScalar)
            throwExecution("expected a vector argument for " + std::string(vectorOpName(e.vectorOp)), e.where);
        StepValue out;
        out.vectors.resize(steps);
        for (std::size_t i = 0; i < steps; ++i)
            out.vectors[i] = aggregateStep(e, in.vectors[i], ctx.steps[i]);
        return out;
    }
    case Expr::Kind::LabelReplace: {
        StepValue in = evalMetric(*e.lhs, ctx);
        if (in.isScalar)
            throwExecution("label_replace expects a vector argument", e.where);
        return labelReplace(e, std::move(in));
    }
    case Expr::Kind::Binary: {
        StepValue l = evalMetric(*e.lhs, ctx);
        StepValue r = evalMetric(*e.rhs, ctx);
        StepValue out;
        if (l.isScalar && r.isScalar) {
            out.isScalar = true;
            out.scalars.resize(steps);
            for (std::size_t i = 0; i < steps; ++i) {
                bool holds = true;
                out.scalars[i] = applyOp(e.binaryOp, l.scalars[i], r.scalars[i], holds);
            }
            return out;
        }
        out.vectors.resize(steps);
        for (std::size_t i = 0; i < steps; ++i) {
            ctx.checkCancel();
            if (l.isScalar)
                out.vectors[i] = vectorScalar(e, r.vectors[i], l.scalars[i], true);
            else if (r.isScalar)
                out.vectors[i] = vectorScalar(e, l.vectors[i], r.scalars[i], false);
            else
                out.vectors[i] = vectorVector(e, l.vectors[i], r.vectors[i], ctx.steps[i]);
        }
        return out;
    }
    case Expr::Kind::Log: throwExecution("a log query cannot be evaluated as a metric", e.where);
    }
    return {};
}

} // namespace sg::logql::detail
