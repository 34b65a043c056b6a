// The JSON reader behind the `json` and `unpack` parser stages (parsers.cpp, its only includer).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sg::logql {

/// `[A-Za-z0-9]`, whatever the C locale says.
inline bool isAsciiAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/// A minimal JSON reader: walks a document, reporting scalar leaves with their path.
class JsonReader
{
public:
    /// With `containers`, every nested object and array is also reported, as a leaf holding its raw text.
    explicit JsonReader(std::string_view text, bool containers = false)
        : m_s(text)
        , m_containers(containers)
    {
    }

    struct Leaf
    {
        std::vector<std::string> path;  ///< object keys and "[i]" array indexes
        std::string value;
        bool inArray = false;
        bool isString = false;
        bool isContainer = false;
    };

    bool read(std::vector<Leaf>& leaves)
    {
        skipWs();
        if (m_i >= m_s.size() || m_s[m_i] != '{')
            return fail("expecting {");
        std::vector<std::string> path;
        if (!value(path, false, leaves))
            return false;
        skipWs();
        return m_i == m_s.size() || fail("trailing data");
    }
    std::string error;

private:
    bool fail(const char* msg)
    {
        if (error.empty())
            error = std::string(msg) + " at offset " + std::to_string(m_i);
        return false;
    }
    void skipWs()
    {
        // JSON's whitespace (RFC 8259): space, tab, LF, CR.
        while (m_i < m_s.size() && (m_s[m_i] == ' ' || m_s[m_i] == '\t' || m_s[m_i] == '\n' || m_s[m_i] == '\r'))
            ++m_i;
    }
    bool string(std::string& out)
    {
        ++m_i;
        while (m_i < m_s.size() && m_s[m_i] != '"') {
            char c = m_s[m_i++];
            if (c != '\\') {
                out += c;
                continue;
            }
            if (m_i >= m_s.size())
                return fail("bad escape");
            char e = m_s[m_i++];
            switch (e) {
            case 'n': out += '\n'; break;
            case 't': out += '\t'; break;
            case 'r': out += '\r'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'u': {
                if (m_i + 4 > m_s.size())
                    return fail("bad unicode escape");
                unsigned cp = unsigned(std::stoul(std::string(m_s.substr(m_i, 4)), nullptr, 16));
                m_i += 4;
                if (cp < 0x80) {
                    out += char(cp);
                } else if (cp < 0x800) {
                    out += char(0xC0 | (cp >> 6));
                    out += char(0x80 | (cp & 0x3F));
                } else {
                    out += char(0xE0 | (cp >> 12));
                    out += char(0x80 | ((cp >> 6) & 0x3F));
                    out += char(0x80 | (cp & 0x3F));
                }
                break;
            }
            default: out += e;
            }
        }
        if (m_i >= m_s.size())
            return fail("unterminated string");
        ++m_i;
        return true;
    }
    bool value(std::vector<std::string>& path, bool inArray, std::vector<Leaf>& leaves)
    {
        skipWs();
        if (m_i >= m_s.size())
            return fail("unexpected end");
        const char c = m_s[m_i];
        if (c == '{' || c == '[') {
            const std::size_t begin = m_i;
            if (!(c == '{' ? object(path, inArray, leaves) : array(path, leaves)))
                return false;
            if (m_containers && !path.empty()) {
                Leaf leaf;
                leaf.path = path;
                leaf.value = std::string(m_s.substr(begin, m_i - begin));
                leaf.inArray = inArray;
                leaf.isContainer = true;
                leaves.push_back(std::move(leaf));
            }
            return true;
        }
        return scalar(c, path, inArray, leaves);
    }
    bool object(std::vector<std::string>& path, bool inArray, std::vector<Leaf>& leaves)
    {
        ++m_i;
        skipWs();
        if (m_i < m_s.size() && m_s[m_i] == '}') {
            ++m_i;
            return true;
        }
        for (;;) {
            skipWs();
            if (m_i >= m_s.size() || m_s[m_i] != '"')
                return fail("expecting key");
            std::string key;
            if (!string(key))
                return false;
            skipWs();
            if (m_i >= m_s.size() || m_s[m_i] != ':')
                return fail("expecting :");
            ++m_i;
            path.push_back(std::move(key));
            if (!value(path, inArray, leaves))
                return false;
            path.pop_back();
            skipWs();
            if (m_i < m_s.size() && m_s[m_i] == ',') {
                ++m_i;
                continue;
            }
            if (m_i < m_s.size() && m_s[m_i] == '}') {
                ++m_i;
                return true;
            }
            return fail("expecting , or }");
        }
    }
    bool array(std::vector<std::string>& path, std::vector<Leaf>& leaves)
    {
        ++m_i;
        skipWs();
        if (m_i < m_s.size() && m_s[m_i] == ']') {
            ++m_i;
            return true;
        }
        for (int idx = 0;; ++idx) {
            path.push_back("[" + std::to_string(idx) + "]");
            if (!value(path, true, leaves))
                return false;
            path.pop_back();
            skipWs();
            if (m_i < m_s.size() && m_s[m_i] == ',') {
                ++m_i;
                continue;
            }
            if (m_i < m_s.size() && m_s[m_i] == ']') {
                ++m_i;
                return true;
            }
            return fail("expecting , or ]");
        }
    }
    bool scalar(char c, std::vector<std::string>& path, bool inArray, std::vector<Leaf>& leaves)
    {
        Leaf leaf;
        if (c == '"') {
            if (!string(leaf.value))
                return false;
            leaf.isString = true;
        } else {
            std::size_t b = m_i;
            while (m_i < m_s.size() && (isAsciiAlnum(m_s[m_i]) || m_s[m_i] == '.'
                       || m_s[m_i] == '-' || m_s[m_i] == '+'))
                ++m_i;
            if (b == m_i)
                return fail("unexpected character");
            leaf.value = std::string(m_s.substr(b, m_i - b));
            if (leaf.value == "null")
                leaf.value.clear();
        }
        leaf.path = path;
        leaf.inArray = inArray;
        leaves.push_back(std::move(leaf));
        return true;
    }

    std::string_view m_s;
    std::size_t m_i = 0;
    bool m_containers = false;
};

/// Splits a json expression `a.b[0]["c d"]` into path parts as JsonReader reports them.
inline std::vector<std::string> jsonPath(std::string_view expr)
{
    std::vector<std::string> out;
    std::string cur;
    for (std::size_t i = 0; i < expr.size(); ++i) {
        char c = expr[i];
        if (c == '.') {
            if (!cur.empty())
                out.push_back(std::move(cur));
            cur.clear();
        } else if (c == '[') {
            if (!cur.empty())
                out.push_back(std::move(cur));
            cur.clear();
            std::size_t close = expr.find(']', i);
            if (close == std::string_view::npos)
                break;
            std::string_view inner = expr.substr(i + 1, close - i - 1);
            if (!inner.empty() && (inner[0] == '"' || inner[0] == '\''))
                out.emplace_back(inner.substr(1, inner.size() - 2));
            else
                out.push_back("[" + std::string(inner) + "]");
            i = close;
        } else {
            cur += c;
        }
    }
    if (!cur.empty())
        out.push_back(std::move(cur));
    return out;
}

} // namespace sg::logql
