// String functions of LogQL templates: Loki's own (Go's strings package, alignLeft/alignRight) and sprig's (the
// subject is the LAST argument: `trimPrefix "pre" .x`), plus default and __line__.
#include "template_impl.h"

#include "core/common/utf8.h"

#include <QChar>

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
    // Go maps rune by rune (simple case mapping: "ß" stays), an invalid byte becoming U+FFFD.
    std::string out;
    out.reserve(s.size());
    std::uint32_t r;
    for (std::size_t i = 0; i < s.size();) {
        i += decodeRune(s, i, r);
        appendUtf8(out, upper ? QChar::toUpper(char32_t(r)) : QChar::toLower(char32_t(r)));
    }
    return out;
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
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
        return true;
    default:
        return r >= 0x2000 && r <= 0x200A;
    }
}

template <typename Pred> std::string trimRunes(std::string_view s, bool left, bool right, Pred drop)
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

#define SG_STR(fn, expr)                                                                                               \
    bool fn(Args& a, const CallEnv&, Value& out, std::string&)                                                         \
    {                                                                                                                  \
        out = Value::str(expr);                                                                                        \
        return true;                                                                                                   \
    }
#define SG_BOOL(fn, expr)                                                                                              \
    bool fn(Args& a, const CallEnv&, Value& out, std::string&)                                                         \
    {                                                                                                                  \
        out = Value::boolean(expr);                                                                                    \
        return true;                                                                                                   \
    }

bool hasPrefix(std::string_view s, std::string_view p)
{
    return s.substr(0, p.size()) == p;
}
bool hasSuffix(std::string_view s, std::string_view p)
{
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
std::string trimPrefix(std::string_view s, std::string_view p)
{
    return std::string(hasPrefix(s, p) ? s.substr(p.size()) : s);
}
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
SG_STR(fnTitle, title(a[0].s))
SG_STR(fnSprigReplace, replace(a[2].s, a[0].s, a[1].s, -1))
SG_STR(fnTrimAll, trimCutset(a[1].s, a[0].s, true, true))
SG_STR(fnSprigTrimPrefix, trimPrefix(a[1].s, a[0].s))
SG_STR(fnSprigTrimSuffix, trimSuffix(a[1].s, a[0].s))
SG_BOOL(fnContains, a[1].s.find(a[0].s) != std::string::npos)
SG_BOOL(fnHasPrefix, hasPrefix(a[1].s, a[0].s))
SG_BOOL(fnHasSuffix, hasSuffix(a[1].s, a[0].s))
#undef SG_STR
#undef SG_BOOL

bool fnLine(Args&, const CallEnv& env, Value& out, std::string&)
{
    out = Value::str(std::string(env.line));
    return true;
}

// Loki's alignLeft / alignRight: pad with spaces or cut to `count` runes.
bool align(Args& a, Value& out, std::string& err, bool left)
{
    const std::int64_t count = a[0].i;
    const std::string& s = a[1].s;
    const auto offs = runeOffsets(s);
    const std::int64_t len = std::int64_t(offs.size()) - 1;
    if (count < 0 || count == len)
        out = Value::str(s);
    else if (count - len > std::int64_t(64 << 20)) {
        err = "strings: Repeat output length overflow";
        return false;
    } else if (count > len)
        out = Value::str(
            left ? s + std::string(std::size_t(count - len), ' ') : std::string(std::size_t(count - len), ' ') + s);
    else
        out = Value::str(left ? s.substr(0, offs[std::size_t(count)]) : s.substr(offs[std::size_t(len - count)]));
    return true;
}

bool fnAlignLeft(Args& a, const CallEnv&, Value& out, std::string& err)
{
    return align(a, out, err, true);
}
bool fnAlignRight(Args& a, const CallEnv&, Value& out, std::string& err)
{
    return align(a, out, err, false);
}

// sprig's trunc and substr, which Loki installs: byte offsets, and substr's out-of-range slices fail with Go's
// runtime panic text.
bool fnTrunc(Args& a, const CallEnv&, Value& out, std::string&)
{
    const std::int64_t c = a[0].i;
    const std::string& s = a[1].s;
    const std::int64_t l = std::int64_t(s.size());
    if (c < 0 && l + c > 0)
        out = Value::str(s.substr(std::size_t(l + c)));
    else if (c >= 0 && l > c)
        out = Value::str(s.substr(0, std::size_t(c)));
    else
        out = Value::str(s);
    return true;
}

bool fnSubstr(Args& a, const CallEnv&, Value& out, std::string& err)
{
    const std::int64_t start = a[0].i, end = a[1].i;
    const std::string& s = a[2].s;
    const std::int64_t l = std::int64_t(s.size());
    // Go's message for a slice expression s[lo:hi] out of range ("" for an omitted bound).
    auto bounds = [&](const std::string& lo, const std::string& hi, bool withLength) {
        err = "runtime error: slice bounds out of range [";
        err.append(lo).append(":").append(hi).append("]");
        if (withLength)
            err.append(" with length ").append(std::to_string(l));
        return false;
    };
    if (start < 0) { // s[:end]
        if (end < 0 || end > l)
            return bounds({}, std::to_string(end), end >= 0);
        out = Value::str(s.substr(0, std::size_t(end)));
    } else if (end < 0 || end > l) { // s[start:]
        if (start > l)
            return bounds(std::to_string(start), std::to_string(l), false);
        out = Value::str(s.substr(std::size_t(start)));
    } else { // s[start:end]
        if (start > end)
            return bounds(std::to_string(start), std::to_string(end), false);
        out = Value::str(s.substr(std::size_t(start), std::size_t(end - start)));
    }
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
    { "alignLeft", { P::Int, P::String }, false, fnAlignLeft },
    { "alignRight", { P::Int, P::String }, false, fnAlignRight },
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
};

} // namespace

std::span<const Func> stringFuncs()
{
    return Strings;
}

} // namespace sg::logql::tmpl
