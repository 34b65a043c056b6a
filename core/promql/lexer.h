#pragma once

#include "core/common/duration_limits.h"
#include "core/common/result.h"
#include "core/common/time.h"

#include <string>
#include <string_view>

namespace sg::promql {

/// Token kinds of the PromQL lexer. Keywords are lexed as Identifier and told apart by the parser,
/// because label names may be spelled like keywords (`{by="x"}`).
enum class TokenKind {
    End,
    Error,
    Identifier,   ///< `foo`, `foo:bar`, `sum`, `by`, `and` ...
    Number,       ///< `1`, `1.5e3`, `0x1f`, `Inf`, `NaN`
    Duration,     ///< `5m`, `1h30m`, `500ms`
    String,       ///< quoted text; `text` holds the unescaped value
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    Colon,
    Assign,       ///< `=`
    EqlRegex,     ///< `=~`
    NeqRegex,     ///< `!~`
    Neq,          ///< `!=`
    Eql,          ///< `==`
    Lss,
    TrimUpper, ///< `</`
    TrimLower, ///< `>/`
    Lte,
    Gtr,
    Gte,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    At,
};

/// One lexed token with its byte range in the query.
struct Token
{
    TokenKind kind = TokenKind::End;
    std::string text; ///< raw text; unescaped value for strings; the message for Error tokens
    SourceRange where;
    double number = 0;        ///< for Number
    DurationMs duration = 0;  ///< for Duration
    /// for Duration: past Prometheus' bound (int64 nanoseconds, about 292 years); the parser reports "duration out of
    /// range" where it takes the duration, and "unexpected duration" where none belongs, as Prometheus does
    bool durationOutOfRange = false;
};

/// Splits a PromQL query into tokens on demand; skips whitespace and `#` comments.
class Lexer
{
public:
    explicit Lexer(std::string_view input)
        : m_in(input)
    {
    }
    /// The next token; Error tokens carry a Prometheus-like message.
    Token next();
    std::string_view input() const { return m_in; }

private:
    Token lexNumberOrDuration();
    Token lexString(char quote);
    std::string_view m_in;
    std::size_t m_pos = 0;
    bool m_bracketOpen = false; ///< inside `[...]` a colon separates range and step
};

/// Parses a Prometheus duration (`1h30m`, `500ms`, `1d`, `1w`, `1y`) into milliseconds. A well-formed duration past
/// MaxDurationMs fails with "duration out of range" and sets `*outOfRange` when given.
Result<DurationMs> parseDuration(std::string_view text, bool* outOfRange = nullptr);
/// Formats milliseconds as a Prometheus duration (`1h30m`, `5m`, `1w`).
std::string formatDuration(DurationMs d);
/// Parses a PromQL number literal (decimal, hex, exponent, Inf, NaN); false when not a number.
bool parseNumber(std::string_view text, double& out);
/// Unescapes a Go-style quoted string body (quote is `"`, `'` or a backquote); false with a message on bad escapes.
bool unquoteString(std::string_view body, char quote, std::string& out, std::string& error);
/// Short readable name of a token kind, as in Prometheus messages (`<op:+>`, `identifier`).
std::string tokenDescription(const Token& t);

} // namespace sg::promql
