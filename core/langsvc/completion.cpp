// Completion: the items of each situation, ranked by how well they match the word being typed.

#include "completion_impl.h"
#include "docs.h"

#include <algorithm>
#include <cctype>

namespace sg::langsvc {

int fuzzyScore(std::string_view prefix, std::string_view candidate)
{
    if (prefix.empty())
        return 0;
    const auto lower = [](char c) { return char(std::tolower(static_cast<unsigned char>(c))); };
    if (prefix.size() <= candidate.size()) {
        bool isPrefix = true;
        for (std::size_t i = 0; i < prefix.size() && isPrefix; ++i)
            isPrefix = lower(prefix[i]) == lower(candidate[i]);
        if (isPrefix)
            return 3000 - int(std::min<std::size_t>(candidate.size() - prefix.size(), 999));
    }
    // In order; each matched character after a separator (or at a case change) scores more, gaps cost.
    int score = 1000;
    std::size_t at = 0;
    int wordStarts = 0;
    const auto isWordStart = [&](std::size_t i) {
        return i == 0 || candidate[i - 1] == '_' || candidate[i - 1] == ':' || candidate[i - 1] == '.'
            || (std::isupper(static_cast<unsigned char>(candidate[i]))
                && std::islower(static_cast<unsigned char>(candidate[i - 1])));
    };
    for (char c : prefix) {
        const char want = lower(c);
        // The character at the start of a word if there is one ahead (`hrt` is h_r_t of http_requests_total), else
        // its next occurrence.
        std::size_t found = candidate.size();
        for (std::size_t i = at; i < candidate.size(); ++i) {
            if (lower(candidate[i]) != want)
                continue;
            if (found == candidate.size())
                found = i;
            if (isWordStart(i)) {
                found = i;
                break;
            }
        }
        if (found == candidate.size())
            return -1;
        wordStarts += isWordStart(found);
        score -= int(found - at);
        at = found + 1;
    }
    if (wordStarts == int(prefix.size()))
        score += 1000;
    return std::max(1, score - int(candidate.size() / 8));
}

namespace {

int kindRank(const std::string& kind)
{
    static const char* order[] = { "value", "label", "field", "metric", "variable", "aggregation", "function",
        "stage", "keyword", "operator", "duration" };
    for (int i = 0; i < int(std::size(order)); ++i)
        if (kind == order[i])
            return i;
    return int(std::size(order));
}

} // namespace

void rankItems(std::vector<CompletionItem>& items, std::string_view prefix, int limit, bool keepOrder)
{
    struct Scored
    {
        int score;
        int rank;
        std::size_t index;
    };
    std::vector<Scored> scored;
    scored.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        const int score = fuzzyScore(prefix, items[i].label);
        if (score >= 0)
            scored.push_back({ score, keepOrder ? 0 : kindRank(items[i].kind), i });
    }
    std::stable_sort(scored.begin(), scored.end(), [&](const Scored& a, const Scored& b) {
        if (a.score != b.score)
            return a.score > b.score;
        if (a.rank != b.rank)
            return a.rank < b.rank;
        if (keepOrder)
            return a.index < b.index;
        return items[a.index].label < items[b.index].label;
    });
    std::vector<CompletionItem> out;
    out.reserve(std::min<std::size_t>(scored.size(), std::size_t(std::max(limit, 0))));
    for (const Scored& s : scored) {
        if (int(out.size()) >= limit)
            break;
        out.push_back(std::move(items[s.index]));
    }
    items = std::move(out);
}

CompletionItem docItem(const DocEntry& doc, std::string insert)
{
    return { doc.name, doc.kind, doc.signature, std::move(insert),
        doc.body.empty() ? doc.summary : doc.summary + "\n\n" + doc.body };
}

void addVariables(const CompletionRequest& request, std::vector<CompletionItem>& items, bool durations)
{
    for (const std::string& v : request.variables)
        items.push_back({ "$" + v, "variable", "dashboard variable", "$" + v, {} });
    if (!durations)
        return;
    static const std::pair<const char*, const char*> builtins[] = {
        { "$__rate_interval", "max($__interval + scrape interval, 4 × scrape interval): the range for rate()" },
        { "$__interval", "the step Grafana picks for the time range and panel width" },
        { "$__range", "the dashboard's time range" },
        { "$__auto", "the range that matches the step (LogQL)" },
    };
    for (const auto& [name, doc] : builtins)
        items.push_back({ name, "variable", "Grafana interval", name, doc });
}

void addDurations(std::vector<CompletionItem>& items)
{
    static const char* durations[] = { "1m", "5m", "10m", "15m", "30m", "1h", "3h", "6h", "12h", "1d", "1w" };
    for (const char* d : durations)
        items.push_back({ d, "duration", "duration", d, {} });
}

void addGroupingKeywords(std::vector<CompletionItem>& items)
{
    items.push_back({ "by", "keyword", "sum by (label, ...) (...)", "by (", "Keeps only the listed labels." });
    items.push_back({ "without", "keyword", "sum without (label, ...) (...)", "without (", "Drops the listed labels." });
}

void addDurationSituation(CompletionContext& context, std::vector<CompletionItem>& items)
{
    addDurations(items);
    addVariables(context.request, items, true);
    context.keepOrder = true;
}

std::string quoteValue(std::string_view value, char quote)
{
    std::string out(1, quote);
    for (char c : value) {
        if (quote != '`' && (c == '\\' || c == quote))
            out += '\\';
        if (quote != '`' && c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + quote;
}

std::string escapeInQuotes(std::string_view value, char quote)
{
    const std::string quoted = quoteValue(value, quote);
    return quoted.substr(1, quoted.size() - 2);
}

CompletionResult complete(const CompletionRequest& request, CompletionData* data, const std::atomic_bool* cancel)
{
    CompletionResult result;
    result.situation = situationAt(request.language, request.text, request.cursor);
    CompletionContext context { request, result.situation, data, cancel };
    if (request.language == Language::PromQL)
        completePromQL(context, result.items);
    else
        completeLogQL(context, result.items);
    if (context.cancelled()) {
        result.items.clear();
        return result;
    }
    rankItems(result.items, result.situation.prefix, request.limit, context.keepOrder);
    return result;
}

} // namespace sg::langsvc
