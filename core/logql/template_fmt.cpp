// Go's fmt.Sprintf for templates: verbs, flags, width and precision, and the %!verb(type=value) error forms.
#include "template_impl.h"

#include "core/common/utf8.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace sg::logql::tmpl {

namespace {

struct Spec
{
    bool plus = false, minus = false, sharp = false, zero = false, space = false;
    int width = -1, prec = -1;
    char verb = 'v';
};

std::size_t runeCount(std::string_view s)
{
    std::size_t n = 0;
    for (char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

// Pads to the width; zeros go after a sign when `numeric`.
void pad(std::string& out, std::string s, const Spec& sp, bool numeric)
{
    const std::size_t n = runeCount(s);
    if (sp.width < 0 || n >= std::size_t(sp.width)) {
        out += s;
        return;
    }
    const std::size_t fill = std::size_t(sp.width) - n;
    if (sp.minus) {
        out += s + std::string(fill, ' ');
    } else if (sp.zero) {
        std::size_t signLen = numeric && !s.empty() && (s[0] == '-' || s[0] == '+' || s[0] == ' ') ? 1 : 0;
        out += s.substr(0, signLen) + std::string(fill, '0') + s.substr(signLen);
    } else {
        out += std::string(fill, ' ') + s;
    }
}

bool formatInt(std::string& out, std::int64_t v, const Spec& sp)
{
    int base = 10;
    const char* digits = "0123456789abcdef";
    std::string prefix;
    switch (sp.verb) {
    case 'v':
    case 'd':
        break;
    case 'b':
        base = 2;
        if (sp.sharp)
            prefix = "0b";
        break;
    case 'o':
        base = 8;
        if (sp.sharp)
            prefix = "0";
        break;
    case 'O':
        base = 8;
        prefix = "0o";
        break;
    case 'x':
        base = 16;
        if (sp.sharp)
            prefix = "0x";
        break;
    case 'X':
        base = 16;
        digits = "0123456789ABCDEF";
        if (sp.sharp)
            prefix = "0X";
        break;
    case 'c': {
        std::string s;
        appendUtf8(s, v < 0 || v > 0x10FFFF ? 0xFFFD : std::uint32_t(v));
        pad(out, s, sp, false);
        return true;
    }
    case 'q': {
        std::string s;
        appendUtf8(s, v < 0 || v > 0x10FFFF ? 0xFFFD : std::uint32_t(v));
        std::string q = goQuote(s);
        q.front() = q.back() = '\'';
        pad(out, q, sp, false);
        return true;
    }
    case 'U': {
        char b[24];
        std::snprintf(b, sizeof b, "U+%04llX", static_cast<unsigned long long>(v));
        pad(out, b, sp, false);
        return true;
    }
    default:
        return false;
    }
    unsigned long long mag = v < 0 ? 0ULL - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
    std::string num;
    do {
        num.insert(num.begin(), digits[mag % unsigned(base)]);
        mag /= unsigned(base);
    } while (mag);
    if (sp.prec >= 0 && num.size() < std::size_t(sp.prec))
        num.insert(0, std::size_t(sp.prec) - num.size(), '0');
    if (sp.prec == 0 && v == 0)
        num.clear();
    const std::string sign = v < 0 ? "-" : sp.plus ? "+" : sp.space ? " " : "";
    std::string s = sign + prefix + num;
    if (sp.zero && !sp.minus && sp.prec < 0 && sp.width > 0 && s.size() < std::size_t(sp.width)) {
        s = sign + prefix + std::string(std::size_t(sp.width) - s.size(), '0') + num;
    }
    pad(out, s, sp, true);
    return true;
}

bool formatFloat(std::string& out, double v, const Spec& sp)
{
    char verb = sp.verb;
    if (verb != 'v' && verb != 'e' && verb != 'E' && verb != 'f' && verb != 'F' && verb != 'g' && verb != 'G')
        return false;
    std::string s;
    if (std::isnan(v) || std::isinf(v)) {
        s = std::isnan(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
        Spec np = sp;
        np.zero = false;
        pad(out, s, np, false);
        return true;
    }
    if ((verb == 'v' || verb == 'g' || verb == 'G') && sp.prec < 0) {
        s = formatFloatShortest(v);
        if (verb == 'G')
            for (char& c : s)
                c = c == 'e' ? 'E' : c;
    } else {
        if (verb == 'v')
            verb = 'g';
        if (verb == 'F')
            verb = 'f';
        char fmt[16];
        std::snprintf(fmt, sizeof fmt, "%%%s.%d%c", sp.sharp ? "#" : "", sp.prec < 0 ? 6 : sp.prec, verb);
        const int n = std::snprintf(nullptr, 0, fmt, v);
        s.resize(std::size_t(n) + 1);
        std::snprintf(s.data(), s.size(), fmt, v);
        s.resize(std::size_t(n));
    }
    if (!s.empty() && s[0] != '-' && (sp.plus || sp.space))
        s.insert(s.begin(), sp.plus ? '+' : ' ');
    pad(out, s, sp, true);
    return true;
}

void badVerb(std::string& out, char verb, const Value& v)
{
    out += "%!";
    out += verb;
    out += '(';
    if (v.kind == Value::Kind::Nil) {
        out += "<nil>)";
        return;
    }
    out += typeName(v) + "=";
    appendValue(out, v);
    out += ')';
}

void formatOne(std::string& out, const Value& v, const Spec& sp)
{
    if (sp.verb == 'T') {
        pad(out, typeName(v), sp, false);
        return;
    }
    switch (v.kind) {
    case Value::Kind::Nil:
        if (sp.verb == 'v')
            pad(out, "<nil>", sp, false);
        else
            badVerb(out, sp.verb, v);
        return;
    case Value::Kind::Bool:
        if (sp.verb == 'v' || sp.verb == 't')
            pad(out, v.b ? "true" : "false", sp, false);
        else
            badVerb(out, sp.verb, v);
        return;
    case Value::Kind::Int:
    case Value::Kind::Int64:
        if (!formatInt(out, v.i, sp))
            badVerb(out, sp.verb, v);
        return;
    case Value::Kind::Float:
        if (!formatFloat(out, v.f, sp))
            badVerb(out, sp.verb, v);
        return;
    case Value::Kind::String:
    case Value::Kind::Time: {
        const std::string s = v.kind == Value::Kind::Time ? timeString(v) : v.s;
        if (sp.verb == 'v' || sp.verb == 's') {
            std::string t = s;
            if (sp.prec >= 0) {
                auto offs = runeOffsets(s);
                if (std::size_t(sp.prec) + 1 < offs.size())
                    t = s.substr(0, offs[std::size_t(sp.prec)]);
            }
            pad(out, t, sp, false);
        } else if (sp.verb == 'q') {
            pad(out, goQuote(s), sp, false);
        } else if ((sp.verb == 'x' || sp.verb == 'X') && v.kind == Value::Kind::String) {
            std::string h;
            char b[4];
            for (char c : s) {
                std::snprintf(b, sizeof b, sp.verb == 'x' ? "%02x" : "%02X", static_cast<unsigned char>(c));
                h += b;
            }
            pad(out, h, sp, false);
        } else {
            badVerb(out, sp.verb, v);
        }
        return;
    }
    case Value::Kind::List: {
        out += '[';
        Spec inner = sp;
        for (std::size_t i = 0; i < v.list->size(); ++i) {
            if (i)
                out += ' ';
            formatOne(out, (*v.list)[i], inner);
        }
        out += ']';
        return;
    }
    case Value::Kind::Map:
    case Value::Kind::Labels: {
        out += "map[";
        bool first = true;
        if (v.map)
            for (const auto& [k, e] : *v.map) {
                if (!first)
                    out += ' ';
                first = false;
                formatOne(out, Value::str(k), sp);
                out += ':';
                formatOne(out, e, sp);
            }
        out += ']';
        return;
    }
    }
}

} // namespace

std::string sprintf(std::string_view f, std::span<const Value> args)
{
    std::string out;
    std::size_t arg = 0;
    for (std::size_t i = 0; i < f.size();) {
        if (f[i] != '%') {
            std::size_t j = f.find('%', i);
            if (j == std::string_view::npos)
                j = f.size();
            out.append(f.substr(i, j - i));
            i = j;
            continue;
        }
        ++i;
        Spec sp;
        for (; i < f.size(); ++i) {
            char c = f[i];
            if (c == '+')
                sp.plus = true;
            else if (c == '-')
                sp.minus = true;
            else if (c == '#')
                sp.sharp = true;
            else if (c == '0')
                sp.zero = true;
            else if (c == ' ')
                sp.space = true;
            else
                break;
        }
        // Go's fmt: widths and precisions above 1e6 are refused (BADWIDTH / BADPREC from an argument; a literal one
        // consumes the rest of the format).
        bool tooLarge = false;
        auto number = [&](int& dst, const char* bad) {
            if (i < f.size() && f[i] == '*') {
                ++i;
                if (arg < args.size() && args[arg].isInt() && args[arg].i >= -1'000'000 && args[arg].i <= 1'000'000) {
                    dst = int(args[arg++].i);
                    if (dst < 0 && bad[3] == 'W') {
                        sp.minus = true;
                        dst = -dst;
                    } else if (dst < 0) {
                        dst = -1;
                    }
                } else {
                    out += bad;
                    if (arg < args.size())
                        ++arg;
                }
                return;
            }
            if (i < f.size() && f[i] >= '0' && f[i] <= '9') {
                dst = 0;
                while (i < f.size() && f[i] >= '0' && f[i] <= '9') {
                    dst = dst * 10 + (f[i++] - '0');
                    if (dst > 1'000'000) {
                        tooLarge = true;
                        i = f.size();
                    }
                }
            }
        };
        number(sp.width, "%!(BADWIDTH)");
        if (i < f.size() && f[i] == '.') {
            ++i;
            sp.prec = 0;
            number(sp.prec, "%!(BADPREC)");
        }
        if (tooLarge || i >= f.size()) {
            out += "%!(NOVERB)";
            break;
        }
        std::uint32_t r;
        const std::size_t n = decodeRune(f, i, r);
        sp.verb = n == 1 ? f[i] : '?';
        i += n;
        if (sp.verb == '%') {
            out += '%';
            continue;
        }
        if (arg >= args.size()) {
            out += "%!";
            out.append(f.substr(i - n, n));
            out += "(MISSING)";
            continue;
        }
        const Value& v = args[arg++];
        const char known[] = "vTtbcdoOqxXUeEfFgGs";
        if (std::string_view(known).find(sp.verb) == std::string_view::npos) {
            out += "%!";
            out.append(f.substr(i - n, n));
            out += '(';
            if (v.kind == Value::Kind::Nil) {
                out += "<nil>";
            } else {
                out += typeName(v) + "=";
                appendValue(out, v);
            }
            out += ')';
            continue;
        }
        formatOne(out, v, sp);
    }
    if (arg < args.size()) {
        out += "%!(EXTRA ";
        for (std::size_t k = arg; k < args.size(); ++k) {
            if (k > arg)
                out += ", ";
            out += typeName(args[k]) + "=";
            appendValue(out, args[k]);
        }
        out += ')';
    }
    return out;
}

} // namespace sg::logql::tmpl
