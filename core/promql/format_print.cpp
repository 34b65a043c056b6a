// Prometheus 2.42's canonical text of each node (printer.go `String()`), which its formatter prints for every node
// that fits on a line: matchers sorted and joined by ",", numbers as Go's %v, strings as Go's %q, durations as
// model.Duration. Variables come back as written. Syntax that 2.42 lacks (quoted names, `anchored`, `smoothed`,
// `fill`, duration expressions) is printed as printer.cpp prints it.

#include "core/common/go_format.h"
#include "format_impl.h"
#include "functions_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sg::promql::detail {

namespace {

std::string joined(const std::vector<std::string>& parts, std::string_view separator)
{
    std::string out;
    for (const auto& p : parts) {
        if (&p != &parts.front())
            out += separator;
        out += p;
    }
    return out;
}

} // namespace

std::string FormatPrinter::labelName(std::string_view raw) const
{
    // Placeholders are valid names, so a variable inside a name keeps the name unquoted.
    return bareLabelName(raw) ? m_query.restoreName(raw) : goQuote(m_query.restoreName(raw));
}

std::string FormatPrinter::durationText(DurationMs ms, const DurationExprPtr& dynamic) const
{
    return dynamic ? m_query.restoreText(oneLine(dynamic->text)) : duration(ms);
}

std::string FormatPrinter::modifiers(const TimeModifiers& m) const
{
    std::string out;
    if (m.at == AtKind::Timestamp) {
        if (const std::string* var = m_query.numberVariable(double(m.atTime) / 1000.0)) {
            out += " @ " + *var;
        } else {
            char buf[64];
            std::snprintf(buf, sizeof buf, " @ %.3f", double(m.atTime) / 1000.0);
            out += buf;
        }
    } else if (m.at != AtKind::None) {
        out += m.at == AtKind::Start ? " @ start()" : " @ end()";
    }
    if (m.offsetExpr)
        out += " offset " + m_query.restoreText(oneLine(m.offsetExpr->text));
    else if (m.offset != 0)
        out += " offset " + duration(m.offset);
    return out;
}

std::string FormatPrinter::selector(const VectorSelectorExpr& vs) const
{
    std::vector<std::string> matchers;
    for (const auto& m : vs.matchers) {
        if (!vs.name.empty() && m.name() == "__name__" && m.type() == MatchType::Equal && m.value() == vs.name)
            continue;
        matchers.push_back(labelName(m.name()) + matchTypeString(m.type()) + goQuote(m.value()));
    }
    std::sort(matchers.begin(), matchers.end());
    const bool quotedName = !vs.name.empty() && !bareMetricName(vs.name);
    if (quotedName)
        matchers.insert(matchers.begin(), goQuote(m_query.restoreName(vs.name)));
    const std::string metric = quotedName ? std::string() : m_query.restoreName(vs.name);
    if (matchers.empty())
        return metric.empty() ? "{}" : metric;
    return metric + "{" + joined(matchers, ",") + "}";
}

std::string FormatPrinter::labelList(const std::vector<std::string>& labels) const
{
    std::vector<std::string> names;
    for (const auto& l : labels)
        names.push_back(labelName(l));
    return concat({ "(", joined(names, ", "), ")" });
}

std::string FormatPrinter::aggregateHead(const AggregateExpr& a) const
{
    std::string out = aggregateOpString(a.op);
    if (a.without)
        out += " without " + labelList(a.grouping) + " ";
    else if (!a.grouping.empty())
        out += " by " + labelList(a.grouping) + " ";
    return out;
}

std::string FormatPrinter::operatorLine(const BinaryExpr& b) const
{
    std::string out = binaryOpString(b.op);
    if (b.returnBool)
        out += " bool";
    const VectorMatching& vm = b.matching;
    const bool grouped = vm.card == Cardinality::ManyToOne || vm.card == Cardinality::OneToMany;
    // 2.42 prints group_left/right only after a non-empty on/ignoring; `ignoring () group_left` keeps its clause
    // here, or the query would lose its grouping.
    if (vm.explicitMatching && (vm.on || !vm.labels.empty() || grouped))
        out += std::string(vm.on ? " on " : " ignoring ") + labelList(vm.labels);
    if (grouped)
        out += std::string(vm.card == Cardinality::ManyToOne ? " group_left " : " group_right ")
            + labelList(vm.include);
    const bool sameFill = vm.fillLeft && vm.fillRight
        && (*vm.fillLeft == *vm.fillRight || (std::isnan(*vm.fillLeft) && std::isnan(*vm.fillRight)));
    if (sameFill) {
        out += " fill(" + number(*vm.fillLeft) + ")";
    } else {
        if (vm.fillLeft)
            out += " fill_left(" + number(*vm.fillLeft) + ")";
        if (vm.fillRight)
            out += " fill_right(" + number(*vm.fillRight) + ")";
    }
    return out;
}

std::string FormatPrinter::subquerySuffix(const SubqueryExpr& sq) const
{
    std::string step;
    if (sq.stepExpr || sq.step != 0)
        step = durationText(sq.step, sq.stepExpr);
    return concat({ "[", durationText(sq.range, sq.rangeExpr), ":", step, "]", modifiers(sq.mods) });
}

std::string FormatPrinter::selectorText(const Expr& e) const
{
    // `name{matchers}` [`[range]` `anchored` `smoothed`] `@` `offset` (a vector selector's `smoothed` last).
    const bool matrix = e.kind == NodeKind::MatrixSelector;
    const auto* ms = matrix ? static_cast<const MatrixSelectorExpr*>(&e) : nullptr;
    const auto& vs = ms ? *ms->selector : static_cast<const VectorSelectorExpr&>(e);
    std::string out = selector(vs);
    if (ms)
        out += concat({ "[", durationText(ms->range, ms->rangeExpr), "]", ms->anchored ? " anchored" : "",
            ms->smoothed ? " smoothed" : "" });
    return out + modifiers(vs.mods) + (vs.smoothed ? " smoothed" : "");
}

bool infinityRaised(const BinaryExpr& b)
{
    if (b.op != BinaryOp::Pow || b.lhs->kind != NodeKind::Number)
        return false;
    const double v = static_cast<const NumberExpr&>(*b.lhs).value;
    return std::isinf(v) && v > 0;
}

std::string FormatPrinter::text(const Expr& e) const
{
    switch (e.kind) {
    case NodeKind::Number: return number(static_cast<const NumberExpr&>(e).value);
    case NodeKind::String: return goQuote(static_cast<const StringExpr&>(e).value);
    case NodeKind::VectorSelector:
    case NodeKind::MatrixSelector: return selectorText(e);
    case NodeKind::Subquery: {
        const auto& sq = static_cast<const SubqueryExpr&>(e);
        return text(*sq.expr) + subquerySuffix(sq);
    }
    case NodeKind::Paren: return concat({ "(", text(*static_cast<const ParenExpr&>(e).expr), ")" });
    case NodeKind::Unary: {
        const auto& u = static_cast<const UnaryExpr&>(e);
        return concat({ u.negate ? "-" : "+", text(*u.expr) });
    }
    case NodeKind::Binary: {
        const auto& b = static_cast<const BinaryExpr&>(e);
        return (infinityRaised(b) ? "Inf" : text(*b.lhs)) + " " + operatorLine(b) + " " + text(*b.rhs);
    }
    case NodeKind::Aggregate: {
        const auto& a = static_cast<const AggregateExpr&>(e);
        return aggregateHead(a) + "(" + (a.param ? text(*a.param) + ", " : std::string()) + text(*a.expr) + ")";
    }
    case NodeKind::Call: {
        const auto& c = static_cast<const CallExpr&>(e);
        std::vector<std::string> args;
        for (const auto& a : c.args)
            args.push_back(text(*a));
        return std::string(c.func->name) + "(" + joined(args, ", ") + ")";
    }
    }
    return {};
}

} // namespace sg::promql::detail
