#include "json_writer.h"

#include "core/common/go_format.h"

#include <QDateTime>

#include <charconv>
#include <cstdint>

namespace sg::api {

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
    // Prometheus writes strconv.FormatFloat(v, 'f', -1, 64): the shortest digits that round-trip, then zeros
    // (2^64 is "18446744073709552000", not its exact "18446744073709551616"); NaN, +Inf, -Inf.
    return goFixedFloat(v);
}

void appendSampleValue(std::string& out, double v)
{
    out.push_back('"');
    appendGoFixedFloat(out, v);
    out.push_back('"');
}

void appendTimestampSeconds(std::string& out, TimestampMs t)
{
    // Unsigned: the magnitude of the earliest time does not fit int64.
    std::uint64_t magnitude = t < 0 ? 0 - std::uint64_t(t) : std::uint64_t(t);
    if (t < 0)
        out.push_back('-');
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, magnitude / 1000).ptr);
    const unsigned fraction = unsigned(magnitude % 1000);
    if (fraction != 0) {
        const char millis[4]
            = { '.', char('0' + fraction / 100), char('0' + fraction / 10 % 10), char('0' + fraction % 10) };
        out.append(millis, 4);
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
