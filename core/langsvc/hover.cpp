// Documentation lookups and hover.

#include "brackets.h"
#include "docs.h"
#include "language_service.h"
#include "scan.h"

#include <algorithm>

namespace sg::langsvc {

const std::vector<DocEntry>& documentation(Language language)
{
    return language == Language::PromQL ? promqlDocumentation() : logqlDocumentation();
}

const DocEntry* findDoc(Language language, std::string_view name)
{
    const auto& entries = documentation(language);
    const auto it = std::find_if(entries.begin(), entries.end(), [&](const DocEntry& e) { return e.name == name; });
    return it == entries.end() ? nullptr : &*it;
}

namespace {

std::string docMarkdown(const DocEntry& d)
{
    std::string out = "```\n" + d.signature + "\n```\n\n" + d.summary;
    if (!d.body.empty())
        out += "\n\n" + d.body;
    return out;
}

std::string metricMarkdown(const std::string& name, CompletionData* data)
{
    std::string out = "**" + name + "**";
    if (!data)
        return out + "\n\nmetric";
    for (const MetricMetadata& m : data->metricMetadata()) {
        if (m.name != name)
            continue;
        out += " (" + (m.type.empty() ? std::string("unknown") : m.type) + ")";
        if (!m.help.empty())
            out += "\n\n" + m.help;
        if (!m.unit.empty())
            out += "\n\nUnit: " + m.unit;
        return out;
    }
    return out + "\n\nmetric";
}

} // namespace

std::optional<Hover> hoverAt(Language language, std::string_view text, int cursor, CompletionData* data)
{
    const std::vector<ScanToken> tokens = scanQuery(language, text);
    const std::vector<TokenClass> classes = classifyTokens(language, tokens);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const ScanToken& t = tokens[i];
        if (cursor < t.where.begin || cursor > t.where.end || (cursor == t.where.end && t.kind == ScanKind::Symbol))
            continue;
        const TokenClass cls = classes[i];
        if (cls == TokenClass::Metric)
            return Hover { metricMarkdown(t.text, data), t.where, true };
        const bool documented = cls == TokenClass::Function || cls == TokenClass::Aggregation
            || cls == TokenClass::Keyword || (t.kind == ScanKind::Symbol && language == Language::LogQL)
            || t.text == "__error__";
        if (!documented)
            continue;
        if (const DocEntry* d = findDoc(language, t.text))
            return Hover { docMarkdown(*d), t.where };
    }
    return std::nullopt;
}

} // namespace sg::langsvc
