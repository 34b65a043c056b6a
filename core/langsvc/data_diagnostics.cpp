// Diagnostics that need the data: names and values the store does not hold, a rate over a gauge.

#include "brackets.h"
#include "language_service.h"
#include "scan.h"

#include "core/logql/diagnostics.h"
#include "core/promql/diagnostics.h"
#include "core/promql/lexer.h"

#include <algorithm>
#include <map>
#include <set>

namespace sg::langsvc {

namespace {

bool isEqualityMatcher(const ScanToken& t) { return t.is("="); }

bool isMatchOperator(const ScanToken& t) { return t.is("=") || t.is("!=") || t.is("=~") || t.is("!~"); }

std::string unquoted(const ScanToken& t)
{
    std::string out, error;
    if (t.unterminated || t.text.size() < 2 || !promql::unquoteString(stringBody(t), t.text[0], out, error))
        return std::string(stringBody(t));
    return out;
}

class DataChecker
{
public:
    DataChecker(Language language, std::string_view text, CompletionData& data, const std::atomic_bool* cancel)
        : m_language(language)
        , m_text(text)
        , m_data(data)
        , m_cancel(cancel)
        , m_tokens(scanQuery(language, text))
        , m_classes(classifyTokens(language, m_tokens))
    {
    }

    std::vector<Diagnostic> run()
    {
        BracketStack stack(m_tokens);
        for (int i = 0; i < int(m_tokens.size()) && !cancelled(); ++i) {
            const ScanToken& t = m_tokens[std::size_t(i)];
            if (m_language == Language::PromQL && m_classes[std::size_t(i)] == TokenClass::Metric)
                checkMetric(i, stack);
            if (t.is("{"))
                checkSelector(i);
            stack.feed(i);
        }
        return std::move(m_found);
    }

private:
    bool cancelled() const { return m_cancel && m_cancel->load(std::memory_order_relaxed); }
    const ScanToken& tok(int i) const { return m_tokens[std::size_t(i)]; }

    void warn(SourceRange where, std::string message)
    {
        m_found.push_back({ Diagnostic::Severity::Warning, std::move(message), where });
    }

    const std::set<std::string>& metricNames()
    {
        if (!m_metricNames) {
            const auto names = m_data.metricNames();
            m_metricNames = std::set<std::string>(names.begin(), names.end());
        }
        return *m_metricNames;
    }

    const std::map<std::string, std::string>& metricTypes()
    {
        if (!m_types) {
            m_types.emplace();
            for (const MetricMetadata& m : m_data.metricMetadata())
                (*m_types)[m.name] = m.type;
        }
        return *m_types;
    }

    void checkMetric(int i, const BracketStack& stack)
    {
        const ScanToken& t = tok(i);
        if (!metricNames().count(t.text)) {
            // An empty store knows no metric: saying so of each would be noise.
            if (!metricNames().empty())
                warn(t.where, "unknown metric \"" + t.text + "\": no series in this store");
            return;
        }
        const OpenBracket* call = stack.top();
        if (call && call->role == BracketRole::Call
            && (call->owner == "rate" || call->owner == "irate" || call->owner == "increase")) {
            const auto type = metricTypes().find(t.text);
            if (type != metricTypes().end() && type->second == "gauge")
                warn(t.where, call->owner + "() over \"" + t.text
                        + "\", a gauge by its metadata: rate, irate and increase are meant for counters");
        }
    }

    /// The selector opened at `open`: its label names and equality values against the series (streams) of its
    /// metric (or of the whole log store).
    void checkSelector(int open)
    {
        std::string metric;
        const int before = previousSignificant(m_tokens, open);
        if (m_language == Language::PromQL && before >= 0 && m_classes[std::size_t(before)] == TokenClass::Metric)
            metric = tok(before).text;
        if (m_language == Language::PromQL && !metric.empty() && !metricNames().count(metric))
            return; // already said
        Matchers scope;
        if (!metric.empty())
            if (auto m = Matcher::make(MatchType::Equal, "__name__", metric); m.ok())
                scope.push_back(std::move(*m));
        const std::vector<std::string> names = m_data.labelNames(m_language, scope);
        if (names.empty())
            return;
        const std::set<std::string> known(names.begin(), names.end());
        const std::string what = m_language == Language::PromQL
            ? (metric.empty() ? std::string("series") : "series of " + metric)
            : std::string("stream");
        for (int i = open + 1; i + 2 < int(m_tokens.size()) && !tok(i).is("}"); ++i) {
            const ScanToken& name = tok(i);
            if (name.kind != ScanKind::Identifier || !isMatchOperator(tok(i + 1)) || tok(i + 2).kind != ScanKind::String)
                continue;
            const ScanToken& op = tok(i + 1);
            const ScanToken& value = tok(i + 2);
            const std::string v = unquoted(value);
            if (name.text == "__name__" || v.find('$') != std::string::npos)
                continue;
            if (!known.count(name.text)) {
                if ((op.is("=") || op.is("=~")) && !v.empty())
                    warn(name.where, "no " + what + " has the label \"" + name.text + "\"");
                continue;
            }
            if (isEqualityMatcher(op) && !v.empty()) {
                const auto values = m_data.labelValues(m_language, name.text, scope);
                if (std::find(values.begin(), values.end(), v) == values.end())
                    warn(value.where, "no " + what + " has " + name.text + "=\"" + v + "\"");
            }
        }
    }

    Language m_language;
    std::string_view m_text;
    CompletionData& m_data;
    const std::atomic_bool* m_cancel;
    std::vector<ScanToken> m_tokens;
    std::vector<TokenClass> m_classes;
    std::optional<std::set<std::string>> m_metricNames;
    std::optional<std::map<std::string, std::string>> m_types;
    std::vector<Diagnostic> m_found;
};

} // namespace

std::vector<Diagnostic> dataDiagnostics(Language language, std::string_view text, CompletionData& data,
    const std::atomic_bool* cancel)
{
    const auto own = language == Language::PromQL ? promql::checkQuery(text) : logql::checkQuery(text);
    if (std::any_of(own.begin(), own.end(), [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::Error; }))
        return {};
    return DataChecker(language, text, data, cancel).run();
}

std::vector<Diagnostic> checkWithData(Language language, std::string_view text, CompletionData* data,
    const std::atomic_bool* cancel)
{
    std::vector<Diagnostic> out = language == Language::PromQL ? promql::checkQuery(text) : logql::checkQuery(text);
    const bool failed
        = std::any_of(out.begin(), out.end(), [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::Error; });
    if (data && !failed) {
        for (Diagnostic& d : DataChecker(language, text, *data, cancel).run()) {
            // The metadata's word on a gauge replaces the guess from its name.
            if (d.message.find("a gauge by its metadata") != std::string::npos)
                std::erase_if(out, [&](const Diagnostic& own) {
                    return own.where.begin == d.where.begin && own.message.find("might not be a counter") != std::string::npos;
                });
            out.push_back(std::move(d));
        }
        std::stable_sort(out.begin(), out.end(),
            [](const Diagnostic& a, const Diagnostic& b) { return a.where.begin < b.where.begin; });
    }
    return out;
}

} // namespace sg::langsvc
