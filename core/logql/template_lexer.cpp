// The lexer of Go's text/template (text/template/parse/lex.go): text and actions, trim markers, comments.
#include "template_impl.h"

#include "core/promql/lexer.h"

#include <cstdio>

namespace sg::logql::tmpl {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool isAlnum(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || static_cast<unsigned char>(c) >= 0x80;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

constexpr std::string_view Keywords[]
    = { "if", "else", "end", "range", "with", "define", "block", "template", "break", "continue" };

class Lexer
{
public:
    Lexer(std::string_view src, std::vector<Item>& items)
        : m_src(src)
        , m_items(items)
    {
    }

    bool run(std::string& err, std::size_t& errPos)
    {
        bool trimText = false;
        while (m_pos <= m_src.size()) {
            std::size_t open = m_src.find("{{", m_pos);
            std::string_view text
                = m_src.substr(m_pos, open == std::string_view::npos ? m_src.size() - m_pos : open - m_pos);
            if (trimText)
                while (!text.empty() && isSpace(text.front()))
                    text.remove_prefix(1);
            if (open == std::string_view::npos) {
                if (!text.empty())
                    push(Item::Kind::Text, m_src.size() - text.size(), std::string(text));
                break;
            }
            std::size_t p = open + 2;
            const bool trimLeft = p + 1 < m_src.size() && m_src[p] == '-' && isSpace(m_src[p + 1]);
            if (trimLeft) {
                while (!text.empty() && isSpace(text.back()))
                    text.remove_suffix(1);
                p += 2;
            }
            if (!text.empty())
                push(Item::Kind::Text, open - text.size(), std::string(text));
            std::size_t q = p;
            while (q < m_src.size() && isSpace(m_src[q]) && trimLeft)
                ++q;
            if (m_src.substr(q, 2) == "/*") {
                std::size_t end = m_src.find("*/", q + 2);
                if (end == std::string_view::npos)
                    return fail(err, errPos, open, "unclosed comment");
                std::size_t after = end + 2;
                trimText = false;
                if (m_src.substr(after, 4).size() == 4 && isSpace(m_src[after])
                    && m_src.substr(after + 1, 3) == "-}}") {
                    trimText = true;
                    after += 4;
                } else if (m_src.substr(after, 2) == "}}") {
                    after += 2;
                } else {
                    return fail(err, errPos, open, "comment ends before closing delimiter");
                }
                m_pos = after;
                continue;
            }
            push(Item::Kind::LeftDelim, open, "{{");
            m_pos = p;
            if (!lexAction(trimText, err, errPos))
                return false;
        }
        push(Item::Kind::Eof, m_src.size(), {});
        return true;
    }

private:
    bool fail(std::string& err, std::size_t& errPos, std::size_t pos, std::string message)
    {
        err = std::move(message);
        errPos = pos;
        return false;
    }

    void push(Item::Kind k, std::size_t pos, std::string text)
    {
        m_items.push_back(Item { k, pos, std::move(text), m_space });
        m_space = false;
    }

    bool lexAction(bool& trimText, std::string& err, std::size_t& errPos)
    {
        int parens = 0;
        const std::size_t start = m_pos;
        for (;;) {
            if (m_pos >= m_src.size())
                return fail(err, errPos, start, parens ? "unclosed left paren" : "unclosed action");
            char c = m_src[m_pos];
            if (isSpace(c)) {
                if (m_src.substr(m_pos + 1, 3) == "-}}") {
                    if (parens)
                        return fail(err, errPos, m_pos, "unclosed left paren");
                    push(Item::Kind::RightDelim, m_pos, "}}");
                    m_pos += 4;
                    trimText = true;
                    return true;
                }
                m_space = true;
                ++m_pos;
                continue;
            }
            if (m_src.substr(m_pos, 2) == "}}") {
                if (parens)
                    return fail(err, errPos, m_pos, "unclosed left paren");
                push(Item::Kind::RightDelim, m_pos, "}}");
                m_pos += 2;
                trimText = false;
                return true;
            }
            const std::size_t at = m_pos;
            if (c == '"' || c == '`' || c == '\'') {
                std::size_t j = at + 1;
                while (j < m_src.size() && m_src[j] != c) {
                    if (c != '`' && m_src[j] == '\\' && j + 1 < m_src.size())
                        ++j;
                    if (c != '`' && m_src[j] == '\n')
                        break;
                    ++j;
                }
                if (j >= m_src.size() || m_src[j] != c)
                    return fail(err, errPos, at,
                        c == '`'       ? "unterminated raw quoted string"
                            : c == '"' ? "unterminated quoted string"
                                       : "unterminated character constant");
                std::string_view lit = m_src.substr(at, j + 1 - at);
                push(c == '"'      ? Item::Kind::String
                        : c == '`' ? Item::Kind::RawString
                                   : Item::Kind::Char,
                    at, std::string(lit));
                m_pos = j + 1;
            } else if (c == ':' && m_src.substr(at, 2) == ":=") {
                push(Item::Kind::Declare, at, ":=");
                m_pos += 2;
            } else if (c == '=') {
                push(Item::Kind::Assign, at, "=");
                ++m_pos;
            } else if (c == '|') {
                push(Item::Kind::PipeBar, at, "|");
                ++m_pos;
            } else if (c == ',') {
                push(Item::Kind::Comma, at, ",");
                ++m_pos;
            } else if (c == '(') {
                ++parens;
                push(Item::Kind::LeftParen, at, "(");
                ++m_pos;
            } else if (c == ')') {
                if (--parens < 0)
                    return fail(err, errPos, at, "unexpected right paren U+0029 ')'");
                push(Item::Kind::RightParen, at, ")");
                ++m_pos;
            } else if (c == '$' || c == '.') {
                if (c == '.' && m_pos + 1 < m_src.size() && isDigit(m_src[m_pos + 1])) {
                    if (!lexNumber(err, errPos))
                        return false;
                    continue;
                }
                std::size_t j = at + 1;
                while (j < m_src.size() && isAlnum(m_src[j]))
                    ++j;
                if (c == '.' && j == at + 1)
                    push(Item::Kind::Dot, at, ".");
                else
                    push(
                        c == '$' ? Item::Kind::Variable : Item::Kind::Field, at, std::string(m_src.substr(at, j - at)));
                m_pos = j;
                if (!atTerminator())
                    return fail(err, errPos, at, "bad character " + charName(m_src[m_pos]));
            } else if (c == '+' || c == '-' || isDigit(c)) {
                if (!lexNumber(err, errPos))
                    return false;
            } else if (isAlnum(c)) {
                std::size_t j = at;
                while (j < m_src.size() && isAlnum(m_src[j]))
                    ++j;
                std::string word(m_src.substr(at, j - at));
                m_pos = j;
                if (!atTerminator())
                    return fail(err, errPos, at, "bad character " + charName(m_src[m_pos]));
                Item::Kind k = Item::Kind::Identifier;
                for (std::string_view kw : Keywords)
                    if (word == kw)
                        k = Item::Kind::Keyword;
                if (word == "true" || word == "false")
                    k = Item::Kind::Bool;
                else if (word == "nil")
                    k = Item::Kind::Nil;
                push(k, at, std::move(word));
            } else {
                return fail(err, errPos, at, "unrecognized character in action: " + charName(c));
            }
        }
    }

    static std::string charName(char c)
    {
        char buf[32];
        std::snprintf(buf, sizeof buf, "U+%04X '%c'", static_cast<unsigned char>(c), c);
        return buf;
    }

    bool atTerminator() const
    {
        if (m_pos >= m_src.size())
            return true;
        char c = m_src[m_pos];
        return isSpace(c) || c == '.' || c == ',' || c == '|' || c == ':' || c == ')' || c == '(' || c == '}'
            || c == '=';
    }

    bool lexNumber(std::string& err, std::size_t& errPos)
    {
        const std::size_t at = m_pos;
        std::size_t j = at;
        if (m_src[j] == '+' || m_src[j] == '-')
            ++j;
        std::string_view digits = "0123456789_";
        bool hex = false;
        if (j + 1 < m_src.size() && m_src[j] == '0' && (m_src[j + 1] | 0x20) == 'x') {
            digits = "0123456789abcdefABCDEF_";
            hex = true;
            j += 2;
        } else if (j + 1 < m_src.size() && m_src[j] == '0'
            && ((m_src[j + 1] | 0x20) == 'o' || (m_src[j + 1] | 0x20) == 'b')) {
            j += 2;
        }
        auto run = [&] {
            while (j < m_src.size() && digits.find(m_src[j]) != std::string_view::npos)
                ++j;
        };
        run();
        if (j < m_src.size() && m_src[j] == '.') {
            ++j;
            run();
        }
        const char e = hex ? 'p' : 'e';
        if (j < m_src.size() && (m_src[j] | 0x20) == e) {
            ++j;
            if (j < m_src.size() && (m_src[j] == '+' || m_src[j] == '-'))
                ++j;
            digits = "0123456789_";
            run();
        }
        if (j < m_src.size() && m_src[j] == 'i')
            ++j;
        m_pos = j;
        if (j < m_src.size() && isAlnum(m_src[j])) {
            while (m_pos < m_src.size() && isAlnum(m_src[m_pos]))
                ++m_pos;
            return fail(err, errPos, at, "bad number syntax: \"" + std::string(m_src.substr(at, m_pos - at)) + "\"");
        }
        push(Item::Kind::Number, at, std::string(m_src.substr(at, j - at)));
        return true;
    }

    std::string_view m_src;
    std::vector<Item>& m_items;
    std::size_t m_pos = 0;
    bool m_space = false;
};

} // namespace

bool lexTemplate(std::string_view src, std::vector<Item>& items, std::string& err, std::size_t& errPos)
{
    return Lexer(src, items).run(err, errPos);
}

bool unquote(std::string_view q, std::string& out)
{
    out.clear();
    if (q.size() < 2)
        return false;
    const char quote = q.front();
    std::string err;
    if (!promql::unquoteString(q.substr(1, q.size() - 2), quote, out, err))
        return false;
    if (quote == '`')
        std::erase(out, '\r');
    if (quote != '\'')
        return true;
    // A character constant holds exactly one rune.
    std::size_t n = 0;
    for (char ch : out)
        n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
    return n == 1;
}

std::size_t decodeRune(std::string_view s, std::size_t i, std::uint32_t& r)
{
    const auto c = static_cast<unsigned char>(s[i]);
    r = 0xFFFD;
    if (c < 0x80) {
        r = c;
        return 1;
    }
    const std::size_t n = c >= 0xF5 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (n == 0 || n > 4 || i + n > s.size())
        return 1;
    std::uint32_t v = c & (0xFF >> (n + 1));
    for (std::size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80)
            return 1;
        v = (v << 6) | (b & 0x3F);
    }
    if ((n == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)))
        return 1;
    r = v;
    return n;
}

std::vector<std::size_t> runeOffsets(std::string_view s)
{
    std::vector<std::size_t> out;
    std::uint32_t r;
    for (std::size_t i = 0; i < s.size(); i += decodeRune(s, i, r))
        out.push_back(i);
    out.push_back(s.size());
    return out;
}

int lineOf(std::string_view src, std::size_t pos)
{
    int line = 1;
    for (std::size_t i = 0; i < pos && i < src.size(); ++i)
        line += src[i] == '\n';
    return line;
}

int columnOf(std::string_view src, std::size_t pos)
{
    std::size_t nl = src.substr(0, pos).rfind('\n');
    return int(nl == std::string_view::npos ? pos : pos - nl - 1);
}

} // namespace sg::logql::tmpl
