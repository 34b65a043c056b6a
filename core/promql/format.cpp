// formatQuery: variables become placeholders, the copy is parsed and printed by FormatPrinter with the variables
// and comments put back, and the result is parsed again: it must have the same tree signature, the same variables
// and every comment, or formatting fails rather than change the query.

#include "format.h"

#include "format_impl.h"
#include "functions_table.h"
#include "core/common/pretty_lines.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace sg::promql {

namespace {

/// The tree as nested `kind(...)`; variables as written; durations in ms, numbers in shortest round-trip form.
class Signature : public SignatureWriter
{
public:
    using SignatureWriter::SignatureWriter;

    std::string of(const Expr& e) const
    {
        switch (e.kind) {
        case NodeKind::Number: return "num(" + number(static_cast<const NumberExpr&>(e).value) + ")";
        case NodeKind::String: return "str(" + static_cast<const StringExpr&>(e).value + ")";
        case NodeKind::VectorSelector: {
            const auto& vs = static_cast<const VectorSelectorExpr&>(e);
            return "sel(" + selector(vs) + modifiers(vs.mods) + (vs.smoothed ? ",smoothed" : "") + ")";
        }
        case NodeKind::MatrixSelector: {
            const auto& ms = static_cast<const MatrixSelectorExpr&>(e);
            return "matrix(" + selector(*ms.selector) + modifiers(ms.selector->mods)
                + ",range=" + duration(ms.range, ms.rangeExpr) + (ms.anchored ? ",anchored" : "")
                + (ms.smoothed ? ",smoothed" : "") + ")";
        }
        case NodeKind::Subquery: {
            const auto& sq = static_cast<const SubqueryExpr&>(e);
            return "subquery(" + of(*sq.expr) + ",range=" + duration(sq.range, sq.rangeExpr) + ",step="
                + duration(sq.step, sq.stepExpr) + modifiers(sq.mods) + ")";
        }
        case NodeKind::Paren: return "paren(" + of(*static_cast<const ParenExpr&>(e).expr) + ")";
        case NodeKind::Unary: {
            const auto& u = static_cast<const UnaryExpr&>(e);
            return std::string(u.negate ? "neg(" : "pos(") + of(*u.expr) + ")";
        }
        case NodeKind::Binary: {
            const auto& b = static_cast<const BinaryExpr&>(e);
            const VectorMatching& m = b.matching;
            std::string out = std::string("binary(") + binaryOpString(b.op) + (b.returnBool ? ",bool" : "");
            if (m.explicitMatching && (m.on || !m.labels.empty())) // `ignoring ()` matches as no clause does
                out += std::string(m.on ? ",on" : ",ignoring") + names(m.labels);
            out += ",card=" + std::to_string(int(m.card)) + names(m.include);
            if (m.fillLeft)
                out += ",fill_left=" + number(*m.fillLeft);
            if (m.fillRight)
                out += ",fill_right=" + number(*m.fillRight);
            return out + "," + of(*b.lhs) + "," + of(*b.rhs) + ")";
        }
        case NodeKind::Aggregate: {
            const auto& a = static_cast<const AggregateExpr&>(e);
            return concat({ "aggregate(", aggregateOpString(a.op), a.without ? ",without" : ",by", names(a.grouping),
                a.param ? "," : "", a.param ? of(*a.param) : "", ",", of(*a.expr), ")" });
        }
        case NodeKind::Call: {
            const auto& c = static_cast<const CallExpr&>(e);
            std::string out = std::string("call(") + c.func->name;
            for (const auto& a : c.args)
                out.append(",").append(of(*a));
            return out + ")";
        }
        }
        return {};
    }

private:
    std::string duration(DurationMs ms, const DurationExprPtr& dynamic) const
    {
        return dynamic ? concat({ "expr(", m_query.restoreText(oneLine(dynamic->text)), ")" })
                       : SignatureWriter::duration(ms);
    }
    std::string modifiers(const TimeModifiers& m) const
    {
        std::string out = ",offset=" + duration(m.offset, m.offsetExpr);
        if (m.at != AtKind::None)
            out += ",at=" + (m.at == AtKind::Timestamp ? number(double(m.atTime) / 1000.0) : std::to_string(int(m.at)));
        return out;
    }
    std::string selector(const VectorSelectorExpr& vs) const
    {
        std::vector<std::string> matchers;
        for (const auto& m : vs.matchers)
            matchers.push_back(m_query.restoreName(m.name()) + matchTypeString(m.type()) + "[" + m.value() + "]");
        std::sort(matchers.begin(), matchers.end());
        std::string out = m_query.restoreName(vs.name) + "{";
        for (const auto& m : matchers)
            out += m + ";";
        return out + "}";
    }
};

} // namespace

Result<ExprPtr> parseTemplated(TemplatedQuery& query, const ParseOptions& options)
{
    return parseRetyping(query, [&](std::string_view text) { return parse(text, options); });
}

namespace {

Result<ExprPtr> parseDefault(TemplatedQuery& query) { return parseTemplated(query); }
std::string dump(const TemplatedQuery& query, const Expr& tree) { return Signature(query).of(tree); }

} // namespace

Result<std::string> treeSignature(std::string_view query) { return signatureOf(query, parseDefault, dump); }

Result<std::string> formatQuery(std::string_view query, const FormatOptions& options)
{
    const auto print = [&](const TemplatedQuery& q, const Expr& tree) {
        return detail::FormatPrinter(q, options.columnLimit).render(tree, findQueryComments(q.text()));
    };
    return formatTree(query, parseDefault, print, dump);
}

} // namespace sg::promql
