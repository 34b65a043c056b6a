#pragma once

#include "matcher.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sg {

/// One ad hoc filter: `name op "value"` (Grafana's AdHocVariableFilter: key, operator, value).
struct LabelFilter
{
    std::string name;
    MatchType type = MatchType::Equal;
    std::string value;
    bool operator==(const LabelFilter&) const = default;
};

/// The operator as written in a selector: `=`, `!=`, `=~`, `!~`.
std::string_view matchTypeText(MatchType type);
/// Reads `=`, `!=`, `=~`, `!~`; false for anything else.
bool parseMatchType(std::string_view text, MatchType& type);

/// An insertion into a query text (byte offset into UTF-8).
struct TextInsertion
{
    std::size_t position = 0;
    std::string text;
};

/// The insertion that adds `filters` to the selector starting at byte `begin` of `query`: inside its braces
/// (`name{a="b"}` → `name{a="b",k="v"}`, `{__name__="x"}`, `name{}`), or as new braces after a bare metric name
/// (`name` → `name{k="v"}`). The existing text of the selector is kept as typed; filters equal to one of `existing`
/// (the selector's own matchers) are left out, as Grafana does. Values are written as double-quoted strings with
/// `\`, `"` and newlines escaped. An empty text when nothing is to be added.
TextInsertion selectorInsertion(std::string_view query, std::size_t begin, const std::vector<LabelFilter>& filters,
    const Matchers& existing);

/// `query` with `insertions` applied (any order; positions refer to the original text).
std::string applyInsertions(std::string_view query, std::vector<TextInsertion> insertions);

/// Where a parser found a selector: its first byte and its matchers.
struct SelectorSite
{
    std::size_t begin = 0;
    const Matchers* matchers = nullptr;
};

/// `query` with `filters` added to every selector of `sites` (selectorInsertion for each, then applyInsertions).
std::string addFiltersToSelectors(
    std::string_view query, const std::vector<SelectorSite>& sites, const std::vector<LabelFilter>& filters);

} // namespace sg
