#include "parser.h"
#include "parser_impl.h"

#include <cmath>

namespace sg::logql {

namespace detail {

namespace {

struct OpInfo
{
    BinaryOp op;
    int prec;
    bool rightAssoc;
};

bool binaryOpAt(const Parser& p, OpInfo& info)
{
    const Token& t = p.peek();
    switch (t.kind) {
    case TokenKind::Add: info = { BinaryOp::Add, 4, false }; return true;
    case TokenKind::Sub: info = { BinaryOp::Sub, 4, false }; return true;
    case TokenKind::Mul: info = { BinaryOp::Mul, 5, false }; return true;
    case TokenKind::Div: info = { BinaryOp::Div, 5, false }; return true;
    case TokenKind::Mod: info = { BinaryOp::Mod, 5, false }; return true;
    case TokenKind::Pow: info = { BinaryOp::Pow, 6, true }; return true;
    case TokenKind::EqEq: info = { BinaryOp::Eq, 3, false }; return true;
    case TokenKind::Neq: info = { BinaryOp::Neq, 3, false }; return true;
    case TokenKind::Gt: info = { BinaryOp::Gt, 3, false }; return true;
    case TokenKind::Gte: info = { BinaryOp::Gte, 3, false }; return true;
    case TokenKind::Lt: info = { BinaryOp::Lt, 3, false }; return true;
    case TokenKind::Lte: info = { BinaryOp::Lte, 3, false }; return true;
    case TokenKind::Ident:
        if (t.text == "or") {
            info = { BinaryOp::Or, 1, false };
            return true;
        }
        if (t.text == "and" || t.text == "unless") {
            info = { t.text == "and" ? BinaryOp::And : BinaryOp::Unless, 2, false };
            return true;
        }
        return false;
    default: return false;
    }
}

bool isComparison(BinaryOp op) { return op >= BinaryOp::Eq && op <= BinaryOp::Lte; }
bool isSetOp(BinaryOp op) { return op == BinaryOp::Or || op == BinaryOp::And || op == BinaryOp::Unless; }

std::optional<RangeOp> rangeOpByName(std::string_view n)
{
    for (int i = 0; i <= int(RangeOp::QuantileOverTime); ++i)
        if (n == rangeOpName(RangeOp(i)))
            return RangeOp(i);
    return std::nullopt;
}

std::optional<VectorOp> vectorOpByName(std::string_view n)
{
    for (int i = 0; i <= int(VectorOp::ApproxTopk); ++i)
        if (n == vectorOpName(VectorOp(i)))
            return VectorOp(i);
    return std::nullopt;
}

const Expr& unparen(const Expr& e) { return e.kind == Expr::Kind::Paren ? unparen(*e.lhs) : e; }

} // namespace

const Token& Parser::expect(TokenKind k, const char* what)
{
    if (!at(k))
        unexpected(what);
    return next();
}

void Parser::unexpected(const char* expecting) const
{
    const Token& t = peek();
    std::string msg = "syntax error: unexpected " + tokenDescription(t);
    if (expecting)
        msg += std::string(", expecting ") + expecting;
    fail(t.where, msg);
}

void Parser::fail(SourceRange where, const std::string& message) const
{
    throw ParseFailure { makeParseError(m_query, where, message) };
}

ExprPtr Parser::parseTop()
{
    if (at(TokenKind::End))
        fail(peek().where, "syntax error: unexpected end of input");
    ExprPtr e = parseBinary(0);
    if (!at(TokenKind::End))
        unexpected();
    validate(*e);
    return e;
}

void Parser::tooDeep()
{
    fail(peek().where, "expression nesting too deep (limit " + std::to_string(MaxParseNesting) + ")");
}

ExprPtr Parser::parseBinary(int minPrec)
{
    // every nesting (parentheses, function arguments, operands) passes here; found by fuzzing without a bound
    const NestingGuard guard(m_depth, MaxParseNesting, [this] { tooDeep(); });
    ExprPtr lhs = parseUnary();
    OpInfo info {};
    NestingChain chain(m_depth, MaxParseNesting); // `a - b - c ...`: a level per operator
    while (binaryOpAt(*this, info) && info.prec >= minPrec) {
        chain.deepen([this] { tooDeep(); });
        next();
        auto e = std::make_unique<Expr>();
        e->kind = Expr::Kind::Binary;
        e->binaryOp = info.op;
        if (atIdent("bool")) {
            next();
            if (!isComparison(info.op))
                fail(peek(-1).where, "bool modifier can only be used on comparison operators");
            e->returnBool = true;
        }
        if (atIdent("on") || atIdent("ignoring")) {
            e->matching.present = true;
            e->matching.on = next().text == "on";
            e->matching.labels = parseLabelList();
            if (atIdent("group_left") || atIdent("group_right")) {
                e->matching.card = next().text == "group_left" ? VectorMatching::Card::ManyToOne
                                                               : VectorMatching::Card::OneToMany;
                if (at(TokenKind::LParen))
                    e->matching.include = parseLabelList();
            }
        }
        ExprPtr rhs = parseBinary(info.rightAssoc ? info.prec : info.prec + 1);
        e->where = { lhs->where.begin, rhs->where.end };
        e->lhs = std::move(lhs);
        e->rhs = std::move(rhs);
        lhs = std::move(e);
    }
    return lhs;
}

ExprPtr Parser::parseUnary()
{
    const Token& t = peek();
    auto e = std::make_unique<Expr>();
    int begin = t.where.begin;
    if (t.kind == TokenKind::Add || t.kind == TokenKind::Sub) {
        bool neg = t.kind == TokenKind::Sub;
        next();
        if (!at(TokenKind::Number))
            unexpected("NUMBER");
        const Token& n = next();
        parseNumber(n.text, e->number);
        if (neg)
            e->number = -e->number;
        e->kind = Expr::Kind::Literal;
        e->numberText = (neg ? "-" : "") + n.text;
        e->where = { begin, n.where.end };
        return e;
    }
    if (t.kind == TokenKind::Number) {
        next();
        parseNumber(t.text, e->number);
        e->kind = Expr::Kind::Literal;
        e->numberText = t.text;
        e->where = t.where;
        return e;
    }
    if (t.kind == TokenKind::LParen) {
        next();
        e->kind = Expr::Kind::Paren;
        e->lhs = parseBinary(0);
        expect(TokenKind::RParen, ")");
        e->where = { begin, lastEnd() };
        return e;
    }
    if (t.kind == TokenKind::LBrace) {
        e->kind = Expr::Kind::Log;
        e->log = std::make_unique<LogSelector>(parseSelector());
        std::optional<Unwrap>* noUnwrap = nullptr;
        parsePipeline(*e->log, noUnwrap);
        e->log->where = { begin, lastEnd() };
        e->where = e->log->where;
        if (at(TokenKind::LBracket))
            fail(peek().where, "syntax error: unexpected [, a range must be inside a range aggregation");
        return e;
    }
    if (t.kind == TokenKind::Ident) {
        if (auto op = rangeOpByName(t.text)) {
            if (peek(1).kind == TokenKind::LParen)
                return parseRangeAgg(*op);
        }
        if (auto op = vectorOpByName(t.text)) {
            if (peek(1).kind == TokenKind::LParen || peek(1).text == "by" || peek(1).text == "without")
                return parseVectorAgg(*op);
        }
        if (t.text == "vector" && peek(1).kind == TokenKind::LParen) {
            next();
            next();
            e->kind = Expr::Kind::Vector;
            bool neg = accept(TokenKind::Sub);
            const Token& n = expect(TokenKind::Number, "NUMBER");
            parseNumber(n.text, e->number);
            if (neg)
                e->number = -e->number;
            e->numberText = (neg ? "-" : "") + n.text;
            expect(TokenKind::RParen, ")");
            e->where = { begin, lastEnd() };
            return e;
        }
        if (t.text == "label_replace" && peek(1).kind == TokenKind::LParen) {
            next();
            next();
            e->kind = Expr::Kind::LabelReplace;
            e->lhs = parseBinary(0);
            std::string* args[] = { &e->dst, &e->replacement, &e->src, &e->regex };
            for (std::string* a : args) {
                expect(TokenKind::Comma, ",");
                *a = expect(TokenKind::String, "STRING").text;
            }
            expect(TokenKind::RParen, ")");
            e->where = { begin, lastEnd() };
            auto m = Matcher::make(MatchType::Regex, "x", e->regex);
            if (!m.ok())
                fail(e->where, m.error().message);
            return e;
        }
    }
    unexpected();
}

ExprPtr Parser::parseRangeAgg(RangeOp op)
{
    int begin = next().where.begin;
    expect(TokenKind::LParen, "(");
    auto e = std::make_unique<Expr>();
    e->kind = Expr::Kind::RangeAgg;
    e->rangeOp = op;
    if (op == RangeOp::QuantileOverTime) {
        const Token& n = expect(TokenKind::Number, "NUMBER");
        double v = 0;
        parseNumber(n.text, v);
        e->param = v;
        e->numberText = n.text;
        expect(TokenKind::Comma, ",");
    }
    e->logRange = parseLogRange();
    expect(TokenKind::RParen, ")");
    if (atIdent("by") || atIdent("without"))
        e->grouping = parseGrouping();
    e->where = { begin, lastEnd() };
    return e;
}

ExprPtr Parser::parseVectorAgg(VectorOp op)
{
    int begin = next().where.begin;
    auto e = std::make_unique<Expr>();
    e->kind = Expr::Kind::VectorAgg;
    e->vectorOp = op;
    if (atIdent("by") || atIdent("without"))
        e->grouping = parseGrouping();
    expect(TokenKind::LParen, "(");
    if (op == VectorOp::Topk || op == VectorOp::Bottomk || op == VectorOp::ApproxTopk) {
        const Token& k = peek();
        if (k.kind != TokenKind::Number)
            fail(k.where, std::string("syntax error: parameter required for operation ") + vectorOpName(op));
        next();
        double v = 0;
        parseNumber(k.text, v);
        if (v <= 0 || v != std::floor(v))
            fail(k.where, "syntax error: invalid parameter " + k.text + " for " + vectorOpName(op)
                    + ", expecting a positive integer");
        e->param = v;
        e->numberText = k.text;
        expect(TokenKind::Comma, ",");
    }
    e->lhs = parseBinary(0);
    expect(TokenKind::RParen, ")");
    if (atIdent("by") || atIdent("without")) {
        if (e->grouping.present)
            unexpected();
        e->grouping = parseGrouping();
    }
    e->where = { begin, lastEnd() };
    if (op == VectorOp::ApproxTopk && e->grouping.present)
        fail(e->where, "syntax error: grouping not allowed for approx_topk aggregation");
    // Loki's grammar takes `without` after sort/sort_desc (and ignores it), but not `by`.
    if ((op == VectorOp::Sort || op == VectorOp::SortDesc) && e->grouping.present && !e->grouping.without)
        fail(e->where, std::string("syntax error: ") + vectorOpName(op) + " does not support grouping");
    return e;
}

Grouping Parser::parseGrouping()
{
    Grouping g;
    g.present = true;
    g.without = next().text == "without";
    g.labels = parseLabelList();
    return g;
}

std::vector<std::string> Parser::parseLabelList()
{
    std::vector<std::string> out;
    expect(TokenKind::LParen, "(");
    if (accept(TokenKind::RParen))
        return out;
    for (;;) {
        out.push_back(expect(TokenKind::Ident, "IDENTIFIER").text);
        if (accept(TokenKind::RParen))
            return out;
        expect(TokenKind::Comma, ", or )");
    }
}

void Parser::validate(const Expr& e)
{
    switch (e.kind) {
    case Expr::Kind::Log:
    case Expr::Kind::Literal:
    case Expr::Kind::Vector: return;
    case Expr::Kind::Paren:
        validate(*e.lhs);
        return;
    case Expr::Kind::RangeAgg: {
        bool unwrapped = e.logRange->unwrap.has_value();
        bool needs = rangeOpNeedsUnwrap(e.rangeOp);
        if (needs && !unwrapped)
            fail(e.where, std::string("invalid aggregation ") + rangeOpName(e.rangeOp) + " without unwrap");
        if (unwrapped && !needs && e.rangeOp != RangeOp::Rate && e.rangeOp != RangeOp::AbsentOverTime)
            fail(e.where, std::string("invalid aggregation ") + rangeOpName(e.rangeOp) + " with unwrap");
        const bool groupable = e.rangeOp == RangeOp::AvgOverTime || e.rangeOp == RangeOp::StddevOverTime
            || e.rangeOp == RangeOp::StdvarOverTime || e.rangeOp == RangeOp::QuantileOverTime
            || e.rangeOp == RangeOp::FirstOverTime || e.rangeOp == RangeOp::LastOverTime
            || e.rangeOp == RangeOp::MaxOverTime || e.rangeOp == RangeOp::MinOverTime;
        if (e.grouping.present && (!unwrapped || !groupable))
            fail(e.where, std::string("grouping not allowed for ") + rangeOpName(e.rangeOp) + " aggregation");
        return;
    }
    case Expr::Kind::VectorAgg:
    case Expr::Kind::LabelReplace:
        if (unparen(*e.lhs).kind == Expr::Kind::Log)
            fail(e.lhs->where, "syntax error: unexpected log query, expecting a metric expression");
        validate(*e.lhs);
        return;
    case Expr::Kind::Binary: {
        const Expr& l = unparen(*e.lhs);
        const Expr& r = unparen(*e.rhs);
        if (l.kind == Expr::Kind::Log || r.kind == Expr::Kind::Log)
            fail(e.where, "unexpected log query in binary operation, expecting a metric expression");
        if (isSetOp(e.binaryOp) && (l.kind == Expr::Kind::Literal || r.kind == Expr::Kind::Literal))
            fail(e.where, std::string("unexpected literal for ") + (l.kind == Expr::Kind::Literal ? "left" : "right")
                    + " leg of logical/set binary operation (" + binaryOpName(e.binaryOp) + ")");
        validate(*e.lhs);
        validate(*e.rhs);
        return;
    }
    }
}

} // namespace detail

Result<ExprPtr> parseQuery(std::string_view query)
{
    auto tokens = lex(query);
    if (!tokens.ok())
        return tokens.error();
    try {
        detail::Parser p(query, std::move(tokens.value()));
        return p.parseTop();
    } catch (const detail::ParseFailure& f) {
        return f.error;
    }
}

} // namespace sg::logql
