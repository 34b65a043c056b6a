#pragma once

// What the per-language completion files share (completion.cpp, completion_promql.cpp, completion_logql.cpp).

#include "language_service.h"

namespace sg::langsvc {

/// One completion run: the request, its situation, the data (may be null) and the cancel flag.
struct CompletionContext
{
    const CompletionRequest& request;
    const Situation& situation;
    CompletionData* data;
    const std::atomic_bool* cancel;
    bool keepOrder = false; ///< the items are in a meaningful order already (values by frequency ...)

    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
};

void completePromQL(CompletionContext& context, std::vector<CompletionItem>& items);
void completeLogQL(CompletionContext& context, std::vector<CompletionItem>& items);

/// Values of the situation's label in `scope`, quoted for where they go (escaped for a regex after =~ and !~), and
/// the dashboard's variables.
void addLabelValues(CompletionContext& context, Language language, const Matchers& scope,
    std::vector<CompletionItem>& items);
/// Filters by `prefix` (fuzzy) and sorts: score, then kind (values and labels before functions ...), then label.
void rankItems(std::vector<CompletionItem>& items, std::string_view prefix, int limit, bool keepOrder);
/// An item of a documented word; `insert` is what is typed.
CompletionItem docItem(const DocEntry& doc, std::string insert);
/// The dashboard's variables; with `durations`, Grafana's interval variables too.
void addVariables(const CompletionRequest& request, std::vector<CompletionItem>& items, bool durations);
void addDurations(std::vector<CompletionItem>& items);
/// After an aggregation: `by (` and `without (`.
void addGroupingKeywords(std::vector<CompletionItem>& items);
/// In a range, after `offset`: durations, then the dashboard's and Grafana's interval variables, in that order.
void addDurationSituation(CompletionContext& context, std::vector<CompletionItem>& items);
/// `value` in quotes, escaped for that quote; and escaped only (for inside quotes already typed).
std::string quoteValue(std::string_view value, char quote);
std::string escapeInQuotes(std::string_view value, char quote);

} // namespace sg::langsvc
