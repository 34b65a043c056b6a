#pragma once

#include "core/common/nesting.h"

// Internal to the LogQL parser: the recursive-descent state shared by parser.cpp (metric expressions) and
// parser_log.cpp (selectors and pipelines).

#include "ast.h"
#include "lexer.h"

#include <string_view>
#include <vector>

namespace sg::logql::detail {

/// Thrown inside one parse and turned into a Result at its edge.
struct ParseFailure
{
    Error error;
};

/// Deepest expression nesting accepted (as PromQL's parser): deeper input is an error, not a stack overflow.

class Parser
{
public:
    Parser(std::string_view query, std::vector<Token> tokens)
        : m_query(query)
        , m_tokens(std::move(tokens))
    {
    }

    ExprPtr parseTop();

    // Metric side (parser.cpp).
    ExprPtr parseBinary(int minPrec);
    /// Fails at the next token: nesting (or an operator chain) past MaxParseNesting.
    [[noreturn]] void tooDeep();
    ExprPtr parseUnary();
    ExprPtr parseRangeAgg(RangeOp op);
    ExprPtr parseVectorAgg(VectorOp op);
    Grouping parseGrouping();
    std::vector<std::string> parseLabelList();
    void validate(const Expr& e);

    // Log side (parser_log.cpp).
    LogSelector parseSelector();
    void parseMatchers(LogSelector& sel);
    void parsePipeline(LogSelector& sel, std::optional<Unwrap>* unwrap);
    LineFilter parseLineFilter();
    Stage parsePipeStage(std::optional<Unwrap>* unwrap, bool& sawUnwrap);
    std::unique_ptr<LabelFilterExpr> parseLabelFilterOr();
    std::unique_ptr<LabelFilterExpr> parseLabelFilterAnd();
    std::unique_ptr<LabelFilterExpr> parseLabelFilterLeaf();
    std::unique_ptr<LogRange> parseLogRange();
    void parseRangeSuffix(LogRange& r, bool& haveRange);

    // Token helpers.
    const Token& peek(int ahead = 0) const
    {
        std::size_t i = std::min(m_pos + std::size_t(ahead), m_tokens.size() - 1);
        return m_tokens[i];
    }
    const Token& next() { return m_tokens[std::min(m_pos++, m_tokens.size() - 1)]; }
    bool at(TokenKind k) const { return peek().kind == k; }
    bool atIdent(std::string_view name) const { return peek().kind == TokenKind::Ident && peek().text == name; }
    bool accept(TokenKind k)
    {
        if (!at(k))
            return false;
        ++m_pos;
        return true;
    }
    const Token& expect(TokenKind k, const char* what);
    [[noreturn]] void unexpected(const char* expecting = nullptr) const;
    [[noreturn]] void fail(SourceRange where, const std::string& message) const;
    int lastEnd() const { return m_pos == 0 ? 0 : m_tokens[m_pos - 1].where.end; }
    std::string_view query() const { return m_query; }

private:
    std::string_view m_query;
    std::vector<Token> m_tokens;
    std::size_t m_pos = 0;
    int m_depth = 0; // nesting of parseBinary, bounded by MaxParseNesting
};

} // namespace sg::logql::detail
