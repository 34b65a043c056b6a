#include "query_language.h"

#include "core/promql/format.h"
#include "format.h"
#include "lexer.h"

namespace sg::logql {

namespace {

/// What the text looks like, by LogQL's tokens (the lexer skips comments and knows strings).
QueryLanguage byTokens(std::string_view query)
{
    const TemplatedQuery templated(query);
    auto tokens = lex(templated.text());
    if (!tokens.ok())
        return QueryLanguage::PromQL; // PromQL-only characters (`@`, `^`), or no query at all
    const std::vector<Token>& t = *tokens;
    for (std::size_t i = 0; i + 1 < t.size(); ++i) {
        const TokenKind next = t[i + 1].kind;
        const bool afterSelector = t[i].kind == TokenKind::RBrace;
        if (afterSelector
            && (next == TokenKind::Pipe || next == TokenKind::PipeExact || next == TokenKind::PipeMatch
                || next == TokenKind::PipePattern))
            return QueryLanguage::LogQL;
        const bool negativeFilter = next == TokenKind::Neq || next == TokenKind::Nre || next == TokenKind::NotPattern;
        if (afterSelector && negativeFilter && i + 2 < t.size()
            && (t[i + 2].kind == TokenKind::String || (t[i + 2].kind == TokenKind::Ident && t[i + 2].text == "ip")))
            return QueryLanguage::LogQL;
        const std::string& name = t[i].text;
        if (t[i].kind == TokenKind::Ident && next == TokenKind::LParen
            && (name == "bytes_over_time" || name == "bytes_rate" || name == "rate_counter"))
            return QueryLanguage::LogQL;
    }
    return QueryLanguage::PromQL;
}

bool parses(std::string_view query, QueryLanguage language)
{
    return language == QueryLanguage::LogQL ? treeSignature(query).ok() : promql::treeSignature(query).ok();
}

} // namespace

QueryLanguage guessQueryLanguage(std::string_view query)
{
    const QueryLanguage guess = byTokens(query);
    const QueryLanguage other = guess == QueryLanguage::LogQL ? QueryLanguage::PromQL : QueryLanguage::LogQL;
    return !parses(query, guess) && parses(query, other) ? other : guess;
}

const char* queryLanguageName(QueryLanguage language) { return language == QueryLanguage::LogQL ? "logql" : "promql"; }

} // namespace sg::logql
