// String functions of LogQL templates: Loki's own (Go's strings package, regexReplaceAll, count, url and
// align functions) and sprig's (the subject is the LAST argument: `trimPrefix "pre" .x`), plus default, fromJson
// and __line__.
#include "template_impl.h"

#include "core/common/utf8.h"

#include <QByteArray>
#include <QChar>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <memory>
#include <re2/re2.h>
#include <unordered_map>

namespace sg::logql::tmpl {

namespace {

using Args = std::vector<Value>;

bool isAscii(std::string_view s)
{
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    return true;
}

std::string changeCase(std::string_view s, bool upper)
{
    if (isAscii(s)) {
        std::string out(s);
        for (char& c : out)
            c = upper ? (c >= 'a' && c <= 'z' ? char(c - 32) : c) : (c >= 'A' && c <= 'Z' ? char(c + 32) : c);
        return out;
    }
    const QString q = QString::fromUtf8(s.data(), qsizetype(s.size()));
    return (upper ? q.toUpper() : q.toLower()).toStdString();
}

bool inCutset(std::uint32_t r, std::string_view cutset)
{
    std::uint32_t c;
    for (std::size_t i = 0; i < cutset.size();) {
        i += decodeRune(cutset, i, c);
        if (c == r)
            return true;
    }
    return false;
}

bool isGoSpace(std::uint32_t r)
{
    switch (r) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xA0: case 0x1680: case 0x2028:
    case 0x2029: case 0x202F: case 0x205F: case 0x3000: return true;
    default: return r >= 0x2000 && r <= 0x200A;
    }
}

template <typename Pred>
std::string trimRunes(std::string_view s, bool left, bool right, Pred drop)
{
    std::size_t b = 0, e = s.size();
    std::uint32_t r;
    while (left && b < e) {
        const std::size_t n = decodeRune(s, b, r);
        if (!drop(r))
            break;
        b += n;
    }
    while (right && e > b) {
        std::size_t start = e - 1;
        while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 && e - start < 4)
            --start;
        const std::size_t n = decodeRune(s, start, r);
        if (start + n != e) {
            start = e - 1;
            r = 0xFFFD;
        }
        if (!drop(r))
            break;
        e = start;
    }
    return std::string(s.substr(b, e - b));
}

std::string trimCutset(std::string_view s, std::string_view cutset, bool left, bool right)
{
    if (s.empty() || cutset.empty())
        return std::string(s);
    return trimRunes(s, left, right, [&](std::uint32_t r) { return inCutset(r, cutset); });
}

std::string trimSpace(std::string_view s)
{
    return trimRunes(s, true, true, isGoSpace);
}

// Go's strings.Replace.
std::string replace(std::string_view s, std::string_view from, std::string_view to, std::int64_t n)
{
    if (from == to || n == 0)
        return std::string(s);
    std::int64_t m = 0;
    if (from.empty()) {
        m = std::int64_t(runeOffsets(s).size());
    } else {
        for (std::size_t p = s.find(from); p != std::string_view::npos; p = s.find(from, p + from.size()))
            ++m;
    }
    if (m == 0)
        return std::string(s);
    if (n < 0 || m < n)
        n = m;
    std::string out;
    std::size_t start = 0;
    std::uint32_t r;
    for (std::int64_t i = 0; i < n; ++i) {
        std::size_t j = start;
        if (from.empty()) {
            if (i > 0 && start < s.size())
                j += decodeRune(s, start, r);
        } else {
            j = s.find(from, start);
        }
        out.append(s.substr(start, j - start));
        out.append(to);
        start = j + from.size();
    }
    out.append(s.substr(std::min(start, s.size())));
    return out;
}

bool repeat(std::int64_t count, std::string_view s, std::string& out, std::string& err)
{
    if (count < 0) {
        err = "strings: negative Repeat count";
        return false;
    }
    if (!s.empty() && std::uint64_t(count) > (64ULL << 20) / s.size()) {
        err = "strings: Repeat output length overflow";
        return false;
    }
    out.clear();
    out.reserve(s.size() * std::size_t(count));
    for (std::int64_t i = 0; i < count; ++i)
        out.append(s);
    return true;
}

// A compiled regex for a pattern, cached per thread: template arguments are nearly always constants.
const RE2* regexFor(const std::string& pattern, std::string& err)
{
    thread_local std::unordered_map<std::string, std::unique_ptr<RE2>> cache;
    auto it = cache.find(pattern);
    if (it == cache.end()) {
        if (cache.size() >= 64)
            cache.clear();
        RE2::Options opts;
        opts.set_log_errors(false);
        it = cache.emplace(pattern, std::make_unique<RE2>(pattern, opts)).first;
    }
    if (!it->second->ok()) {
        err = "error parsing regexp: " + it->second->error() + ": `" + pattern + "`";
        return nullptr;
    }
    return it->second.get();
}

// Calls `each(begin, end, groups)` for every match as Go's regexp iterates them (empty matches right after a
// match are skipped, the search advances by a rune after an empty match).
template <typename F>
void eachMatch(const RE2& re, std::string_view s, F each)
{
    const int ngroups = re.NumberOfCapturingGroups() + 1;
    std::vector<re2::StringPiece> groups(static_cast<std::size_t>(ngroups));
    std::size_t pos = 0;
    std::ptrdiff_t prevEnd = -1;
    std::uint32_t r;
    while (pos <= s.size()) {
        if (!re.Match(re2::StringPiece(s.data(), s.size()), pos, s.size(), RE2::UNANCHORED, groups.data(), ngroups))
            break;
        const std::size_t b = std::size_t(groups[0].data() - s.data()), e = b + groups[0].size();
        bool accept = true;
        if (e == b) {
            if (std::ptrdiff_t(b) == prevEnd)
                accept = false;
            pos = b < s.size() ? b + decodeRune(s, b, r) : s.size() + 1;
        } else {
            pos = e;
        }
        prevEnd = std::ptrdiff_t(e);
        if (accept)
            each(b, e, groups);
    }
}

// Go's Regexp.Expand of `$1`, `${1}`, `$name`, `${name}` and `$$`.
void expand(std::string& out, std::string_view tmpl, const RE2& re, const std::vector<re2::StringPiece>& groups)
{
    while (!tmpl.empty()) {
        const std::size_t d = tmpl.find('$');
        if (d == std::string_view::npos)
            break;
        out.append(tmpl.substr(0, d));
        tmpl.remove_prefix(d + 1);
        if (!tmpl.empty() && tmpl[0] == '$') {
            out += '$';
            tmpl.remove_prefix(1);
            continue;
        }
        std::string_view str = tmpl;
        const bool brace = !str.empty() && str[0] == '{';
        if (brace)
            str.remove_prefix(1);
        std::size_t i = 0;
        while (i < str.size() && (std::isalnum(static_cast<unsigned char>(str[i])) || str[i] == '_'))
            ++i;
        if (i == 0 || (brace && (i >= str.size() || str[i] != '}'))) {
            out += '$';
            continue;
        }
        const std::string name(str.substr(0, i));
        tmpl = str.substr(i + (brace ? 1 : 0));
        int num = 0;
        for (char c : name) {
            if (c < '0' || c > '9' || num >= 100000000) {
                num = -1;
                break;
            }
            num = num * 10 + (c - '0');
        }
        if (name.size() > 1 && name[0] == '0')
            num = -1;
        if (num < 0) {
            const auto& named = re.NamedCapturingGroups();
            auto it = named.find(name);
            num = it == named.end() ? -1 : it->second;
        }
        if (num >= 0 && std::size_t(num) < groups.size() && groups[std::size_t(num)].data())
            out.append(groups[std::size_t(num)].data(), groups[std::size_t(num)].size());
    }
    out.append(tmpl);
}

bool regexReplace(Args& a, Value& out, std::string& err, bool literal)
{
    const RE2* re = regexFor(a[0].s, err);
    if (!re)
        return false;
    const std::string_view s = a[1].s;
    std::string result;
    std::size_t last = 0;
    eachMatch(*re, s, [&](std::size_t b, std::size_t e, const std::vector<re2::StringPiece>& groups) {
        result.append(s.substr(last, b - last));
        if (literal)
            result.append(a[2].s);
        else
            expand(result, a[2].s, *re, groups);
        last = e;
    });
    result.append(s.substr(last));
    out = Value::str(std::move(result));
    return true;
}

const char* const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string b64encode(std::string_view s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); i += 3) {
        std::uint32_t v = std::uint32_t(static_cast<unsigned char>(s[i])) << 16;
        if (i + 1 < s.size())
            v |= std::uint32_t(static_cast<unsigned char>(s[i + 1])) << 8;
        if (i + 2 < s.size())
            v |= static_cast<unsigned char>(s[i + 2]);
        out += B64[(v >> 18) & 63];
        out += B64[(v >> 12) & 63];
        out += i + 1 < s.size() ? B64[(v >> 6) & 63] : '=';
        out += i + 2 < s.size() ? B64[v & 63] : '=';
    }
    return out;
}

// base64.StdEncoding.DecodeString; on failure the message names the offending byte.
bool b64decode(std::string_view in, std::string& out, std::string& err)
{
    auto corrupt = [&](std::size_t at) {
        err = "illegal base64 data at input byte " + std::to_string(at);
        return false;
    };
    out.clear();
    std::size_t i = 0;
    while (i < in.size()) {
        std::uint32_t v = 0;
        int n = 0;
        const std::size_t quantum = i;
        while (n < 4) {
            if (i == in.size()) {
                if (n == 0)
                    return true;
                return corrupt(quantum);
            }
            const char c = in[i++];
            if (c == '\n' || c == '\r')
                continue;
            if (c == '=') {
                if (n < 2)
                    return corrupt(i - 1);
                if (n == 2) {
                    while (i < in.size() && (in[i] == '\n' || in[i] == '\r'))
                        ++i;
                    if (i == in.size())
                        return corrupt(in.size());
                    if (in[i] != '=')
                        return corrupt(i - 1);
                    ++i;
                }
                while (i < in.size() && (in[i] == '\n' || in[i] == '\r'))
                    ++i;
                if (i < in.size())
                    return corrupt(i);
                v <<= 6 * (4 - n);
                out += char((v >> 16) & 0xFF);
                if (n == 3)
                    out += char((v >> 8) & 0xFF);
                return true;
            }
            const char* p = std::strchr(B64, c);
            if (!p || c == '\0')
                return corrupt(i - 1);
            v = (v << 6) | std::uint32_t(p - B64);
            ++n;
        }
        out += char((v >> 16) & 0xFF);
        out += char((v >> 8) & 0xFF);
        out += char(v & 0xFF);
    }
    return true;
}

std::string title(std::string_view s)
{
    std::string out;
    std::uint32_t prev = ' ';
    std::uint32_t r;
    auto separator = [](std::uint32_t c) {
        if (c < 0x80)
            return !(std::isalnum(int(c)) || c == '_');
        return !QChar::isLetterOrNumber(char32_t(c)) && QChar::isSpace(char32_t(c));
    };
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = decodeRune(s, i, r);
        std::uint32_t t = r;
        if (separator(prev))
            t = r < 0x80 ? std::uint32_t(std::toupper(int(r))) : std::uint32_t(QChar::toTitleCase(char32_t(r)));
        appendUtf8(out, t);
        prev = r;
        i += n;
    }
    return out;
}

Value fromJsonValue(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Bool: return Value::boolean(v.toBool());
    case QJsonValue::Double: return Value::real(v.toDouble());
    case QJsonValue::String: return Value::str(v.toString().toStdString());
    case QJsonValue::Array: {
        auto list = std::make_shared<List>();
        for (const QJsonValue& e : v.toArray())
            list->push_back(fromJsonValue(e));
        Value out;
        out.kind = Value::Kind::List;
        out.list = std::move(list);
        return out;
    }
    case QJsonValue::Object: {
        auto map = std::make_shared<Map>();
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            (*map)[it.key().toStdString()] = fromJsonValue(it.value());
        Value out;
        out.kind = Value::Kind::Map;
        out.map = std::move(map);
        return out;
    }
    default: return {};
    }
}

#define SG_STR(fn, expr)                                                                                             \
    bool fn(Args& a, const CallEnv&, Value& out, std::string&)                                                       \
    {                                                                                                                \
        out = Value::str(expr);                                                                                      \
        return true;                                                                                                 \
    }
#define SG_BOOL(fn, expr)                                                                                            \
    bool fn(Args& a, const CallEnv&, Value& out, std::string&)                                                       \
    {                                                                                                                \
        out = Value::boolean(expr);                                                                                  \
        return true;                                                                                                 \
    }

bool hasPrefix(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool hasSuffix(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }
std::string trimPrefix(std::string_view s, std::string_view p) { return std::string(hasPrefix(s, p) ? s.substr(p.size()) : s); }
std::string trimSuffix(std::string_view s, std::string_view p)
{
    return std::string(hasSuffix(s, p) ? s.substr(0, s.size() - p.size()) : s);
}

SG_STR(fnToLower, changeCase(a[0].s, false))
SG_STR(fnToUpper, changeCase(a[0].s, true))
SG_STR(fnReplace, replace(a[0].s, a[1].s, a[2].s, a[3].i))
SG_STR(fnTrim, trimCutset(a[0].s, a[1].s, true, true))
SG_STR(fnTrimLeft, trimCutset(a[0].s, a[1].s, true, false))
SG_STR(fnTrimRight, trimCutset(a[0].s, a[1].s, false, true))
SG_STR(fnTrimPrefix, trimPrefix(a[0].s, a[1].s))
SG_STR(fnTrimSuffix, trimSuffix(a[0].s, a[1].s))
SG_STR(fnTrimSpace, trimSpace(a[0].s))
SG_STR(fnUrlencode, queryEscape(a[0].s))
SG_STR(fnB64enc, b64encode(a[0].s))
SG_STR(fnTitle, title(a[0].s))
SG_STR(fnSprigReplace, replace(a[2].s, a[0].s, a[1].s, -1))
SG_STR(fnTrimAll, trimCutset(a[1].s, a[0].s, true, true))
SG_STR(fnSprigTrimPrefix, trimPrefix(a[1].s, a[0].s))
SG_STR(fnSprigTrimSuffix, trimSuffix(a[1].s, a[0].s))
SG_BOOL(fnContains, a[1].s.find(a[0].s) != std::string::npos)
SG_BOOL(fnHasPrefix, hasPrefix(a[1].s, a[0].s))
SG_BOOL(fnHasSuffix, hasSuffix(a[1].s, a[0].s))

bool fnLine(Args&, const CallEnv& env, Value& out, std::string&)
{
    out = Value::str(std::string(env.line));
    return true;
}

bool fnRegexReplaceAll(Args& a, const CallEnv&, Value& out, std::string& err)
{
    return regexReplace(a, out, err, false);
}

bool fnRegexReplaceAllLiteral(Args& a, const CallEnv&, Value& out, std::string& err)
{
    return regexReplace(a, out, err, true);
}

bool fnCount(Args& a, const CallEnv&, Value& out, std::string& err)
{
    const RE2* re = regexFor(a[0].s, err);
    if (!re)
        return false;
    std::int64_t n = 0;
    eachMatch(*re, a[1].s, [&](std::size_t, std::size_t, const std::vector<re2::StringPiece>&) { ++n; });
    out = Value::integer(n);
    return true;
}

bool fnUrldecode(Args& a, const CallEnv&, Value& out, std::string& err)
{
    std::string s;
    if (!queryUnescape(a[0].s, s, err))
        return false;
    out = Value::str(std::move(s));
    return true;
}

// Loki's alignLeft / alignRight: pad with spaces or cut to `count` runes.
bool align(Args& a, Value& out, bool left)
{
    const std::int64_t count = a[0].i;
    const std::string& s = a[1].s;
    const auto offs = runeOffsets(s);
    const std::int64_t len = std::int64_t(offs.size()) - 1;
    if (count < 0 || count == len)
        out = Value::str(s);
    else if (count > len)
        out = Value::str(left ? s + std::string(std::size_t(count - len), ' ') : std::string(std::size_t(count - len), ' ') + s);
    else
        out = Value::str(left ? s.substr(0, offs[std::size_t(count)]) : s.substr(offs[std::size_t(len - count)]));
    return true;
}

bool fnAlignLeft(Args& a, const CallEnv&, Value& out, std::string&) { return align(a, out, true); }
bool fnAlignRight(Args& a, const CallEnv&, Value& out, std::string&) { return align(a, out, false); }

bool fnB64dec(Args& a, const CallEnv&, Value& out, std::string&)
{
    std::string s, err;
    // sprig returns the error text as the result.
    out = Value::str(b64decode(a[0].s, s, err) ? std::move(s) : std::move(err));
    return true;
}

// Loki's trunc and substr count runes and clamp out-of-range positions.
bool fnTrunc(Args& a, const CallEnv&, Value& out, std::string&)
{
    const std::int64_t c = a[0].i;
    const std::string& s = a[1].s;
    const auto offs = runeOffsets(s);
    const std::int64_t l = std::int64_t(offs.size()) - 1;
    if (c < 0 && l + c > 0)
        out = Value::str(s.substr(offs[std::size_t(l + c)]));
    else if (c >= 0 && l > c)
        out = Value::str(s.substr(0, offs[std::size_t(c)]));
    else
        out = Value::str(s);
    return true;
}

bool fnSubstr(Args& a, const CallEnv&, Value& out, std::string&)
{
    std::int64_t start = a[0].i, end = a[1].i;
    const std::string& s = a[2].s;
    const auto offs = runeOffsets(s);
    const std::int64_t l = std::int64_t(offs.size()) - 1;
    end = std::min(end, l);
    start = std::min(start, l);
    auto cut = [&](std::int64_t b, std::int64_t e) {
        return s.substr(offs[std::size_t(b)], offs[std::size_t(e)] - offs[std::size_t(b)]);
    };
    if (start < 0)
        out = Value::str(end < 0 ? std::string() : cut(0, end));
    else if (end < 0)
        out = Value::str(cut(start, l));
    else
        out = Value::str(start > end ? std::string() : cut(start, end));
    return true;
}

bool fnIndent(Args& a, const CallEnv&, Value& out, std::string& err)
{
    std::string pad;
    if (!repeat(a[0].i, " ", pad, err))
        return false;
    out = Value::str(pad + replace(a[1].s, "\n", "\n" + pad, -1));
    return true;
}

bool fnNindent(Args& a, const CallEnv& env, Value& out, std::string& err)
{
    if (!fnIndent(a, env, out, err))
        return false;
    out.s.insert(out.s.begin(), '\n');
    return true;
}

bool fnRepeat(Args& a, const CallEnv&, Value& out, std::string& err)
{
    std::string s;
    if (!repeat(a[0].i, a[1].s, s, err))
        return false;
    out = Value::str(std::move(s));
    return true;
}

bool fnDefault(Args& a, const CallEnv&, Value& out, std::string&)
{
    out = a.size() < 2 || !truth(a[1]) ? a[0] : a[1];
    return true;
}

bool fnFromJson(Args& a, const CallEnv&, Value& out, std::string&)
{
    // json.Unmarshal into interface{}; sprig drops the error, so bad JSON is nil. Wrapping the text in an array
    // lets Qt read a scalar document.
    const QByteArray text = "[" + QByteArray::fromStdString(a[0].s) + "]";
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &e);
    out = {};
    if (e.error == QJsonParseError::NoError && doc.isArray() && doc.array().size() == 1)
        out = fromJsonValue(doc.array().at(0));
    return true;
}

using P = Param;

const Func Strings[] = {
    { "__line__", {}, false, fnLine },
    { "ToLower", { P::String }, false, fnToLower },
    { "ToUpper", { P::String }, false, fnToUpper },
    { "Replace", { P::String, P::String, P::String, P::Int }, false, fnReplace },
    { "Trim", { P::String, P::String }, false, fnTrim },
    { "TrimLeft", { P::String, P::String }, false, fnTrimLeft },
    { "TrimRight", { P::String, P::String }, false, fnTrimRight },
    { "TrimPrefix", { P::String, P::String }, false, fnTrimPrefix },
    { "TrimSuffix", { P::String, P::String }, false, fnTrimSuffix },
    { "TrimSpace", { P::String }, false, fnTrimSpace },
    { "regexReplaceAll", { P::String, P::String, P::String }, false, fnRegexReplaceAll },
    { "regexReplaceAllLiteral", { P::String, P::String, P::String }, false, fnRegexReplaceAllLiteral },
    { "count", { P::String, P::String }, false, fnCount },
    { "urldecode", { P::String }, false, fnUrldecode },
    { "urlencode", { P::String }, false, fnUrlencode },
    { "alignLeft", { P::Int, P::String }, false, fnAlignLeft },
    { "alignRight", { P::Int, P::String }, false, fnAlignRight },
    { "b64enc", { P::String }, false, fnB64enc },
    { "b64dec", { P::String }, false, fnB64dec },
    { "lower", { P::String }, false, fnToLower },
    { "upper", { P::String }, false, fnToUpper },
    { "title", { P::String }, false, fnTitle },
    { "trunc", { P::Int, P::String }, false, fnTrunc },
    { "substr", { P::Int, P::Int, P::String }, false, fnSubstr },
    { "contains", { P::String, P::String }, false, fnContains },
    { "hasPrefix", { P::String, P::String }, false, fnHasPrefix },
    { "hasSuffix", { P::String, P::String }, false, fnHasSuffix },
    { "indent", { P::Int, P::String }, false, fnIndent },
    { "nindent", { P::Int, P::String }, false, fnNindent },
    { "replace", { P::String, P::String, P::String }, false, fnSprigReplace },
    { "repeat", { P::Int, P::String }, false, fnRepeat },
    { "trim", { P::String }, false, fnTrimSpace },
    { "trimAll", { P::String, P::String }, false, fnTrimAll },
    { "trimSuffix", { P::String, P::String }, false, fnSprigTrimSuffix },
    { "trimPrefix", { P::String, P::String }, false, fnSprigTrimPrefix },
    { "default", { P::Any, P::Any }, true, fnDefault },
    { "fromJson", { P::String }, false, fnFromJson },
};

} // namespace

std::span<const Func> stringFuncs()
{
    return Strings;
}

std::string queryEscape(std::string_view s)
{
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += char(c);
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

bool queryUnescape(std::string_view s, std::string& out, std::string& err)
{
    out.clear();
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%') {
            if (i + 2 >= s.size() || hexDigitValue(s[i + 1]) < 0 || hexDigitValue(s[i + 2]) < 0) {
                std::string_view bad = s.substr(i, 3);
                err = "invalid URL escape " + goQuote(bad);
                return false;
            }
            out += char(hexDigitValue(s[i + 1]) * 16 + hexDigitValue(s[i + 2]));
            i += 2;
        } else {
            out += s[i] == '+' ? ' ' : s[i];
        }
    }
    return true;
}

} // namespace sg::logql::tmpl
