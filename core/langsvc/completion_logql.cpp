// LogQL completion: stream labels and values, pipeline stages, and the fields the pipeline extracts, detected from a
// sample of the matching lines (as Grafana's Loki editor does): names after `|`, values after `| field =`,
// numeric fields after `| unwrap`, names in `line_format` templates and `by (...)`.

#include "completion_impl.h"
#include "docs.h"

#include "core/logql/lexer.h"

#include <algorithm>
#include <map>
#include <set>

namespace sg::langsvc {

namespace {

constexpr int SampleLines = 100;

/// What the sample says about one label or field.
struct FieldStats
{
    int lines = 0;
    int numeric = 0;
    bool streamLabel = false;
    std::map<std::string, int> values;
};

bool isNumeric(const std::string& v)
{
    double d = 0;
    std::string details;
    return !v.empty()
        && (logql::parseNumber(v, d) || logql::parseGoDuration(v, d) || logql::parseBytesValue(v, d, details));
}

class Fields
{
public:
    Fields(CompletionContext& c)
        : m_c(c)
    {
    }

    /// Samples the situation's log query once.
    void sample()
    {
        if (m_sampled || !m_c.data || m_c.situation.logQuery.empty())
            return;
        m_sampled = true;
        for (const std::string& name : m_c.data->labelNames(Language::LogQL, {}))
            m_streamLabels.insert(name);
        m_lines = m_c.data->sampleLogs(m_c.situation.logQuery, SampleLines);
        for (const LogSample& line : m_lines) {
            for (const Label& l : line.labels) {
                FieldStats& f = m_fields[l.name];
                ++f.lines;
                f.numeric += isNumeric(l.value);
                f.streamLabel = m_streamLabels.count(l.name) > 0;
                if (f.values.size() < 200 || f.values.count(l.value))
                    ++f.values[l.value];
            }
        }
    }

    const std::vector<LogSample>& lines() const { return m_lines; }

    /// Fields and labels by how many sampled lines have them; `numericOnly` for unwrap.
    void addNames(std::vector<CompletionItem>& items, bool numericOnly, const std::string& prefix = {})
    {
        sample();
        std::vector<std::pair<std::string, const FieldStats*>> sorted;
        for (const auto& [name, stats] : m_fields)
            if (!numericOnly || (stats.numeric * 2 >= stats.lines && !stats.streamLabel))
                sorted.emplace_back(name, &stats);
        std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
            if (a.second->streamLabel != b.second->streamLabel)
                return !a.second->streamLabel; // parsed fields first
            return a.second->lines > b.second->lines;
        });
        for (const auto& [name, stats] : sorted) {
            std::string example = stats->values.empty() ? std::string() : stats->values.begin()->first;
            for (const auto& [value, count] : stats->values)
                if (count > stats->values.at(example))
                    example = value;
            if (example.size() > 40)
                example = example.substr(0, 37) + "...";
            items.push_back({ name, stats->streamLabel ? "label" : "field",
                std::string(stats->streamLabel ? "stream label" : "field") + " · in " + std::to_string(stats->lines)
                    + " of " + std::to_string(m_lines.size()) + " lines · e.g. " + example,
                prefix + name, {} });
        }
    }

    /// Values of `name` in the sample, most frequent first.
    void addValues(std::vector<CompletionItem>& items, const std::string& name, char quote, bool inQuotes)
    {
        sample();
        const auto it = m_fields.find(name);
        if (it == m_fields.end())
            return;
        std::vector<std::pair<std::string, int>> values(it->second.values.begin(), it->second.values.end());
        std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        for (const auto& [value, count] : values)
            items.push_back({ value, "value", std::to_string(count) + " of " + std::to_string(m_lines.size()) + " lines",
                inQuotes ? escapeInQuotes(value, quote) : quoteValue(value, quote), {} });
    }

private:
    CompletionContext& m_c;
    bool m_sampled = false;
    std::set<std::string> m_streamLabels;
    std::vector<LogSample> m_lines;
    std::map<std::string, FieldStats> m_fields;
};

bool hasParser(const std::string& logQuery)
{
    for (const char* parser : { "| json", "| logfmt", "| regexp", "| pattern", "| unpack", "|json", "|logfmt" })
        if (logQuery.find(parser) != std::string::npos)
            return true;
    return false;
}

bool looksJson(const std::string& line)
{
    const auto first = line.find_first_not_of(" \t");
    const auto last = line.find_last_not_of(" \t\r\n");
    return first != std::string::npos && line[first] == '{' && line[last] == '}';
}

bool looksLogfmt(const std::string& line)
{
    int pairs = 0;
    for (std::size_t i = 1; i < line.size(); ++i)
        if (line[i] == '=' && (std::isalnum(static_cast<unsigned char>(line[i - 1])) || line[i - 1] == '_')
            && (i + 1 == line.size() || line[i + 1] != '='))
            ++pairs;
    return pairs >= 2;
}

void addStages(Fields& fields, const Situation& s, std::vector<CompletionItem>& items)
{
    // A parser the sampled lines suit comes first (Grafana's "detected" parsers).
    int json = 0, logfmt = 0;
    if (!hasParser(s.logQuery)) {
        for (const LogSample& line : fields.lines()) {
            json += looksJson(line.line);
            logfmt += !looksJson(line.line) && looksLogfmt(line.line);
        }
    }
    const int total = int(fields.lines().size());
    std::vector<CompletionItem> stages;
    for (const DocEntry& d : logqlDocumentation()) {
        if (d.kind != "stage" || d.name.find_first_of("|!") == 0)
            continue;
        std::string insert = d.name;
        if (d.name == "regexp" || d.name == "pattern" || d.name == "line_format")
            insert += " \"\"";
        else if (d.name == "unwrap" || d.name == "keep" || d.name == "drop" || d.name == "label_format")
            insert += " ";
        CompletionItem item = docItem(d, insert);
        const int detected = d.name == "json" ? json : d.name == "logfmt" ? logfmt : 0;
        if (detected > 0 && detected * 2 >= total) {
            item.detail = "detected in " + std::to_string(detected) + " of " + std::to_string(total) + " lines · "
                + item.detail;
            items.insert(items.begin(), std::move(item));
        } else {
            stages.push_back(std::move(item));
        }
    }
    fields.addNames(items, false);
    items.insert(items.end(), stages.begin(), stages.end());
    items.push_back({ "__error__", "label", "the stage error of a line", "__error__",
        findDoc(Language::LogQL, "__error__")->summary });
}

void addLineFilters(const CompletionRequest& request, const Situation& s, std::vector<CompletionItem>& items)
{
    for (const char* op : { "|=", "!=", "|~", "!~", "|>", "!>" })
        items.push_back(docItem(*findDoc(Language::LogQL, op), std::string(op) + " \"\""));
    items.push_back({ "|", "operator", "a parser, format or label filter stage", "| ", {} });
    // Inside a range aggregation the log range closes the pipeline.
    const std::string before = request.text.substr(0, std::size_t(s.replaceStart));
    if (before.find("_over_time(") != std::string::npos || before.find("rate(") != std::string::npos
        || before.find("rate_counter(") != std::string::npos)
        items.push_back({ "[$__auto]", "duration", "the log range Grafana picks for the step", "[$__auto]", {} });
}

} // namespace

void completeLogQL(CompletionContext& c, std::vector<CompletionItem>& items)
{
    const Situation& s = c.situation;
    Fields fields(c);
    const char quote = s.inQuotes && s.replaceStart > 0 ? c.request.text[std::size_t(s.replaceStart - 1)] : '"';
    switch (s.kind) {
    case SituationKind::Expression:
        items.push_back({ "{", "operator", "a stream selector", "{", "Selects the log streams with these labels." });
        for (const DocEntry& d : logqlDocumentation())
            if (d.kind == "aggregation" || (d.kind == "function" && d.name != "ip" && d.name != "duration"
                                               && d.name != "bytes"))
                items.push_back(docItem(d, d.name + "("));
        addVariables(c.request, items, false);
        break;
    case SituationKind::AfterExpression:
        for (const char* word : { "by", "without", "offset", "and", "or", "unless", "on", "ignoring", "bool" }) {
            const DocEntry* d = findDoc(Language::LogQL, word);
            items.push_back(d ? docItem(*d, word) : CompletionItem { word, "keyword", {}, word, {} });
        }
        break;
    case SituationKind::AfterAggregation:
        addGroupingKeywords(items);
        break;
    case SituationKind::LabelName:
        if (c.data)
            for (std::string& name : c.data->labelNames(Language::LogQL, s.matchers))
                if (std::none_of(s.matchers.begin(), s.matchers.end(), [&](const Matcher& m) { return m.name() == name; }))
                    items.push_back({ name, "label", "stream label", name, {} });
        break;
    case SituationKind::LabelValue:
        addLabelValues(c, Language::LogQL, s.matchers, items);
        break;
    case SituationKind::AfterSelector:
        addLineFilters(c.request, s, items);
        c.keepOrder = true;
        break;
    case SituationKind::PipelineStage:
        fields.sample();
        addStages(fields, s, items);
        c.keepOrder = true;
        break;
    case SituationKind::LabelFilterName:
    case SituationKind::KeepDropLabel:
    case SituationKind::GroupingLabel:
        fields.addNames(items, false);
        c.keepOrder = true;
        break;
    case SituationKind::LabelFilterValue:
        fields.addValues(items, s.labelName, quote, s.inQuotes);
        c.keepOrder = true;
        break;
    case SituationKind::UnwrapField:
        fields.addNames(items, true);
        if (s.previous == "unwrap")
            for (const char* f : { "duration", "bytes" })
                items.push_back(docItem(*findDoc(Language::LogQL, f), std::string(f) + "("));
        c.keepOrder = true;
        break;
    case SituationKind::FormatTemplate:
        fields.addNames(items, false, s.previous == "." ? "" : ".");
        items.push_back({ "__line__", "field", "the log line", s.previous == "." ? "__line__" : ".__line__", {} });
        items.push_back({ "__timestamp__", "field", "the entry's time",
            s.previous == "." ? "__timestamp__" : ".__timestamp__", {} });
        c.keepOrder = true;
        break;
    case SituationKind::Duration:
        addDurationSituation(c, items);
        break;
    default:
        break;
    }
}

} // namespace sg::langsvc
