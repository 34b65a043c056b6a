#include "label_injection.h"

#include "parser.h"

namespace sg::promql {

void collectSelectors(const Expr* e, std::vector<SelectorSite>& out)
{
    if (!e)
        return;
    switch (e->kind) {
    case NodeKind::VectorSelector:
        out.push_back({ std::size_t(e->where.begin), &static_cast<const VectorSelectorExpr*>(e)->matchers });
        break;
    case NodeKind::MatrixSelector:
        collectSelectors(static_cast<const MatrixSelectorExpr*>(e)->selector.get(), out);
        break;
    case NodeKind::Subquery:
        collectSelectors(static_cast<const SubqueryExpr*>(e)->expr.get(), out);
        break;
    case NodeKind::Paren:
        collectSelectors(static_cast<const ParenExpr*>(e)->expr.get(), out);
        break;
    case NodeKind::Unary:
        collectSelectors(static_cast<const UnaryExpr*>(e)->expr.get(), out);
        break;
    case NodeKind::Binary:
        collectSelectors(static_cast<const BinaryExpr*>(e)->lhs.get(), out);
        collectSelectors(static_cast<const BinaryExpr*>(e)->rhs.get(), out);
        break;
    case NodeKind::Aggregate:
        collectSelectors(static_cast<const AggregateExpr*>(e)->param.get(), out);
        collectSelectors(static_cast<const AggregateExpr*>(e)->expr.get(), out);
        break;
    case NodeKind::Call:
        for (const ExprPtr& arg : static_cast<const CallExpr*>(e)->args)
            collectSelectors(arg.get(), out);
        break;
    case NodeKind::Number:
    case NodeKind::String:
        break;
    }
}

Result<std::string> addLabelFilters(std::string_view query, const std::vector<LabelFilter>& filters)
{
    if (filters.empty())
        return std::string(query);
    auto parsed = parse(query);
    if (!parsed.ok())
        return parsed.error();
    std::vector<SelectorSite> sites;
    collectSelectors(parsed.value().get(), sites);
    return addFiltersToSelectors(query, sites, filters);
}

} // namespace sg::promql
