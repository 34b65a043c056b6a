#include "json_cursor.h"

#include "core/common/utf8.h"

#include <charconv>
#include <cstdlib>

namespace sg::remote {

namespace {
constexpr int MaxDepth = 256;

} // namespace

void JsonCursor::fail(const char* what) const
{
    throw JsonError(std::string("malformed JSON: ") + what + " at offset " + std::to_string(m_i));
}

void JsonCursor::skipWs()
{
    while (m_i < m_s.size() && (m_s[m_i] == ' ' || m_s[m_i] == '\t' || m_s[m_i] == '\n' || m_s[m_i] == '\r'))
        ++m_i;
}

char JsonCursor::peek()
{
    skipWs();
    return m_i < m_s.size() ? m_s[m_i] : '\0';
}

bool JsonCursor::atEnd()
{
    skipWs();
    return m_i >= m_s.size();
}

void JsonCursor::expect(char c)
{
    if (peek() != c) {
        const char msg[] = { 'e', 'x', 'p', 'e', 'c', 't', 'e', 'd', ' ', c, '\0' };
        fail(msg);
    }
    ++m_i;
}

void JsonCursor::open(char c)
{
    expect(c);
    if (++m_depth > MaxDepth)
        fail("nested too deeply");
    m_first = true;
}

void JsonCursor::beginObject() { open('{'); }

bool JsonCursor::nextMember(char close)
{
    if (peek() == close) {
        ++m_i;
        --m_depth;
        m_first = false;
        return false;
    }
    if (!m_first)
        expect(',');
    m_first = false;
    return true;
}

bool JsonCursor::nextKey(std::string& key)
{
    if (!nextMember('}'))
        return false;
    readString(key);
    expect(':');
    return true;
}

void JsonCursor::beginArray() { open('['); }

bool JsonCursor::nextElement() { return nextMember(']'); }

std::string JsonCursor::readString()
{
    std::string s;
    readString(s);
    return s;
}

void JsonCursor::readString(std::string& out)
{
    expect('"');
    out.clear();
    while (true) {
        // copy the run up to the next quote or escape in one go
        std::size_t j = m_i;
        while (j < m_s.size() && m_s[j] != '"' && m_s[j] != '\\')
            ++j;
        out.append(m_s.data() + m_i, j - m_i);
        m_i = j;
        if (m_i >= m_s.size())
            fail("unterminated string");
        if (m_s[m_i++] == '"')
            return;
        if (m_i >= m_s.size())
            fail("bad escape");
        const char e = m_s[m_i++];
        switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
            auto hex4 = [&]() {
                std::uint32_t v = 0;
                for (int k = 0; k < 4; ++k) {
                    const int d = m_i < m_s.size() ? hexDigitValue(m_s[m_i++]) : -1;
                    if (d < 0)
                        fail("bad \\u escape");
                    v = v * 16 + std::uint32_t(d);
                }
                return v;
            };
            std::uint32_t cp = hex4();
            if (cp >= 0xD800 && cp < 0xDC00 && m_i + 6 <= m_s.size() && m_s[m_i] == '\\' && m_s[m_i + 1] == 'u') {
                m_i += 2;
                const std::uint32_t lo = hex4();
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            appendUtf8(out, cp);
            break;
        }
        default:
            fail("bad escape");
        }
    }
}

double JsonCursor::readNumber()
{
    skipWs();
    const char* begin = m_s.data() + m_i;
    double v = 0;
    const auto r = std::from_chars(begin, m_s.data() + m_s.size(), v);
    if (r.ec != std::errc() || r.ptr == begin)
        fail("expected a number");
    m_i += std::size_t(r.ptr - begin);
    return v;
}

bool JsonCursor::readBool()
{
    skipWs();
    if (m_s.substr(m_i, 4) == "true") {
        m_i += 4;
        return true;
    }
    if (m_s.substr(m_i, 5) == "false") {
        m_i += 5;
        return false;
    }
    fail("expected true or false");
}

bool JsonCursor::readNull()
{
    skipWs();
    if (m_s.substr(m_i, 4) == "null") {
        m_i += 4;
        return true;
    }
    return false;
}

std::string JsonCursor::readScalar()
{
    const char c = peek();
    if (c == '"')
        return readString();
    if (readNull())
        return {};
    if (c == 't' || c == 'f')
        return readBool() ? "true" : "false";
    const std::size_t begin = m_i;
    readNumber();
    return std::string(m_s.substr(begin, m_i - begin));
}

void JsonCursor::skipValue()
{
    const char c = peek();
    std::string scratch;
    if (c == '{') {
        beginObject();
        while (nextKey(scratch))
            skipValue();
    } else if (c == '[') {
        beginArray();
        while (nextElement())
            skipValue();
    } else if (c == '"') {
        readString(scratch);
    } else {
        readScalar();
    }
}

} // namespace sg::remote
