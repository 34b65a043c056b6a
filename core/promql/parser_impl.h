#pragma once

#include "core/common/nesting.h"

// Internal to sg_promql: the recursive-descent parser, split over parser.cpp (expressions, operators)
// and parser_terms.cpp (selectors, modifiers, aggregations, calls, durations).

#include "ast.h"
#include "functions_table.h"
#include "lexer.h"
#include "parser.h"

#include <cctype>
#include <optional>
#include <string>

namespace sg::promql::detail {

struct ParseFailure
{
    Error error;
};

inline std::string lower(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

inline std::optional<AggregateOp> aggregateByName(std::string_view name)
{
    static const std::pair<const char*, AggregateOp> ops[] = { { "sum", AggregateOp::Sum }, { "avg", AggregateOp::Avg },
        { "count", AggregateOp::Count }, { "min", AggregateOp::Min }, { "max", AggregateOp::Max },
        { "group", AggregateOp::Group }, { "stddev", AggregateOp::Stddev }, { "stdvar", AggregateOp::Stdvar },
        { "topk", AggregateOp::Topk }, { "bottomk", AggregateOp::Bottomk }, { "quantile", AggregateOp::Quantile },
        { "count_values", AggregateOp::CountValues }, { "limitk", AggregateOp::Limitk },
        { "limit_ratio", AggregateOp::LimitRatio } };
    for (const auto& [n, op] : ops)
        if (name == n)
            return op;
    return std::nullopt;
}

inline bool isKeyword(std::string_view s)
{
    if (isOperatorKeyword(s))
        return true;
    static const char* kws[] = { "and", "or", "unless", "by", "without", "offset" };
    for (const char* k : kws)
        if (s == k)
            return true;
    return false;
}

class Parser
{
public:
    Parser(std::string_view input, const ParseOptions& options)
        : m_lexer(input)
        , m_options(options)
    {
        advance();
    }

    ExprPtr parseTop();

private:
    [[noreturn]] void fail(std::string msg, SourceRange where) { throw ParseFailure { parseError(std::move(msg), where.begin, where.end) }; }
    [[noreturn]] void unexpected(const std::string& context)
    {
        if (m_tok.kind == TokenKind::Error)
            fail(m_tok.text, m_tok.where);
        std::string desc = tokenDescription(m_tok);
        if (m_tok.kind == TokenKind::Identifier && isKeyword(lower(m_tok.text)))
            desc = "<" + lower(m_tok.text) + ">";
        std::string msg = "unexpected " + desc;
        if (!context.empty())
            msg += " " + context;
        fail(msg, m_tok.where);
    }
    void advance()
    {
        m_prevEnd = m_tok.where.end;
        m_tok = m_lexer.next();
        if (m_tok.kind == TokenKind::Error)
            fail(m_tok.text, m_tok.where);
    }
    /// Keywords are case-insensitive, as in Prometheus.
    TokenKind peekKind() const
    {
        Lexer copy = m_lexer;
        return copy.next().kind;
    }
    bool isIdent(std::string_view s) const { return m_tok.kind == TokenKind::Identifier && lower(m_tok.text) == s; }
    void expect(TokenKind k, const std::string& context)
    {
        if (m_tok.kind != k)
            unexpected(context);
        advance();
    }

    /// One level of nesting of the expression at `where`, bounded by the options' maxDepth.
    NestingGuard nest(SourceRange where)
    {
        return NestingGuard(m_depth, m_options.maxDepth, [&] { tooDeep(where); });
    }
    [[noreturn]] void tooDeep(SourceRange where)
    {
        fail("expression nesting too deep (limit " + std::to_string(m_options.maxDepth) + ")", where);
    }

    std::optional<BinaryOp> peekBinaryOp() const;

    ExprPtr parseExpr(int minPrec);

    std::vector<std::string> parseLabelList(const char* clause);

    void parseBinaryModifiers(BinaryExpr& b);

    void checkBinary(BinaryExpr& b, SourceRange opWhere);

    ExprPtr parseUnary();

    DurationMs parseDurationValue(const char* context);

    /// A constant duration expression (`5m+1m`, `2m*(10+5)`, `1h/2`), evaluated at parse time; plain
    /// numbers are seconds.
    DurationExprPtr parseDurationExpr(int minPrec, const char* context);

    DurationExprPtr parseDurationPrimary(const char* context);
    /// A duration in brackets or after `offset`: a constant in ms, or an expression resolved per query.
    DurationMs finishDuration(const DurationExprPtr& e, SourceRange where, DurationExprPtr& dynamic);

    DurationMs durationFromSeconds(double secs, SourceRange where);

    void parseOffset(TimeModifiers& mods, SourceRange kwWhere);

    void parseAt(TimeModifiers& mods);

    TimeModifiers* modifiersOf(Expr& e);

    ExprPtr parsePostfix(ExprPtr e);

    ExprPtr parsePrimary();

    ExprPtr parseIdentifierPrimary();

    ExprPtr parseAggregate(AggregateOp op, SourceRange start);

    ExprPtr parseCall(const Token& id);

    ExprPtr parseSelector(std::string name, SourceRange start);

    Lexer m_lexer;
    ParseOptions m_options;
    Token m_tok;
    int m_prevEnd = 0;
    int m_depth = 0;
    bool m_relaxSelector = false; ///< info()'s second argument may hold only empty-matching matchers
};

} // namespace sg::promql::detail
