#include "filter_edit.h"

#include "core/labels/labels.h"
#include "parser.h"

#include <algorithm>

namespace sg::logql {
namespace {

void collectSelectors(const Expr* e, std::vector<const LogSelector*>& out)
{
    if (!e)
        return;
    for (const LogSelector* s : { e->log.get(), e->logRange ? &e->logRange->selector : nullptr })
        if (s)
            out.push_back(s);
    collectSelectors(e->lhs.get(), out);
    collectSelectors(e->rhs.get(), out);
}

/// A replacement of bytes [begin, end) of the query.
struct Edit
{
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string text;
};

std::string applyEdits(std::string_view query, std::vector<Edit> edits)
{
    std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin > b.begin; });
    std::string out(query);
    for (const Edit& e : edits)
        out.replace(e.begin, e.end - e.begin, e.text);
    return out;
}

MatchType typeOf(const FieldFilter& f, bool opposite)
{
    return (f.exclude != opposite) ? MatchType::NotEqual : MatchType::Equal;
}

/// The selector's matcher index equal to `filter` (or to its opposite), or -1.
int findMatcher(const LogSelector& s, const FieldFilter& f, bool opposite)
{
    for (std::size_t i = 0; i < s.matchers.size(); ++i) {
        const Matcher& m = s.matchers[i];
        if (m.name() == f.name && m.value() == f.value && m.type() == typeOf(f, opposite))
            return int(i);
    }
    return -1;
}

/// The index of the label filter stage that is exactly `name="value"` (or its opposite), or -1.
int findStage(const LogSelector& s, const FieldFilter& f, bool opposite)
{
    for (std::size_t i = 0; i < s.stages.size(); ++i) {
        const auto* lf = std::get_if<LabelFilterStage>(&s.stages[i].stage);
        if (!lf || !lf->filter || lf->filter->kind != LabelFilterExpr::Kind::String || !lf->filter->matcher)
            continue;
        const Matcher& m = *lf->filter->matcher;
        if (m.name() == f.name && m.value() == f.value && m.type() == typeOf(f, opposite))
            return int(i);
    }
    return -1;
}

bool present(const LogSelector& s, const FieldFilter& f)
{
    return f.source == FieldSource::StreamLabel ? findMatcher(s, f, false) >= 0 : findStage(s, f, false) >= 0;
}

std::string filterText(const FieldFilter& f)
{
    const std::string op = f.exclude ? "!=" : "=";
    return f.name + op + "\"" + escapeLabelValue(f.value) + "\"";
}

Result<std::string> editSelectorMatchers(std::string_view query, const LogSelector& s, const FieldFilter& f,
    bool remove, std::vector<Edit>& edits)
{
    std::vector<std::string> parts;
    const int same = findMatcher(s, f, false);
    const int opposite = findMatcher(s, f, true);
    for (std::size_t i = 0; i < s.matchers.size(); ++i) {
        if (int(i) == same && remove)
            continue;
        if (int(i) == opposite && !remove)
            continue;
        parts.push_back(s.matchers[i].toString());
    }
    if (!remove && same < 0)
        parts.push_back(filterText(f));
    if (parts.empty())
        return Error { ErrorCode::Execution, "a stream selector needs at least one matcher", s.matchersWhere };
    std::string text = "{";
    for (std::size_t i = 0; i < parts.size(); ++i)
        text += (i ? ", " : "") + parts[i];
    text += "}";
    edits.push_back({ std::size_t(s.matchersWhere.begin), std::size_t(s.matchersWhere.end), text });
    return std::string();
}

/// The byte range of stage `i` with the spaces before it, so removing it leaves the query as if never typed.
Edit stageRemoval(std::string_view query, const LogSelector& s, std::size_t i)
{
    std::size_t begin = std::size_t(s.stages[i].where.begin);
    while (begin > 0 && (query[begin - 1] == ' ' || query[begin - 1] == '\t'))
        --begin;
    return { begin, std::size_t(s.stages[i].where.end), {} };
}

void editSelectorStages(std::string_view query, const LogSelector& s, const FieldFilter& f, bool remove,
    std::vector<Edit>& edits)
{
    const int same = findStage(s, f, false);
    if (remove) {
        if (same >= 0)
            edits.push_back(stageRemoval(query, s, std::size_t(same)));
        return;
    }
    if (const int opposite = findStage(s, f, true); opposite >= 0)
        edits.push_back(stageRemoval(query, s, std::size_t(opposite)));
    const std::size_t at = s.stages.empty() ? std::size_t(s.matchersWhere.end) : std::size_t(s.stages.back().where.end);
    const bool hasParser = std::any_of(s.stages.begin(), s.stages.end(),
        [](const Stage& stage) { return std::holds_alternative<ParserStage>(stage.stage); });
    const std::string parser = f.source == FieldSource::Parsed && !hasParser && !f.parser.empty() ? " | " + f.parser : "";
    edits.push_back({ at, at, parser + " | " + filterText(f) });
}

} // namespace

Result<bool> hasFieldFilter(std::string_view query, const FieldFilter& filter)
{
    auto parsed = parseQuery(query);
    if (!parsed.ok())
        return parsed.error();
    std::vector<const LogSelector*> selectors;
    collectSelectors(parsed.value().get(), selectors);
    if (selectors.empty())
        return false;
    return std::all_of(selectors.begin(), selectors.end(), [&](const LogSelector* s) { return present(*s, filter); });
}

Result<std::string> toggleFieldFilter(std::string_view query, const FieldFilter& filter)
{
    auto parsed = parseQuery(query);
    if (!parsed.ok())
        return parsed.error();
    std::vector<const LogSelector*> selectors;
    collectSelectors(parsed.value().get(), selectors);
    const bool remove = !selectors.empty()
        && std::all_of(selectors.begin(), selectors.end(), [&](const LogSelector* s) { return present(*s, filter); });
    std::vector<Edit> edits;
    for (const LogSelector* s : selectors) {
        if (filter.source == FieldSource::StreamLabel) {
            auto r = editSelectorMatchers(query, *s, filter, remove, edits);
            if (!r.ok())
                return r.error();
        } else {
            editSelectorStages(query, *s, filter, remove, edits);
        }
    }
    return applyEdits(query, std::move(edits));
}

std::vector<LineFilterTerm> positiveLineFilters(std::string_view query)
{
    std::vector<LineFilterTerm> out;
    auto parsed = parseQuery(query);
    if (!parsed.ok())
        return out;
    std::vector<const LogSelector*> selectors;
    collectSelectors(parsed.value().get(), selectors);
    for (const LogSelector* s : selectors) {
        for (const Stage& stage : s->stages) {
            const auto* lf = std::get_if<LineFilterStage>(&stage.stage);
            if (!lf)
                continue;
            for (const LineFilter& f : lf->filters) {
                if (f.op != LineFilterOp::Contains && f.op != LineFilterOp::Regex)
                    continue;
                for (const LineFilterValue& v : f.values)
                    if (!v.isIp && !v.text.empty())
                        out.push_back({ v.text, f.op == LineFilterOp::Regex });
            }
        }
    }
    return out;
}

std::string streamSelector(const std::vector<std::pair<std::string, std::string>>& labels)
{
    std::string text = "{";
    for (std::size_t i = 0; i < labels.size(); ++i)
        text += (i ? ", " : "") + labels[i].first + "=\"" + escapeLabelValue(labels[i].second) + "\"";
    return text + "}";
}

} // namespace sg::logql
