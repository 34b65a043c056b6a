#include "json_writer.h"

#include <QDateTime>

#include <charconv>
#include <cmath>

namespace sg::api {

namespace {
/// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not valid.
std::size_t utf8SequenceLength(std::string_view s, std::size_t i)
{
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80)
        return 1;
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
        n = 2;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr std::uint32_t minimum[] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (cp < minimum[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}
}

void appendJsonString(std::string& out, std::string_view s)
{
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const std::size_t n = utf8SequenceLength(s, i);
            if (n == 0) {
                out += "\xEF\xBF\xBD";
                ++i;
            } else {
                out.append(s.substr(i, n));
                i += n;
            }
            continue;
        }
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
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
        default:
            if (c < 0x20) {
                out += "\\u00";
                out.push_back(hex[c >> 4]);
                out.push_back(hex[c & 0xF]);
            } else {
                out.push_back(static_cast<char>(c));
            }
        }
        ++i;
    }
    out.push_back('"');
}

std::string formatSampleValue(double v)
{
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    char buf[400];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    if (ec != std::errc())
        return "NaN";
    return std::string(buf, end);
}

void appendSampleValue(std::string& out, double v)
{
    out.push_back('"');
    out += formatSampleValue(v);
    out.push_back('"');
}

void appendTimestampSeconds(std::string& out, TimestampMs t)
{
    if (t < 0) {
        out.push_back('-');
        t = -t;
    }
    out += std::to_string(t / 1000);
    const TimestampMs fraction = t % 1000;
    if (fraction != 0) {
        out.push_back('.');
        if (fraction < 100)
            out.push_back('0');
        if (fraction < 10)
            out.push_back('0');
        out += std::to_string(fraction);
    }
}

void appendLabelsObject(std::string& out, const Labels& labels)
{
    out.push_back('{');
    bool first = true;
    for (const auto& l : labels) {
        if (!first)
            out.push_back(',');
        first = false;
        appendJsonString(out, l.name);
        out.push_back(':');
        appendJsonString(out, l.value);
    }
    out.push_back('}');
}

std::string formatRfc3339(TimestampMs t)
{
    return QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).toString(Qt::ISODateWithMs).toStdString();
}

} // namespace sg::api
