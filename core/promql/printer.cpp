#include "ast.h"
#include "core/common/go_format.h"
#include "core/common/names.h"
#include "functions_table.h"
#include "lexer.h"

#include <bit>
#include <charconv>
#include <cstdint>
#include <cmath>
#include <cstdio>

namespace sg::promql {

const char* binaryOpString(BinaryOp op)
{
    switch (op) {
    case BinaryOp::Add: return "+";
    case BinaryOp::Sub: return "-";
    case BinaryOp::Mul: return "*";
    case BinaryOp::Div: return "/";
    case BinaryOp::Mod: return "%";
    case BinaryOp::Pow: return "^";
    case BinaryOp::Atan2: return "atan2";
    case BinaryOp::Eql: return "==";
    case BinaryOp::Neq: return "!=";
    case BinaryOp::Gtr: return ">";
    case BinaryOp::Lss: return "<";
    case BinaryOp::Gte: return ">=";
    case BinaryOp::Lte: return "<=";
    case BinaryOp::And: return "and";
    case BinaryOp::Or: return "or";
    case BinaryOp::Unless: return "unless";
    case BinaryOp::TrimUpper: return "</";
    case BinaryOp::TrimLower: return ">/";
    }
    return "?";
}

const char* aggregateOpString(AggregateOp op)
{
    switch (op) {
    case AggregateOp::Sum: return "sum";
    case AggregateOp::Avg: return "avg";
    case AggregateOp::Count: return "count";
    case AggregateOp::Min: return "min";
    case AggregateOp::Max: return "max";
    case AggregateOp::Group: return "group";
    case AggregateOp::Stddev: return "stddev";
    case AggregateOp::Stdvar: return "stdvar";
    case AggregateOp::Topk: return "topk";
    case AggregateOp::Bottomk: return "bottomk";
    case AggregateOp::Quantile: return "quantile";
    case AggregateOp::CountValues: return "count_values";
    case AggregateOp::Limitk: return "limitk";
    case AggregateOp::LimitRatio: return "limit_ratio";
    }
    return "?";
}

bool isComparison(BinaryOp op)
{
    return op == BinaryOp::Eql || op == BinaryOp::Neq || op == BinaryOp::Gtr || op == BinaryOp::Lss
        || op == BinaryOp::Gte || op == BinaryOp::Lte;
}

bool isTrim(BinaryOp op) { return op == BinaryOp::TrimUpper || op == BinaryOp::TrimLower; }

bool isSetOp(BinaryOp op) { return op == BinaryOp::And || op == BinaryOp::Or || op == BinaryOp::Unless; }

int precedence(BinaryOp op)
{
    switch (op) {
    case BinaryOp::Or: return 1;
    case BinaryOp::And:
    case BinaryOp::Unless: return 2;
    case BinaryOp::Eql:
    case BinaryOp::Neq:
    case BinaryOp::Gtr:
    case BinaryOp::Lss:
    case BinaryOp::Gte:
    case BinaryOp::Lte:
    case BinaryOp::TrimUpper:
    case BinaryOp::TrimLower: return 3;
    case BinaryOp::Add:
    case BinaryOp::Sub: return 4;
    case BinaryOp::Mul:
    case BinaryOp::Div:
    case BinaryOp::Mod:
    case BinaryOp::Atan2: return 5;
    case BinaryOp::Pow: return 6;
    }
    return 0;
}

std::string formatNumber(double v)
{
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "Inf" : "-Inf";
    char buf[64];
    auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;
    return std::string(buf, ptr);
}

std::string quote(std::string_view s) { return goQuote(s); }

bool isOperatorKeyword(std::string_view lowered)
{
    static const char* const keywords[] = { "bool", "on", "ignoring", "group_left", "group_right", "atan2" };
    for (const char* k : keywords)
        if (lowered == k)
            return true;
    return false;
}

bool bareLabelName(std::string_view name)
{
    return isLegacyLabelName(name);
}

bool bareMetricName(std::string_view name)
{
    if (!isLegacyMetricName(name))
        return false;
    std::string lowered(name);
    for (char& c : lowered)
        c = c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
    return !isOperatorKeyword(lowered) && lowered != "inf" && lowered != "nan";
}

namespace {

std::string labelName(std::string_view name)
{
    return bareLabelName(name) ? std::string(name) : quote(name);
}

std::string joinLabels(const std::vector<std::string>& labels)
{
    std::string out;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (i)
            out += ", ";
        out += labelName(labels[i]);
    }
    return out;
}

std::string modifiers(const TimeModifiers& m)
{
    std::string out;
    switch (m.at) {
    case AtKind::None: break;
    case AtKind::Start: out += " @ start()"; break;
    case AtKind::End: out += " @ end()"; break;
    case AtKind::Timestamp: {
        char buf[64];
        std::snprintf(buf, sizeof buf, " @ %.3f", double(m.atTime) / 1000.0);
        out += buf;
        break;
    }
    }
    if (m.offsetExpr)
        out += " offset " + m.offsetExpr->text;
    else if (m.offset > 0)
        out += " offset " + formatDuration(m.offset);
    else if (m.offset < 0)
        out += " offset -" + formatDuration(-m.offset);
    return out;
}

std::string selectorBody(const VectorSelectorExpr& vs)
{
    const bool quotedName = !vs.name.empty() && !bareMetricName(vs.name);
    std::string out = quotedName ? std::string() : vs.name;
    std::string inner = quotedName ? quote(vs.name) : std::string();
    bool skippedName = false;
    for (const auto& m : vs.matchers) {
        if (!skippedName && !vs.name.empty() && m.name() == "__name__" && m.type() == MatchType::Equal && m.value() == vs.name) {
            skippedName = true;
            continue;
        }
        if (!inner.empty())
            inner += ", ";
        inner += labelName(m.name()) + matchTypeString(m.type()) + quote(m.value());
    }
    if (!inner.empty() || vs.name.empty())
        out += "{" + inner + "}";
    return out;
}

} // namespace

std::string printExpr(const Expr& e)
{
    switch (e.kind) {
    case NodeKind::Number: return formatNumber(static_cast<const NumberExpr&>(e).value);
    case NodeKind::String: return quote(static_cast<const StringExpr&>(e).value);
    case NodeKind::VectorSelector: {
        const auto& vs = static_cast<const VectorSelectorExpr&>(e);
        return selectorBody(vs) + modifiers(vs.mods) + (vs.smoothed ? " smoothed" : "");
    }
    case NodeKind::MatrixSelector: {
        const auto& ms = static_cast<const MatrixSelectorExpr&>(e);
        return selectorBody(*ms.selector) + "[" + (ms.rangeExpr ? ms.rangeExpr->text : formatDuration(ms.range)) + "]" + (ms.anchored ? " anchored" : "")
            + (ms.smoothed ? " smoothed" : "") + modifiers(ms.selector->mods);
    }
    case NodeKind::Subquery: {
        const auto& sq = static_cast<const SubqueryExpr&>(e);
        return printExpr(*sq.expr) + "[" + (sq.rangeExpr ? sq.rangeExpr->text : formatDuration(sq.range)) + ":"
            + (sq.stepExpr ? sq.stepExpr->text : sq.step ? formatDuration(sq.step) : "")
            + "]" + modifiers(sq.mods);
    }
    case NodeKind::Paren: {
        std::string out(1, '(');
        out += printExpr(*static_cast<const ParenExpr&>(e).expr);
        return out + ')';
    }
    case NodeKind::Unary: {
        const auto& u = static_cast<const UnaryExpr&>(e);
        std::string out(1, u.negate ? '-' : '+');
        return out + printExpr(*u.expr);
    }
    case NodeKind::Binary: {
        const auto& b = static_cast<const BinaryExpr&>(e);
        std::string out = printExpr(*b.lhs) + " " + binaryOpString(b.op);
        if (b.returnBool)
            out += " bool";
        const auto& vm = b.matching;
        if (vm.explicitMatching && (vm.on || !vm.labels.empty()))
            out += std::string(vm.on ? " on" : " ignoring") + " (" + joinLabels(vm.labels) + ")";
        if (vm.card == Cardinality::ManyToOne || vm.card == Cardinality::OneToMany)
            out += std::string(vm.card == Cardinality::ManyToOne ? " group_left" : " group_right") + " ("
                + joinLabels(vm.include) + ")";
        if (vm.fillLeft && vm.fillRight && std::bit_cast<std::uint64_t>(*vm.fillLeft) == std::bit_cast<std::uint64_t>(*vm.fillRight)) {
            out += " fill(" + formatNumber(*vm.fillLeft) + ")";
        } else {
            if (vm.fillLeft)
                out += " fill_left(" + formatNumber(*vm.fillLeft) + ")";
            if (vm.fillRight)
                out += " fill_right(" + formatNumber(*vm.fillRight) + ")";
        }
        return out + " " + printExpr(*b.rhs);
    }
    case NodeKind::Aggregate: {
        const auto& a = static_cast<const AggregateExpr&>(e);
        std::string out = aggregateOpString(a.op);
        if (a.without)
            out += " without (" + joinLabels(a.grouping) + ") ";
        else if (!a.grouping.empty())
            out += " by (" + joinLabels(a.grouping) + ") ";
        out += "(";
        if (a.param)
            out += printExpr(*a.param) + ", ";
        return out + printExpr(*a.expr) + ")";
    }
    case NodeKind::Call: {
        const auto& c = static_cast<const CallExpr&>(e);
        std::string out = std::string(c.func->name) + "(";
        for (std::size_t i = 0; i < c.args.size(); ++i) {
            if (i)
                out += ", ";
            out += printExpr(*c.args[i]);
        }
        return out + ")";
    }
    }
    return {};
}

} // namespace sg::promql
