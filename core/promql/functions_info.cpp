// info(): enriches series with the data labels of info series (default `target_info`) that share the
// identifying labels `instance` and `job`.

#include "evaluator.h"

#include <algorithm>
#include <map>

namespace sg::promql {

namespace {

const char* const IdentifyingLabels[] = { "instance", "job" };

bool isIdentifying(std::string_view name)
{
    return std::any_of(std::begin(IdentifyingLabels), std::end(IdentifyingLabels), [&](const char* l) { return name == l; });
}

} // namespace

TimestampMs Evaluator::infoTime(const Expr& e, TimestampMs ts) const
{
    switch (e.kind) {
    case NodeKind::VectorSelector: {
        const auto& m = static_cast<const VectorSelectorExpr&>(e).mods;
        return resolveAt(m, ts) - m.offset;
    }
    case NodeKind::MatrixSelector: {
        const auto& m = static_cast<const MatrixSelectorExpr&>(e).selector->mods;
        return resolveAt(m, ts) - m.offset;
    }
    case NodeKind::Subquery: {
        const auto& sq = static_cast<const SubqueryExpr&>(e);
        return infoTime(*sq.expr, resolveAt(sq.mods, ts) - sq.mods.offset);
    }
    case NodeKind::Paren: return infoTime(*static_cast<const ParenExpr&>(e).expr, ts);
    case NodeKind::Unary: return infoTime(*static_cast<const UnaryExpr&>(e).expr, ts);
    case NodeKind::Aggregate: return infoTime(*static_cast<const AggregateExpr&>(e).expr, ts);
    case NodeKind::Call:
        for (const auto& a : static_cast<const CallExpr&>(e).args)
            if (a->type == ValueType::Vector || a->type == ValueType::Matrix)
                return infoTime(*a, ts);
        return ts;
    default: return ts;
    }
}

EvalValue Evaluator::evalInfo(const CallExpr& c, TimestampMs ts)
{
    EvalValue in = eval(*c.args[0], ts);
    // the info selector carries no modifiers of its own: look it up at the argument's time
    EvalValue infos = evalVectorSelector(*c.infoSelector, infoTime(*c.args[0], ts));
    Matchers nameMatchers;
    Matchers dataMatchers;
    for (const auto& m : c.infoSelector->matchers)
        (m.name() == "__name__" ? nameMatchers : dataMatchers).push_back(m);

    // per (name, identifying labels) keep the info series with the latest sample
    std::map<std::string, const EvalSample*> latest;
    for (const auto& s : infos.vector) {
        std::string key(s.metric.metricName());
        for (const char* l : IdentifyingLabels) {
            key += '\xff';
            key += s.metric.get(l);
        }
        auto [it, inserted] = latest.emplace(key, &s);
        if (!inserted && s.t > it->second->t)
            it->second = &s;
    }

    EvalValue out;
    out.type = ValueType::Vector;
    for (auto& base : in.vector) {
        bool isInfo = std::all_of(nameMatchers.begin(), nameMatchers.end(),
            [&](const Matcher& m) { return m.matches(base.metric.metricName()); });
        if (isInfo) {
            out.vector.push_back(std::move(base));
            continue;
        }
        std::vector<Label> added;
        bool matched = false;
        for (const auto& entry : latest) {
            const auto& info = entry.second; // a plain reference: lambdas may capture it on every compiler
            bool sameIdentity = std::all_of(std::begin(IdentifyingLabels), std::end(IdentifyingLabels),
                [&](const char* l) { return info->metric.get(l) == base.metric.get(l); });
            if (!sameIdentity)
                continue;
            matched = true;
            for (const auto& l : info->metric) {
                if (l.name == "__name__" || isIdentifying(l.name) || base.metric.has(l.name))
                    continue;
                if (!dataMatchers.empty()
                    && std::none_of(dataMatchers.begin(), dataMatchers.end(), [&](const Matcher& m) { return m.name() == l.name; }))
                    continue;
                auto prev = std::find_if(added.begin(), added.end(), [&](const Label& a) { return a.name == l.name; });
                if (prev == added.end())
                    added.push_back(l);
                else if (prev->value != l.value)
                    throwEval(ErrorCode::Execution,
                        "conflicting label: \"" + l.name + "\" has values \"" + prev->value + "\" and \"" + l.value
                            + "\" in info series for " + base.metric.toString(),
                        c.where);
            }
        }
        bool requiresInfo = std::any_of(dataMatchers.begin(), dataMatchers.end(), [](const Matcher& m) { return !m.matchesEmpty(); });
        if (!matched && requiresInfo)
            continue;
        std::vector<Label> labels = base.metric.items();
        labels.insert(labels.end(), added.begin(), added.end());
        base.metric = Labels(std::move(labels));
        out.vector.push_back(std::move(base));
    }
    return out;
}

} // namespace sg::promql
