#include "label_injection.h"

#include "parser.h"

namespace sg::logql {

namespace {

void collectSelectors(const Expr* e, std::vector<SelectorSite>& out)
{
    if (!e)
        return;
    for (const LogSelector* s : { e->log.get(), e->logRange ? &e->logRange->selector : nullptr })
        if (s)
            out.push_back({ std::size_t(s->matchersWhere.begin), &s->matchers });
    collectSelectors(e->lhs.get(), out);
    collectSelectors(e->rhs.get(), out);
}

} // namespace

Result<std::string> addLabelFilters(std::string_view query, const std::vector<LabelFilter>& filters)
{
    if (filters.empty())
        return std::string(query);
    auto parsed = parseQuery(query);
    if (!parsed.ok())
        return parsed.error();
    std::vector<SelectorSite> sites;
    collectSelectors(parsed.value().get(), sites);
    return addFiltersToSelectors(query, sites, filters);
}

} // namespace sg::logql
