#include "selector_edit.h"

#include <algorithm>

namespace sg {

namespace {

bool isNameChar(char c, bool first)
{
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    return alpha || (!first && c >= '0' && c <= '9');
}

/// The `}` closing the `{` at `open`, skipping quoted strings; npos when unbalanced.
std::size_t closingBrace(std::string_view text, std::size_t open)
{
    char quote = 0;
    for (std::size_t i = open + 1; i < text.size(); ++i) {
        const char c = text[i];
        if (quote) {
            if (c == '\\' && quote != '`')
                ++i;
            else if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'' || c == '`') {
            quote = c;
        } else if (c == '}') {
            return i;
        }
    }
    return std::string_view::npos;
}

std::string quotedValue(std::string_view value)
{
    std::string out = "\"";
    for (const char c : value) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + '"';
}

bool alreadyThere(const LabelFilter& f, const Matchers& existing)
{
    return std::any_of(existing.begin(), existing.end(),
        [&](const Matcher& m) { return m.type() == f.type && m.name() == f.name && m.value() == f.value; });
}

} // namespace

std::string_view matchTypeText(MatchType type)
{
    switch (type) {
    case MatchType::Equal: return "=";
    case MatchType::NotEqual: return "!=";
    case MatchType::Regex: return "=~";
    case MatchType::NotRegex: return "!~";
    }
    return "=";
}

bool parseMatchType(std::string_view text, MatchType& type)
{
    for (MatchType t : { MatchType::Equal, MatchType::NotEqual, MatchType::Regex, MatchType::NotRegex }) {
        if (matchTypeText(t) == text) {
            type = t;
            return true;
        }
    }
    return false;
}

TextInsertion selectorInsertion(std::string_view query, std::size_t begin, const std::vector<LabelFilter>& filters,
    const Matchers& existing)
{
    std::string added;
    for (const LabelFilter& f : filters) {
        if (f.name.empty() || alreadyThere(f, existing))
            continue;
        if (!added.empty())
            added += ',';
        added += f.name + std::string(matchTypeText(f.type)) + quotedValue(f.value);
    }
    if (added.empty() || begin >= query.size())
        return { begin, {} };
    std::size_t i = begin;
    while (i < query.size() && isNameChar(query[i], i == begin))
        ++i;
    const std::size_t nameEnd = i;
    while (i < query.size() && (query[i] == ' ' || query[i] == '\t' || query[i] == '\n'))
        ++i;
    if (i >= query.size() || query[i] != '{')
        return { nameEnd, '{' + added + '}' };
    const std::size_t close = closingBrace(query, i);
    if (close == std::string_view::npos)
        return { begin, {} };
    // After the last non-blank character inside the braces; a trailing comma needs no other.
    std::size_t last = close;
    while (last > i + 1 && (query[last - 1] == ' ' || query[last - 1] == '\t' || query[last - 1] == '\n'))
        --last;
    const char before = query[last - 1];
    return { last, (before == '{' || before == ',') ? added : ',' + added };
}

std::string applyInsertions(std::string_view query, std::vector<TextInsertion> insertions)
{
    std::stable_sort(insertions.begin(), insertions.end(),
        [](const TextInsertion& a, const TextInsertion& b) { return a.position < b.position; });
    std::string out;
    std::size_t last = 0;
    for (const TextInsertion& ins : insertions) {
        if (ins.text.empty() || ins.position < last || ins.position > query.size())
            continue;
        out.append(query.substr(last, ins.position - last));
        out += ins.text;
        last = ins.position;
    }
    out.append(query.substr(last));
    return out;
}

std::string addFiltersToSelectors(
    std::string_view query, const std::vector<SelectorSite>& sites, const std::vector<LabelFilter>& filters)
{
    static const Matchers none;
    std::vector<TextInsertion> insertions;
    for (const SelectorSite& site : sites)
        insertions.push_back(selectorInsertion(query, site.begin, filters, site.matchers ? *site.matchers : none));
    return applyInsertions(query, std::move(insertions));
}

} // namespace sg
