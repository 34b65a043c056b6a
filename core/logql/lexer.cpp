#include "lexer.h"

#include "core/common/utf8.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace sg::logql {

namespace {

bool isIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool isIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

/// Unescapes a Go double-quoted string body; returns the offset of a bad escape or -1.
int unescape(std::string_view body, std::string& out)
{
    for (std::size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        if (c != '\\') {
            out += c;
            continue;
        }
        if (i + 1 >= body.size())
            return int(i);
        char e = body[++i];
        switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'v': out += '\v'; break;
        case '\\': out += '\\'; break;
        case '"': out += '"'; break;
        case '\'': out += '\''; break;
        case 'x':
        case 'u':
        case 'U': {
            int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
            unsigned v = 0;
            for (int k = 1; k <= n; ++k) {
                if (i + k >= body.size() || hexDigitValue(body[i + k]) < 0)
                    return int(i - 1);
                v = v * 16 + unsigned(hexDigitValue(body[i + k]));
            }
            i += n;
            if (e == 'x')
                out += char(v);
            else
                appendUtf8(out, v);
            break;
        }
        default:
            if (e >= '0' && e <= '7') {
                unsigned v = 0;
                for (int k = 0; k < 3; ++k) {
                    if (i + k >= body.size() || body[i + k] < '0' || body[i + k] > '7')
                        return int(i - 1);
                    v = v * 8 + unsigned(body[i + k] - '0');
                }
                i += 2;
                out += char(v);
                break;
            }
            return int(i - 1);
        }
    }
    return -1;
}

} // namespace

Error makeParseError(std::string_view query, SourceRange where, const std::string& message)
{
    int line = 1;
    int col = 1;
    for (int i = 0; i < where.begin && i < int(query.size()); ++i) {
        if (query[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return parseError("parse error at line " + std::to_string(line) + ", col " + std::to_string(col) + ": " + message,
        where.begin, where.end);
}

bool parseNumber(std::string_view text, double& out)
{
    if (text.empty())
        return false;
    std::string s(text);
    bool hex = s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    if (hex && s.find_first_of("pP") == std::string::npos)
        return false;  // Go's ParseFloat rejects hex mantissas without an exponent
    for (char c : s)
        if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-' || c == 'x' || c == 'X'
                || c == 'p' || c == 'P' || c == 'e' || c == 'E' || c == '_'))
            return false;
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    // Past the largest double Go's ParseFloat fails with ErrRange, and Loki's parser with it: no literal is infinite.
    return end == s.c_str() + s.size() && !std::isinf(out);
}

bool parsePromDuration(std::string_view text, DurationMs& out, bool* outOfRange)
{
    if (outOfRange)
        *outOfRange = false;
    static const struct { const char* unit; DurationMs ms; } units[] = {
        { "y", 365LL * 24 * 3600'000 }, { "w", 7LL * 24 * 3600'000 }, { "d", 24LL * 3600'000 }, { "h", 3600'000 },
        { "m", 60'000 }, { "s", 1000 }, { "ms", 1 },
    };
    if (text.empty())
        return false;
    std::size_t i = 0;
    DurationMs total = 0;
    int lastUnit = -1;
    while (i < text.size()) {
        std::size_t start = i;
        while (i < text.size() && isDigit(text[i]))
            ++i;
        if (i == start)
            return false;
        long long n = 0;
        bool tooLong = false;
        for (std::size_t k = start; k < i; ++k)
            if (__builtin_mul_overflow(n, 10LL, &n) || __builtin_add_overflow(n, (long long)(text[k] - '0'), &n))
                tooLong = true; // past the range of a duration, reported once the unit is known to be one

        std::size_t ustart = i;
        while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])))
            ++i;
        std::string_view unit = text.substr(ustart, i - ustart);
        // "ms" must win over "m" followed by "s".
        int found = -1;
        for (int u = 0; u < 7; ++u)
            if (unit == units[u].unit)
                found = u;
        if (found < 0) {
            if (unit.size() == 2 && unit[0] == 'm' && unit[1] == 's')
                found = 6;
            else
                return false;
        }
        if (found <= lastUnit)
            return false;
        lastUnit = found;
        // found by fuzzing: `[5000000000000000000000000000000d]` overflowed here
        long long part = 0;
        if (tooLong || __builtin_mul_overflow(n, (long long)units[found].ms, &part)
            || __builtin_add_overflow(total, part, &total) || total > MaxDurationMs) {
            if (outOfRange)
                *outOfRange = true;
            return false;
        }
    }
    out = total;
    return true;
}

bool parseGoDuration(std::string_view text, double& seconds, bool* outOfRange)
{
    if (outOfRange)
        *outOfRange = false;
    std::size_t i = 0;
    bool neg = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+'))
        neg = text[i++] == '-';
    if (i >= text.size())
        return false;
    if (text.substr(i) == "0") {
        seconds = 0;
        return true;
    }
    double total = 0;
    while (i < text.size()) {
        std::size_t start = i;
        while (i < text.size() && (isDigit(text[i]) || text[i] == '.'))
            ++i;
        if (i == start)
            return false;
        double n = std::atof(std::string(text.substr(start, i - start)).c_str());
        std::size_t ustart = i;
        while (i < text.size() && !isDigit(text[i]) && text[i] != '.')
            ++i;
        std::string_view unit = text.substr(ustart, i - ustart);
        double scale = 0;
        if (unit == "ns")
            scale = 1e-9;
        else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs")
            scale = 1e-6;
        else if (unit == "ms")
            scale = 1e-3;
        else if (unit == "s")
            scale = 1;
        else if (unit == "m")
            scale = 60;
        else if (unit == "h")
            scale = 3600;
        else
            return false;
        total += n * scale;
    }
    // Go's time.Duration holds int64 nanoseconds: past that, time.ParseDuration fails
    if (total > double(MaxDurationMs) / 1000.0) {
        if (outOfRange)
            *outOfRange = true;
        return false;
    }
    seconds = neg ? -total : total;
    return true;
}

bool parseBytes(std::string_view text, double& bytes)
{
    std::size_t i = 0;
    while (i < text.size() && (isDigit(text[i]) || text[i] == '.'))
        ++i;
    if (i == 0)
        return false;
    double n = std::atof(std::string(text.substr(0, i)).c_str());
    std::string_view unit = text.substr(i);
    // The units LogQL's lexer knows (case matters: `1mb` is not a byte size).
    static const struct { const char* unit; double scale; } units[] = {
        { "", 1 }, { "b", 1 }, { "B", 1 }, { "kB", 1e3 }, { "KB", 1e3 }, { "MB", 1e6 }, { "GB", 1e9 }, { "TB", 1e12 },
        { "PB", 1e15 }, { "EB", 1e18 }, { "KiB", 1024.0 }, { "MiB", 1048576.0 }, { "GiB", 1073741824.0 },
        { "TiB", 1099511627776.0 }, { "PiB", 1125899906842624.0 }, { "EiB", 1152921504606846976.0 },
        { "Ki", 1024.0 }, { "Mi", 1048576.0 }, { "Gi", 1073741824.0 }, { "Ti", 1099511627776.0 },
    };
    for (const auto& u : units)
        if (unit == u.unit) {
            bytes = n * u.scale;
            return true;
        }
    return false;
}

/// Parses a byte size as a label value: case-insensitive units, as go-humanize's ParseBytes. On failure
/// `details` holds Go's message.
bool parseBytesValue(std::string_view text, double& out, std::string& details)
{
    std::size_t i = 0;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.' || text[i] == ','))
        ++i;
    std::string num;
    for (char c : text.substr(0, i))
        if (c != ',')
            num += c;
    char* end = nullptr;
    const double n = std::strtod(num.c_str(), &end);
    if (num.empty() || end != num.c_str() + num.size()) {
        details = "strconv.ParseFloat: parsing \"" + num + "\": invalid syntax";
        return false;
    }
    std::string unit;
    for (char c : text.substr(i))
        if (c != ' ')
            unit += char(std::tolower(static_cast<unsigned char>(c)));
    static const struct { const char* unit; double scale; } units[] = {
        { "", 1 }, { "b", 1 }, { "k", 1e3 }, { "kb", 1e3 }, { "m", 1e6 }, { "mb", 1e6 }, { "g", 1e9 }, { "gb", 1e9 },
        { "t", 1e12 }, { "tb", 1e12 }, { "p", 1e15 }, { "pb", 1e15 }, { "e", 1e18 }, { "eb", 1e18 },
        { "ki", 1024.0 }, { "kib", 1024.0 }, { "mi", 1048576.0 }, { "mib", 1048576.0 }, { "gi", 1073741824.0 },
        { "gib", 1073741824.0 }, { "ti", 1099511627776.0 }, { "tib", 1099511627776.0 },
        { "pi", 1125899906842624.0 }, { "pib", 1125899906842624.0 }, { "ei", 1152921504606846976.0 },
        { "eib", 1152921504606846976.0 },
    };
    for (const auto& u : units)
        if (unit == u.unit) {
            out = n * u.scale;
            return true;
        }
    details = "unhandled size name: " + unit;
    return false;
}

/// Go's time.ParseDuration error for a value that did not parse.
std::string goDurationError(const std::string& text)
{
    if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '.'
            || ((text[0] == '+' || text[0] == '-') && text.size() > 1)))
        return "time: invalid duration \"" + text + "\"";
    if (text.find_first_not_of("0123456789.+-") == std::string::npos)
        return "time: missing unit in duration \"" + text + "\"";
    return "time: unknown unit in duration \"" + text + "\"";
}

Result<std::vector<Token>> lex(std::string_view q)
{
    std::vector<Token> out;
    std::size_t i = 0;
    auto push = [&](TokenKind k, std::size_t begin, std::size_t end, std::string text) {
        out.push_back(Token { k, std::move(text), SourceRange { int(begin), int(end) } });
    };
    while (i < q.size()) {
        char c = q[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
            continue;
        }
        if (c == '#') {
            while (i < q.size() && q[i] != '\n')
                ++i;
            continue;
        }
        std::size_t b = i;
        if (c == '"') {
            ++i;
            while (i < q.size() && q[i] != '"') {
                if (q[i] == '\\')
                    ++i;
                ++i;
            }
            if (i >= q.size())
                return makeParseError(q, { int(b), int(q.size()) }, "literal not terminated");
            std::string text;
            int bad = unescape(q.substr(b + 1, i - b - 1), text);
            if (bad >= 0)
                return makeParseError(q, { int(b + 1 + bad), int(i) }, "invalid syntax in string literal");
            ++i;
            push(TokenKind::String, b, i, std::move(text));
            continue;
        }
        if (c == '`') {
            std::size_t e = q.find('`', i + 1);
            if (e == std::string_view::npos)
                return makeParseError(q, { int(b), int(q.size()) }, "literal not terminated");
            i = e + 1;
            push(TokenKind::String, b, i, std::string(q.substr(b + 1, e - b - 1)));
            continue;
        }
        if (isDigit(c) || (c == '.' && i + 1 < q.size() && isDigit(q[i + 1]))) {
            ++i;
            while (i < q.size()) {
                char d = q[i];
                if (isIdentChar(d) || d == '.') {
                    ++i;
                } else if (static_cast<unsigned char>(d) >= 0x80) {
                    ++i;  // µ and other UTF-8 unit letters
                } else if ((d == '+' || d == '-') && (q[i - 1] == 'e' || q[i - 1] == 'E' || q[i - 1] == 'p'
                               || q[i - 1] == 'P') && i + 1 < q.size() && isDigit(q[i + 1])) {
                    std::string_view sofar = q.substr(b, i - b);
                    bool hex = sofar.size() > 2 && sofar[1] == 'x';
                    bool decimal = sofar.find_first_not_of("0123456789.eE") == std::string_view::npos;
                    if (!(hex || decimal))
                        break;
                    ++i;
                } else {
                    break;
                }
            }
            std::string text(q.substr(b, i - b));
            double num = 0;
            DurationMs ms = 0;
            double secs = 0;
            bool promOutOfRange = false, goOutOfRange = false;
            if (parseNumber(text, num))
                push(TokenKind::Number, b, i, text);
            else if (parsePromDuration(text, ms, &promOutOfRange) || parseGoDuration(text, secs, &goOutOfRange))
                push(TokenKind::Duration, b, i, text);
            else if (promOutOfRange || goOutOfRange)
                return makeParseError(q, { int(b), int(i) }, "duration out of range \"" + text + "\" (at most 292 years)");
            else if (parseBytes(text, num))
                push(TokenKind::Bytes, b, i, text);
            else
                return makeParseError(q, { int(b), int(i) }, "syntax error: unable to parse literal as a float \"" + text + "\"");
            continue;
        }
        if (isIdentStart(c)) {
            while (i < q.size() && isIdentChar(q[i]))
                ++i;
            push(TokenKind::Ident, b, i, std::string(q.substr(b, i - b)));
            continue;
        }
        if (c == '-' && i + 2 < q.size() && q[i + 1] == '-' && isIdentStart(q[i + 2])) {
            i += 2;
            while (i < q.size() && (isIdentChar(q[i]) || q[i] == '-'))
                ++i;
            push(TokenKind::Ident, b, i, std::string(q.substr(b, i - b)));
            continue;
        }
        char n = i + 1 < q.size() ? q[i + 1] : '\0';
        auto two = [&](TokenKind k) {
            i += 2;
            push(k, b, i, std::string(q.substr(b, 2)));
        };
        auto one = [&](TokenKind k) {
            i += 1;
            push(k, b, i, std::string(q.substr(b, 1)));
        };
        switch (c) {
        case '{': one(TokenKind::LBrace); break;
        case '}': one(TokenKind::RBrace); break;
        case '(': one(TokenKind::LParen); break;
        case ')': one(TokenKind::RParen); break;
        case '[': one(TokenKind::LBracket); break;
        case ']': one(TokenKind::RBracket); break;
        case ',': one(TokenKind::Comma); break;
        case '.': one(TokenKind::Dot); break;
        case '+': one(TokenKind::Add); break;
        case '-': one(TokenKind::Sub); break;
        case '*': one(TokenKind::Mul); break;
        case '/': one(TokenKind::Div); break;
        case '%': one(TokenKind::Mod); break;
        case '^': one(TokenKind::Pow); break;
        case '|':
            if (n == '=') two(TokenKind::PipeExact);
            else if (n == '~') two(TokenKind::PipeMatch);
            else if (n == '>') two(TokenKind::PipePattern);
            else one(TokenKind::Pipe);
            break;
        case '!':
            if (n == '=') two(TokenKind::Neq);
            else if (n == '~') two(TokenKind::Nre);
            else if (n == '>') two(TokenKind::NotPattern);
            else return makeParseError(q, { int(b), int(b + 1) }, "syntax error: unexpected character '!'");
            break;
        case '=':
            if (n == '~') two(TokenKind::Re);
            else if (n == '=') two(TokenKind::EqEq);
            else one(TokenKind::Eq);
            break;
        case '>':
            if (n == '=') two(TokenKind::Gte);
            else one(TokenKind::Gt);
            break;
        case '<':
            if (n == '=') two(TokenKind::Lte);
            else one(TokenKind::Lt);
            break;
        default:
            return makeParseError(q, { int(b), int(b + 1) },
                std::string("syntax error: unexpected character '") + c + "'");
        }
    }
    out.push_back(Token { TokenKind::End, {}, SourceRange { int(q.size()), int(q.size()) } });
    return out;
}

std::string tokenDescription(const Token& t)
{
    switch (t.kind) {
    case TokenKind::End: return "end of input";
    case TokenKind::Ident:
        for (const char* k : { "bool", "by", "without", "on", "ignoring", "group_left", "group_right", "offset",
                 "and", "or", "unless" })
            if (t.text == k)
                return t.text;
        return "IDENTIFIER";
    case TokenKind::String: return "STRING";
    case TokenKind::Number: return "NUMBER";
    case TokenKind::Duration: return "DURATION";
    case TokenKind::Bytes: return "BYTES";
    default: return t.text;
    }
}

} // namespace sg::logql
