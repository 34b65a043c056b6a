// The situation at the cursor: what the tokens before it say is expected there, as Grafana's completion providers
// work it out from their parse trees, here from the tolerant token stream (the query is usually incomplete).

#include "brackets.h"
#include "language_service.h"
#include "scan.h"
#include "vocabulary.h"

#include "core/promql/lexer.h"

#include <algorithm>
#include <optional>

namespace sg::langsvc {

namespace {

bool isMatchOperator(const ScanToken& t) { return t.is("=") || t.is("!=") || t.is("=~") || t.is("!~"); }

bool isComparison(const ScanToken& t)
{
    return isMatchOperator(t) || t.is("==") || t.is(">") || t.is(">=") || t.is("<") || t.is("<=");
}

bool isLineFilter(const ScanToken& t)
{
    return t.is("|=") || t.is("!=") || t.is("|~") || t.is("!~") || t.is("|>") || t.is("!>");
}

MatchType matchTypeOf(const ScanToken& t)
{
    if (t.is("!="))
        return MatchType::NotEqual;
    if (t.is("=~"))
        return MatchType::Regex;
    if (t.is("!~"))
        return MatchType::NotRegex;
    return MatchType::Equal;
}

std::string unquoted(const ScanToken& t)
{
    std::string out, error;
    if (t.unterminated || t.text.size() < 2 || !promql::unquoteString(stringBody(t), t.text[0], out, error))
        return std::string(stringBody(t));
    return out;
}

std::string trimmed(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    return std::string(s);
}

/// The pipeline after a LogQL stream selector: where its selector opened and how deep in brackets it runs.
struct Pipeline
{
    int selectorOpen = -1;
    std::size_t depth = 0;
};

class Analyzer
{
public:
    Analyzer(Language language, std::string_view text, int cursor)
        : m_language(language)
        , m_text(text)
        , m_cursor(std::clamp(cursor, 0, int(text.size())))
        , m_tokens(scanQuery(language, text))
        , m_stack(m_tokens)
    {
        m_s.replaceStart = m_s.replaceEnd = m_cursor;
    }

    Situation run()
    {
        int end = 0; // tokens [0, end) are the context
        for (; end < int(m_tokens.size()); ++end) {
            const ScanToken& t = tok(end);
            if (t.where.begin >= m_cursor)
                break;
            const bool touches = m_cursor < t.where.end || (m_cursor == t.where.end && t.kind != ScanKind::Symbol);
            if (!touches)
                continue;
            if (t.kind == ScanKind::Comment)
                return with(SituationKind::None);
            if (t.kind == ScanKind::String) {
                if (m_cursor == t.where.end && !t.unterminated)
                    continue; // just after the closing quote
                walk(end);
                return inString(end);
            }
            if (t.kind == ScanKind::Identifier || t.kind == ScanKind::Variable || t.kind == ScanKind::Number
                || t.kind == ScanKind::Duration || (t.kind == ScanKind::Error && t.text == "$")) {
                m_s.prefix = std::string(m_text.substr(std::size_t(t.where.begin), std::size_t(m_cursor - t.where.begin)));
                m_s.replaceStart = t.where.begin;
                m_s.replaceEnd = t.where.end;
            }
            break;
        }
        walk(end);
        return decide(end);
    }

private:
    const ScanToken& tok(int i) const { return m_tokens[std::size_t(i)]; }
    const ScanToken* prevOf(int i) const
    {
        const int p = previousSignificant(m_tokens, i);
        return p >= 0 ? &tok(p) : nullptr;
    }

    /// Feeds tokens [0, end) to the bracket stack, following LogQL pipelines.
    void walk(int end)
    {
        for (int i = 0; i < end; ++i) {
            const ScanToken& t = tok(i);
            if (m_pipeline) {
                const bool rangeStarts = t.is("[") && m_stack.open().size() == m_pipeline->depth;
                const bool callCloses = (t.is(")") || t.is("]")) && m_stack.open().size() <= m_pipeline->depth;
                if (rangeStarts || callCloses)
                    m_pipeline.reset();
            }
            const OpenBracket* top = m_stack.top();
            const int selectorOpen = top && top->role == BracketRole::Selector ? top->token : -1;
            m_stack.feed(i);
            if (t.is("}") && selectorOpen >= 0 && m_language == Language::LogQL)
                m_pipeline = Pipeline { selectorOpen, m_stack.open().size() };
        }
    }

    Situation decide(int end)
    {
        const int p = previousSignificant(m_tokens, end);
        const ScanToken* prev = p >= 0 ? &tok(p) : nullptr;
        if (prev)
            m_s.previous = prev->text;
        const OpenBracket* top = m_stack.top();
        if (top && top->role == BracketRole::Range)
            return with(SituationKind::Duration);
        if (top && top->role == BracketRole::Selector)
            return inSelector(*top, end);
        if (top && top->role == BracketRole::LabelList && !(prev && prev->kind == ScanKind::String)) {
            if (m_language == Language::LogQL && (top->owner == "keep" || top->owner == "drop"))
                return with(SituationKind::KeepDropLabel);
            groupingScope(top->token);
            return with(SituationKind::GroupingLabel);
        }
        if (m_pipeline)
            return inPipeline(p);
        if (!prev)
            return with(SituationKind::Expression);
        return afterToken(p);
    }

    Situation with(SituationKind kind)
    {
        m_s.kind = kind;
        if (kind == SituationKind::None) {
            m_s.prefix.clear();
            m_s.replaceStart = m_s.replaceEnd = m_cursor;
        }
        return m_s;
    }

    /// Collects the complete matchers of the selector opened at `open` (before `end`) into the situation; returns
    /// the tokens after the last `{` or `,`.
    std::vector<int> selectorTail(int open, int end)
    {
        std::vector<int> tail;
        for (int i = open + 1; i < end; ++i) {
            const ScanToken& t = tok(i);
            if (t.kind == ScanKind::Comment)
                continue;
            if (t.is(",")) {
                tail.clear();
                continue;
            }
            tail.push_back(i);
            if (tail.size() == 3 && tok(tail[0]).kind == ScanKind::Identifier && isMatchOperator(tok(tail[1]))
                && tok(tail[2]).kind == ScanKind::String && !tok(tail[2]).unterminated) {
                auto m = Matcher::make(matchTypeOf(tok(tail[1])), tok(tail[0]).text, unquoted(tok(tail[2])));
                if (m.ok())
                    m_s.matchers.push_back(std::move(*m));
            }
        }
        return tail;
    }

    void selectorMetric(const OpenBracket& open)
    {
        if (m_language == Language::PromQL && tok(open.token).where.begin > 0 && !open.owner.empty()
            && open.owner[0] != '$')
            m_s.metric = open.owner;
        for (const Matcher& m : m_s.matchers)
            if (m.name() == "__name__" && m.type() == MatchType::Equal && m_s.metric.empty())
                m_s.metric = m.value();
    }

    Situation inSelector(const OpenBracket& open, int end)
    {
        const std::vector<int> tail = selectorTail(open.token, end);
        selectorMetric(open);
        if (tail.empty())
            return with(SituationKind::LabelName);
        if (tail.size() == 2 && tok(tail[0]).kind == ScanKind::Identifier && isMatchOperator(tok(tail[1]))) {
            m_s.labelName = tok(tail[0]).text;
            return with(SituationKind::LabelValue);
        }
        return m_s;
    }

    Situation inString(int i)
    {
        const ScanToken& t = tok(i);
        m_s.prefix = std::string(m_text.substr(std::size_t(t.where.begin + 1), std::size_t(m_cursor - t.where.begin - 1)));
        m_s.replaceStart = t.where.begin + 1;
        m_s.replaceEnd = t.unterminated ? m_cursor : t.where.end - 1;
        m_s.inQuotes = true;
        const int p = previousSignificant(m_tokens, i);
        const ScanToken* prev = p >= 0 ? &tok(p) : nullptr;
        const ScanToken* label = p >= 0 ? prevOf(p) : nullptr;
        if (prev)
            m_s.previous = prev->text;
        const OpenBracket* top = m_stack.top();
        if (top && top->role == BracketRole::Selector) {
            selectorTail(top->token, p >= 0 ? p - 1 : i);
            selectorMetric(*top);
            if (prev && label && isMatchOperator(*prev) && label->kind == ScanKind::Identifier) {
                m_s.labelName = label->text;
                return with(SituationKind::LabelValue);
            }
            return with(SituationKind::None);
        }
        if (!m_pipeline || !prev)
            return with(SituationKind::None);
        const int stage = stageStart(i);
        const ScanToken* stageWord = stage >= 0 && stage + 1 < i ? &tok(nextSignificant(m_tokens, stage)) : nullptr;
        if (prev->text == "line_format" || (stageWord && stageWord->text == "label_format" && prev->is("=")))
            return formatTemplate(t, stage);
        if (isLineFilter(*prev) || (prev->text == "or" && label && label->kind == ScanKind::String))
            return with(SituationKind::LineFilterValue);
        if (label && isComparison(*prev) && label->kind == ScanKind::Identifier) {
            m_s.labelName = label->text;
            m_s.logQuery = logQueryBefore(stage);
            return with(SituationKind::LabelFilterValue);
        }
        return with(SituationKind::None);
    }

    Situation formatTemplate(const ScanToken& t, int stage)
    {
        const std::string_view body = m_text.substr(std::size_t(t.where.begin + 1), std::size_t(m_cursor - t.where.begin - 1));
        const std::size_t open = body.rfind("{{");
        if (open == std::string_view::npos || body.find("}}", open) != std::string_view::npos)
            return with(SituationKind::None);
        std::size_t at = open + 2;
        while (at < body.size() && (body[at] == ' ' || body[at] == '-'))
            ++at;
        m_s.previous = "{{";
        if (at < body.size() && body[at] == '.') {
            m_s.previous = ".";
            ++at;
        }
        m_s.prefix = std::string(body.substr(at));
        m_s.replaceStart = t.where.begin + 1 + int(at);
        m_s.replaceEnd = m_cursor;
        m_s.logQuery = logQueryBefore(stage);
        return with(SituationKind::FormatTemplate);
    }

    /// The `|` that starts the stage the token `i` belongs to, or -1 (none since the selector).
    int stageStart(int i) const
    {
        for (int k = i - 1; m_pipeline && k > m_pipeline->selectorOpen; --k)
            if (tok(k).is("|"))
                return k;
        return -1;
    }

    /// The selector and the stages before token `i` (a `|`), as typed.
    std::string logQueryBefore(int i) const
    {
        if (!m_pipeline)
            return {};
        const int from = tok(m_pipeline->selectorOpen).where.begin;
        const int to = i >= 0 ? tok(i).where.begin : (m_s.prefix.empty() ? m_cursor : m_s.replaceStart);
        return trimmed(m_text.substr(std::size_t(from), std::size_t(std::max(0, to - from))));
    }

    Situation inPipeline(int p)
    {
        const ScanToken& prev = tok(p);
        const int stage = prev.is("|") ? p : stageStart(p + 1);
        m_s.logQuery = logQueryBefore(stage);
        if (prev.is("|"))
            return with(SituationKind::PipelineStage);
        if (isLineFilter(prev))
            return with(SituationKind::LineFilterValue);
        const OpenBracket* top = m_stack.top();
        if (prev.text == "unwrap"
            || (prev.is("(") && top && (top->owner == "duration" || top->owner == "duration_seconds" || top->owner == "bytes")))
            return with(SituationKind::UnwrapField);
        const int first = stage >= 0 ? nextSignificant(m_tokens, stage) : -1;
        const std::string stageWord = first >= 0 && first <= p ? tok(first).text : std::string();
        if ((stageWord == "keep" || stageWord == "drop") && (prev.text == stageWord || prev.is(",")))
            return with(SituationKind::KeepDropLabel);
        if (stage >= 0 && !isLogStage(stageWord) && first >= 0) {
            // A label filter: `| name op value (and|or|,) name op value ...`.
            const ScanToken* label = prevOf(p);
            if (isComparison(prev) && label && label->kind == ScanKind::Identifier) {
                m_s.labelName = label->text;
                return with(SituationKind::LabelFilterValue);
            }
            if (prev.text == "and" || prev.text == "or" || prev.is(","))
                return with(SituationKind::LabelFilterName);
        }
        m_s.logQuery = logQueryBefore(-1);
        return with(SituationKind::AfterSelector);
    }

    /// The matching opener of the closer at `close`, or -1.
    int openerOf(int close) const
    {
        const char closer = tok(close).text[0];
        const char opener = closer == ')' ? '(' : closer == ']' ? '[' : '{';
        int depth = 0;
        for (int k = close; k >= 0; --k) {
            const ScanToken& t = tok(k);
            if (t.kind != ScanKind::Symbol)
                continue;
            if (t.text[0] == closer && t.text.size() == 1)
                ++depth;
            else if (t.text[0] == opener && t.text.size() == 1 && --depth == 0)
                return k;
        }
        return -1;
    }

    bool isAggregation(const std::string& word) const
    {
        return m_language == Language::PromQL ? isPromAggregation(word) : isLogVectorAggregation(word);
    }

    Situation afterToken(int p)
    {
        const ScanToken& prev = tok(p);
        if (prev.kind == ScanKind::Symbol) {
            if (prev.is(")")) {
                // `sum by (job) |` still wants the aggregation's parenthesis.
                const int open = openerOf(p);
                const ScanToken* keyword = open >= 0 ? prevOf(open) : nullptr;
                const ScanToken* aggregation = keyword ? prevOf(previousSignificant(m_tokens, open)) : nullptr;
                if (keyword && aggregation && (keyword->text == "by" || keyword->text == "without")
                    && isAggregation(aggregation->text))
                    return with(SituationKind::AfterAggregation);
                return with(SituationKind::AfterExpression);
            }
            if (prev.is("}") || prev.is("]"))
                return with(SituationKind::AfterExpression);
            if (prev.is("@"))
                return with(SituationKind::AfterExpression);
            return with(SituationKind::Expression); // an operator, `(` or `,`
        }
        if (prev.kind == ScanKind::Identifier) {
            if (prev.text == "offset")
                return with(SituationKind::Duration);
            if (isAggregation(prev.text))
                return with(SituationKind::AfterAggregation);
            if (prev.text == "and" || prev.text == "or" || prev.text == "unless" || prev.text == "bool"
                || prev.text == "atan2")
                return with(SituationKind::Expression);
            if (opensLabelList(prev.text))
                return with(SituationKind::None); // wants `(`
        }
        if (prev.kind == ScanKind::Error || prev.kind == ScanKind::Comment)
            return with(SituationKind::None);
        return with(SituationKind::AfterExpression);
    }

    /// The metric (PromQL) or log pipeline (LogQL) a label list at `open` groups: the nearest one in the query.
    void groupingScope(int open)
    {
        const std::vector<TokenClass> classes = classifyTokens(m_language, m_tokens);
        int best = -1;
        int bestDistance = 0;
        for (int i = 0; i < int(m_tokens.size()); ++i) {
            const bool candidate = m_language == Language::PromQL
                ? classes[std::size_t(i)] == TokenClass::Metric
                : tok(i).is("{");
            if (!candidate)
                continue;
            const int distance = std::abs(tok(i).where.begin - tok(open).where.begin);
            if (best < 0 || distance < bestDistance) {
                best = i;
                bestDistance = distance;
            }
        }
        if (best < 0)
            return;
        const int brace = m_language == Language::PromQL ? nextSignificant(m_tokens, best) : best;
        if (m_language == Language::PromQL)
            m_s.metric = tok(best).text;
        if (brace < 0 || !tok(brace).is("{"))
            return;
        // The selector's matchers scope the labels; for LogQL the pipeline up to its range is the sample query.
        int close = brace + 1;
        while (close < int(m_tokens.size()) && !tok(close).is("}"))
            ++close;
        selectorTail(brace, close);
        if (m_language == Language::LogQL) {
            int stop = close;
            while (stop < int(m_tokens.size()) && !tok(stop).is("[") && !tok(stop).is(")"))
                ++stop;
            const int from = tok(brace).where.begin;
            const int to = stop < int(m_tokens.size()) ? tok(stop).where.begin : int(m_text.size());
            m_s.logQuery = trimmed(m_text.substr(std::size_t(from), std::size_t(to - from)));
        }
    }

    Language m_language;
    std::string_view m_text;
    int m_cursor;
    std::vector<ScanToken> m_tokens;
    BracketStack m_stack;
    std::optional<Pipeline> m_pipeline;
    Situation m_s;
};

} // namespace

Situation situationAt(Language language, std::string_view text, int cursor)
{
    return Analyzer(language, text, cursor).run();
}

const char* situationName(SituationKind kind)
{
    switch (kind) {
    case SituationKind::None: return "none";
    case SituationKind::Expression: return "expression";
    case SituationKind::AfterExpression: return "after-expression";
    case SituationKind::LabelName: return "label-name";
    case SituationKind::LabelValue: return "label-value";
    case SituationKind::GroupingLabel: return "grouping-label";
    case SituationKind::Duration: return "duration";
    case SituationKind::AfterAggregation: return "after-aggregation";
    case SituationKind::PipelineStage: return "pipeline-stage";
    case SituationKind::AfterSelector: return "after-selector";
    case SituationKind::LineFilterValue: return "line-filter-value";
    case SituationKind::LabelFilterName: return "label-filter-name";
    case SituationKind::LabelFilterValue: return "label-filter-value";
    case SituationKind::UnwrapField: return "unwrap-field";
    case SituationKind::KeepDropLabel: return "keep-drop-label";
    case SituationKind::FormatTemplate: return "format-template";
    }
    return "none";
}

} // namespace sg::langsvc
