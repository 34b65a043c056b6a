#include "registry.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace sg::metrics {

void appendValue(std::string& out, double v)
{
    if (std::isnan(v)) {
        out += "NaN";
        return;
    }
    if (std::isinf(v)) {
        out += v > 0 ? "+Inf" : "-Inf";
        return;
    }
    char buf[64];
    if (v == std::trunc(v) && std::fabs(v) < 1e15) {
        auto r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v));
        if (v == 0 && std::signbit(v))
            out += '-';
        out.append(buf, r.ptr);
        return;
    }
    // Shortest round-trip digits in scientific form: d[.ddd]e±XX
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    std::string_view sci(buf, r.ptr - buf);
    const auto ePos = sci.find('e');
    const int exp = std::atoi(std::string(sci.substr(ePos + 1)).c_str());
    if (exp < -4 || exp >= 6) {
        out.append(sci); // to_chars already prints at least two exponent digits, as Go does
        return;
    }
    char fixed[64];
    auto f = std::to_chars(fixed, fixed + sizeof fixed, v, std::chars_format::fixed);
    out.append(fixed, f.ptr);
}

std::string formatValue(double v)
{
    std::string s;
    appendValue(s, v);
    return s;
}

std::string escapeHelp(std::string_view help)
{
    std::string out;
    out.reserve(help.size());
    for (char c : help) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

} // namespace sg::metrics
