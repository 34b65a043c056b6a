// The log half of the LogQL parser: stream selectors, line filters, pipeline stages and log ranges.

#include "parser_impl.h"
#include "pipeline.h"

#include <cctype>
#include <re2/re2.h>
#include <set>

namespace sg::logql::detail {

namespace {

bool isLineFilterToken(TokenKind k)
{
    return k == TokenKind::PipeExact || k == TokenKind::Neq || k == TokenKind::PipeMatch || k == TokenKind::Nre
        || k == TokenKind::PipePattern || k == TokenKind::NotPattern;
}

bool isCompareToken(TokenKind k)
{
    return k == TokenKind::Eq || k == TokenKind::Neq || k == TokenKind::Re || k == TokenKind::Nre
        || k == TokenKind::EqEq || k == TokenKind::Gt || k == TokenKind::Gte || k == TokenKind::Lt
        || k == TokenKind::Lte;
}

std::optional<MatchType> matchTypeOf(TokenKind k)
{
    switch (k) {
    case TokenKind::Eq: return MatchType::Equal;
    case TokenKind::Neq: return MatchType::NotEqual;
    case TokenKind::Re: return MatchType::Regex;
    case TokenKind::Nre: return MatchType::NotRegex;
    default: return std::nullopt;
    }
}

CompareOp compareOpOf(TokenKind k)
{
    switch (k) {
    case TokenKind::Neq: return CompareOp::Neq;
    case TokenKind::Gt: return CompareOp::Gt;
    case TokenKind::Gte: return CompareOp::Gte;
    case TokenKind::Lt: return CompareOp::Lt;
    case TokenKind::Lte: return CompareOp::Lte;
    default: return CompareOp::Eq;
    }
}

const std::set<std::string, std::less<>> StageKeywords = { "json", "logfmt", "regexp", "pattern", "unpack",
    "line_format", "label_format", "decolorize", "drop", "keep", "unwrap" };

} // namespace

LogSelector Parser::parseSelector()
{
    LogSelector sel;
    int begin = peek().where.begin;
    parseMatchers(sel);
    sel.matchersWhere = { begin, lastEnd() };
    sel.where = sel.matchersWhere;
    bool anyNonEmpty = false;
    // As Loki's parser: an equality matcher counts even with an empty value (`{label=""}` parses).
    for (const auto& m : sel.matchers)
        anyNonEmpty = anyNonEmpty || !m.matchesEmpty() || m.type() == MatchType::Equal;
    if (!anyNonEmpty)
        fail(sel.matchersWhere,
            "queries require at least one regexp or equality matcher that does not have an empty-compatible value. "
            "For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will");
    return sel;
}

void Parser::parseMatchers(LogSelector& sel)
{
    expect(TokenKind::LBrace, "{");
    if (accept(TokenKind::RBrace))
        return;
    for (;;) {
        const Token& name = expect(TokenKind::Ident, "IDENTIFIER");
        auto type = matchTypeOf(peek().kind);
        if (!type)
            unexpected("=, !=, =~ or !~");
        next();
        const Token& value = expect(TokenKind::String, "STRING");
        auto m = Matcher::make(*type, name.text, value.text);
        if (!m.ok())
            fail({ name.where.begin, value.where.end }, m.error().message);
        sel.matchers.push_back(std::move(m.value()));
        if (accept(TokenKind::RBrace))
            return;
        expect(TokenKind::Comma, ", or }");
    }
}

LineFilter Parser::parseLineFilter()
{
    LineFilter f;
    const Token& opTok = next();
    f.where.begin = opTok.where.begin;
    switch (opTok.kind) {
    case TokenKind::PipeExact: f.op = LineFilterOp::Contains; break;
    case TokenKind::Neq: f.op = LineFilterOp::NotContains; break;
    case TokenKind::PipeMatch: f.op = LineFilterOp::Regex; break;
    case TokenKind::Nre: f.op = LineFilterOp::NotRegex; break;
    case TokenKind::PipePattern: f.op = LineFilterOp::Pattern; break;
    default: f.op = LineFilterOp::NotPattern; break;
    }
    do {
        LineFilterValue v;
        if (atIdent("ip") && peek(1).kind == TokenKind::LParen) {
            // Any line filter operator parses with ip(); only |= and != run (others fail when the query runs).
            next();
            next();
            v.text = expect(TokenKind::String, "STRING").text;
            v.isIp = true;
            expect(TokenKind::RParen, ")");
        } else {
            // A line filter regex is compiled when the query runs, not here (as in Loki).
            v.text = expect(TokenKind::String, "STRING").text;
        }
        f.values.push_back(std::move(v));
    } while (atIdent("or") && (peek(1).kind == TokenKind::String || (peek(1).text == "ip")) && (next(), true));
    f.where.end = lastEnd();
    return f;
}

void Parser::parsePipeline(LogSelector& sel, std::optional<Unwrap>* unwrap)
{
    bool sawUnwrap = false;
    for (;;) {
        if (isLineFilterToken(peek().kind)) {
            if (sawUnwrap)
                unexpected("a label filter after unwrap");
            int begin = peek().where.begin;
            LineFilter f = parseLineFilter();
            if (!sel.stages.empty() && std::holds_alternative<LineFilterStage>(sel.stages.back().stage)) {
                std::get<LineFilterStage>(sel.stages.back().stage).filters.push_back(std::move(f));
                sel.stages.back().where.end = lastEnd();
            } else {
                Stage s { LineFilterStage { {} }, { begin, 0 } };
                std::get<LineFilterStage>(s.stage).filters.push_back(std::move(f));
                s.where.end = lastEnd();
                sel.stages.push_back(std::move(s));
            }
            continue;
        }
        if (!at(TokenKind::Pipe))
            break;
        if (sawUnwrap) {
            int begin = next().where.begin;
            auto f = parseLabelFilterOr();
            (void)begin;
            (*unwrap)->postFilters.push_back(std::move(f));
            (*unwrap)->where.end = lastEnd();
            continue;
        }
        Stage s = parsePipeStage(unwrap, sawUnwrap);
        if (!sawUnwrap)
            sel.stages.push_back(std::move(s));
    }
    sel.where.end = std::max(sel.where.end, lastEnd());
}

Stage Parser::parsePipeStage(std::optional<Unwrap>* unwrap, bool& sawUnwrap)
{
    int begin = next().where.begin; // '|'
    Stage s;
    const Token& kw = peek();
    bool keyword = kw.kind == TokenKind::Ident && StageKeywords.count(kw.text) && !isCompareToken(peek(1).kind);
    if (!keyword) {
        if (kw.kind != TokenKind::Ident && kw.kind != TokenKind::LParen)
            unexpected("a pipeline stage or label filter");
        s.stage = LabelFilterStage { parseLabelFilterOr() };
        s.where = { begin, lastEnd() };
        return s;
    }
    next();
    const std::string& k = kw.text;
    if (k == "json" || k == "logfmt") {
        ParserStage p;
        p.kind = k == "json" ? ParserKind::Json : ParserKind::Logfmt;
        while (k == "logfmt" && at(TokenKind::Ident) && peek().text.rfind("--", 0) == 0) {
            const Token& flag = next();
            if (flag.text == "--strict")
                p.strict = true;
            else if (flag.text == "--keep-empty")
                p.keepEmpty = true;
            else
                fail(flag.where, "syntax error: unexpected flag " + flag.text);
        }
        if (at(TokenKind::Ident)) {
            for (;;) {
                ExtractionParam param;
                param.name = expect(TokenKind::Ident, "IDENTIFIER").text;
                if (accept(TokenKind::Eq)) {
                    param.expression = expect(TokenKind::String, "STRING").text;
                } else {
                    param.expression = param.name;
                    param.bare = true;
                }
                p.params.push_back(std::move(param));
                if (!accept(TokenKind::Comma))
                    break;
            }
        }
        s.stage = std::move(p);
    } else if (k == "regexp" || k == "pattern") {
        ParserStage p;
        p.kind = k == "regexp" ? ParserKind::Regexp : ParserKind::Pattern;
        const Token& str = expect(TokenKind::String, "STRING");
        p.pattern = str.text;
        if (p.kind == ParserKind::Regexp) {
            RE2::Options opts;
            opts.set_log_errors(false);
            RE2 re(p.pattern, opts);
            if (!re.ok())
                fail(str.where, "error parsing regexp: " + re.error() + ": `" + p.pattern + "`");
        }
        // As in Loki, the parser already builds regexp and pattern parsers: a regexp without a named capture
        // or with a repeated name, and a pattern without a named capture, are parse errors.
        if (auto built = makeParser(p); !built.ok())
            fail(str.where, built.error().message);
        s.stage = std::move(p);
    } else if (k == "unpack") {
        s.stage = ParserStage { ParserKind::Unpack, {}, {}, false, false };
    } else if (k == "decolorize") {
        s.stage = DecolorizeStage {};
    } else if (k == "line_format") {
        s.stage = LineFormatStage { expect(TokenKind::String, "STRING").text };
    } else if (k == "label_format") {
        LabelFormatStage lf;
        std::set<std::string> seen;
        for (;;) {
            const Token& name = expect(TokenKind::Ident, "IDENTIFIER");
            expect(TokenKind::Eq, "=");
            LabelFormatItem item;
            item.name = name.text;
            if (at(TokenKind::String)) {
                item.value = next().text;
                item.isTemplate = true;
            } else {
                item.value = expect(TokenKind::Ident, "IDENTIFIER or STRING").text;
            }
            if (!seen.insert(item.name).second)
                fail(name.where, "multiple label name '" + item.name + "' not allowed in a single format operation");
            lf.items.push_back(std::move(item));
            if (!accept(TokenKind::Comma))
                break;
        }
        s.stage = std::move(lf);
    } else if (k == "drop" || k == "keep") {
        DropKeepStage dk;
        dk.keep = k == "keep";
        for (;;) {
            LabelSelectItem item;
            const Token& name = expect(TokenKind::Ident, "IDENTIFIER");
            item.name = name.text;
            if (auto type = matchTypeOf(peek().kind)) {
                next();
                const Token& v = expect(TokenKind::String, "STRING");
                auto m = Matcher::make(*type, item.name, v.text);
                if (!m.ok())
                    fail(v.where, m.error().message);
                item.matcher = std::move(m.value());
            }
            dk.items.push_back(std::move(item));
            if (!accept(TokenKind::Comma))
                break;
        }
        s.stage = std::move(dk);
    } else { // unwrap
        if (!unwrap)
            fail(kw.where, "syntax error: unexpected unwrap");
        Unwrap u;
        u.where.begin = begin;
        const Token& name = expect(TokenKind::Ident, "IDENTIFIER");
        if (at(TokenKind::LParen)) {
            if (name.text == "bytes")
                u.conversion = UnwrapConversion::Bytes;
            else if (name.text == "duration")
                u.conversion = UnwrapConversion::Duration;
            else if (name.text == "duration_seconds")
                u.conversion = UnwrapConversion::DurationSeconds;
            else
                unexpected();
            next();
            u.label = expect(TokenKind::Ident, "IDENTIFIER").text;
            expect(TokenKind::RParen, ")");
        } else {
            u.label = name.text;
        }
        u.where.end = lastEnd();
        *unwrap = std::move(u);
        sawUnwrap = true;
    }
    s.where = { begin, lastEnd() };
    return s;
}

std::unique_ptr<LabelFilterExpr> Parser::parseLabelFilterOr()
{
    auto left = parseLabelFilterAnd();
    while (atIdent("or")) {
        next();
        auto right = parseLabelFilterAnd();
        auto e = std::make_unique<LabelFilterExpr>();
        e->kind = LabelFilterExpr::Kind::Or;
        e->where = { left->where.begin, right->where.end };
        e->left = std::move(left);
        e->right = std::move(right);
        left = std::move(e);
    }
    return left;
}

std::unique_ptr<LabelFilterExpr> Parser::parseLabelFilterAnd()
{
    auto parseOperand = [this]() {
        if (at(TokenKind::LParen)) {
            int begin = next().where.begin;
            auto inner = parseLabelFilterOr();
            expect(TokenKind::RParen, ")");
            inner->parenthesized = true;
            inner->where = { begin, lastEnd() };
            return inner;
        }
        return parseLabelFilterLeaf();
    };
    auto left = parseOperand();
    for (;;) {
        bool explicitAnd = atIdent("and") || at(TokenKind::Comma);
        bool implicitAnd = !explicitAnd
            && ((at(TokenKind::Ident) && isCompareToken(peek(1).kind))
                || (at(TokenKind::LParen) && peek(1).kind == TokenKind::Ident && isCompareToken(peek(2).kind)));
        if (!explicitAnd && !implicitAnd)
            return left;
        if (explicitAnd)
            next();
        auto right = parseOperand();
        auto e = std::make_unique<LabelFilterExpr>();
        e->kind = LabelFilterExpr::Kind::And;
        e->where = { left->where.begin, right->where.end };
        e->left = std::move(left);
        e->right = std::move(right);
        left = std::move(e);
    }
}

std::unique_ptr<LabelFilterExpr> Parser::parseLabelFilterLeaf()
{
    auto e = std::make_unique<LabelFilterExpr>();
    const Token& name = expect(TokenKind::Ident, "IDENTIFIER");
    e->name = name.text;
    if (!isCompareToken(peek().kind))
        unexpected("a comparison operator");
    const Token& opTok = next();
    auto type = matchTypeOf(opTok.kind);
    if (type && at(TokenKind::String)) {
        const Token& v = next();
        auto m = Matcher::make(*type, name.text, v.text);
        if (!m.ok())
            fail(v.where, m.error().message);
        e->kind = LabelFilterExpr::Kind::String;
        e->matcher = std::move(m.value());
        e->literal = v.text;
    } else if (atIdent("ip") && peek(1).kind == TokenKind::LParen) {
        if (opTok.kind != TokenKind::Eq && opTok.kind != TokenKind::Neq)
            fail(opTok.where, "syntax error: unexpected ip, only = and != are allowed with ip()");
        next();
        next();
        e->kind = LabelFilterExpr::Kind::Ip;
        e->op = compareOpOf(opTok.kind);
        const Token& ip = expect(TokenKind::String, "STRING");
        e->literal = ip.text;
        expect(TokenKind::RParen, ")");
        // An invalid pattern parses; the query fails when it runs.
        if (auto pattern = IpPattern::parse(e->literal))
            e->ip = std::make_shared<const IpPattern>(std::move(*pattern));
    } else {
        if (opTok.kind == TokenKind::Re || opTok.kind == TokenKind::Nre)
            unexpected("STRING");
        e->op = compareOpOf(opTok.kind);
        bool neg = accept(TokenKind::Sub);
        const Token& v = peek();
        std::string text = (neg ? "-" : "") + v.text;
        if (v.kind == TokenKind::Number) {
            e->kind = LabelFilterExpr::Kind::Number;
            parseNumber(v.text, e->number);
            if (neg)
                e->number = -e->number;
        } else if (v.kind == TokenKind::Duration) {
            e->kind = LabelFilterExpr::Kind::Duration;
            DurationMs ms = 0;
            if (parseGoDuration(text, e->number)) {
            } else if (parsePromDuration(v.text, ms)) {
                e->number = double(neg ? -ms : ms) / 1000.0;  // Loki also takes d, w and y here
            } else {
                fail(v.where, "time: unknown unit in duration \"" + text + "\"");
            }
        } else if (v.kind == TokenKind::Bytes) {
            e->kind = LabelFilterExpr::Kind::Bytes;
            parseBytes(v.text, e->number);
        } else {
            unexpected("STRING, NUMBER, DURATION or BYTES");
        }
        next();
        e->literal = text;
    }
    e->where = { name.where.begin, lastEnd() };
    return e;
}

void Parser::parseRangeSuffix(LogRange& r, bool& haveRange)
{
    if (at(TokenKind::LBracket)) {
        if (haveRange)
            unexpected();
        next();
        const Token& d = peek();
        if (d.kind != TokenKind::Duration || !parsePromDuration(d.text, r.range))
            unexpected("DURATION");
        next();
        r.rangeText = d.text;
        expect(TokenKind::RBracket, "]");
        haveRange = true;
    }
    if (haveRange && atIdent("offset")) {
        next();
        bool neg = accept(TokenKind::Sub);
        const Token& d = peek();
        if (d.kind != TokenKind::Duration || !parsePromDuration(d.text, r.offset))
            unexpected("DURATION");
        next();
        r.offsetText = (neg ? "-" : "") + d.text;
        if (neg)
            r.offset = -r.offset;
    }
}

std::unique_ptr<LogRange> Parser::parseLogRange()
{
    auto r = std::make_unique<LogRange>();
    int begin = peek().where.begin;
    bool haveRange = false;
    int depth = 0;
    while (at(TokenKind::LParen)) {
        next();
        ++depth;
    }
    r->selector = parseSelector();
    parseRangeSuffix(*r, haveRange);
    parsePipeline(r->selector, &r->unwrap);
    parseRangeSuffix(*r, haveRange);
    while (depth > 0) {
        expect(TokenKind::RParen, ")");
        --depth;
        const bool rangeInside = haveRange;
        parseRangeSuffix(*r, haveRange);
        // `(selector) [range] [offset d] | unwrap label`: an unwrap may follow a parenthesized bare selector.
        if (!rangeInside && haveRange && r->selector.stages.empty() && !r->unwrap && at(TokenKind::Pipe)
            && peek(1).kind == TokenKind::Ident && peek(1).text == "unwrap")
            parsePipeline(r->selector, &r->unwrap);
    }
    if (!haveRange)
        unexpected("[");
    r->where = { begin, lastEnd() };
    return r;
}

} // namespace sg::logql::detail
