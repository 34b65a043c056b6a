// The parser stages: json, logfmt, regexp, pattern and unpack; they add extracted labels to an entry.

#include "pipeline.h"

#include <algorithm>
#include <cctype>
#include <re2/re2.h>

namespace sg::logql {

std::string sanitizeLabelName(std::string_view key)
{
    std::string out;
    out.reserve(key.size());
    for (char c : key)
        out += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_';
    if (!out.empty() && std::isdigit(static_cast<unsigned char>(out[0])))
        out.insert(out.begin(), '_');
    return out;
}

namespace {

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
        while (m_i < m_s.size() && std::isspace(static_cast<unsigned char>(m_s[m_i])))
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
            while (m_i < m_s.size() && (std::isalnum(static_cast<unsigned char>(m_s[m_i])) || m_s[m_i] == '.'
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
std::vector<std::string> jsonPath(std::string_view expr)
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

class JsonParser final : public StageProcessor
{
public:
    std::vector<std::pair<std::string, std::vector<std::string>>> params;
    bool process(TimestampNs, std::string& line, LabelsBuilder& labels) const override
    {
        // Label expressions can select an object or an array, which gives its JSON text.
        JsonReader reader(line, !params.empty());
        std::vector<JsonReader::Leaf> leaves;
        if (!reader.read(leaves)) {
            labels.setError("JSONParserErr", reader.error);
            return true;
        }
        if (params.empty()) {
            std::vector<std::string> seen; // a duplicate key keeps its first value
            seen.reserve(leaves.size());
            for (const auto& leaf : leaves) {
                if (leaf.inArray)
                    continue;
                std::string name;
                for (const auto& p : leaf.path)
                    name += (name.empty() ? "" : "_") + sanitizeLabelName(p);
                if (std::find(seen.begin(), seen.end(), name) != seen.end())
                    continue;
                // A null drops; an empty string is a label with an empty value.
                if (leaf.isString || !leaf.value.empty())
                    labels.setExtracted(name, leaf.value);
                seen.push_back(std::move(name));
            }
            return true;
        }
        // An expression with no match (or a null) still adds its label, with an empty value.
        for (const auto& [name, path] : params) {
            std::string_view value;
            for (const auto& leaf : leaves)
                if (leaf.path == path) {
                    value = leaf.value;
                    break;
                }
            labels.setExtracted(name, value);
        }
        return true;
    }
};

class LogfmtParser final : public StageProcessor
{
public:
    std::vector<std::pair<std::string, std::string>> params;
    bool strict = false;
    bool keepEmpty = false;
    bool scan(TimestampNs, std::string& line, LabelsBuilder& labels) const
    {
        std::size_t i = 0;
        const std::string& s = line;
        std::vector<std::string> seen; // a duplicate key keeps its first value
        while (i < s.size()) {
            while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
                ++i;
            if (i >= s.size())
                break;
            std::size_t kb = i;
            while (i < s.size() && static_cast<unsigned char>(s[i]) > ' ' && s[i] != '=' && s[i] != '"')
                ++i;
            std::string key = s.substr(kb, i - kb);
            std::string value;
            if (key.empty()) {
                if (strict) {
                    labels.setError("LogfmtParserErr", "logfmt syntax error at pos " + std::to_string(i + 1));
                    return true;
                }
                ++i;
                continue;
            }
            if (i < s.size() && s[i] == '=') {
                ++i;
                if (i < s.size() && s[i] == '"') {
                    ++i;
                    bool closed = false;
                    while (i < s.size()) {
                        char c = s[i++];
                        if (c == '"') {
                            closed = true;
                            break;
                        }
                        if (c == '\\' && i < s.size()) {
                            char e = s[i++];
                            value += e == 'n' ? '\n' : e == 't' ? '\t' : e;
                        } else {
                            value += c;
                        }
                    }
                    if (!closed) {
                        if (strict) {
                            labels.setError("LogfmtParserErr", "logfmt syntax error: unterminated quoted value");
                            return true;
                        }
                        continue; // the malformed pair is dropped, the valid ones are kept
                    }
                } else {
                    std::size_t vb = i;
                    while (i < s.size() && static_cast<unsigned char>(s[i]) > ' ')
                        ++i;
                    value = s.substr(vb, i - vb);
                }
            }
            add(labels, key, value, seen);
        }
        return true;
    }
    bool process(TimestampNs ts, std::string& line, LabelsBuilder& labels) const override
    {
        // Label expressions add their labels (empty when the key is missing) before the line is read.
        for (const auto& [name, expr] : params)
            if (!labels.get(name))
                labels.setExtracted(name, "");
        return scan(ts, line, labels);
    }

private:
    void add(LabelsBuilder& labels, const std::string& key, const std::string& value,
        std::vector<std::string>& seen) const
    {
        if (params.empty()) {
            if (value.empty() && !keepEmpty)
                return;
            auto name = sanitizeLabelName(key);
            if (std::find(seen.begin(), seen.end(), name) != seen.end())
                return;
            seen.push_back(name);
            labels.setExtracted(name, value);
            return;
        }
        for (const auto& [name, expr] : params)
            if (expr == key)
                labels.setExtracted(name, value);
    }
};

class RegexpParser final : public StageProcessor
{
public:
    std::shared_ptr<const RE2> re;
    bool process(TimestampNs, std::string& line, LabelsBuilder& labels) const override
    {
        int n = re->NumberOfCapturingGroups();
        std::vector<re2::StringPiece> groups(std::size_t(n) + 1);
        if (!re->Match(line, 0, line.size(), RE2::UNANCHORED, groups.data(), n + 1))
            return true;
        for (const auto& [name, idx] : re->NamedCapturingGroups())
            if (idx <= n) // an empty or non-participating group gives an empty value
                labels.setExtracted(sanitizeLabelName(name), std::string(groups[std::size_t(idx)]));
        return true;
    }
};

class PatternParser final : public StageProcessor
{
public:
    LinePattern pattern;
    bool process(TimestampNs, std::string& line, LabelsBuilder& labels) const override
    {
        std::vector<std::pair<std::string, std::string>> caps;
        if (pattern.match(line, &caps, true))
            for (const auto& [n, v] : caps)
                labels.setExtracted(n, v);
        return true;
    }
};

class UnpackParser final : public StageProcessor
{
public:
    bool process(TimestampNs, std::string& line, LabelsBuilder& labels) const override
    {
        JsonReader reader(line);
        std::vector<JsonReader::Leaf> leaves;
        if (!reader.read(leaves)) {
            labels.setError("JSONParserErr", reader.error);
            return true;
        }
        std::optional<std::string> entry;
        for (const auto& leaf : leaves) {
            if (leaf.path.size() != 1)
                continue;
            if (leaf.path[0] == "_entry")
                entry = leaf.value;
            else if (leaf.isString)
                labels.setExtracted(sanitizeLabelName(leaf.path[0]), leaf.value);
        }
        if (entry)
            line = *entry;
        return true;
    }
};

} // namespace

Result<LinePattern> LinePattern::compile(std::string_view pattern)
{
    LinePattern p;
    std::size_t i = 0;
    std::string literal;
    while (i < pattern.size()) {
        if (pattern[i] == '<') {
            std::size_t close = pattern.find('>', i);
            std::string_view name = close == std::string_view::npos ? std::string_view() : pattern.substr(i + 1, close - i - 1);
            bool valid = !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
            for (char c : name)
                valid = valid && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
            if (valid) {
                if (!literal.empty())
                    p.m_parts.push_back(Part { false, std::move(literal) });
                literal.clear();
                if (!p.m_parts.empty() && p.m_parts.back().capture)
                    return Error { ErrorCode::Execution, "found consecutive capture '" + std::string(name) + "'", {} };
                p.m_parts.push_back(Part { true, std::string(name) });
                i = close + 1;
                continue;
            }
        }
        literal += pattern[i++];
    }
    if (!literal.empty())
        p.m_parts.push_back(Part { false, std::move(literal) });
    return p;
}

bool LinePattern::match(std::string_view line, std::vector<std::pair<std::string, std::string>>* captures,
    bool partial) const
{
    std::size_t pos = 0;
    for (std::size_t k = 0; k < m_parts.size(); ++k) {
        const Part& part = m_parts[k];
        if (!part.capture) {
            if (k == 0) {
                if (line.substr(0, part.text.size()) != part.text)
                    return false;
                pos = part.text.size();
            }
            continue;
        }
        std::size_t end = line.size();
        std::size_t nextPos = line.size();
        if (k + 1 < m_parts.size()) {
            const std::string& lit = m_parts[k + 1].text;
            std::size_t f = line.find(lit, pos);
            if (f == std::string_view::npos) {
                if (!partial)
                    return false;
                // A short line fills the leading captures; this one takes the rest of the line.
                if (captures && part.text != "_")
                    captures->emplace_back(part.text, std::string(line.substr(std::min(pos, line.size()))));
                return true;
            }
            end = f;
            nextPos = f + lit.size();
        }
        if (captures && part.text != "_")
            captures->emplace_back(part.text, std::string(line.substr(pos, end - pos)));
        pos = nextPos;
    }
    return true;
}

Result<std::shared_ptr<const StageProcessor>> makeParser(const ParserStage& p)
{
    switch (p.kind) {
    case ParserKind::Json: {
        auto j = std::make_shared<JsonParser>();
        for (const auto& param : p.params)
        {
            // An unclosed bracket or an empty path is not an expression Loki's JSON parser takes.
            const auto& x = param.expression;
            if (x.empty() || std::count(x.begin(), x.end(), '[') != std::count(x.begin(), x.end(), ']'))
                return Error { ErrorCode::Execution, "cannot parse expression [" + x + "]: syntax error", {} };
            j->params.emplace_back(param.name, jsonPath(x));
        }
        return std::shared_ptr<const StageProcessor>(std::move(j));
    }
    case ParserKind::Logfmt: {
        auto l = std::make_shared<LogfmtParser>();
        l->strict = p.strict;
        l->keepEmpty = p.keepEmpty;
        for (const auto& param : p.params)
            l->params.emplace_back(param.name, param.expression);
        return std::shared_ptr<const StageProcessor>(std::move(l));
    }
    case ParserKind::Regexp: {
        auto r = std::make_shared<RegexpParser>();
        RE2::Options opts;
        opts.set_log_errors(false);
        r->re = std::make_shared<const RE2>(p.pattern, opts);
        if (!r->re->ok())
            return Error { ErrorCode::Execution, "invalid regexp: " + r->re->error(), {} };
        if (r->re->NamedCapturingGroups().empty())
            return Error { ErrorCode::Execution, "at least one named capture must be supplied", {} };
        // RE2 keeps one index per name: a repeated name shows up as fewer names than named groups.
        std::size_t named = 0;
        for (std::size_t at = 0; (at = p.pattern.find("(?P<", at)) != std::string::npos; at += 4)
            ++named;
        if (named > r->re->NamedCapturingGroups().size())
            return Error { ErrorCode::Execution, "duplicate extracted label name", {} };
        return std::shared_ptr<const StageProcessor>(std::move(r));
    }
    case ParserKind::Pattern: {
        auto pat = LinePattern::compile(p.pattern);
        if (!pat.ok())
            return pat.error();
        if (!pat->hasNamedCapture())
            return Error { ErrorCode::Execution, "at least one capture is required", {} };
        if (auto dup = pat->duplicateCaptureName())
            return Error { ErrorCode::Execution, "duplicate capture name (" + *dup + ")", {} };
        auto pp = std::make_shared<PatternParser>();
        pp->pattern = std::move(pat.value());
        return std::shared_ptr<const StageProcessor>(std::move(pp));
    }
    case ParserKind::Unpack: return std::shared_ptr<const StageProcessor>(std::make_shared<UnpackParser>());
    }
    return Error { ErrorCode::Internal, "unknown parser", {} };
}

} // namespace sg::logql
