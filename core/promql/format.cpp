// formatQuery: variables become placeholders, the copy is parsed and printed by FormatPrinter with the variables
// and comments put back, and the result is parsed again: it must have the same tree signature, the same variables
// and every comment, or formatting fails rather than change the query.

#include "format.h"

#include "format_impl.h"
#include "functions_table.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace sg::promql {

namespace {

/// The tree as nested `kind(...)`; variables as written; durations in ms, numbers in shortest round-trip form.
class Signature
{
public:
    explicit Signature(const TemplatedQuery& query)
        : m_query(query)
    {
    }

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
            return "matrix(" + selector(*ms.selector) + modifiers(ms.selector->mods) + ",range=" + duration(ms.range, ms.rangeExpr)
                + (ms.anchored ? ",anchored" : "") + (ms.smoothed ? ",smoothed" : "") + ")";
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
            return std::string("aggregate(") + aggregateOpString(a.op) + (a.without ? ",without" : ",by")
                + names(a.grouping) + (a.param ? "," + of(*a.param) : std::string()) + "," + of(*a.expr) + ")";
        }
        case NodeKind::Call: {
            const auto& c = static_cast<const CallExpr&>(e);
            std::string out = std::string("call(") + c.func->name;
            for (const auto& a : c.args)
                out += "," + of(*a);
            return out + ")";
        }
        }
        return {};
    }

private:
    std::string number(double v) const
    {
        if (const std::string* var = m_query.numberVariable(v))
            return *var;
        if (const std::string* var = m_query.numberVariable(-v))
            return "-" + *var;
        if (std::isnan(v))
            return "NaN";
        char buf[64];
        return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
    }
    std::string duration(DurationMs ms, const DurationExprPtr& dynamic) const
    {
        if (dynamic)
            return "expr(" + m_query.restoreText(dynamic->text) + ")";
        if (const std::string* var = m_query.durationVariable(std::abs(ms)))
            return (ms < 0 ? "-" : "") + *var;
        return std::to_string(ms) + "ms";
    }
    std::string modifiers(const TimeModifiers& m) const
    {
        std::string out = ",offset=" + duration(m.offset, m.offsetExpr);
        if (m.at != AtKind::None)
            out += ",at=" + (m.at == AtKind::Timestamp ? number(double(m.atTime) / 1000.0) : std::to_string(int(m.at)));
        return out;
    }
    std::string names(const std::vector<std::string>& list) const
    {
        std::string out = "(";
        for (const auto& l : list)
            out += m_query.restoreName(l) + ";";
        return out + ")";
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

    const TemplatedQuery& m_query;
};

std::vector<std::string> writtenVariables(const TemplatedQuery& q)
{
    std::vector<std::string> out;
    for (const auto& v : q.variables())
        out.push_back(v.written);
    std::sort(out.begin(), out.end());
    return out;
}

/// Empty when `formatted` holds every comment of `original`, in order.
bool keepsComments(const TemplatedQuery& original, const std::string& formatted)
{
    std::size_t from = 0;
    for (const auto& c : findQueryComments(original.text())) {
        std::string_view text = std::string_view(original.text()).substr(std::size_t(c.where.begin), std::size_t(c.where.end - c.where.begin));
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
            text.remove_suffix(1);
        const auto at = formatted.find(text, from);
        if (at == std::string::npos)
            return false;
        from = at + text.size();
    }
    return true;
}

} // namespace

Result<ExprPtr> parseTemplated(TemplatedQuery& query, const ParseOptions& options)
{
    for (;;) {
        auto parsed = parse(query.text(), options);
        if (parsed.ok() || !query.retypeAsNumber(parsed.error().where))
            return parsed;
    }
}

Result<std::string> treeSignature(std::string_view query)
{
    TemplatedQuery q(query);
    auto parsed = parseTemplated(q);
    if (!parsed.ok())
        return parsed.error();
    return Signature(q).of(**parsed);
}

Result<std::string> formatQuery(std::string_view query, const FormatOptions& options)
{
    TemplatedQuery q(query);
    auto parsed = parseTemplated(q);
    if (!parsed.ok()) {
        Error e = parsed.error();
        e.where = q.toOriginal(e.where);
        return e;
    }
    const detail::FormatPrinter printer(q, options.columnLimit);
    std::string out = printer.render(**parsed, findQueryComments(q.text()));

    TemplatedQuery again(out);
    auto reparsed = parseTemplated(again);
    std::string problem;
    if (!reparsed.ok())
        problem = "it does not parse: " + reparsed.error().message;
    else if (Signature(again).of(**reparsed) != Signature(q).of(**parsed))
        problem = "its tree differs";
    else if (writtenVariables(again) != writtenVariables(q))
        problem = "its template variables differ";
    else if (!keepsComments(q, out))
        problem = "a comment is lost";
    if (!problem.empty())
        return Error { ErrorCode::Internal, "the query cannot be formatted without changing it (" + problem + ")", {} };
    return out;
}

} // namespace sg::promql
