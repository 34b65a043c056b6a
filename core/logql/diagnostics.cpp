#include "diagnostics.h"

#include "core/common/go_format.h"
#include "core/promql/diagnostics.h"
#include "format.h"


namespace sg::logql {

namespace {

class Checker : public WarningCollector
{
public:
    using WarningCollector::WarningCollector;

    void visit(const Expr& e)
    {
        switch (e.kind) {
        case Expr::Kind::Log: selector(*e.log); break;
        case Expr::Kind::RangeAgg: selector(e.logRange->selector); break;
        case Expr::Kind::Binary: visit(*e.rhs); [[fallthrough]];
        case Expr::Kind::VectorAgg:
        case Expr::Kind::LabelReplace:
        case Expr::Kind::Paren: visit(*e.lhs); break;
        case Expr::Kind::Literal:
        case Expr::Kind::Vector: break;
        }
    }

private:
    void selector(const LogSelector& s)
    {
        for (const auto& m : s.matchers)
            if (auto w = promql::emptyMatchWarning(m, m_query.restoreName(m.name()), "streams"))
                warn(s.matchersWhere, *w);
        for (const auto& st : s.stages)
            if (const auto* lf = std::get_if<LineFilterStage>(&st.stage))
                for (const auto& f : lf->filters)
                    lineFilter(f);
    }

    void lineFilter(const LineFilter& f)
    {
        const bool regex = f.op == LineFilterOp::Regex || f.op == LineFilterOp::NotRegex;
        if (!regex && f.op != LineFilterOp::Contains && f.op != LineFilterOp::NotContains)
            return;
        for (const auto& v : f.values) {
            if (v.isIp || !(v.text.empty() || (regex && v.text == ".*")))
                continue;
            const bool keeps = f.op == LineFilterOp::Contains || f.op == LineFilterOp::Regex;
            warn(f.where,
                std::string(lineFilterOpName(f.op)) + " " + goQuote(v.text)
                    + (keeps ? " keeps every line: the filter does nothing"
                             : " drops every line: the query selects nothing"));
            return;
        }
    }
};

} // namespace

std::vector<Diagnostic> checkQuery(std::string_view query) { return diagnose<Checker>(query, parseTemplated); }

} // namespace sg::logql
