// The parser stages: json, logfmt, regexp, pattern and unpack; they add extracted labels to an entry.

#include "json_reader.h"
#include "pipeline.h"

#include <algorithm>
#include <cctype>
#include <re2/re2.h>

namespace sg::logql {

std::string sanitizeLabelName(std::string_view key)
{
    // Loki's sanitizeLabelKey: surrounding space trimmed, a leading digit prefixed with '_', and every character
    // (a UTF-8 sequence, or a stray byte) other than [A-Za-z0-9_] replaced by one '_'.
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
    while (!key.empty() && space(key.front()))
        key.remove_prefix(1);
    while (!key.empty() && space(key.back()))
        key.remove_suffix(1);
    std::string out;
    out.reserve(key.size() + 1);
    if (!key.empty() && key[0] >= '0' && key[0] <= '9')
        out += '_';
    for (std::size_t i = 0; i < key.size();) {
        const auto c = static_cast<unsigned char>(key[i]);
        if (isAsciiAlnum(char(c)) || c == '_') {
            out += char(c);
            ++i;
            continue;
        }
        out += '_';
        std::size_t width = c >= 0xF8 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 1;
        for (std::size_t k = 1; k < width; ++k)
            if (i + k >= key.size() || (static_cast<unsigned char>(key[i + k]) & 0xC0) != 0x80)
                width = 1; // not a whole sequence: this byte alone
        i += width;
    }
    return out;
}

namespace {

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
            bool valid = !name.empty() && ((isAsciiAlnum(name[0]) && !(name[0] >= '0' && name[0] <= '9')) || name[0] == '_');
            for (char c : name)
                valid = valid && (isAsciiAlnum(c) || c == '_');
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
