#include "scan.h"

#include "core/common/query_text.h"
#include "core/common/utf8.h"
#include "core/logql/lexer.h"
#include "core/promql/lexer.h"

#include <algorithm>

namespace sg::langsvc {

namespace {

/// A token of the placeholder text, before it is mapped back.
struct Raw
{
    ScanKind kind;
    SourceRange where;
    bool unterminated = false;
};

ScanKind kindOf(promql::TokenKind k)
{
    using K = promql::TokenKind;
    switch (k) {
    case K::Identifier: return ScanKind::Identifier;
    case K::Number: return ScanKind::Number;
    case K::Duration: return ScanKind::Duration;
    case K::String: return ScanKind::String;
    case K::Error: return ScanKind::Error;
    default: return ScanKind::Symbol;
    }
}

ScanKind kindOf(logql::TokenKind k)
{
    using K = logql::TokenKind;
    switch (k) {
    case K::Ident: return ScanKind::Identifier;
    case K::Number: return ScanKind::Number;
    case K::Duration:
    case K::Bytes: return ScanKind::Duration;
    case K::String: return ScanKind::String;
    default: return ScanKind::Symbol;
    }
}

bool isQuote(char c) { return c == '"' || c == '\'' || c == '`'; }

/// Where a lexer stopped at `at`: an unterminated string runs to the end; anything else is one bad character.
/// Returns the offset to go on from.
std::size_t recover(std::string_view text, std::size_t at, std::vector<Raw>& out)
{
    if (at >= text.size())
        return text.size();
    if (isQuote(text[at])) {
        // A complete string the lexer refused (a bad escape) keeps its quotes; otherwise it runs to the end.
        std::size_t close = at + 1;
        while (close < text.size() && text[close] != text[at]) {
            if (text[close] == '\\' && text[at] != '`')
                ++close;
            ++close;
        }
        if (close < text.size()) {
            out.push_back({ ScanKind::String, { int(at), int(close + 1) } });
            return close + 1;
        }
        out.push_back({ ScanKind::String, { int(at), int(text.size()) }, true });
        return text.size();
    }
    const std::size_t length = std::max<std::size_t>(1, utf8SequenceLength(text, at));
    out.push_back({ ScanKind::Error, { int(at), int(std::min(text.size(), at + length)) } });
    return at + length;
}

void lexPromQL(std::string_view text, std::vector<Raw>& out)
{
    std::size_t pos = 0;
    while (pos < text.size()) {
        promql::Lexer lexer(text.substr(pos));
        bool stopped = false;
        for (;;) {
            promql::Token t = lexer.next();
            if (t.kind == promql::TokenKind::End)
                break;
            if (t.kind == promql::TokenKind::Error) {
                // The lexer's error range starts at the character it could not read, or at the quote of an
                // unterminated string.
                std::size_t at = pos + std::size_t(t.where.begin);
                const auto quote = text.find_first_of("\"'`", at);
                if (quote != std::string_view::npos && quote < pos + std::size_t(t.where.end) && !isQuote(text[at]))
                    at = quote;
                pos = recover(text, at, out);
                stopped = true;
                break;
            }
            out.push_back({ kindOf(t.kind), { int(pos) + t.where.begin, int(pos) + t.where.end } });
        }
        if (!stopped)
            break;
    }
}

void lexLogQL(std::string_view text, std::vector<Raw>& out)
{
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::string_view rest = text.substr(pos);
        auto tokens = logql::lex(rest);
        if (tokens.ok()) {
            for (const auto& t : *tokens)
                if (t.kind != logql::TokenKind::End)
                    out.push_back({ kindOf(t.kind), { int(pos) + t.where.begin, int(pos) + t.where.end } });
            break;
        }
        std::size_t at = std::size_t(std::clamp(tokens.error().where.begin, 0, int(rest.size())));
        auto before = logql::lex(rest.substr(0, at));
        if (before.ok())
            for (const auto& t : *before)
                if (t.kind != logql::TokenKind::End)
                    out.push_back({ kindOf(t.kind), { int(pos) + t.where.begin, int(pos) + t.where.end } });
        // A bad escape reports the escape's range, inside its string: go back to the quote.
        if (!isQuote(rest[std::min(at, rest.size() - 1)])) {
            const auto quote = rest.substr(0, at).find_last_of("\"'`");
            if (quote != std::string_view::npos
                && (out.empty() || out.back().where.end <= int(pos + quote)))
                at = quote;
        }
        pos = recover(text, pos + at, out);
    }
}

} // namespace

std::string_view stringBody(const ScanToken& token)
{
    std::string_view s = token.text;
    if (!s.empty())
        s.remove_prefix(1);
    if (!token.unterminated && !s.empty())
        s.remove_suffix(1);
    return s;
}

std::vector<ScanToken> scanQuery(Language language, std::string_view text)
{
    const TemplatedQuery query(text);
    std::vector<Raw> raw;
    if (language == Language::PromQL)
        lexPromQL(query.text(), raw);
    else
        lexLogQL(query.text(), raw);

    std::vector<ScanToken> out;
    out.reserve(raw.size() + 4);
    const auto& variables = query.variables();
    const auto inPlaceholder = [&](int offset) {
        return std::any_of(variables.begin(), variables.end(), [&](const TemplatedQuery::Variable& v) {
            return v.placeholder.begin <= offset && offset < v.placeholder.end;
        });
    };
    for (const Raw& r : raw) {
        // Mapped by its first and last byte: its end may touch a placeholder that follows it. A token with a
        // placeholder in it (`${metric}_total`, `[$__interval]`'s duration) is a variable as a whole.
        bool onVariable = false;
        for (int b = r.where.begin; b < r.where.end && !onVariable && r.kind != ScanKind::String; ++b)
            onVariable = inPlaceholder(b);
        const int last = r.where.end - 1;
        const SourceRange where { query.toOriginal(r.where.begin),
            inPlaceholder(last) ? query.toOriginal(last, true) : query.toOriginal(last) + 1 };
        if (!out.empty() && where.begin < out.back().where.end)
            continue; // a second token of the same placeholder
        ScanToken t { onVariable ? ScanKind::Variable : r.kind, where,
            std::string(text.substr(std::size_t(where.begin), std::size_t(where.end - where.begin))), r.unterminated };
        out.push_back(std::move(t));
    }
    for (const QueryComment& c : findQueryComments(text))
        out.push_back({ ScanKind::Comment, c.where,
            std::string(text.substr(std::size_t(c.where.begin), std::size_t(c.where.end - c.where.begin))) });
    std::stable_sort(out.begin(), out.end(),
        [](const ScanToken& a, const ScanToken& b) { return a.where.begin < b.where.begin; });
    // Tokens never overlap: a comment found inside what a lexer read on after an error (or a string read from a
    // quote the lexer had already passed) gives way to what comes first. Found by fuzzing.
    std::vector<ScanToken> kept;
    kept.reserve(out.size());
    for (ScanToken& t : out)
        if (t.where.end > t.where.begin && (kept.empty() || t.where.begin >= kept.back().where.end))
            kept.push_back(std::move(t));
    return kept;
}

} // namespace sg::langsvc
