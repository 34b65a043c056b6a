// Time in LogQL templates: Go's time.Time formatting and parsing with reference layouts, the methods a template
// may call on a time, and the time functions (__timestamp__, now, date, toDate, toDateInZone, unixEpoch*,
// unixToTime). "Local" is the server zone, which Sightglass takes as UTC.
#include "template_impl.h"

#include <QByteArray>
#include <QDateTime>
#include <QTimeZone>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>

namespace sg::logql::tmpl {

namespace {

constexpr std::int64_t FloorDiv(std::int64_t a, std::int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms).
std::int64_t daysFromCivil(std::int64_t y, int m, int d)
{
    y -= m <= 2;
    const std::int64_t era = FloorDiv(y, 400);
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civilFromDays(std::int64_t z, std::int64_t& y, int& m, int& d)
{
    z += 719468;
    const std::int64_t era = FloorDiv(z, 146097);
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    d = int(doy - (153 * mp + 2) / 5 + 1);
    m = int(mp < 10 ? mp + 3 : mp - 9);
    y = yoe + era * 400 + (m <= 2);
}

bool isLeap(std::int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

const char* const LongMonths[] = { "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December" };
const char* const LongDays[] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" };

enum class Std {
    None, LongMonth, Month, NumMonth, ZeroMonth, LongWeekDay, WeekDay, Day, UnderDay, ZeroDay, UnderYearDay,
    ZeroYearDay, Hour, Hour12, ZeroHour12, Minute, ZeroMinute, Second, ZeroSecond, LongYear, Year, PM, pm, TZ,
    ISO8601TZ, ISO8601SecondsTZ, ISO8601ShortTZ, ISO8601ColonTZ, ISO8601ColonSecondsTZ, NumTZ, NumSecondsTz,
    NumShortTZ, NumColonTZ, NumColonSecondsTZ, Frac0, Frac9
};

struct Chunk
{
    std::size_t at = 0, len = 0;  // the std element's position in the layout
    Std std = Std::None;
    int digits = 0;               // fractional seconds
};

bool lowerAt(std::string_view s, std::size_t i)
{
    return i < s.size() && s[i] >= 'a' && s[i] <= 'z';
}

// Go's nextStdChunk: the first std element at or after `from`.
Chunk nextChunk(std::string_view l, std::size_t from)
{
    auto is = [&](std::size_t i, std::string_view w) { return l.substr(i, w.size()) == w; };
    for (std::size_t i = from; i < l.size(); ++i) {
        switch (l[i]) {
        case 'J':
            if (is(i, "January")) return { i, 7, Std::LongMonth };
            if (is(i, "Jan") && !lowerAt(l, i + 3)) return { i, 3, Std::Month };
            break;
        case 'M':
            if (is(i, "Monday")) return { i, 6, Std::LongWeekDay };
            if (is(i, "Mon") && !lowerAt(l, i + 3)) return { i, 3, Std::WeekDay };
            if (is(i, "MST")) return { i, 3, Std::TZ };
            break;
        case '0':
            if (i + 1 < l.size() && l[i + 1] >= '1' && l[i + 1] <= '6') {
                static const Std x[] = { Std::ZeroMonth, Std::ZeroDay, Std::ZeroHour12, Std::ZeroMinute,
                    Std::ZeroSecond, Std::Year };
                return { i, 2, x[l[i + 1] - '1'] };
            }
            if (is(i, "002")) return { i, 3, Std::ZeroYearDay };
            break;
        case '1':
            if (is(i, "15")) return { i, 2, Std::Hour };
            return { i, 1, Std::NumMonth };
        case '2':
            if (is(i, "2006")) return { i, 4, Std::LongYear };
            return { i, 1, Std::Day };
        case '_':
            if (is(i, "_2")) {
                if (is(i + 1, "2006")) return { i + 1, 4, Std::LongYear };
                return { i, 2, Std::UnderDay };
            }
            if (is(i, "__2")) return { i, 3, Std::UnderYearDay };
            break;
        case '3': return { i, 1, Std::Hour12 };
        case '4': return { i, 1, Std::Minute };
        case '5': return { i, 1, Std::Second };
        case 'P': if (is(i, "PM")) return { i, 2, Std::PM }; break;
        case 'p': if (is(i, "pm")) return { i, 2, Std::pm }; break;
        case '-':
            if (is(i, "-070000")) return { i, 7, Std::NumSecondsTz };
            if (is(i, "-07:00:00")) return { i, 9, Std::NumColonSecondsTZ };
            if (is(i, "-0700")) return { i, 5, Std::NumTZ };
            if (is(i, "-07:00")) return { i, 6, Std::NumColonTZ };
            if (is(i, "-07")) return { i, 3, Std::NumShortTZ };
            break;
        case 'Z':
            if (is(i, "Z070000")) return { i, 7, Std::ISO8601SecondsTZ };
            if (is(i, "Z07:00:00")) return { i, 9, Std::ISO8601ColonSecondsTZ };
            if (is(i, "Z0700")) return { i, 5, Std::ISO8601TZ };
            if (is(i, "Z07:00")) return { i, 6, Std::ISO8601ColonTZ };
            if (is(i, "Z07")) return { i, 3, Std::ISO8601ShortTZ };
            break;
        case '.':
        case ',':
            if (i + 1 < l.size() && (l[i + 1] == '0' || l[i + 1] == '9')) {
                const char ch = l[i + 1];
                std::size_t j = i + 1;
                while (j < l.size() && l[j] == ch)
                    ++j;
                if (!(j < l.size() && l[j] >= '0' && l[j] <= '9'))
                    return { i, j - i, ch == '0' ? Std::Frac0 : Std::Frac9, int(j - i - 1) };
            }
            break;
        default: break;
        }
    }
    return { l.size(), 0, Std::None };
}

void appendInt(std::string& out, std::int64_t v, int width)
{
    char buf[32];
    if (v < 0) {
        out += '-';
        v = -v;
    }
    std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(v));
    out += buf;
}

void appendZone(std::string& out, std::int32_t offset, bool colon, bool seconds, bool shortForm)
{
    std::int32_t z = offset;
    out += z < 0 ? '-' : '+';
    if (z < 0)
        z = -z;
    appendInt(out, z / 3600, 2);
    if (shortForm)
        return;
    if (colon)
        out += ':';
    appendInt(out, (z / 60) % 60, 2);
    if (seconds) {
        if (colon)
            out += ':';
        appendInt(out, z % 60, 2);
    }
}

struct Civil
{
    std::int64_t year = 1970;
    int month = 1, day = 1, hour = 0, min = 0, sec = 0, yday = 1, wday = 4;
};

Civil civilOf(const Value& t)
{
    const std::int64_t local = t.i + t.offset;
    const std::int64_t days = FloorDiv(local, 86400);
    const std::int64_t rem = local - days * 86400;
    Civil c;
    civilFromDays(days, c.year, c.month, c.day);
    c.hour = int(rem / 3600);
    c.min = int(rem / 60 % 60);
    c.sec = int(rem % 60);
    c.yday = int(days - daysFromCivil(c.year, 1, 1)) + 1;
    c.wday = int(((days % 7) + 11) % 7);
    return c;
}

Value zeroTime()
{
    return Value::time(daysFromCivil(1, 1, 1) * 86400, 0);
}

Value nowTime()
{
    using namespace std::chrono;
    const auto ns = duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
    return Value::time(FloorDiv(ns, 1'000'000'000), std::int32_t(ns - FloorDiv(ns, 1'000'000'000) * 1'000'000'000));
}

Value inUtc(Value t)
{
    t.offset = 0;
    t.s = "UTC";
    return t;
}

} // namespace

std::string formatTime(const Value& t, std::string_view layout)
{
    const Civil c = civilOf(t);
    std::string out;
    std::size_t pos = 0;
    for (;;) {
        const Chunk ch = nextChunk(layout, pos);
        out.append(layout.substr(pos, ch.at - pos));
        if (ch.std == Std::None)
            break;
        pos = ch.at + ch.len;
        const int h12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
        switch (ch.std) {
        case Std::LongMonth: out += LongMonths[c.month - 1]; break;
        case Std::Month: out.append(LongMonths[c.month - 1], 3); break;
        case Std::NumMonth: appendInt(out, c.month, 0); break;
        case Std::ZeroMonth: appendInt(out, c.month, 2); break;
        case Std::LongWeekDay: out += LongDays[c.wday]; break;
        case Std::WeekDay: out.append(LongDays[c.wday], 3); break;
        case Std::Day: appendInt(out, c.day, 0); break;
        case Std::UnderDay: if (c.day < 10) out += ' '; appendInt(out, c.day, 0); break;
        case Std::ZeroDay: appendInt(out, c.day, 2); break;
        case Std::UnderYearDay:
            out += c.yday < 100 ? (c.yday < 10 ? "  " : " ") : "";
            appendInt(out, c.yday, 0);
            break;
        case Std::ZeroYearDay: appendInt(out, c.yday, 3); break;
        case Std::Hour: appendInt(out, c.hour, 2); break;
        case Std::Hour12: appendInt(out, h12, 0); break;
        case Std::ZeroHour12: appendInt(out, h12, 2); break;
        case Std::Minute: appendInt(out, c.min, 0); break;
        case Std::ZeroMinute: appendInt(out, c.min, 2); break;
        case Std::Second: appendInt(out, c.sec, 0); break;
        case Std::ZeroSecond: appendInt(out, c.sec, 2); break;
        case Std::LongYear: appendInt(out, c.year, 4); break;
        case Std::Year: appendInt(out, ((c.year % 100) + 100) % 100, 2); break;
        case Std::PM: out += c.hour >= 12 ? "PM" : "AM"; break;
        case Std::pm: out += c.hour >= 12 ? "pm" : "am"; break;
        case Std::TZ:
            if (!t.s.empty())
                out += t.s;
            else
                appendZone(out, t.offset, false, false, false);
            break;
        case Std::ISO8601TZ: case Std::ISO8601SecondsTZ: case Std::ISO8601ShortTZ: case Std::ISO8601ColonTZ:
        case Std::ISO8601ColonSecondsTZ:
            if (t.offset == 0) {
                out += 'Z';
                break;
            }
            [[fallthrough]];
        case Std::NumTZ: case Std::NumSecondsTz: case Std::NumShortTZ: case Std::NumColonTZ:
        case Std::NumColonSecondsTZ: {
            const bool colon = ch.std == Std::ISO8601ColonTZ || ch.std == Std::ISO8601ColonSecondsTZ
                || ch.std == Std::NumColonTZ || ch.std == Std::NumColonSecondsTZ;
            const bool secs = ch.std == Std::ISO8601SecondsTZ || ch.std == Std::ISO8601ColonSecondsTZ
                || ch.std == Std::NumSecondsTz || ch.std == Std::NumColonSecondsTZ;
            appendZone(out, t.offset, colon, secs, ch.std == Std::ISO8601ShortTZ || ch.std == Std::NumShortTZ);
            break;
        }
        case Std::Frac0:
        case Std::Frac9: {
            char buf[16];
            std::snprintf(buf, sizeof buf, "%09d", int(t.nsec));
            std::string digits(buf, std::size_t(std::min(ch.digits, 9)));
            if (ch.std == Std::Frac9) {
                while (!digits.empty() && digits.back() == '0')
                    digits.pop_back();
                if (digits.empty())
                    break;
            }
            out += layout[ch.at];
            out += digits;
            break;
        }
        case Std::None: break;
        }
    }
    return out;
}

std::string timeString(const Value& t)
{
    return formatTime(t, "2006-01-02 15:04:05.999999999 -0700 MST");
}

bool parseTime(std::string_view layout, std::string_view v, std::string_view zone, Value& out, std::string& err)
{
    err = "cannot parse";
    Civil c;
    c.year = 1;  // Go's zero year when the layout has none
    std::int32_t nsec = 0;
    bool pm = false, am = false;
    int zoneOffset = -1;
    bool utc = false;
    std::string zoneName;
    std::size_t pos = 0;
    auto digits = [&](int minN, int maxN, int& dst) {
        int n = 0, val = 0;
        while (n < maxN && n < int(v.size()) && v[std::size_t(n)] >= '0' && v[std::size_t(n)] <= '9')
            val = val * 10 + (v[std::size_t(n++)] - '0');
        if (n < minN)
            return false;
        dst = val;
        v.remove_prefix(std::size_t(n));
        return true;
    };
    auto lookup = [&](const char* const* names, int count, bool shortNames, int& idx) {
        for (int k = 0; k < count; ++k) {
            std::string_view name = names[k];
            if (shortNames)
                name = name.substr(0, 3);
            if (v.size() >= name.size() && QByteArray(v.data(), qsizetype(name.size())).compare(
                    QByteArray(name.data(), qsizetype(name.size())), Qt::CaseInsensitive) == 0) {
                idx = k;
                v.remove_prefix(name.size());
                return true;
            }
        }
        return false;
    };
    for (;;) {
        const Chunk ch = nextChunk(layout, pos);
        const std::string_view lit = layout.substr(pos, ch.at - pos);
        if (v.substr(0, lit.size()) != lit)
            return false;
        v.remove_prefix(lit.size());
        if (ch.std == Std::None)
            break;
        pos = ch.at + ch.len;
        int n = 0;
        switch (ch.std) {
        case Std::LongYear: {
            if (v.size() < 4 || !digits(4, 4, n))
                return false;
            c.year = n;
            break;
        }
        case Std::Year:
            if (!digits(2, 2, n))
                return false;
            c.year = n >= 69 ? 1900 + n : 2000 + n;
            break;
        case Std::LongMonth:
        case Std::Month:
            if (!lookup(LongMonths, 12, ch.std == Std::Month, n))
                return false;
            c.month = n + 1;
            break;
        case Std::NumMonth:
        case Std::ZeroMonth:
            if (!digits(ch.std == Std::ZeroMonth ? 2 : 1, 2, n) || n < 1 || n > 12)
                return false;
            c.month = n;
            break;
        case Std::LongWeekDay:
        case Std::WeekDay:
            if (!lookup(LongDays, 7, ch.std == Std::WeekDay, n))
                return false;
            break;
        case Std::UnderDay:
            if (!v.empty() && v[0] == ' ')
                v.remove_prefix(1);
            [[fallthrough]];
        case Std::Day:
        case Std::ZeroDay:
            if (!digits(ch.std == Std::ZeroDay ? 2 : 1, 2, n) || n < 1 || n > 31)
                return false;
            c.day = n;
            break;
        case Std::UnderYearDay:
        case Std::ZeroYearDay:
            while (ch.std == Std::UnderYearDay && !v.empty() && v[0] == ' ')
                v.remove_prefix(1);
            if (!digits(ch.std == Std::ZeroYearDay ? 3 : 1, 3, n))
                return false;
            break;
        case Std::Hour:
            if (!digits(1, 2, n) || n > 23)
                return false;
            c.hour = n;
            break;
        case Std::Hour12:
        case Std::ZeroHour12:
            if (!digits(ch.std == Std::ZeroHour12 ? 2 : 1, 2, n) || n > 12)
                return false;
            c.hour = n;
            break;
        case Std::Minute:
        case Std::ZeroMinute:
            if (!digits(ch.std == Std::ZeroMinute ? 2 : 1, 2, n) || n > 59)
                return false;
            c.min = n;
            break;
        case Std::Second:
        case Std::ZeroSecond: {
            if (!digits(ch.std == Std::ZeroSecond ? 2 : 1, 2, n) || n > 59)
                return false;
            c.sec = n;
            // A fractional second in the value that the layout does not spell out.
            const Chunk next = nextChunk(layout, pos);
            if (v.size() >= 2 && (v[0] == '.' || v[0] == ',') && v[1] >= '0' && v[1] <= '9'
                && !(next.at == pos && (next.std == Std::Frac0 || next.std == Std::Frac9))) {
                v.remove_prefix(1);
                std::int64_t f = 0;
                int k = 0;
                while (!v.empty() && v[0] >= '0' && v[0] <= '9') {
                    if (k++ < 9)
                        f = f * 10 + (v[0] - '0');
                    v.remove_prefix(1);
                }
                for (; k < 9; ++k)
                    f *= 10;
                nsec = std::int32_t(f);
            }
            break;
        }
        case Std::PM:
        case Std::pm: {
            const std::string_view p = v.substr(0, 2);
            if (p == (ch.std == Std::PM ? "PM" : "pm"))
                pm = true;
            else if (p == (ch.std == Std::PM ? "AM" : "am"))
                am = true;
            else
                return false;
            v.remove_prefix(2);
            break;
        }
        case Std::ISO8601TZ: case Std::ISO8601SecondsTZ: case Std::ISO8601ShortTZ: case Std::ISO8601ColonTZ:
        case Std::ISO8601ColonSecondsTZ:
            if (!v.empty() && v[0] == 'Z') {
                v.remove_prefix(1);
                utc = true;
                break;
            }
            [[fallthrough]];
        case Std::NumTZ: case Std::NumSecondsTz: case Std::NumShortTZ: case Std::NumColonTZ:
        case Std::NumColonSecondsTZ: {
            if (v.empty() || (v[0] != '+' && v[0] != '-'))
                return false;
            const int sign = v[0] == '-' ? -1 : 1;
            v.remove_prefix(1);
            int hh = 0, mm = 0, ss = 0;
            const bool colon = ch.std == Std::ISO8601ColonTZ || ch.std == Std::ISO8601ColonSecondsTZ
                || ch.std == Std::NumColonTZ || ch.std == Std::NumColonSecondsTZ;
            const bool secs = ch.std == Std::ISO8601SecondsTZ || ch.std == Std::ISO8601ColonSecondsTZ
                || ch.std == Std::NumSecondsTz || ch.std == Std::NumColonSecondsTZ;
            const bool shortForm = ch.std == Std::ISO8601ShortTZ || ch.std == Std::NumShortTZ;
            if (!digits(2, 2, hh))
                return false;
            if (!shortForm) {
                if (colon && (v.empty() || v[0] != ':'))
                    return false;
                if (colon)
                    v.remove_prefix(1);
                if (!digits(2, 2, mm))
                    return false;
                if (secs) {
                    if (colon && (v.empty() || v[0] != ':'))
                        return false;
                    if (colon)
                        v.remove_prefix(1);
                    if (!digits(2, 2, ss))
                        return false;
                }
            }
            zoneOffset = sign * (hh * 3600 + mm * 60 + ss);
            break;
        }
        case Std::TZ: {
            if (v.substr(0, 3) == "UTC") {
                v.remove_prefix(3);
                utc = true;
                break;
            }
            std::size_t k = 0;
            while (k < v.size() && k < 5 && v[k] >= 'A' && v[k] <= 'Z')
                ++k;
            if (k < 3)
                return false;
            zoneName = std::string(v.substr(0, k));
            v.remove_prefix(k);
            break;
        }
        case Std::Frac0:
        case Std::Frac9: {
            if (v.empty() || (v[0] != '.' && v[0] != ',')) {
                if (ch.std == Std::Frac0)
                    return false;
                break;
            }
            v.remove_prefix(1);
            std::int64_t f = 0;
            int k = 0;
            while (!v.empty() && v[0] >= '0' && v[0] <= '9' && (ch.std == Std::Frac9 || k < ch.digits)) {
                if (k < 9)
                    f = f * 10 + (v[0] - '0');
                ++k;
                v.remove_prefix(1);
            }
            if (ch.std == Std::Frac0 && k != ch.digits)
                return false;
            for (int z = k; z < 9; ++z)
                f *= 10;
            nsec = std::int32_t(f);
            break;
        }
        case Std::None: break;
        }
    }
    if (!v.empty())
        return false;
    if (pm && c.hour < 12)
        c.hour += 12;
    else if (am && c.hour == 12)
        c.hour = 0;
    static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (c.day > mdays[c.month - 1] + (c.month == 2 && isLeap(c.year)))
        return false;
    const std::int64_t wall = daysFromCivil(c.year, c.month, c.day) * 86400 + c.hour * 3600 + c.min * 60 + c.sec;
    err.clear();
    if (utc) {
        out = Value::time(wall, nsec);
        return true;
    }
    const bool utcZone = zone.empty() || zone == "UTC" || zone == "Local";
    const QTimeZone tz = utcZone ? QTimeZone::utc() : QTimeZone(QByteArray(zone.data(), qsizetype(zone.size())));
    if (zoneOffset != -1) {
        const std::int64_t sec = wall - zoneOffset;
        const QDateTime at = QDateTime::fromSecsSinceEpoch(sec, tz);
        const bool local = tz.offsetFromUtc(at) == zoneOffset;
        out = Value::time(sec, nsec, zoneOffset,
            local ? (utcZone ? std::string("UTC") : tz.abbreviation(at).toStdString()) : std::string());
        return true;
    }
    if (!zoneName.empty()) {
        // An abbreviation the zone does not use gets a zero offset (GMT+h an hour offset), as Go records it.
        const QDateTime at = QDateTime::fromSecsSinceEpoch(wall - tz.offsetFromUtc(QDateTime::fromSecsSinceEpoch(wall, tz)), tz);
        if (tz.abbreviation(at).toStdString() == zoneName) {
            out = Value::time(at.toSecsSinceEpoch(), nsec, tz.offsetFromUtc(at), zoneName);
            return true;
        }
        int off = 0;
        if (zoneName.size() > 3 && zoneName.compare(0, 3, "GMT") == 0)
            off = std::atoi(zoneName.c_str() + 3) * 3600;
        out = Value::time(wall - off, nsec, off, zoneName);
        return true;
    }
    if (utcZone) {
        out = Value::time(wall, nsec);
        return true;
    }
    const std::int64_t days = FloorDiv(wall, 86400);
    std::int64_t y;
    int m, d;
    civilFromDays(days, y, m, d);
    const std::int64_t rem = wall - days * 86400;
    const QDateTime dt(QDate(int(y), m, d), QTime(int(rem / 3600), int(rem / 60 % 60), int(rem % 60)), tz);
    out = Value::time(dt.toSecsSinceEpoch(), nsec, tz.offsetFromUtc(dt), tz.abbreviation(dt).toStdString());
    return true;
}

bool timeMethod(const Value& t, std::string_view name, std::span<const Value> args, Value& out, std::string& err)
{
    const std::size_t want = name == "Format" ? 1 : 0;
    static const std::string_view known[] = { "Unix", "UnixMilli", "UnixMicro", "UnixNano", "Year", "Day", "Hour",
        "Minute", "Second", "Nanosecond", "YearDay", "UTC", "String", "Format" };
    if (std::find(std::begin(known), std::end(known), name) == std::end(known))
        return false;
    if (args.size() != want) {
        err = "wrong number of args for " + std::string(name) + ": want " + std::to_string(want) + " got "
            + std::to_string(args.size());
        return false;
    }
    const Civil c = civilOf(t);
    if (name == "Unix") out = Value::int64(t.i);
    else if (name == "UnixMilli") out = Value::int64(t.i * 1000 + t.nsec / 1'000'000);
    else if (name == "UnixMicro") out = Value::int64(t.i * 1'000'000 + t.nsec / 1000);
    else if (name == "UnixNano") out = Value::int64(t.i * 1'000'000'000 + t.nsec);
    else if (name == "Year") out = Value::integer(c.year);
    else if (name == "Day") out = Value::integer(c.day);
    else if (name == "Hour") out = Value::integer(c.hour);
    else if (name == "Minute") out = Value::integer(c.min);
    else if (name == "Second") out = Value::integer(c.sec);
    else if (name == "Nanosecond") out = Value::integer(t.nsec);
    else if (name == "YearDay") out = Value::integer(c.yday);
    else if (name == "UTC") out = inUtc(t);
    else if (name == "String") out = Value::str(timeString(t));
    else if (args[0].kind != Value::Kind::String) {
        err = "wrong type for value; expected string; got " + typeName(args[0]);
        return false;
    } else {
        out = Value::str(formatTime(t, args[0].s));
    }
    return true;
}

namespace {

using Args = std::vector<Value>;

bool fnTimestamp(Args&, const CallEnv& env, Value& out, std::string&)
{
    const std::int64_t sec = FloorDiv(env.ts, 1'000'000'000);
    out = Value::time(sec, std::int32_t(env.ts - sec * 1'000'000'000));
    return true;
}

bool fnNow(Args&, const CallEnv&, Value& out, std::string&)
{
    out = nowTime();
    return true;
}

bool fnDate(Args& a, const CallEnv&, Value& out, std::string&)
{
    Value t;
    if (a[1].kind == Value::Kind::Time)
        t = inUtc(a[1]);
    else if (a[1].isInt())
        t = Value::time(a[1].i, 0);
    else
        t = nowTime();
    out = Value::str(formatTime(t, a[0].s));
    return true;
}

bool fnToDate(Args& a, const CallEnv&, Value& out, std::string&)
{
    std::string err;
    if (!parseTime(a[0].s, a[1].s, "Local", out, err))
        out = zeroTime();
    return true;
}

bool fnToDateInZone(Args& a, const CallEnv&, Value& out, std::string&)
{
    std::string zone = a[1].s;
    if (zone != "UTC" && zone != "Local" && !zone.empty() && !QTimeZone(QByteArray::fromStdString(zone)).isValid())
        zone = "UTC";
    std::string err;
    if (!parseTime(a[0].s, a[2].s, zone, out, err))
        out = zeroTime();
    return true;
}

bool fnUnixEpoch(Args& a, const CallEnv&, Value& out, std::string&)
{
    out = Value::str(std::to_string(a[0].i));
    return true;
}

bool fnUnixEpochMillis(Args& a, const CallEnv&, Value& out, std::string&)
{
    out = Value::str(std::to_string(a[0].i * 1000 + a[0].nsec / 1'000'000));
    return true;
}

bool fnUnixEpochNanos(Args& a, const CallEnv&, Value& out, std::string&)
{
    out = Value::str(std::to_string(a[0].i * 1'000'000'000 + a[0].nsec));
    return true;
}

// Loki's unixToTime: the digit count tells days (5), seconds (10), ms (13), µs (16) or ns (19).
bool fnUnixToTime(Args& a, const CallEnv&, Value& out, std::string& err)
{
    const std::string& s = a[0].s;
    std::int64_t i = 0;
    std::string_view digits = s;
    if (!digits.empty() && digits[0] == '+')
        digits.remove_prefix(1);
    const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), i);
    if (digits.empty() || r.ptr != digits.data() + digits.size() || (digits[0] == '-' && digits.size() == 1)) {
        err = "unable to parse time '" + s + "': strconv.ParseInt: parsing " + goQuote(s)
            + (r.ec == std::errc::result_out_of_range ? ": value out of range" : ": invalid syntax");
        return false;
    }
    switch (s.size()) {
    case 5: out = Value::time(i * 86400, 0); return true;
    case 10: out = Value::time(i, 0); return true;
    case 13: out = Value::time(FloorDiv(i, 1000), std::int32_t((i - FloorDiv(i, 1000) * 1000) * 1'000'000)); return true;
    case 16:
        out = Value::time(FloorDiv(i, 1'000'000), std::int32_t((i - FloorDiv(i, 1'000'000) * 1'000'000) * 1000));
        return true;
    case 19:
        out = Value::time(FloorDiv(i, 1'000'000'000), std::int32_t(i - FloorDiv(i, 1'000'000'000) * 1'000'000'000));
        return true;
    default: err = "unable to parse time '" + s + "': %!w(<nil>)"; return false;
    }
}

using P = Param;

const Func Times[] = {
    { "__timestamp__", {}, false, fnTimestamp },
    { "now", {}, false, fnNow },
    { "date", { P::String, P::Any }, false, fnDate },
    { "toDate", { P::String, P::String }, false, fnToDate },
    { "toDateInZone", { P::String, P::String, P::String }, false, fnToDateInZone },
    { "unixEpoch", { P::Time }, false, fnUnixEpoch },
    { "unixEpochMillis", { P::Time }, false, fnUnixEpochMillis },
    { "unixEpochNanos", { P::Time }, false, fnUnixEpochNanos },
    { "unixToTime", { P::String }, false, fnUnixToTime },
};

} // namespace

std::span<const Func> timeFuncs()
{
    return Times;
}

} // namespace sg::logql::tmpl
