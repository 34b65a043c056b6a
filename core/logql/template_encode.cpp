// The encoding and pattern functions of LogQL templates: regexReplaceAll, regexReplaceAllLiteral and count with
// Go's regexp semantics (on RE2), urlencode/urldecode (Go's url.QueryEscape), b64enc/b64dec and fromJson.
#include "template_impl.h"

#include "core/common/utf8.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstring>
#include <memory>
#include <re2/re2.h>
#include <unordered_map>

namespace sg::logql::tmpl {

namespace {

using Args = std::vector<Value>;

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
template <typename F> void eachMatch(const RE2& re, std::string_view s, F each)
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

Value fromJsonValue(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        return Value::boolean(v.toBool());
    case QJsonValue::Double:
        return Value::real(v.toDouble());
    case QJsonValue::String:
        return Value::str(v.toString().toStdString());
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
    default:
        return {};
    }
}

bool fnUrlencode(Args& a, const CallEnv&, Value& out, std::string&)
{
    out = Value::str(queryEscape(a[0].s));
    return true;
}

bool fnB64enc(Args& a, const CallEnv&, Value& out, std::string&)
{
    out = Value::str(b64encode(a[0].s));
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

bool fnB64dec(Args& a, const CallEnv&, Value& out, std::string&)
{
    std::string s, err;
    // sprig returns the error text as the result.
    out = Value::str(b64decode(a[0].s, s, err) ? std::move(s) : std::move(err));
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

const Func Encodings[] = {
    { "regexReplaceAll", { P::String, P::String, P::String }, false, fnRegexReplaceAll },
    { "regexReplaceAllLiteral", { P::String, P::String, P::String }, false, fnRegexReplaceAllLiteral },
    { "count", { P::String, P::String }, false, fnCount },
    { "urldecode", { P::String }, false, fnUrldecode },
    { "urlencode", { P::String }, false, fnUrlencode },
    { "b64enc", { P::String }, false, fnB64enc },
    { "b64dec", { P::String }, false, fnB64dec },
    { "fromJson", { P::String }, false, fnFromJson },
};

} // namespace

std::span<const Func> encodingFuncs()
{
    return Encodings;
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
