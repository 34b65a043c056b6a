// One plain-language line per node of an explained query: "per-second rate over 5m", "sum, keeping job".

#include "explain_impl.h"

#include "core/common/go_format.h"
#include "core/promql/lexer.h"
#include "core/promql/functions_table.h"

#include <map>

namespace sg::langsvc::detail {

namespace {

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i)
        out += (i ? ", " : "") + names[i];
    return out;
}

std::string durationOf(DurationMs ms, const TemplatedQuery& query)
{
    const std::string* var = query.durationVariable(ms);
    return var ? *var : promql::formatDuration(ms);
}

/// "where job="api", code=~"5.."": the matchers other than the metric name's.
std::string matcherClause(const Matchers& matchers, const TemplatedQuery* query)
{
    std::vector<std::string> parts;
    for (const auto& m : matchers)
        if (m.name() != "__name__" || m.type() != MatchType::Equal)
            parts.push_back(query ? query->restoreText(m.toString()) : m.toString());
    return parts.empty() ? std::string() : " where " + joined(parts);
}

/// Function descriptions; `%r` is replaced by the range of the range-vector argument.
const std::map<std::string, std::string, std::less<>>& functionPhrases()
{
    static const std::map<std::string, std::string, std::less<>> phrases {
        { "rate", "per-second rate over %r" },
        { "irate", "per-second rate of the last two samples in %r" },
        { "increase", "increase over %r" },
        { "delta", "difference between first and last value over %r" },
        { "idelta", "difference of the last two samples in %r" },
        { "deriv", "per-second derivative (linear regression) over %r" },
        { "predict_linear", "value predicted by linear regression over %r" },
        { "resets", "counter resets over %r" },
        { "changes", "value changes over %r" },
        { "avg_over_time", "average over %r" },
        { "sum_over_time", "sum over %r" },
        { "min_over_time", "minimum over %r" },
        { "max_over_time", "maximum over %r" },
        { "count_over_time", "number of samples over %r" },
        { "last_over_time", "last value in %r" },
        { "present_over_time", "1 for series with samples in %r" },
        { "absent_over_time", "1 if no series has samples in %r" },
        { "stddev_over_time", "standard deviation over %r" },
        { "stdvar_over_time", "variance over %r" },
        { "quantile_over_time", "quantile of the values over %r" },
        { "histogram_quantile", "quantile estimated from histogram buckets" },
        { "absent", "1 if the argument has no series" },
        { "abs", "absolute value" },
        { "ceil", "rounded up" },
        { "floor", "rounded down" },
        { "round", "rounded" },
        { "clamp", "clamped to a range" },
        { "clamp_min", "clamped from below" },
        { "clamp_max", "clamped from above" },
        { "label_replace", "label rewritten by a regex" },
        { "label_join", "labels joined into one" },
        { "sort", "sorted by value, ascending" },
        { "sort_desc", "sorted by value, descending" },
        { "scalar", "the single series' value as a scalar (NaN otherwise)" },
        { "vector", "the scalar as a series without labels" },
        { "time", "the evaluation time in seconds" },
        { "timestamp", "timestamp of each sample" },
        { "exp", "e to the power of the value" },
        { "ln", "natural logarithm" },
        { "log2", "binary logarithm" },
        { "log10", "decimal logarithm" },
        { "sqrt", "square root" },
    };
    return phrases;
}

std::string callPhrase(const promql::CallExpr& c, const TemplatedQuery& query)
{
    const std::string name = c.func ? c.func->name : "?";
    std::string range;
    for (const auto& a : c.args) {
        if (a->kind == promql::NodeKind::MatrixSelector)
            range = durationOf(static_cast<const promql::MatrixSelectorExpr&>(*a).range, query);
        else if (a->kind == promql::NodeKind::Subquery)
            range = durationOf(static_cast<const promql::SubqueryExpr&>(*a).range, query);
    }
    const auto& phrases = functionPhrases();
    const auto it = phrases.find(name);
    if (it == phrases.end())
        return "function " + name;
    std::string phrase = it->second;
    if (const auto at = phrase.find("%r"); at != std::string::npos)
        phrase.replace(at, 2, range.empty() ? std::string("the range") : range);
    return phrase;
}

std::string selectorPhrase(const promql::VectorSelectorExpr& vs, const TemplatedQuery& query)
{
    std::string out = vs.name.empty() ? std::string("series") : "series " + query.restoreName(vs.name);
    out += matcherClause(vs.matchers, &query);
    if (vs.mods.offset != 0)
        out += ", " + durationOf(vs.mods.offset, query) + " earlier";
    if (vs.mods.at != promql::AtKind::None)
        out += ", at a fixed time";
    return out;
}

std::string aggregationName(promql::AggregateOp op)
{
    switch (op) {
    case promql::AggregateOp::Sum: return "sum";
    case promql::AggregateOp::Avg: return "average";
    case promql::AggregateOp::Count: return "count of series";
    case promql::AggregateOp::Min: return "minimum";
    case promql::AggregateOp::Max: return "maximum";
    case promql::AggregateOp::Group: return "one series per group (value 1)";
    case promql::AggregateOp::Stddev: return "standard deviation";
    case promql::AggregateOp::Stdvar: return "variance";
    case promql::AggregateOp::Topk: return "largest k series";
    case promql::AggregateOp::Bottomk: return "smallest k series";
    case promql::AggregateOp::Quantile: return "quantile across series";
    case promql::AggregateOp::CountValues: return "count of series per value";
    case promql::AggregateOp::Limitk: return "any k series";
    case promql::AggregateOp::LimitRatio: return "a ratio of the series";
    }
    return "aggregation";
}

std::string aggregatePhrase(const promql::AggregateExpr& a, const TemplatedQuery& query)
{
    std::string what = aggregationName(a.op);
    if (a.param && a.param->kind == promql::NodeKind::Number) {
        const double k = static_cast<const promql::NumberExpr&>(*a.param).value;
        const std::string* var = query.numberVariable(k);
        const std::string text = var ? *var : promql::formatNumber(k);
        if (a.op == promql::AggregateOp::Topk || a.op == promql::AggregateOp::Bottomk
            || a.op == promql::AggregateOp::Limitk)
            what.replace(what.find(" k "), 3, " " + text + " ");
        else if (a.op == promql::AggregateOp::Quantile)
            what = text + "-quantile across series";
    }
    std::vector<std::string> grouping;
    for (const auto& g : a.grouping)
        grouping.push_back(query.restoreName(g));
    return describeGrouping(what, a.groupingGiven || !a.grouping.empty(), a.without, grouping);
}

std::string binaryPhrase(const promql::BinaryExpr& b, const TemplatedQuery& query)
{
    std::string out = describeOperator(promql::binaryOpString(b.op), b.returnBool);
    const bool vectors = b.lhs->type == promql::ValueType::Vector && b.rhs->type == promql::ValueType::Vector;
    if (!vectors)
        return out;
    std::vector<std::string> labels;
    for (const auto& l : b.matching.labels)
        labels.push_back(query.restoreName(l));
    out += ", matching " + describeMatching(b.matching.explicitMatching, b.matching.on, labels);
    if (b.matching.card == promql::Cardinality::ManyToOne)
        out += ", many on the left to one";
    else if (b.matching.card == promql::Cardinality::OneToMany)
        out += ", one to many on the right";
    return out;
}

} // namespace

std::string durationText(DurationMs ms) { return ms % 1000 == 0 ? std::to_string(ms / 1000) + "s" : std::to_string(ms) + "ms"; }

std::string describeGrouping(const std::string& what, bool present, bool without, const std::vector<std::string>& labels)
{
    if (!present || (!without && labels.empty()))
        return what + " over all series";
    if (without)
        return labels.empty() ? what + ", per series" : what + ", dropping " + joined(labels);
    return what + ", keeping " + joined(labels);
}

std::string describeMatching(bool explicitMatching, bool on, const std::vector<std::string>& labels)
{
    if (!explicitMatching || (!on && labels.empty()))
        return "on all labels but the name";
    if (on)
        return labels.empty() ? std::string("every series with every series") : "on " + joined(labels);
    return "on all labels but the name and " + joined(labels);
}

std::string describeOperator(const std::string& op, bool returnBool)
{
    static const std::map<std::string, std::string, std::less<>> phrases {
        { "+", "left plus right" }, { "-", "left minus right" }, { "*", "left times right" },
        { "/", "left divided by right" }, { "%", "remainder of left divided by right" },
        { "^", "left to the power of right" }, { "atan2", "arc tangent of left and right" },
        { "==", "left where equal to right" }, { "!=", "left where not equal to right" },
        { ">", "left where greater than right" }, { "<", "left where less than right" },
        { ">=", "left where greater than or equal to right" }, { "<=", "left where less than or equal to right" },
        { "and", "left series that have a match on the right" },
        { "or", "left series, plus right series without a match on the left" },
        { "unless", "left series that have no match on the right" },
    };
    const auto it = phrases.find(op);
    std::string out = it == phrases.end() ? "operator " + op : it->second;
    if (returnBool) {
        const auto where = out.find(" where ");
        if (where != std::string::npos)
            out = "1 where left is" + out.substr(where + 6) + ", else 0";
    }
    return out;
}

std::string describePromql(const promql::Expr& e, const TemplatedQuery& query)
{
    using promql::NodeKind;
    switch (e.kind) {
    case NodeKind::Number: {
        const double v = static_cast<const promql::NumberExpr&>(e).value;
        const std::string* var = query.numberVariable(v);
        return "the number " + (var ? *var : promql::formatNumber(v));
    }
    case NodeKind::String: return "a string";
    case NodeKind::VectorSelector: return selectorPhrase(static_cast<const promql::VectorSelectorExpr&>(e), query);
    case NodeKind::MatrixSelector: {
        const auto& ms = static_cast<const promql::MatrixSelectorExpr&>(e);
        return "the last " + durationOf(ms.range, query) + " of samples of " + selectorPhrase(*ms.selector, query);
    }
    case NodeKind::Subquery: {
        const auto& sq = static_cast<const promql::SubqueryExpr&>(e);
        std::string out = "the inner query evaluated every "
            + (sq.step ? durationOf(sq.step, query) : std::string("default interval")) + " over the last "
            + durationOf(sq.range, query);
        if (sq.mods.offset != 0)
            out += ", " + durationOf(sq.mods.offset, query) + " earlier";
        return out;
    }
    case NodeKind::Paren: return describePromql(*static_cast<const promql::ParenExpr&>(e).expr, query);
    case NodeKind::Unary: return static_cast<const promql::UnaryExpr&>(e).negate ? "negated" : "unchanged (unary plus)";
    case NodeKind::Binary: return binaryPhrase(static_cast<const promql::BinaryExpr&>(e), query);
    case NodeKind::Aggregate: return aggregatePhrase(static_cast<const promql::AggregateExpr&>(e), query);
    case NodeKind::Call: return callPhrase(static_cast<const promql::CallExpr&>(e), query);
    }
    return {};
}

} // namespace sg::langsvc::detail
