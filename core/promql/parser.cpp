// Parsing of expressions: precedence climbing over binary operators, unary operators, primaries.

#include "parser_impl.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace sg::promql {

const char* typeDocName(ValueType t)
{
    switch (t) {
    case ValueType::Scalar: return "scalar";
    case ValueType::Vector: return "instant vector";
    case ValueType::Matrix: return "range vector";
    case ValueType::String: return "string";
    case ValueType::None: return "none";
    }
    return "none";
}

namespace detail {

ExprPtr Parser::parseTop()
{
    if (m_tok.kind == TokenKind::End)
        fail("no expression found in input", m_tok.where);
    auto e = parseExpr(0);
    if (m_tok.kind == TokenKind::RightParen)
        fail("unexpected right parenthesis ')'", m_tok.where);
    if (m_tok.kind != TokenKind::End)
        unexpected("");
    return e;
}

std::optional<BinaryOp> Parser::peekBinaryOp() const
{
    switch (m_tok.kind) {
    case TokenKind::Add: return BinaryOp::Add;
    case TokenKind::Sub: return BinaryOp::Sub;
    case TokenKind::Mul: return BinaryOp::Mul;
    case TokenKind::Div: return BinaryOp::Div;
    case TokenKind::Mod: return BinaryOp::Mod;
    case TokenKind::Pow: return BinaryOp::Pow;
    case TokenKind::Eql: return BinaryOp::Eql;
    case TokenKind::Neq: return BinaryOp::Neq;
    case TokenKind::Gtr: return BinaryOp::Gtr;
    case TokenKind::Lss: return BinaryOp::Lss;
    case TokenKind::Gte: return BinaryOp::Gte;
    case TokenKind::Lte: return BinaryOp::Lte;
    case TokenKind::TrimUpper: return BinaryOp::TrimUpper;
    case TokenKind::TrimLower: return BinaryOp::TrimLower;
    case TokenKind::Identifier: {
        std::string w = lower(m_tok.text);
        if (w == "and")
            return BinaryOp::And;
        if (w == "or")
            return BinaryOp::Or;
        if (w == "unless")
            return BinaryOp::Unless;
        if (w == "atan2")
            return BinaryOp::Atan2;
        return std::nullopt;
    }
    default: return std::nullopt;
    }
}

ExprPtr Parser::parseExpr(int minPrec)
{
    const NestingGuard guard = nest(m_tok.where);
    auto lhs = parseUnary();
    NestingChain chain(m_depth, m_options.maxDepth); // `a - b - c ...`: a level per operator
    while (true) {
        auto op = peekBinaryOp();
        if (!op || precedence(*op) < minPrec)
            break;
        SourceRange opWhere = m_tok.where;
        chain.deepen([&] { tooDeep(opWhere); });
        advance();
        auto bin = std::make_unique<BinaryExpr>();
        bin->op = *op;
        parseBinaryModifiers(*bin);
        int nextMin = *op == BinaryOp::Pow ? precedence(*op) : precedence(*op) + 1;
        if (m_tok.kind == TokenKind::End)
            unexpected("");
        bin->rhs = parseExpr(nextMin);
        bin->lhs = std::move(lhs);
        bin->where = { bin->lhs->where.begin, bin->rhs->where.end };
        checkBinary(*bin, opWhere);
        lhs = std::move(bin);
    }
    return lhs;
}

std::vector<std::string> Parser::parseLabelList(const char* clause)
{
    std::vector<std::string> out;
    if (m_tok.kind != TokenKind::LeftParen)
        unexpected(std::string("in ") + clause + ", expected \"(\"");
    advance();
    while (m_tok.kind != TokenKind::RightParen) {
        if (m_tok.kind == TokenKind::Identifier || m_tok.kind == TokenKind::String) {
            if (m_tok.kind == TokenKind::Identifier && m_tok.text.find(':') != std::string::npos)
                unexpected(std::string("in ") + clause + ", expected label");
            out.push_back(m_tok.text);
            advance();
        } else {
            unexpected(std::string("in ") + clause + ", expected label");
        }
        if (m_tok.kind == TokenKind::Comma)
            advance();
        else if (m_tok.kind != TokenKind::RightParen)
            unexpected(std::string("in ") + clause + ", expected \",\" or \")\"");
    }
    advance();
    return out;
}

void Parser::parseBinaryModifiers(BinaryExpr& b)
{
    if (isIdent("bool")) {
        b.returnBool = true;
        advance();
    }
    if (isIdent("on") || isIdent("ignoring")) {
        b.matching.on = isIdent("on");
        b.matching.explicitMatching = true;
        const char* clause = b.matching.on ? "grouping opts" : "grouping opts";
        advance();
        b.matching.labels = parseLabelList(clause);
        if (isIdent("group_left") || isIdent("group_right")) {
            b.matching.card = isIdent("group_left") ? Cardinality::ManyToOne : Cardinality::OneToMany;
            b.matching.explicitGroup = true;
            advance();
            if (m_tok.kind == TokenKind::LeftParen)
                b.matching.include = parseLabelList("grouping opts");
        }
    } else if (isIdent("group_left") || isIdent("group_right")) {
        unexpected("");
    }
    // `fill` is a modifier only when a parenthesis follows; otherwise it is a metric name
    while ((isIdent("fill") || isIdent("fill_left") || isIdent("fill_right")) && peekKind() == TokenKind::LeftParen) {
        std::string which = lower(m_tok.text);
        advance();
        expect(TokenKind::LeftParen, "in fill modifier, expected \"(\"");
        bool neg = false;
        if (m_tok.kind == TokenKind::Sub || m_tok.kind == TokenKind::Add) {
            neg = m_tok.kind == TokenKind::Sub;
            advance();
        }
        double v = 0;
        if (m_tok.kind == TokenKind::Number)
            v = m_tok.number;
        else if (m_tok.kind == TokenKind::Identifier && !parseNumber(m_tok.text, v))
            unexpected("in fill modifier, expected number");
        else if (m_tok.kind != TokenKind::Identifier)
            unexpected("in fill modifier, expected number");
        advance();
        expect(TokenKind::RightParen, "in fill modifier, expected \")\"");
        if (neg)
            v = -v;
        if (which != "fill_right")
            b.matching.fillLeft = v;
        if (which != "fill_left")
            b.matching.fillRight = v;
    }
}

void Parser::checkBinary(BinaryExpr& b, SourceRange opWhere)
{
    ValueType lt = b.lhs->type, rt = b.rhs->type;
    auto okType = [](ValueType t) { return t == ValueType::Scalar || t == ValueType::Vector; };
    if (b.returnBool && !isComparison(b.op))
        fail("bool modifier can only be used on comparison operators", opWhere);
    if (isComparison(b.op) && lt == ValueType::Scalar && rt == ValueType::Scalar && !b.returnBool)
        fail("comparisons between scalars must use BOOL modifier", opWhere);
    if (!okType(lt) || !okType(rt))
        fail("binary expression must contain only scalar and instant vector types", b.where);
    if (isTrim(b.op) && lt != ValueType::Vector)
        fail(std::string("operator \"") + binaryOpString(b.op)
                + "\" needs an instant vector of native histograms on its left-hand side",
            b.where);
    if ((lt != ValueType::Vector || rt != ValueType::Vector) && b.matching.explicitMatching) {
        if (!b.matching.labels.empty() || b.matching.on)
            fail("vector matching only allowed between instant vectors", b.where);
    }
    if (isSetOp(b.op)) {
        if (lt == ValueType::Scalar || rt == ValueType::Scalar)
            fail(std::string("set operator \"") + binaryOpString(b.op) + "\" not allowed in binary scalar expression",
                b.where);
        if (b.matching.card == Cardinality::ManyToOne || b.matching.card == Cardinality::OneToMany)
            fail(std::string("no grouping allowed for \"") + binaryOpString(b.op) + "\" operation", b.where);
        b.matching.card = Cardinality::ManyToMany;
    }
    if (b.matching.on) {
        for (const auto& l : b.matching.include)
            if (std::find(b.matching.labels.begin(), b.matching.labels.end(), l) != b.matching.labels.end())
                fail("label \"" + l + "\" must not occur in ON and GROUP clause at once", b.where);
    }
    b.type = (lt == ValueType::Scalar && rt == ValueType::Scalar) ? ValueType::Scalar : ValueType::Vector;
}

ExprPtr Parser::parseUnary()
{
    if (m_tok.kind == TokenKind::Add || m_tok.kind == TokenKind::Sub) {
        SourceRange opWhere = m_tok.where;
        bool negate = m_tok.kind == TokenKind::Sub;
        advance();
        const NestingGuard guard = nest(opWhere);
        auto operand = parseExpr(precedence(BinaryOp::Pow));
        if (operand->kind == NodeKind::Number) {
            auto* n = static_cast<NumberExpr*>(operand.get());
            if (negate)
                n->value = -n->value;
            n->where.begin = opWhere.begin;
            return operand;
        }
        if (operand->type != ValueType::Scalar && operand->type != ValueType::Vector)
            fail(std::string("unary expression only allowed on expressions of type scalar or instant vector, got \"")
                    + typeDocName(operand->type) + "\"",
                operand->where);
        auto u = std::make_unique<UnaryExpr>();
        u->negate = negate;
        u->where = { opWhere.begin, operand->where.end };
        u->type = operand->type;
        u->expr = std::move(operand);
        return u;
    }
    auto e = parsePrimary();
    return parsePostfix(std::move(e));
}

ExprPtr Parser::parsePrimary()
{
    switch (m_tok.kind) {
    case TokenKind::Number: {
        auto n = std::make_unique<NumberExpr>();
        n->value = m_tok.number;
        n->where = m_tok.where;
        n->type = ValueType::Scalar;
        advance();
        return n;
    }
    case TokenKind::Duration: {
        // a duration where a number is expected counts its seconds (`predict_linear(x[1h], 1h)`)
        if (m_tok.durationOutOfRange)
            fail("duration out of range", m_tok.where);
        auto n = std::make_unique<NumberExpr>();
        n->value = double(m_tok.duration) / 1000.0;
        n->where = m_tok.where;
        n->type = ValueType::Scalar;
        advance();
        return n;
    }
    case TokenKind::String: {
        auto s = std::make_unique<StringExpr>();
        s->value = m_tok.text;
        s->where = m_tok.where;
        s->type = ValueType::String;
        advance();
        return s;
    }
    case TokenKind::LeftParen: {
        SourceRange open = m_tok.where;
        advance();
        if (m_tok.kind == TokenKind::RightParen)
            unexpected("");
        auto inner = parseExpr(0);
        if (m_tok.kind == TokenKind::End)
            fail("unclosed left parenthesis", open);
        if (m_tok.kind != TokenKind::RightParen)
            unexpected("");
        advance();
        auto p = std::make_unique<ParenExpr>();
        p->where = { open.begin, m_prevEnd };
        p->type = inner->type;
        p->expr = std::move(inner);
        return p;
    }
    case TokenKind::LeftBrace: return parseSelector(std::string(), m_tok.where);
    case TokenKind::Identifier: return parseIdentifierPrimary();
    case TokenKind::End: unexpected("");
    default: unexpected("");
    }
}

ExprPtr Parser::parseIdentifierPrimary()
{
    Token id = m_tok;
    std::string lw = lower(id.text);
    if (lw == "inf" || lw == "nan") {
        auto n = std::make_unique<NumberExpr>();
        parseNumber(lw, n->value);
        n->where = id.where;
        n->type = ValueType::Scalar;
        advance();
        return n;
    }
    if (isOperatorKeyword(lw))
        unexpected("");
    advance();
    if (auto op = aggregateByName(lw); op && (m_tok.kind == TokenKind::LeftParen || isIdent("by") || isIdent("without")))
        return parseAggregate(*op, id.where);
    if (m_tok.kind == TokenKind::LeftParen)
        return parseCall(id);
    return parseSelector(id.text, id.where);
}

} // namespace detail

Result<ExprPtr> parse(std::string_view query, const ParseOptions& options)
{
    try {
        detail::Parser p(query, options);
        return p.parseTop();
    } catch (const detail::ParseFailure& f) {
        return f.error;
    }
}

} // namespace sg::promql
