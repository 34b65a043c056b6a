#include "diagnostics.h"

#include "core/common/go_format.h"
#include "format.h"
#include "functions_table.h"


namespace sg::promql {

namespace {

constexpr DurationMs IrateRangeLimit = 5 * 60'000;

bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

class Checker : public WarningCollector
{
public:
    using WarningCollector::WarningCollector;

    void visit(const Expr& e)
    {
        switch (e.kind) {
        case NodeKind::VectorSelector: selector(static_cast<const VectorSelectorExpr&>(e), e.where); break;
        case NodeKind::MatrixSelector: selector(*static_cast<const MatrixSelectorExpr&>(e).selector, e.where); break;
        case NodeKind::Subquery: subquery(static_cast<const SubqueryExpr&>(e)); break;
        case NodeKind::Paren: visit(*static_cast<const ParenExpr&>(e).expr); break;
        case NodeKind::Unary: visit(*static_cast<const UnaryExpr&>(e).expr); break;
        case NodeKind::Binary:
            visit(*static_cast<const BinaryExpr&>(e).lhs);
            visit(*static_cast<const BinaryExpr&>(e).rhs);
            break;
        case NodeKind::Aggregate: {
            const auto& a = static_cast<const AggregateExpr&>(e);
            if (a.param)
                visit(*a.param);
            visit(*a.expr);
            break;
        }
        case NodeKind::Call: call(static_cast<const CallExpr&>(e)); break;
        case NodeKind::Number:
        case NodeKind::String: break;
        }
    }

private:
    std::string duration(DurationMs ms) const
    {
        const std::string* var = m_query.durationVariable(ms);
        return var ? *var : modelDuration(ms);
    }

    void selector(const VectorSelectorExpr& vs, SourceRange where)
    {
        for (const auto& m : vs.matchers)
            if (auto w = emptyMatchWarning(m, m_query.restoreName(m.name()), "series"))
                warn(where, *w);
    }

    void subquery(const SubqueryExpr& sq)
    {
        if (!sq.rangeExpr && !sq.stepExpr && sq.step != 0 && sq.step == sq.range)
            warn(sq.where, "subquery [" + duration(sq.range) + ":" + duration(sq.step)
                    + "] has its range equal to its step: each evaluation sees a single point");
        visit(*sq.expr);
    }

    void call(const CallExpr& c)
    {
        for (const auto& a : c.args)
            visit(*a);
        if (c.args.empty() || c.args[0]->kind != NodeKind::MatrixSelector)
            return;
        const auto& ms = static_cast<const MatrixSelectorExpr&>(*c.args[0]);
        const std::string_view fn = c.func->name;
        const std::string* rangeVariable = ms.rangeExpr ? nullptr : m_query.durationVariable(ms.range);
        if ((fn == "irate" || fn == "idelta") && !ms.rangeExpr && !rangeVariable && ms.range > IrateRangeLimit)
            warn(ms.where, std::string(fn) + " over " + modelDuration(ms.range)
                    + ": it uses only the last two samples of the range, so a range beyond 5m only matters for"
                      " series scraped less often (rate averages over the whole range)");
        if (fn != "rate" && fn != "irate" && fn != "increase")
            return;
        if (rangeVariable && *rangeVariable == "$__interval")
            warn(ms.where, std::string(fn) + " over $__interval can see fewer than two samples when the step is "
                    "short; Grafana's $__rate_interval is at least four scrape intervals");
        const std::string& name = ms.selector->name;
        const bool counterName = endsWith(name, "_total") || endsWith(name, "_sum") || endsWith(name, "_count")
            || endsWith(name, "_bucket");
        if (!name.empty() && !counterName && m_query.restoreName(name) == name)
            warn(ms.where,
                "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: " + goQuote(name));
    }
};

Result<ExprPtr> parseDefault(TemplatedQuery& query) { return parseTemplated(query); }

} // namespace

std::optional<std::string> emptyMatchWarning(const Matcher& m, const std::string& name, const char* what)
{
    if (m.type() != MatchType::Regex || !m.matchesEmpty())
        return std::nullopt;
    return name + "=~" + goQuote(m.value()) + " matches the empty string: it also selects " + what + " that have no "
        + name + " label";
}

std::vector<Diagnostic> checkQuery(std::string_view query) { return diagnose<Checker>(query, parseDefault); }

} // namespace sg::promql
