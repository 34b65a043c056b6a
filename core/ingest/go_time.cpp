#include "go_time.h"

#include <QDateTime>
#include <QTimeZone>

#include <array>
#include <cctype>
#include <charconv>

namespace sg::ingest {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 17> Named { {
    { "ANSIC", "Mon Jan _2 15:04:05 2006" },
    { "UnixDate", "Mon Jan _2 15:04:05 MST 2006" },
    { "RubyDate", "Mon Jan 02 15:04:05 -0700 2006" },
    { "RFC822", "02 Jan 06 15:04 MST" },
    { "RFC822Z", "02 Jan 06 15:04 -0700" },
    { "RFC850", "Monday, 02-Jan-06 15:04:05 MST" },
    { "RFC1123", "Mon, 02 Jan 2006 15:04:05 MST" },
    { "RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700" },
    { "RFC3339", "2006-01-02T15:04:05Z07:00" },
    { "RFC3339Nano", "2006-01-02T15:04:05.999999999Z07:00" },
    { "Kitchen", "3:04PM" },
    { "Stamp", "Jan _2 15:04:05" },
    { "StampMilli", "Jan _2 15:04:05.000" },
    { "StampMicro", "Jan _2 15:04:05.000000" },
    { "StampNano", "Jan _2 15:04:05.000000000" },
    { "DateTime", "2006-01-02 15:04:05" },
    { "DateOnly", "2006-01-02" },
} };

constexpr std::array<std::string_view, 12> LongMonths { "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December" };
constexpr std::array<std::string_view, 7> LongDays { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday" };

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool iequalPrefix(std::string_view value, std::string_view word)
{
    if (value.size() < word.size())
        return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(value[i])) != std::tolower(static_cast<unsigned char>(word[i])))
            return false;
    return true;
}

struct Parsed
{
    int year = -1, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    std::int64_t nanos = 0;
    int yday = -1;
    bool pm = false, hasPm = false;
    bool hasOffset = false;
    int offsetSeconds = 0;
};

/// Reads `min..max` digits.
bool number(std::string_view& v, int minDigits, int maxDigits, int& out)
{
    std::size_t n = 0;
    while (n < v.size() && n < std::size_t(maxDigits) && std::isdigit(static_cast<unsigned char>(v[n])))
        ++n;
    if (n < std::size_t(minDigits))
        return false;
    std::from_chars(v.data(), v.data() + n, out);
    v.remove_prefix(n);
    return true;
}

bool fraction(std::string_view& v, std::int64_t& nanos)
{
    if (v.empty() || (v[0] != '.' && v[0] != ','))
        return false;
    std::size_t n = 1;
    while (n < v.size() && std::isdigit(static_cast<unsigned char>(v[n])))
        ++n;
    if (n == 1)
        return false;
    std::int64_t value = 0;
    for (std::size_t i = 1; i < 10; ++i)
        value = value * 10 + (i < n ? v[i] - '0' : 0);
    nanos = value;
    v.remove_prefix(n);
    return true;
}

bool zoneOffset(std::string_view& v, std::string_view std, Parsed& p)
{
    if (std[0] == 'Z' && !v.empty() && v[0] == 'Z') {
        v.remove_prefix(1);
        p.hasOffset = true;
        p.offsetSeconds = 0;
        return true;
    }
    if (v.empty() || (v[0] != '+' && v[0] != '-'))
        return false;
    const int sign = v[0] == '-' ? -1 : 1;
    v.remove_prefix(1);
    int h = 0, m = 0, s = 0;
    if (!number(v, 2, 2, h))
        return false;
    const bool colon = std.find(':') != std::string_view::npos;
    const bool hasMinutes = std.size() > 3 && std != "-07" && std != "Z07";
    if (hasMinutes) {
        if (colon) {
            if (v.empty() || v[0] != ':')
                return false;
            v.remove_prefix(1);
        }
        if (!number(v, 2, 2, m))
            return false;
        if (std.ends_with(":00:00") || std.ends_with("0000") || std == "Z070000" || std == "-070000") {
            if (colon && !v.empty() && v[0] == ':')
                v.remove_prefix(1);
            number(v, 2, 2, s);
        }
    }
    p.hasOffset = true;
    p.offsetSeconds = sign * (h * 3600 + m * 60 + s);
    return true;
}

Result<TimestampNs> fail(std::string_view value, std::string_view layout)
{
    return Error { ErrorCode::BadData,
        "parsing time \"" + std::string(value) + "\" as \"" + std::string(layout) + "\": cannot parse", {} };
}

Result<TimestampNs> parseUnix(std::string_view value, std::string_view format)
{
    std::string_view v = value;
    bool negative = false;
    if (!v.empty() && v[0] == '-') {
        negative = true;
        v.remove_prefix(1);
    }
    std::int64_t whole = 0;
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), whole);
    if (ec != std::errc() || ptr == v.data())
        return fail(value, format);
    v.remove_prefix(std::size_t(ptr - v.data()));
    std::int64_t nanos = 0;
    if (format == "Unix") {
        if (!v.empty() && !fraction(v, nanos))
            return fail(value, format);
        if (!v.empty())
            return fail(value, format);
        const TimestampNs t = whole * 1'000'000'000 + nanos;
        return negative ? -t : t;
    }
    if (!v.empty())
        return fail(value, format);
    const std::int64_t scale = format == "UnixMs" ? 1'000'000 : format == "UnixUs" ? 1'000 : 1;
    return (negative ? -whole : whole) * scale;
}

} // namespace

std::string goLayout(std::string_view format)
{
    for (const auto& [name, layout] : Named)
        if (name == format)
            return std::string(layout);
    return std::string(format);
}

Result<TimestampNs> parseGoTime(std::string_view value, std::string_view format, std::string_view location)
{
    if (format == "Unix" || format == "UnixMs" || format == "UnixUs" || format == "UnixNs")
        return parseUnix(value, format);
    const std::string layoutText = goLayout(format);
    std::string_view layout = layoutText;
    std::string_view v = value;
    Parsed p;
    auto bad = [&] { return fail(value, layoutText); };
    while (!layout.empty()) {
        // Longest tokens first, in the order Go's nextStdChunk recognizes them.
        static constexpr std::string_view Zones[] { "Z07:00:00", "-07:00:00", "Z070000", "-070000", "Z07:00", "-07:00",
            "Z0700", "-0700", "Z07", "-07" };
        const char first = layout[0];
        if (std::string_view("JMZ-0123456_Pp.,").find(first) == std::string_view::npos) {
            if (v.empty() || v[0] != first) // a literal
                return bad();
            v.remove_prefix(1);
            layout.remove_prefix(1);
            continue;
        }
        bool matched = false;
        for (std::string_view z : Zones) {
            if (first != 'Z' && first != '-')
                break;
            if (startsWith(layout, z)) {
                if (!zoneOffset(v, z, p))
                    return bad();
                layout.remove_prefix(z.size());
                matched = true;
                break;
            }
        }
        if (matched)
            continue;
        if (startsWith(layout, "January") || startsWith(layout, "Jan")) {
            const bool isLong = startsWith(layout, "January");
            int found = -1;
            for (int m = 0; m < 12 && found < 0; ++m) {
                const std::string_view name = isLong ? LongMonths[m] : LongMonths[m].substr(0, 3);
                if (iequalPrefix(v, name)) {
                    found = m;
                    v.remove_prefix(name.size());
                }
            }
            if (found < 0)
                return bad();
            p.month = found + 1;
            layout.remove_prefix(isLong ? 7 : 3);
        } else if (startsWith(layout, "Monday") || startsWith(layout, "Mon")) {
            const bool isLong = startsWith(layout, "Monday");
            bool found = false;
            for (std::string_view d : LongDays) {
                const std::string_view name = isLong ? d : d.substr(0, 3);
                if (iequalPrefix(v, name)) {
                    v.remove_prefix(name.size());
                    found = true;
                    break;
                }
            }
            if (!found)
                return bad();
            layout.remove_prefix(isLong ? 6 : 3);
        } else if (startsWith(layout, "MST")) {
            std::size_t n = 0;
            while (n < v.size() && (std::isupper(static_cast<unsigned char>(v[n]))))
                ++n;
            if (n < 3)
                return bad();
            if (v.substr(0, n) == "UTC" || v.substr(0, n) == "GMT") {
                p.hasOffset = true;
                p.offsetSeconds = 0;
            }
            v.remove_prefix(n);
            layout.remove_prefix(3);
        } else if (startsWith(layout, "2006")) {
            if (!number(v, 4, 4, p.year))
                return bad();
            layout.remove_prefix(4);
        } else if (startsWith(layout, "002")) {
            if (!number(v, 3, 3, p.yday))
                return bad();
            layout.remove_prefix(3);
        } else if (startsWith(layout, "01") || startsWith(layout, "02") || startsWith(layout, "03")
            || startsWith(layout, "04") || startsWith(layout, "05") || startsWith(layout, "06")) {
            int* target[] = { &p.month, &p.day, &p.hour, &p.minute, &p.second, &p.year };
            const int which = layout[1] - '1';
            if (!number(v, 2, 2, *target[which]))
                return bad();
            if (which == 5)
                p.year += p.year >= 69 ? 1900 : 2000;
            layout.remove_prefix(2);
            if (which == 4 && !(layout.size() > 1 && (layout[0] == '.' || layout[0] == ',')
                                  && (layout[1] == '0' || layout[1] == '9')))
                fraction(v, p.nanos); // Go accepts a fraction after seconds the layout does not show
        } else if (startsWith(layout, "15")) {
            if (!number(v, 1, 2, p.hour))
                return bad();
            layout.remove_prefix(2);
        } else if (startsWith(layout, "_2")) {
            if (!v.empty() && v[0] == ' ')
                v.remove_prefix(1);
            if (!number(v, 1, 2, p.day))
                return bad();
            layout.remove_prefix(2);
        } else if (layout[0] >= '1' && layout[0] <= '5') {
            int* target[] = { &p.month, &p.day, &p.hour, &p.minute, &p.second };
            const int which = layout[0] - '1';
            if (!number(v, 1, 2, *target[which]))
                return bad();
            layout.remove_prefix(1);
            if (which == 4)
                fraction(v, p.nanos);
        } else if (startsWith(layout, "PM") || startsWith(layout, "pm")) {
            if (iequalPrefix(v, "PM"))
                p.pm = true;
            else if (!iequalPrefix(v, "AM"))
                return bad();
            p.hasPm = true;
            v.remove_prefix(2);
            layout.remove_prefix(2);
        } else if ((layout[0] == '.' || layout[0] == ',') && layout.size() > 1 && (layout[1] == '0' || layout[1] == '9')) {
            const char digit = layout[1];
            std::size_t n = 1;
            while (n < layout.size() && layout[n] == digit)
                ++n;
            if (n < layout.size() && std::isdigit(static_cast<unsigned char>(layout[n]))) {
                // not a fraction: a literal separator followed by digits
                if (v.empty() || v[0] != layout[0])
                    return bad();
                v.remove_prefix(1);
                layout.remove_prefix(1);
                continue;
            }
            if (!fraction(v, p.nanos) && digit == '0')
                return bad();
            layout.remove_prefix(n);
        } else {
            if (v.empty() || v[0] != layout[0])
                return bad();
            v.remove_prefix(1);
            layout.remove_prefix(1);
        }
    }
    if (!v.empty())
        return Error { ErrorCode::BadData,
            "parsing time \"" + std::string(value) + "\": extra text \"" + std::string(v) + "\"", {} };
    if (p.hasPm) {
        if (p.hour == 12)
            p.hour = 0;
        if (p.pm)
            p.hour += 12;
    }
    QTimeZone zone = QTimeZone::utc();
    if (!location.empty() && !p.hasOffset) {
        zone = QTimeZone(QByteArray(location.data(), qsizetype(location.size())));
        if (!zone.isValid())
            return Error { ErrorCode::BadData, "unknown time zone " + std::string(location), {} };
    }
    if (p.year < 0)
        p.year = QDate::currentDate().year();
    QDate date(p.year, p.month, p.day);
    if (p.yday > 0)
        date = QDate(p.year, 1, 1).addDays(p.yday - 1);
    const QTime time(p.hour, p.minute, p.second);
    if (!date.isValid() || !time.isValid())
        return bad();
    const QDateTime dt = p.hasOffset ? QDateTime(date, time, QTimeZone(p.offsetSeconds)) : QDateTime(date, time, zone);
    // nanoseconds since 1970 in an int64 reach from 1677 to 2262 (found by fuzzing: a year 2803 overflowed)
    TimestampNs ns = 0;
    if (__builtin_mul_overflow(TimestampNs(dt.toSecsSinceEpoch()), TimestampNs(1'000'000'000), &ns)
        || __builtin_add_overflow(ns, TimestampNs(p.nanos), &ns))
        return Error { ErrorCode::BadData, "time " + std::string(value) + " is outside 1677-2262", {} };
    return ns;
}

} // namespace sg::ingest
