// Binary operators: scalar/scalar, vector/scalar and vector/vector with label matching, and set operators.

#include "evaluator.h"

#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace sg::promql {

namespace {

/// Applies `op` to two floats; `keep` is false when a comparison filters the element out.
double applyOp(BinaryOp op, double l, double r, bool& keep)
{
    keep = true;
    switch (op) {
    case BinaryOp::Add: return l + r;
    case BinaryOp::Sub: return l - r;
    case BinaryOp::Mul: return l * r;
    case BinaryOp::Div: return l / r;
    case BinaryOp::Pow: return std::pow(l, r);
    case BinaryOp::Mod: return std::fmod(l, r);
    case BinaryOp::Atan2: return std::atan2(l, r);
    case BinaryOp::Eql: keep = l == r; return l;
    case BinaryOp::Neq: keep = l != r; return l;
    case BinaryOp::Gtr: keep = l > r; return l;
    case BinaryOp::Lss: keep = l < r; return l;
    case BinaryOp::Gte: keep = l >= r; return l;
    case BinaryOp::Lte: keep = l <= r; return l;
    // Trimming applies to native histograms; a float sample has no observations and is removed (with an info
    // annotation, added by the caller).
    case BinaryOp::TrimUpper:
    case BinaryOp::TrimLower: keep = false; return l;
    default: break;
    }
    throwEval(ErrorCode::Execution, std::string("operator \"") + binaryOpString(op) + "\" not allowed here");
}

bool dropsName(BinaryOp op)
{
    switch (op) {
    case BinaryOp::Add:
    case BinaryOp::Sub:
    case BinaryOp::Mul:
    case BinaryOp::Div:
    case BinaryOp::Pow:
    case BinaryOp::Mod:
    case BinaryOp::Atan2: return true;
    default: return false;
    }
}

/// The matching signature of a series: the values of the `on` labels, or of all labels but the
/// `ignoring` ones and the metric name.
/// Labels as Prometheus prints them in errors: `{__name__="x", a="b"}`.
std::string plainLabels(const Labels& l)
{
    std::string out = "{";
    bool first = true;
    for (const auto& lab : l) {
        if (!first)
            out += ", ";
        first = false;
        out += lab.name + "=\"" + escapeLabelValue(lab.value) + "\"";
    }
    return out + "}";
}

std::string signature(const Labels& l, const VectorMatching& m)
{
    std::string sig;
    if (m.on) {
        for (const auto& name : m.labels) {
            sig += l.get(name);
            sig += '\xff';
        }
        return sig;
    }
    for (const auto& lab : l) {
        if (lab.name == "__name__")
            continue;
        if (std::find(m.labels.begin(), m.labels.end(), lab.name) != m.labels.end())
            continue;
        sig += lab.name;
        sig += '\xfe';
        sig += lab.value;
        sig += '\xff';
    }
    return sig;
}

Labels resultMetric(const Labels& lhs, const Labels& rhs, BinaryOp op, const VectorMatching& m)
{
    std::vector<Label> out;
    out.reserve(lhs.size());
    for (const auto& l : lhs) {
        if (dropsName(op) && isNameLabel(l.name))
            continue;
        if (m.card == Cardinality::OneToOne) {
            bool listed = std::find(m.labels.begin(), m.labels.end(), l.name) != m.labels.end();
            if (m.on != listed)
                continue;
        }
        out.push_back(l);
    }
    Labels result(std::move(out));
    for (const auto& name : m.include)
        result = result.with(name, rhs.get(name));
    return result;
}

EvalVector setOp(BinaryOp op, EvalVector lhs, EvalVector rhs, const VectorMatching& m)
{
    EvalVector out;
    if (op == BinaryOp::And || op == BinaryOp::Unless) {
        std::unordered_set<std::string> rs;
        for (const auto& s : rhs)
            rs.insert(signature(s.metric, m));
        for (auto& s : lhs)
            if ((rs.count(signature(s.metric, m)) > 0) == (op == BinaryOp::And))
                out.push_back(std::move(s));
        return out;
    }
    std::unordered_set<std::string> ls;
    for (auto& s : lhs) {
        ls.insert(signature(s.metric, m));
        out.push_back(std::move(s));
    }
    for (auto& s : rhs)
        if (!ls.count(signature(s.metric, m)))
            out.push_back(std::move(s));
    return out;
}

/// The labels of a match group, taken from one series: the `on` labels, or all but the `ignoring` ones and the name.
Labels matchGroupLabels(const Labels& l, const VectorMatching& m)
{
    if (m.on)
        return l.keepOnly(m.labels);
    auto names = m.labels;
    names.push_back("__name__");
    return l.without(names);
}

/// `fill`, `fill_left`, `fill_right`: elements without a partner are combined with the fill value.
/// The sides are those after the one-to-many swap, as Prometheus applies them.
void fillMissing(BinaryOp op, const EvalVector& lhs, const EvalVector& rhs,
    const std::unordered_map<std::string, const EvalSample*>& right, const VectorMatching& m, bool returnBool,
    bool swapped, EvalVector& out)
{
    auto emit = [&](double fl, double fr, Labels metric, bool dropName) {
        if (swapped)
            std::swap(fl, fr);
        bool keep = true;
        double v = applyOp(op, fl, fr, keep);
        if (returnBool)
            v = keep ? 1.0 : 0.0;
        else if (!keep)
            return;
        out.push_back(EvalSample { std::move(metric), v, returnBool || dropName });
    };
    std::unordered_set<std::string> leftSigs;
    for (const auto& ls : lhs) {
        std::string sig = signature(ls.metric, m);
        leftSigs.insert(sig);
        if (m.fillRight && !right.count(sig))
            emit(ls.v, *m.fillRight, resultMetric(ls.metric, emptyLabels(), op, m), !dropsName(op) && ls.dropName);
    }
    if (!m.fillLeft)
        return;
    for (const auto& rs : rhs)
        if (!leftSigs.count(signature(rs.metric, m)))
            emit(*m.fillLeft, rs.v, matchGroupLabels(rs.metric, m), false);
}

EvalVector vectorBinop(BinaryOp op, EvalVector lhs, EvalVector rhs, const VectorMatching& m, bool returnBool)
{
    bool swapped = m.card == Cardinality::OneToMany;
    if (swapped)
        std::swap(lhs, rhs);
    std::unordered_map<std::string, const EvalSample*> right;
    for (const auto& rs : rhs) {
        auto [it, inserted] = right.emplace(signature(rs.metric, m), &rs);
        if (!inserted) {
            std::string matched;
            if (m.on) {
                matched = rs.metric.keepOnly(m.labels).toString();
            } else {
                auto ign = m.labels;
                ign.push_back("__name__");
                matched = rs.metric.without(ign).toString();
            }
            throwEval(ErrorCode::Execution,
                "found duplicate series for the match group " + matched + " on the " + (swapped ? "left" : "right")
                    + " hand-side of the operation: [" + plainLabels(it->second->metric) + ", " + plainLabels(rs.metric)
                    + "];many-to-many matching not allowed: matching labels must be unique on one side");
        }
    }
    EvalVector out;
    std::unordered_map<std::string, std::unordered_set<Labels, LabelsHash>> matched;
    for (const auto& ls : lhs) {
        std::string sig = signature(ls.metric, m);
        auto it = right.find(sig);
        if (it == right.end())
            continue;
        const EvalSample& rs = *it->second;
        double fl = ls.v, fr = rs.v;
        if (swapped)
            std::swap(fl, fr);
        bool keep = true;
        double v = applyOp(op, fl, fr, keep);
        // matching errors are detected even for elements a comparison filters out
        Labels metric = resultMetric(ls.metric, rs.metric, op, m);
        auto [mit, inserted] = matched.try_emplace(sig);
        if (m.card == Cardinality::OneToOne) {
            if (!inserted)
                throwEval(ErrorCode::Execution, "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
        } else if (!mit->second.insert(metric).second) {
            throwEval(ErrorCode::Execution, "multiple matches for labels: grouping labels must ensure unique matches");
        }
        if (returnBool)
            v = keep ? 1.0 : 0.0;
        else if (!keep)
            continue;
        bool dropName = returnBool || (!dropsName(op) && ls.dropName);
        out.push_back(EvalSample { std::move(metric), v, dropName });
    }
    if (m.fillLeft || m.fillRight)
        fillMissing(op, lhs, rhs, right, m, returnBool, swapped, out);
    return out;
}

} // namespace

EvalValue Evaluator::evalBinary(const BinaryExpr& b, TimestampMs ts)
{
    EvalValue l = eval(*b.lhs, ts);
    EvalValue r = eval(*b.rhs, ts);
    EvalValue out;
    if (isTrim(b.op) && l.type == ValueType::Vector && !l.vector.empty())
        info(std::string("float samples have no observations to trim: operator \"") + binaryOpString(b.op)
                + "\" removes them (it applies to native histograms)",
            b.where);
    if (l.type == ValueType::Scalar && r.type == ValueType::Scalar) {
        bool keep = true;
        double v = applyOp(b.op, l.scalar, r.scalar, keep);
        if (b.returnBool)
            v = keep ? 1.0 : 0.0;
        out.type = ValueType::Scalar;
        out.scalar = v;
        return out;
    }
    out.type = ValueType::Vector;
    if (l.type == ValueType::Vector && r.type == ValueType::Vector) {
        if (isSetOp(b.op))
            out.vector = setOp(b.op, std::move(l.vector), std::move(r.vector), b.matching);
        else
            out.vector = vectorBinop(b.op, std::move(l.vector), std::move(r.vector), b.matching, b.returnBool);
        return out;
    }
    bool swap = l.type == ValueType::Scalar;
    EvalVector& vec = swap ? r.vector : l.vector;
    double scalar = swap ? l.scalar : r.scalar;
    for (auto& s : vec) {
        double lv = s.v, rv = scalar;
        if (swap)
            std::swap(lv, rv);
        bool keep = true;
        double v = applyOp(b.op, lv, rv, keep);
        if (isComparison(b.op) && swap)
            v = rv;
        if (b.returnBool) {
            v = keep ? 1.0 : 0.0;
            keep = true;
        }
        if (!keep)
            continue;
        s.v = v;
        if (dropsName(b.op) || b.returnBool)
            s.dropName = true;
        out.vector.push_back(std::move(s));
    }
    return out;
}

} // namespace sg::promql
