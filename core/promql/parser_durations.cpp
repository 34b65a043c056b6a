// Parsing of durations: literals, constant arithmetic (folded), query-dependent expressions (`step()`,
// `range()`, `min_of`, `max_of`), and the `offset` and `@` modifiers.

#include "parser_impl.h"

#include <cmath>

namespace sg::promql::detail {

DurationMs Parser::parseDurationValue(const char* context)
{
    if (m_tok.kind == TokenKind::Duration) {
        if (m_tok.durationOutOfRange)
            fail("duration out of range", m_tok.where);
        DurationMs d = m_tok.duration;
        advance();
        return d;
    }
    if (m_tok.kind == TokenKind::Number) {
        double secs = m_tok.number;
        if (!durationSecondsInRange(secs))
            fail("duration out of range", m_tok.where);
        advance();
        return DurationMs(std::llround(secs * 1000));
    }
    unexpected(context);
}

namespace {

DurationExprPtr number(double secs)
{
    auto n = std::make_shared<DurationExpr>();
    n->seconds = secs;
    return n;
}

} // namespace

DurationExprPtr Parser::parseDurationExpr(int minPrec, const char* context)
{
    const NestingGuard guard = nest(m_tok.where);
    DurationExprPtr lhs = parseDurationPrimary(context);
    while (true) {
        std::optional<BinaryOp> op;
        switch (m_tok.kind) {
        case TokenKind::Add: op = BinaryOp::Add; break;
        case TokenKind::Sub: op = BinaryOp::Sub; break;
        case TokenKind::Mul: op = BinaryOp::Mul; break;
        case TokenKind::Div: op = BinaryOp::Div; break;
        case TokenKind::Mod: op = BinaryOp::Mod; break;
        case TokenKind::Pow: op = BinaryOp::Pow; break;
        default: break;
        }
        if (!op || precedence(*op) < minPrec)
            return lhs;
        SourceRange opWhere = m_tok.where;
        advance();
        DurationExprPtr rhs = parseDurationExpr(*op == BinaryOp::Pow ? precedence(*op) : precedence(*op) + 1, context);
        auto node = std::make_shared<DurationExpr>();
        node->kind = DurationExpr::Kind::Binary;
        node->op = *op;
        node->lhs = lhs;
        node->rhs = rhs;
        if (lhs->kind == DurationExpr::Kind::Number && rhs->kind == DurationExpr::Kind::Number) {
            if ((*op == BinaryOp::Div || *op == BinaryOp::Mod) && rhs->seconds == 0)
                fail(*op == BinaryOp::Div ? "division by zero" : "modulo by zero", opWhere);
            lhs = number(evaluateDuration(*node, 0, 0));
        } else {
            lhs = node;
        }
    }
}

DurationExprPtr Parser::parseDurationPrimary(const char* context)
{
    switch (m_tok.kind) {
    case TokenKind::Sub:
    case TokenKind::Add: {
        bool neg = m_tok.kind == TokenKind::Sub;
        advance();
        DurationExprPtr v = parseDurationExpr(precedence(BinaryOp::Pow), context);
        if (!neg)
            return v;
        if (v->kind == DurationExpr::Kind::Number)
            return number(-v->seconds);
        auto n = std::make_shared<DurationExpr>();
        n->kind = DurationExpr::Kind::Negate;
        n->lhs = v;
        return n;
    }
    case TokenKind::Duration: {
        if (m_tok.durationOutOfRange)
            fail("duration out of range", m_tok.where);
        auto v = number(double(m_tok.duration) / 1000.0);
        advance();
        return v;
    }
    case TokenKind::Number: {
        auto v = number(m_tok.number);
        advance();
        return v;
    }
    case TokenKind::LeftParen: {
        SourceRange open = m_tok.where;
        advance();
        DurationExprPtr v = parseDurationExpr(0, context);
        if (m_tok.kind == TokenKind::End)
            fail("unclosed left parenthesis", open);
        expect(TokenKind::RightParen, context);
        return v;
    }
    case TokenKind::Identifier: {
        std::string name = lower(m_tok.text);
        auto n = std::make_shared<DurationExpr>();
        if (name == "step" || name == "range")
            n->kind = name == "step" ? DurationExpr::Kind::Step : DurationExpr::Kind::Range;
        else if (name == "min_of" || name == "max_of")
            n->kind = name == "min_of" ? DurationExpr::Kind::MinOf : DurationExpr::Kind::MaxOf;
        else
            unexpected(context);
        advance();
        expect(TokenKind::LeftParen, context);
        if (n->kind == DurationExpr::Kind::MinOf || n->kind == DurationExpr::Kind::MaxOf) {
            n->lhs = parseDurationExpr(0, context);
            expect(TokenKind::Comma, context);
            n->rhs = parseDurationExpr(0, context);
            if (n->lhs->kind == DurationExpr::Kind::Number && n->rhs->kind == DurationExpr::Kind::Number) {
                expect(TokenKind::RightParen, context);
                return number(evaluateDuration(*n, 0, 0));
            }
        }
        expect(TokenKind::RightParen, context);
        return n;
    }
    default: unexpected(context);
    }
}

DurationMs Parser::durationFromSeconds(double secs, SourceRange where)
{
    if (!durationSecondsInRange(secs))
        fail("duration out of range", where);
    return DurationMs(std::llround(secs * 1000));
}

DurationMs Parser::finishDuration(const DurationExprPtr& e, SourceRange where, DurationExprPtr& dynamic)
{
    if (e->kind == DurationExpr::Kind::Number)
        return durationFromSeconds(e->seconds, where);
    auto root = std::make_shared<DurationExpr>(*e);
    root->text = std::string(m_lexer.input().substr(std::size_t(where.begin), std::size_t(where.end - where.begin)));
    root->where = where;
    dynamic = std::move(root);
    return 0;
}

void Parser::parseOffset(TimeModifiers& mods, SourceRange kwWhere)
{
    (void)kwWhere;
    SourceRange start = m_tok.where;
    // `offset` takes a sign and one term: `foo offset 5m * 2` multiplies the selector, not the duration
    bool neg = false;
    if (m_tok.kind == TokenKind::Sub || m_tok.kind == TokenKind::Add) {
        neg = m_tok.kind == TokenKind::Sub;
        advance();
    }
    DurationExprPtr e = parseDurationPrimary("in offset, expected duration");
    if (neg && e->kind == DurationExpr::Kind::Number) {
        e = number(-e->seconds);
    } else if (neg) {
        auto n = std::make_shared<DurationExpr>();
        n->kind = DurationExpr::Kind::Negate;
        n->lhs = e;
        e = n;
    }
    mods.offset = finishDuration(e, { start.begin, m_prevEnd }, mods.offsetExpr);
}

void Parser::parseAt(TimeModifiers& mods)
{
    if (isIdent("start") || isIdent("end")) {
        mods.at = isIdent("start") ? AtKind::Start : AtKind::End;
        advance();
        expect(TokenKind::LeftParen, "in @, expected \"(\"");
        expect(TokenKind::RightParen, "in @, expected \")\"");
        return;
    }
    bool neg = false;
    SourceRange w = m_tok.where;
    if (m_tok.kind == TokenKind::Sub || m_tok.kind == TokenKind::Add) {
        neg = m_tok.kind == TokenKind::Sub;
        advance();
    }
    if (m_tok.kind != TokenKind::Number)
        unexpected("in @, expected timestamp");
    double v = neg ? -m_tok.number : m_tok.number;
    w.end = m_tok.where.end;
    advance();
    if (!std::isfinite(v) || std::abs(v) > 9.2e15)
        fail("timestamp out of bounds for @ modifier: " + formatNumber(v), w);
    mods.at = AtKind::Timestamp;
    mods.atTime = TimestampMs(std::llround(v * 1000));
}

} // namespace sg::promql::detail
