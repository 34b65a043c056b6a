// Highlighting: the scanned tokens, each identifier classified by the words and brackets around it.

#include "brackets.h"
#include "language_service.h"
#include "scan.h"
#include "vocabulary.h"

#include "core/promql/functions_table.h"

namespace sg::langsvc {

namespace {

bool isMatchOperator(const ScanToken* t)
{
    return t && (t->is("=") || t->is("!=") || t->is("=~") || t->is("!~"));
}

bool isComparison(const ScanToken* t)
{
    return t
        && (isMatchOperator(t) || t->is("==") || t->is(">") || t->is(">=") || t->is("<") || t->is("<="));
}

TokenClass symbolClass(const ScanToken& t)
{
    static const std::string_view punctuation[] = { "(", ")", "{", "}", "[", "]", ",", ":", "." };
    for (std::string_view p : punctuation)
        if (t.text == p)
            return TokenClass::Punctuation;
    return TokenClass::Operator;
}

class Classifier
{
public:
    Classifier(Language language, const std::vector<ScanToken>& tokens)
        : m_language(language)
        , m_tokens(tokens)
        , m_stack(tokens)
    {
    }

    std::vector<TokenClass> run()
    {
        std::vector<TokenClass> out;
        out.reserve(m_tokens.size());
        for (int i = 0; i < int(m_tokens.size()); ++i) {
            out.push_back(classOf(i));
            m_stack.feed(i);
        }
        return out;
    }

private:
    const ScanToken* at(int i) const { return i >= 0 ? &m_tokens[std::size_t(i)] : nullptr; }

    TokenClass classOf(int i) const
    {
        const ScanToken& t = m_tokens[std::size_t(i)];
        switch (t.kind) {
        case ScanKind::String: return TokenClass::String;
        case ScanKind::Number: return TokenClass::Number;
        case ScanKind::Duration: return TokenClass::Duration;
        case ScanKind::Variable: return TokenClass::Variable;
        case ScanKind::Comment: return TokenClass::Comment;
        case ScanKind::Error: return TokenClass::Error;
        case ScanKind::Symbol: return symbolClass(t);
        case ScanKind::Identifier: break;
        }
        const ScanToken* before = at(previousSignificant(m_tokens, i));
        const ScanToken* after = at(nextSignificant(m_tokens, i));
        if (m_stack.inside(BracketRole::Selector) || m_stack.inside(BracketRole::LabelList))
            return TokenClass::LabelName;
        const bool call = after && after->is("(");
        const bool grouped = after && after->kind == ScanKind::Identifier
            && (after->text == "by" || after->text == "without");
        if (m_language == Language::PromQL) {
            if ((t.text == "start" || t.text == "end") && before && before->is("@"))
                return TokenClass::Keyword;
            if (isPromAggregation(t.text) && (call || grouped))
                return TokenClass::Aggregation;
            if (call && promql::findFunction(t.text))
                return TokenClass::Function;
            if (isPromKeyword(t.text))
                return TokenClass::Keyword;
            return TokenClass::Metric;
        }
        if (before && (before->is("|") || before->is(",")) && isLogStage(t.text))
            return TokenClass::Function;
        if ((t.text == "duration" || t.text == "duration_seconds" || t.text == "bytes") && call)
            return TokenClass::Function;
        if (isLogVectorAggregation(t.text) && (call || grouped))
            return TokenClass::Aggregation;
        if (isLogRangeAggregation(t.text) && call)
            return TokenClass::Function;
        if ((t.text == "label_replace" || t.text == "vector" || t.text == "ip") && call)
            return TokenClass::Function;
        if (isLogKeyword(t.text))
            return TokenClass::Keyword;
        if (isComparison(after) || (before && before->is("|")))
            return TokenClass::LabelName;
        return TokenClass::Plain;
    }

    Language m_language;
    const std::vector<ScanToken>& m_tokens;
    BracketStack m_stack;
};

} // namespace

std::vector<TokenClass> classifyTokens(Language language, const std::vector<ScanToken>& tokens)
{
    return Classifier(language, tokens).run();
}

std::vector<HighlightToken> highlight(Language language, std::string_view text)
{
    const std::vector<ScanToken> tokens = scanQuery(language, text);
    const std::vector<TokenClass> classes = classifyTokens(language, tokens);
    std::vector<HighlightToken> out;
    out.reserve(tokens.size());
    for (std::size_t i = 0; i < tokens.size(); ++i)
        out.push_back({ tokens[i].where.begin, tokens[i].where.end - tokens[i].where.begin, classes[i] });
    return out;
}

const char* tokenClassName(TokenClass cls)
{
    switch (cls) {
    case TokenClass::Plain: return "plain";
    case TokenClass::Keyword: return "keyword";
    case TokenClass::Function: return "function";
    case TokenClass::Aggregation: return "aggregation";
    case TokenClass::Metric: return "metric";
    case TokenClass::LabelName: return "label";
    case TokenClass::String: return "string";
    case TokenClass::Number: return "number";
    case TokenClass::Duration: return "duration";
    case TokenClass::Operator: return "operator";
    case TokenClass::Punctuation: return "punctuation";
    case TokenClass::Comment: return "comment";
    case TokenClass::Variable: return "variable";
    case TokenClass::Error: return "error";
    }
    return "plain";
}

} // namespace sg::langsvc
