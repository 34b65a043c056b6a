#include "lexer.h"

#include "core/common/utf8.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

namespace sg::promql {

namespace {

bool isIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':'; }
bool isIdentChar(char c) { return isIdentStart(c) || std::isdigit(static_cast<unsigned char>(c)); }
bool isAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

} // namespace

bool parseNumber(std::string_view text, double& out)
{
    if (text.empty())
        return false;
    std::string lower;
    for (char c : text)
        lower += char(std::tolower(static_cast<unsigned char>(c)));
    std::string_view s = lower;
    bool neg = false;
    if (s[0] == '+' || s[0] == '-') {
        neg = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s == "inf" || s == "infinity") {
        out = neg ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
        return true;
    }
    if (s == "nan") {
        out = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    if (s.size() > 2 && s[0] == '0' && s[1] == 'x') {
        double v = 0;
        for (char c : s.substr(2)) {
            int h = hexDigitValue(c);
            if (h < 0)
                return false;
            v = v * 16 + h;
        }
        out = neg ? -v : v;
        return true;
    }
    for (char c : s)
        if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == '+' || c == '-'))
            return false;
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ptr != s.data() + s.size())
        return false;
    if (ec == std::errc::result_out_of_range)
        v = std::strtod(std::string(s).c_str(), nullptr);
    else if (ec != std::errc())
        return false;
    out = neg ? -v : v;
    return true;
}

Result<DurationMs> parseDuration(std::string_view text, bool* outOfRange)
{
    if (outOfRange)
        *outOfRange = false;
    auto fail = [&] { return Error { ErrorCode::Parse, "not a valid duration string: \"" + std::string(text) + "\"", {} }; };
    if (text.empty())
        return fail();
    if (text == "0")
        return DurationMs(0);
    struct Unit
    {
        const char* name;
        DurationMs ms;
    };
    static const Unit units[] = { { "y", 365LL * 86400'000 }, { "w", 7LL * 86400'000 }, { "d", 86400'000 },
        { "h", 3600'000 }, { "m", 60'000 }, { "s", 1000 }, { "ms", 1 } };
    DurationMs total = 0;
    std::size_t pos = 0;
    int lastUnit = -1;
    while (pos < text.size()) {
        std::size_t start = pos;
        while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])))
            ++pos;
        if (pos == start)
            return fail();
        std::int64_t n = 0;
        bool tooLong = false; // reported once the unit is known to be one
        for (std::size_t i = start; i < pos; ++i)
            if (__builtin_mul_overflow(n, std::int64_t(10), &n) || __builtin_add_overflow(n, std::int64_t(text[i] - '0'), &n))
                tooLong = true;
        std::size_t ustart = pos;
        while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos])))
            ++pos;
        std::string_view unit = text.substr(ustart, pos - ustart);
        // "ms" must win over "m" followed by "s"
        int found = -1;
        for (int i = 0; i < 7; ++i)
            if (unit == units[i].name)
                found = i;
        if (found < 0 || found <= lastUnit)
            return fail();
        lastUnit = found;
        // past int64 nanoseconds, as Prometheus (found by fuzzing: `@ 333333310y` overflowed int64 milliseconds)
        DurationMs part = 0;
        if (tooLong || __builtin_mul_overflow(n, units[found].ms, &part) || __builtin_add_overflow(total, part, &total)
            || total > MaxDurationMs) {
            if (outOfRange)
                *outOfRange = true;
            return Error { ErrorCode::Parse, "duration out of range", {} };
        }
    }
    return total;
}

std::string formatDuration(DurationMs d)
{
    if (d == 0)
        return "0s";
    std::string out;
    if (d < 0) {
        out = "-";
        d = -d;
    }
    struct Unit
    {
        const char* name;
        DurationMs ms;
    };
    static const Unit units[] = { { "y", 365LL * 86400'000 }, { "w", 7LL * 86400'000 }, { "d", 86400'000 },
        { "h", 3600'000 }, { "m", 60'000 }, { "s", 1000 }, { "ms", 1 } };
    for (const auto& u : units) {
        if (d >= u.ms) {
            out += std::to_string(d / u.ms) + u.name;
            d %= u.ms;
        }
    }
    return out;
}

bool unquoteString(std::string_view body, char quote, std::string& out, std::string& error)
{
    out.clear();
    if (quote == '`') {
        out = body;
        return true;
    }
    for (std::size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        if (c != '\\') {
            out += c;
            continue;
        }
        if (++i >= body.size()) {
            error = "escape sequence not terminated";
            return false;
        }
        char e = body[i];
        switch (e) {
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case '\\': out += '\\'; break;
        case '"':
        case '\'':
            if (e != quote) {
                error = "unknown escape sequence";
                return false;
            }
            out += e;
            break;
        case 'x':
        case 'u':
        case 'U': {
            int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
            std::uint32_t v = 0;
            for (int k = 0; k < n; ++k) {
                if (++i >= body.size() || hexDigitValue(body[i]) < 0) {
                    error = "illegal character in escape sequence";
                    return false;
                }
                v = v * 16 + std::uint32_t(hexDigitValue(body[i]));
            }
            if (e == 'x')
                out += char(v);
            else if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) {
                error = "escape sequence is an invalid Unicode code point";
                return false;
            } else
                appendUtf8(out, v);
            break;
        }
        default:
            if (e >= '0' && e <= '7') {
                std::uint32_t v = 0;
                for (int k = 0; k < 3; ++k, ++i) {
                    if (i >= body.size() || body[i] < '0' || body[i] > '7') {
                        error = "illegal character in escape sequence";
                        return false;
                    }
                    v = v * 8 + std::uint32_t(body[i] - '0');
                }
                --i;
                if (v > 255) {
                    error = "escape sequence is an invalid Unicode code point";
                    return false;
                }
                out += char(v);
                break;
            }
            error = "unknown escape sequence";
            return false;
        }
    }
    return true;
}

Token Lexer::next()
{
    // skip whitespace and comments
    while (m_pos < m_in.size()) {
        char c = m_in[m_pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++m_pos;
        } else if (c == '#') {
            while (m_pos < m_in.size() && m_in[m_pos] != '\n')
                ++m_pos;
        } else {
            break;
        }
    }
    Token t;
    int start = int(m_pos);
    t.where = { start, start };
    if (m_pos >= m_in.size()) {
        t.kind = TokenKind::End;
        return t;
    }
    char c = m_in[m_pos];
    auto single = [&](TokenKind k, int len = 1) {
        t.kind = k;
        t.text = std::string(m_in.substr(m_pos, std::size_t(len)));
        m_pos += std::size_t(len);
        t.where.end = int(m_pos);
        return t;
    };
    char n = m_pos + 1 < m_in.size() ? m_in[m_pos + 1] : '\0';
    if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && std::isdigit(static_cast<unsigned char>(n))))
        return lexNumberOrDuration();
    if (c == ':' && m_bracketOpen)
        return single(TokenKind::Colon);
    if (isIdentStart(c)) {
        std::size_t e = m_pos;
        while (e < m_in.size() && isIdentChar(m_in[e]))
            ++e;
        t.kind = TokenKind::Identifier;
        t.text = std::string(m_in.substr(m_pos, e - m_pos));
        m_pos = e;
        t.where.end = int(e);
        return t;
    }
    if (c == '"' || c == '\'' || c == '`')
        return lexString(c);
    switch (c) {
    case '(': return single(TokenKind::LeftParen);
    case ')': return single(TokenKind::RightParen);
    case '{': return single(TokenKind::LeftBrace);
    case '}': return single(TokenKind::RightBrace);
    case '[':
        m_bracketOpen = true;
        return single(TokenKind::LeftBracket);
    case ']':
        m_bracketOpen = false;
        return single(TokenKind::RightBracket);
    case ',': return single(TokenKind::Comma);
    case ':': return single(TokenKind::Colon);
    case '+': return single(TokenKind::Add);
    case '-': return single(TokenKind::Sub);
    case '*': return single(TokenKind::Mul);
    case '/': return single(TokenKind::Div);
    case '%': return single(TokenKind::Mod);
    case '^': return single(TokenKind::Pow);
    case '@': return single(TokenKind::At);
    case '=':
        if (n == '=')
            return single(TokenKind::Eql, 2);
        if (n == '~')
            return single(TokenKind::EqlRegex, 2);
        return single(TokenKind::Assign);
    case '!':
        if (n == '=')
            return single(TokenKind::Neq, 2);
        if (n == '~')
            return single(TokenKind::NeqRegex, 2);
        t.kind = TokenKind::Error;
        t.text = "unexpected character after '!': '" + std::string(1, n) + "'";
        t.where.end = start + 2;
        m_pos = m_in.size();
        return t;
    case '<':
        if (n == '=')
            return single(TokenKind::Lte, 2);
        if (n == '/')
            return single(TokenKind::TrimUpper, 2);
        return single(TokenKind::Lss);
    case '>':
        if (n == '=')
            return single(TokenKind::Gte, 2);
        if (n == '/')
            return single(TokenKind::TrimLower, 2);
        return single(TokenKind::Gtr);
    default: break;
    }
    t.kind = TokenKind::Error;
    t.text = "unexpected character: '" + std::string(1, c) + "'";
    t.where.end = start + 1;
    m_pos = m_in.size();
    return t;
}

Token Lexer::lexNumberOrDuration()
{
    Token t;
    std::size_t s = m_pos;
    std::size_t e = m_pos;
    bool hex = m_in.size() > s + 1 && m_in[s] == '0' && (m_in[s + 1] == 'x' || m_in[s + 1] == 'X');
    while (e < m_in.size()) {
        char c = m_in[e];
        if (isAlnum(c) || c == '.') {
            ++e;
            continue;
        }
        // exponent sign: 1e+3, 2.5E-2
        if (!hex && (c == '+' || c == '-') && e > s && (m_in[e - 1] == 'e' || m_in[e - 1] == 'E')
            && e + 1 < m_in.size() && std::isdigit(static_cast<unsigned char>(m_in[e + 1]))) {
            bool digitsBefore = true;
            for (std::size_t i = s; i + 1 < e; ++i)
                if (!std::isdigit(static_cast<unsigned char>(m_in[i])) && m_in[i] != '.')
                    digitsBefore = false;
            if (digitsBefore) {
                ++e;
                continue;
            }
        }
        break;
    }
    std::string_view text = m_in.substr(s, e - s);
    t.text = std::string(text);
    t.where = { int(s), int(e) };
    m_pos = e;
    double v = 0;
    bool alpha = false;
    for (char c : text)
        if (std::isalpha(static_cast<unsigned char>(c)))
            alpha = true;
    bool numeric = !alpha || hex;
    if (!numeric) {
        // an exponent: digits [.digits] e digits
        std::size_t epos = text.find_first_of("eE");
        if (epos != std::string_view::npos && epos > 0 && text.find_first_of("eE", epos + 1) == std::string_view::npos) {
            bool ok = true;
            for (std::size_t i = 0; i < text.size(); ++i)
                if (i != epos && !(std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.' || text[i] == '+' || text[i] == '-'))
                    ok = false;
            numeric = ok;
        }
    }
    if (numeric && parseNumber(text, v)) {
        t.kind = TokenKind::Number;
        t.number = v;
        return t;
    }
    if (!numeric) {
        bool outOfRange = false;
        auto d = parseDuration(text, &outOfRange);
        if (d || outOfRange) {
            t.kind = TokenKind::Duration;
            t.duration = d ? *d : 0;
            t.durationOutOfRange = outOfRange;
            return t;
        }
    }
    t.kind = TokenKind::Error;
    t.text = "bad number or duration syntax: \"" + std::string(text) + "\"";
    m_pos = m_in.size();
    return t;
}

Token Lexer::lexString(char quote)
{
    Token t;
    std::size_t s = m_pos;
    std::size_t e = s + 1;
    while (e < m_in.size()) {
        char c = m_in[e];
        if (c == quote)
            break;
        if (quote != '`' && c == '\\' && e + 1 < m_in.size()) {
            e += 2;
            continue;
        }
        if (quote != '`' && c == '\n')
            break;
        ++e;
    }
    t.where = { int(s), int(e + 1) };
    if (e >= m_in.size() || m_in[e] != quote) {
        t.kind = TokenKind::Error;
        t.text = quote == '`' ? "unterminated raw string" : "unterminated quoted string";
        t.where.end = int(m_in.size());
        m_pos = m_in.size();
        return t;
    }
    std::string err;
    if (!unquoteString(m_in.substr(s + 1, e - s - 1), quote, t.text, err)) {
        t.kind = TokenKind::Error;
        t.text = err;
        m_pos = m_in.size();
        return t;
    }
    t.kind = TokenKind::String;
    m_pos = e + 1;
    return t;
}

std::string tokenDescription(const Token& t)
{
    switch (t.kind) {
    case TokenKind::End: return "end of input";
    case TokenKind::Error: return t.text;
    case TokenKind::Identifier: return "identifier \"" + t.text + "\"";
    case TokenKind::Number: return "number \"" + t.text + "\"";
    case TokenKind::Duration: return "duration \"" + t.text + "\"";
    case TokenKind::String: return "string";
    case TokenKind::LeftParen: return "\"(\"";
    case TokenKind::RightParen: return "right parenthesis \")\"";
    case TokenKind::LeftBrace: return "\"{\"";
    case TokenKind::RightBrace: return "\"}\"";
    case TokenKind::LeftBracket: return "\"[\"";
    case TokenKind::RightBracket: return "\"]\"";
    case TokenKind::Comma: return "\",\"";
    case TokenKind::Colon: return "\":\"";
    case TokenKind::Assign: return "\"=\"";
    default: return "<op:" + t.text + ">";
    }
}

} // namespace sg::promql
