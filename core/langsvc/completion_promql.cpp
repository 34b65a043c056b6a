// PromQL completion: metric names with their metadata, label names and values scoped by the selector, functions,
// aggregations, keywords, operators and durations.

#include "completion_impl.h"
#include "docs.h"

#include "core/labels/regex_escape.h"

#include <algorithm>
#include <unordered_map>

namespace sg::langsvc {

namespace {

/// The scope of label lookups: the metric and the matchers typed so far.
Matchers scopeOf(const Situation& s)
{
    Matchers scope = s.matchers;
    if (!s.metric.empty()) {
        auto m = Matcher::make(MatchType::Equal, "__name__", s.metric);
        if (m.ok())
            scope.push_back(std::move(*m));
    }
    return scope;
}

void addMetrics(CompletionContext& c, std::vector<CompletionItem>& items)
{
    if (!c.data)
        return;
    std::unordered_map<std::string, MetricMetadata> metadata;
    for (MetricMetadata& m : c.data->metricMetadata())
        metadata.emplace(m.name, std::move(m));
    if (c.cancelled())
        return;
    for (std::string& name : c.data->metricNames()) {
        CompletionItem item { name, "metric", {}, name, {} };
        const auto it = metadata.find(name);
        if (it != metadata.end()) {
            item.detail = it->second.type;
            item.documentation = it->second.help;
            if (!it->second.unit.empty())
                item.documentation += (item.documentation.empty() ? "" : "\n") + std::string("Unit: ") + it->second.unit;
        }
        items.push_back(std::move(item));
    }
}

void addFunctions(std::vector<CompletionItem>& items)
{
    for (const DocEntry& d : promqlDocumentation())
        if (d.kind == "function" || d.kind == "aggregation")
            items.push_back(docItem(d, d.name + "("));
}

void addOperators(const Situation& s, std::vector<CompletionItem>& items)
{
    if (s.previous == "@") {
        items.push_back({ "start()", "keyword", "@ start()", "start()", "Evaluates at the start of the range query." });
        items.push_back({ "end()", "keyword", "@ end()", "end()", "Evaluates at the end of the range query." });
        return;
    }
    for (const char* word : { "offset", "and", "or", "unless", "by", "without", "on", "ignoring", "group_left",
             "group_right", "bool", "atan2" }) {
        const DocEntry* d = findDoc(Language::PromQL, word);
        items.push_back(d ? docItem(*d, word) : CompletionItem { word, "keyword", {}, word, {} });
    }
    if (!s.prefix.empty())
        return;
    for (const char* op : { "+", "-", "*", "/", "%", "^", "==", "!=", ">", "<", ">=", "<=", "@" })
        items.push_back({ op, "operator", "binary operator", op, {} });
}

void addLabelNames(CompletionContext& c, const Matchers& scope, std::vector<CompletionItem>& items)
{
    if (!c.data)
        return;
    for (std::string& name : c.data->labelNames(Language::PromQL, scope)) {
        if (name == "__name__")
            continue;
        const bool used = std::any_of(c.situation.matchers.begin(), c.situation.matchers.end(),
            [&](const Matcher& m) { return m.name() == name; });
        if (!used)
            items.push_back({ name, "label", c.situation.metric.empty() ? "label" : "label of " + c.situation.metric,
                name, {} });
    }
}

} // namespace

void addLabelValues(CompletionContext& c, Language language, const Matchers& scope, std::vector<CompletionItem>& items)
{
    const Situation& s = c.situation;
    const bool regex = s.previous == "=~" || s.previous == "!~";
    const char quote = s.inQuotes && s.replaceStart > 0 ? c.request.text[std::size_t(s.replaceStart - 1)] : '"';
    if (c.data) {
        for (std::string& value : c.data->labelValues(language, s.labelName, scope)) {
            const std::string written = regex ? regexEscaped(value) : value;
            items.push_back({ value, "value", "value of " + s.labelName,
                s.inQuotes ? escapeInQuotes(written, quote) : quoteValue(written, quote), {} });
        }
    }
    for (const std::string& v : c.request.variables)
        items.push_back({ "$" + v, "variable", "dashboard variable",
            s.inQuotes ? "$" + v : quoteValue("$" + v, quote), {} });
}

void completePromQL(CompletionContext& c, std::vector<CompletionItem>& items)
{
    const Situation& s = c.situation;
    switch (s.kind) {
    case SituationKind::Expression:
        addMetrics(c, items);
        addFunctions(items);
        addVariables(c.request, items, false);
        break;
    case SituationKind::AfterExpression:
        addOperators(s, items);
        break;
    case SituationKind::AfterAggregation:
        addGroupingKeywords(items);
        break;
    case SituationKind::LabelName: {
        Matchers scope = scopeOf(s);
        addLabelNames(c, scope, items);
        break;
    }
    case SituationKind::LabelValue: {
        addLabelValues(c, Language::PromQL, scopeOf(s), items);
        c.keepOrder = false;
        break;
    }
    case SituationKind::GroupingLabel:
        addLabelNames(c, scopeOf(s), items);
        break;
    case SituationKind::Duration:
        addDurationSituation(c, items);
        break;
    default:
        break;
    }
}

} // namespace sg::langsvc
