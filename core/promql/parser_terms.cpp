// Parsing of terms: selectors with their modifiers, subqueries, aggregations and function calls.

#include "parser_impl.h"

#include <algorithm>
#include <cmath>

namespace sg::promql::detail {


TimeModifiers* Parser::modifiersOf(Expr& e)
{
    switch (e.kind) {
    case NodeKind::VectorSelector: return &static_cast<VectorSelectorExpr&>(e).mods;
    case NodeKind::MatrixSelector: return &static_cast<MatrixSelectorExpr&>(e).selector->mods;
    case NodeKind::Subquery: return &static_cast<SubqueryExpr&>(e).mods;
    default: return nullptr;
    }
}

ExprPtr Parser::parsePostfix(ExprPtr e)
{
    while (true) {
        if (m_tok.kind == TokenKind::LeftBracket) {
            SourceRange open = m_tok.where;
            advance();
            SourceRange rangeStart = m_tok.where;
            DurationExprPtr rangeExpr;
            // The expression is parsed before its end is read: argument evaluation order is unspecified.
            const DurationExprPtr rangeValue = parseDurationExpr(0, "in subquery or range selector, expected duration");
            DurationMs range = finishDuration(rangeValue, { rangeStart.begin, m_prevEnd }, rangeExpr);
            if (m_tok.kind == TokenKind::Colon) {
                advance();
                DurationMs step = 0;
                DurationExprPtr stepExpr;
                if (m_tok.kind != TokenKind::RightBracket) {
                    SourceRange stepStart = m_tok.where;
                    const DurationExprPtr stepValue = parseDurationExpr(0, "in subquery, expected duration");
                    step = finishDuration(stepValue, { stepStart.begin, m_prevEnd }, stepExpr);
                }
                if (m_tok.kind != TokenKind::RightBracket)
                    unexpected("in subquery, expected \"]\"");
                advance();
                if (e->type != ValueType::Vector)
                    fail(std::string("subquery is only allowed on instant vector, got ") + typeDocName(e->type)
                            + " instead",
                        e->where);
                if (range <= 0 && !rangeExpr)
                    fail("subquery range must be positive", open);
                if (step < 0)
                    fail("subquery step must be positive", open);
                auto sq = std::make_unique<SubqueryExpr>();
                sq->where = { e->where.begin, m_prevEnd };
                sq->range = range;
                sq->step = step;
                sq->rangeExpr = std::move(rangeExpr);
                sq->stepExpr = std::move(stepExpr);
                sq->type = ValueType::Matrix;
                sq->expr = std::move(e);
                e = std::move(sq);
                continue;
            }
            if (m_tok.kind != TokenKind::RightBracket)
                unexpected("in subquery or range selector, expected \"]\"");
            advance();
            if (e->kind != NodeKind::VectorSelector)
                fail("ranges only allowed for vector selectors", e->where);
            auto* vs = static_cast<VectorSelectorExpr*>(e.get());
            if (vs->mods.offset != 0 || vs->mods.at != AtKind::None || vs->smoothed)
                fail("no offset, @ or smoothed modifiers allowed before range", e->where);
            if (range <= 0 && !rangeExpr)
                fail("range must be positive", open);
            auto ms = std::make_unique<MatrixSelectorExpr>();
            ms->where = { e->where.begin, m_prevEnd };
            ms->range = range;
            ms->rangeExpr = std::move(rangeExpr);
            ms->type = ValueType::Matrix;
            ms->selector.reset(static_cast<VectorSelectorExpr*>(e.release()));
            e = std::move(ms);
            continue;
        }
        if (e->kind == NodeKind::VectorSelector && isIdent("smoothed")) {
            static_cast<VectorSelectorExpr*>(e.get())->smoothed = true;
            advance();
            e->where.end = m_prevEnd;
            continue;
        }
        if (e->kind == NodeKind::MatrixSelector && (isIdent("anchored") || isIdent("smoothed"))) {
            auto* ms = static_cast<MatrixSelectorExpr*>(e.get());
            if (ms->anchored || ms->smoothed)
                fail("anchored and smoothed modifiers may be given only once", m_tok.where);
            (isIdent("anchored") ? ms->anchored : ms->smoothed) = true;
            advance();
            e->where.end = m_prevEnd;
            continue;
        }
        if (isIdent("offset")) {
            SourceRange kw = m_tok.where;
            advance();
            TimeModifiers* mods = modifiersOf(*e);
            if (!mods)
                fail("offset modifier must be preceded by an instant vector selector or range vector selector or a subquery",
                    kw);
            if (mods->offset != 0)
                fail("offset may not be set multiple times", kw);
            parseOffset(*mods, kw);
            e->where.end = m_prevEnd;
            continue;
        }
        if (m_tok.kind == TokenKind::At) {
            SourceRange kw = m_tok.where;
            advance();
            TimeModifiers* mods = modifiersOf(*e);
            if (!mods)
                fail("@ modifier must be preceded by an instant vector selector or range vector selector or a subquery",
                    kw);
            if (mods->at != AtKind::None)
                fail("@ <timestamp> may not be set multiple times", kw);
            parseAt(*mods);
            e->where.end = m_prevEnd;
            continue;
        }
        return e;
    }
}

ExprPtr Parser::parseAggregate(AggregateOp op, SourceRange start)
{
    auto a = std::make_unique<AggregateExpr>();
    a->op = op;
    a->type = ValueType::Vector;
    auto parseGrouping = [&] {
        a->without = isIdent("without");
        a->groupingGiven = true;
        advance();
        a->grouping = parseLabelList("grouping opts");
    };
    bool groupingBefore = false;
    if (isIdent("by") || isIdent("without")) {
        parseGrouping();
        groupingBefore = true;
    }
    if (m_tok.kind != TokenKind::LeftParen)
        unexpected("in aggregation, expected \"(\"");
    advance();
    std::vector<ExprPtr> args;
    if (m_tok.kind == TokenKind::RightParen)
        fail(std::string("no arguments for aggregate expression provided"), m_tok.where);
    while (true) {
        args.push_back(parseExpr(0));
        if (m_tok.kind == TokenKind::Comma) {
            advance();
            if (m_tok.kind == TokenKind::RightParen)
                break;
            continue;
        }
        if (m_tok.kind == TokenKind::RightParen)
            break;
        if (m_tok.kind == TokenKind::End)
            fail("unclosed left parenthesis", start);
        unexpected("in aggregation, expected \",\" or \")\"");
    }
    advance();
    if (!groupingBefore && (isIdent("by") || isIdent("without")))
        parseGrouping();
    a->where = { start.begin, m_prevEnd };
    bool hasParam = op == AggregateOp::Topk || op == AggregateOp::Bottomk || op == AggregateOp::Quantile
        || op == AggregateOp::CountValues || op == AggregateOp::Limitk || op == AggregateOp::LimitRatio;
    std::size_t want = hasParam ? 2 : 1;
    if (args.size() != want)
        fail("wrong number of arguments for aggregate expression provided, expected " + std::to_string(want)
                + ", got " + std::to_string(args.size()),
            a->where);
    if (hasParam) {
        a->param = std::move(args[0]);
        ValueType want = op == AggregateOp::CountValues ? ValueType::String : ValueType::Scalar;
        if (a->param->type != want)
            fail(std::string("expected type ") + typeDocName(want) + " in aggregation parameter, got "
                    + typeDocName(a->param->type),
                a->param->where);
    }
    a->expr = std::move(args.back());
    if (a->expr->type != ValueType::Vector)
        fail(std::string("expected type instant vector in aggregation expression, got ") + typeDocName(a->expr->type),
            a->expr->where);
    return a;
}

ExprPtr Parser::parseCall(const Token& id)
{
    const FunctionInfo* f = findFunction(id.text);
    if (!f || (f->experimental && !m_options.experimentalFunctions))
        fail("unknown function with name \"" + id.text + "\"", id.where);
    auto c = std::make_unique<CallExpr>();
    c->func = f;
    c->type = f->returnType;
    advance(); // (
    while (m_tok.kind != TokenKind::RightParen) {
        m_relaxSelector = std::string_view(f->name) == "info" && c->args.size() == 1;
        c->args.push_back(parseExpr(0));
        m_relaxSelector = false;
        if (m_tok.kind == TokenKind::Comma) {
            advance();
            continue;
        }
        if (m_tok.kind == TokenKind::RightParen)
            break;
        if (m_tok.kind == TokenKind::End)
            fail("unclosed left parenthesis", id.where);
        unexpected("in call to function \"" + id.text + "\", expected \",\" or \")\"");
    }
    advance();
    c->where = { id.where.begin, m_prevEnd };
    std::size_t n = c->args.size();
    std::size_t fixed = f->argTypes.size();
    if (f->variadic == 0 && n != fixed)
        fail("expected " + std::to_string(fixed) + " argument(s) in call to \"" + id.text + "\", got "
                + std::to_string(n),
            c->where);
    if (f->variadic > 0) {
        std::size_t minArgs = fixed - std::size_t(f->variadic);
        if (n < minArgs || n > fixed)
            fail("expected at least " + std::to_string(minArgs) + " argument(s) in call to \"" + id.text
                    + "\", got " + std::to_string(n),
                c->where);
    }
    if (f->variadic < 0 && n + 1 < fixed)
        fail("expected at least " + std::to_string(fixed - 1) + " argument(s) in call to \"" + id.text + "\", got "
                + std::to_string(n),
            c->where);
    if (std::string_view(f->name) == "info") {
        // the selector of info series: the given name matchers (or target_info) and the data label matchers
        auto sel = std::make_unique<VectorSelectorExpr>();
        sel->type = ValueType::Vector;
        sel->where = c->where;
        bool hasName = false;
        bool hasPositiveName = false;
        if (c->args.size() > 1) {
            if (c->args[1]->kind != NodeKind::VectorSelector)
                fail("expected label selectors as the second argument of info()", c->args[1]->where);
            for (const auto& m : static_cast<const VectorSelectorExpr&>(*c->args[1]).matchers) {
                hasName = hasName || m.name() == "__name__";
                hasPositiveName = hasPositiveName
                    || (m.name() == "__name__" && (m.type() == MatchType::Equal || m.type() == MatchType::Regex));
                sel->matchers.push_back(m);
            }
        }
        if (!hasName)
            sel->matchers.push_back(Matcher::make(MatchType::Equal, "__name__", "target_info").value());
        else if (!hasPositiveName) // only exclusions: any other info metric (`*_info`)
            sel->matchers.push_back(Matcher::make(MatchType::Regex, "__name__", ".+_info").value());
        c->infoSelector = std::move(sel);
    }
    for (const auto& arg : c->args) {
        if (arg->kind != NodeKind::MatrixSelector)
            continue;
        const auto& ms = static_cast<const MatrixSelectorExpr&>(*arg);
        std::string_view fn = id.text;
        if (ms.anchored && fn != "changes" && fn != "delta" && fn != "increase" && fn != "rate" && fn != "resets")
            fail("anchored modifier can only be used with: changes, delta, increase, rate, resets - not with " + id.text, arg->where);
        if (ms.smoothed && fn != "delta" && fn != "increase" && fn != "rate")
            fail("smoothed modifier can only be used with: delta, increase, rate - not with " + id.text, arg->where);
    }
    for (std::size_t i = 0; i < n; ++i) {
        ValueType want = i < fixed ? f->argTypes[i] : f->argTypes.back();
        ValueType got = c->args[i]->type;
        if (got != want)
            fail(std::string("expected type ") + typeDocName(want) + " in call to function \"" + id.text
                    + "\", got " + typeDocName(got),
                c->args[i]->where);
    }
    return c;
}

ExprPtr Parser::parseSelector(std::string name, SourceRange start)
{
    auto vs = std::make_unique<VectorSelectorExpr>();
    vs->type = ValueType::Vector;
    vs->name = name;
    vs->where = start;
    std::vector<std::pair<Matcher, SourceRange>> matchers;
    if (m_tok.kind == TokenKind::LeftBrace) {
        advance();
        while (m_tok.kind != TokenKind::RightBrace) {
            if (m_tok.kind == TokenKind::End)
                fail("unexpected end of input inside braces", m_tok.where);
            if (m_tok.kind != TokenKind::Identifier && m_tok.kind != TokenKind::String)
                unexpected("in label matching, expected label");
            Token label = m_tok;
            advance();
            if (label.kind == TokenKind::String
                && (m_tok.kind == TokenKind::Comma || m_tok.kind == TokenKind::RightBrace)) {
                if (!vs->name.empty())
                    fail("metric name must not be set twice: \"" + vs->name + "\" or \"" + label.text + "\"", label.where);
                vs->name = label.text;
            } else {
                if (label.kind == TokenKind::Identifier && label.text.find(':') != std::string::npos)
                    fail("unexpected character inside braces: ':'", label.where);
                MatchType mt;
                switch (m_tok.kind) {
                case TokenKind::Assign: mt = MatchType::Equal; break;
                case TokenKind::Neq: mt = MatchType::NotEqual; break;
                case TokenKind::EqlRegex: mt = MatchType::Regex; break;
                case TokenKind::NeqRegex: mt = MatchType::NotRegex; break;
                case TokenKind::End: fail("unexpected end of input inside braces", m_tok.where);
                default: unexpected("in label matching, expected label matching operator");
                }
                advance();
                if (m_tok.kind == TokenKind::End)
                    fail("unexpected end of input inside braces", m_tok.where);
                if (m_tok.kind != TokenKind::String)
                    unexpected("in label matching, expected string");
                SourceRange w { label.where.begin, m_tok.where.end };
                auto m = Matcher::make(mt, label.text, m_tok.text);
                if (!m)
                    fail(m.error().message, w);
                advance();
                matchers.emplace_back(std::move(m.value()), w);
            }
            if (m_tok.kind == TokenKind::Comma)
                advance();
            else if (m_tok.kind == TokenKind::End)
                fail("unexpected end of input inside braces", m_tok.where);
            else if (m_tok.kind != TokenKind::RightBrace)
                unexpected("in label matching, expected \",\" or \"}\"");
        }
        advance();
        vs->where.end = m_prevEnd;
    }
    for (auto& [m, w] : matchers) {
        if (m.name() == "__name__" && !vs->name.empty() && !name.empty())
            fail("metric name must not be set twice: \"" + vs->name + "\" or \"" + m.value() + "\"", w);
        vs->matchers.push_back(m);
    }
    if (!vs->name.empty())
        vs->matchers.insert(vs->matchers.begin(), Matcher::make(MatchType::Equal, "__name__", vs->name).value());
    bool nonEmpty = std::any_of(vs->matchers.begin(), vs->matchers.end(), [](const Matcher& m) { return !m.matchesEmpty(); });
    if (!nonEmpty && !m_relaxSelector)
        fail("vector selector must contain at least one non-empty matcher", vs->where);
    return vs;
}

} // namespace sg::promql::detail
