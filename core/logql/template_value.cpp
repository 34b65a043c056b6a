// Template values: construction, Go type names and truth, and fmt's %v printing (Sprint, Sprintln, shortest
// float formatting, strconv.Quote).
#include "template_impl.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace sg::logql::tmpl {

Value Value::str(std::string v)
{
    Value out;
    out.kind = Kind::String;
    out.s = std::move(v);
    return out;
}

Value Value::integer(std::int64_t v)
{
    Value out;
    out.kind = Kind::Int;
    out.i = v;
    return out;
}

Value Value::int64(std::int64_t v)
{
    Value out;
    out.kind = Kind::Int64;
    out.i = v;
    return out;
}

Value Value::real(double v)
{
    Value out;
    out.kind = Kind::Float;
    out.f = v;
    return out;
}

Value Value::boolean(bool v)
{
    Value out;
    out.kind = Kind::Bool;
    out.b = v;
    return out;
}

Value Value::time(std::int64_t sec, std::int32_t nsec, std::int32_t offset, std::string zone)
{
    Value out;
    out.kind = Kind::Time;
    out.i = sec;
    out.nsec = nsec;
    out.offset = offset;
    out.s = std::move(zone);
    return out;
}

std::string typeName(const Value& v)
{
    switch (v.kind) {
    case Value::Kind::Nil:
        return "<nil>";
    case Value::Kind::Bool:
        return "bool";
    case Value::Kind::Int:
        return "int";
    case Value::Kind::Int64:
        return "int64";
    case Value::Kind::Float:
        return "float64";
    case Value::Kind::String:
        return "string";
    case Value::Kind::Time:
        return "time.Time";
    case Value::Kind::List:
        return "[]interface {}";
    case Value::Kind::Map:
        return v.b ? "map[string]string" : "map[string]interface {}";
    case Value::Kind::Labels:
        return "map[string]string";
    }
    return "?";
}

bool truth(const Value& v)
{
    switch (v.kind) {
    case Value::Kind::Nil:
        return false;
    case Value::Kind::Bool:
        return v.b;
    case Value::Kind::Int:
    case Value::Kind::Int64:
        return v.i != 0;
    case Value::Kind::Float:
        return v.f != 0;
    case Value::Kind::String:
        return !v.s.empty();
    case Value::Kind::List:
        return !v.list->empty();
    case Value::Kind::Map:
        return !v.map->empty();
    case Value::Kind::Time:
    case Value::Kind::Labels:
        return true;
    }
    return false;
}

std::string formatFloatShortest(double v)
{
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    if (v == 0)
        return std::signbit(v) ? "-0" : "0";
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    std::string_view sci(buf, std::size_t(res.ptr - buf));
    const bool neg = sci.front() == '-';
    if (neg)
        sci.remove_prefix(1);
    const std::size_t e = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e))
        if (c != '.')
            digits += c;
    int exp = 0;
    std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+'), sci.data() + sci.size(), exp);
    std::string out = neg ? "-" : "";
    // strconv's 'g' with the shortest digits: exponent form below 1e-4 and from 1e+06 (eprec 6).
    if (exp < -4 || exp >= 6) {
        out += digits[0];
        if (digits.size() > 1)
            out.append(".").append(digits, 1);
        char eb[16];
        std::snprintf(eb, sizeof eb, "e%c%02d", exp < 0 ? '-' : '+', std::abs(exp));
        return out + eb;
    }
    if (exp < 0) {
        out.append("0.").append(std::size_t(-exp - 1), '0').append(digits);
    } else if (std::size_t(exp + 1) >= digits.size()) {
        out += digits + std::string(std::size_t(exp + 1) - digits.size(), '0');
    } else {
        out.append(digits, 0, std::size_t(exp + 1)).append(".").append(digits, std::size_t(exp + 1));
    }
    return out;
}

std::string goQuote(std::string_view s)
{
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size();) {
        std::uint32_t r;
        const std::size_t n = decodeRune(s, i, r);
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (r == 0xFFFD && n == 1 && c >= 0x80) {
            char b[8];
            std::snprintf(b, sizeof b, "\\x%02x", c);
            out += b;
        } else if (r == '"' || r == '\\') {
            out += '\\';
            out += char(r);
        } else if (r >= 0x20 && r != 0x7F && (r < 0x80 || r >= 0xA0)) {
            out.append(s.substr(i, n));
        } else {
            switch (r) {
            case '\a':
                out += "\\a";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\v':
                out += "\\v";
                break;
            default: {
                char b[12];
                std::snprintf(b, sizeof b, r < 0x80 ? "\\x%02x" : "\\u%04x", unsigned(r));
                out += b;
            }
            }
        }
        i += n;
    }
    return out + "\"";
}

void appendValue(std::string& out, const Value& v)
{
    switch (v.kind) {
    case Value::Kind::Nil:
        out += "<nil>";
        return;
    case Value::Kind::Bool:
        out += v.b ? "true" : "false";
        return;
    case Value::Kind::Int:
    case Value::Kind::Int64:
        out += std::to_string(v.i);
        return;
    case Value::Kind::Float:
        out += formatFloatShortest(v.f);
        return;
    case Value::Kind::String:
        out += v.s;
        return;
    case Value::Kind::Time:
        out += timeString(v);
        return;
    case Value::Kind::List:
        out += '[';
        for (std::size_t i = 0; i < v.list->size(); ++i) {
            if (i)
                out += ' ';
            appendValue(out, (*v.list)[i]);
        }
        out += ']';
        return;
    case Value::Kind::Map: {
        out += "map[";
        bool first = true;
        for (const auto& [k, e] : *v.map) {
            if (!first)
                out += ' ';
            first = false;
            out += k + ":";
            appendValue(out, e);
        }
        out += ']';
        return;
    }
    case Value::Kind::Labels:
        out += "map[]";
        return;
    }
}

std::string sprint(std::span<const Value> args, bool ln)
{
    std::string out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const bool isStr = args[i].kind == Value::Kind::String;
        if (i > 0 && (ln || (!isStr && args[i - 1].kind != Value::Kind::String)))
            out += ' ';
        appendValue(out, args[i]);
    }
    if (ln)
        out += '\n';
    return out;
}

} // namespace sg::logql::tmpl
