#pragma once

#include "core/common/duration_limits.h"
#include "core/common/result.h"
#include "core/common/time.h"

#include <string>
#include <string_view>
#include <vector>

namespace sg::logql {

/// Token kinds of LogQL. Keywords are lexed as identifiers; the parser decides by context.
enum class TokenKind {
    End, Ident, String, Number, Duration, Bytes,
    LBrace, RBrace, LParen, RParen, LBracket, RBracket, Comma, Dot,
    Eq, Neq, Re, Nre, EqEq, Gt, Gte, Lt, Lte,
    Pipe, PipeExact, PipeMatch, PipePattern, NotPattern,
    Add, Sub, Mul, Div, Mod, Pow,
};

/// One token with its text (strings unquoted and unescaped) and byte range in the query.
struct Token
{
    TokenKind kind = TokenKind::End;
    std::string text;
    SourceRange where;
};

/// Splits a query into tokens; `#` comments run to the end of the line.
Result<std::vector<Token>> lex(std::string_view query);

/// A readable name for a token, as parse errors print it ("IDENTIFIER", "STRING", "|=").
std::string tokenDescription(const Token& t);

/// "parse error at line L, col C: message" for a byte offset in `query`.
Error makeParseError(std::string_view query, SourceRange where, const std::string& message);

/// Parses a Prometheus-style duration (`5m`, `1h30m`, `2d`, `1w`, `1y`, `250ms`) into milliseconds. A duration past
/// MaxDurationMs fails, and sets `*outOfRange` when given.
bool parsePromDuration(std::string_view text, DurationMs& out, bool* outOfRange = nullptr);
/// Parses a Go time.ParseDuration string (`1.5s`, `250ms`, `-3h`, units ns us µs ms s m h) into seconds. A duration
/// past MaxDurationMs fails, and sets `*outOfRange` when given.
bool parseGoDuration(std::string_view text, double& seconds, bool* outOfRange = nullptr);
/// Parses a humanized byte size (`20MB`, `1KiB`, `5b`) into bytes.
bool parseBytes(std::string_view text, double& bytes);
/// Parses a byte size held in a label value: units case-insensitive, as go-humanize's ParseBytes (`3mb`,
/// `1.5 KiB`). On failure `details` holds the Go error message.
bool parseBytesValue(std::string_view text, double& bytes, std::string& details);
/// Go's time.ParseDuration error message for a value that does not parse.
std::string goDurationError(const std::string& text);
/// Parses a float literal as Go's ParseFloat does (decimal, exponent, hex floats with `p`, Inf/NaN not included).
bool parseNumber(std::string_view text, double& out);

} // namespace sg::logql
