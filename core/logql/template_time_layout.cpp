// Go's time.Time formatting with reference layouts (`Mon Jan 2 15:04:05 MST 2006`): the layout scanner shared
// with the parser, calendar arithmetic, Time.Format and Time.String.
#include "template_time.h"

#include <cstdio>

namespace sg::logql::tmpl {

const char* const LongMonths[12] = { "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December" };
const char* const LongDays[7] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" };

// H. Hinnant's days_from_civil / civil_from_days.
std::int64_t daysFromCivil(std::int64_t y, int m, int d)
{
    y -= m <= 2;
    const std::int64_t era = floorDiv(y, 400);
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civilFromDays(std::int64_t z, std::int64_t& y, int& m, int& d)
{
    z += 719468;
    const std::int64_t era = floorDiv(z, 146097);
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

namespace {

bool lowerAt(std::string_view s, std::size_t i)
{
    return i < s.size() && s[i] >= 'a' && s[i] <= 'z';
}

} // namespace

Chunk nextChunk(std::string_view l, std::size_t from)
{
    auto is = [&](std::size_t i, std::string_view w) { return l.substr(i, w.size()) == w; };
    for (std::size_t i = from; i < l.size(); ++i) {
        switch (l[i]) {
        case 'J':
            if (is(i, "January"))
                return { i, 7, Std::LongMonth };
            if (is(i, "Jan") && !lowerAt(l, i + 3))
                return { i, 3, Std::Month };
            break;
        case 'M':
            if (is(i, "Monday"))
                return { i, 6, Std::LongWeekDay };
            if (is(i, "Mon") && !lowerAt(l, i + 3))
                return { i, 3, Std::WeekDay };
            if (is(i, "MST"))
                return { i, 3, Std::TZ };
            break;
        case '0':
            if (i + 1 < l.size() && l[i + 1] >= '1' && l[i + 1] <= '6') {
                static const Std x[]
                    = { Std::ZeroMonth, Std::ZeroDay, Std::ZeroHour12, Std::ZeroMinute, Std::ZeroSecond, Std::Year };
                return { i, 2, x[l[i + 1] - '1'] };
            }
            if (is(i, "002"))
                return { i, 3, Std::ZeroYearDay };
            break;
        case '1':
            if (is(i, "15"))
                return { i, 2, Std::Hour };
            return { i, 1, Std::NumMonth };
        case '2':
            if (is(i, "2006"))
                return { i, 4, Std::LongYear };
            return { i, 1, Std::Day };
        case '_':
            if (is(i, "_2")) {
                if (is(i + 1, "2006"))
                    return { i + 1, 4, Std::LongYear };
                return { i, 2, Std::UnderDay };
            }
            if (is(i, "__2"))
                return { i, 3, Std::UnderYearDay };
            break;
        case '3':
            return { i, 1, Std::Hour12 };
        case '4':
            return { i, 1, Std::Minute };
        case '5':
            return { i, 1, Std::Second };
        case 'P':
            if (is(i, "PM"))
                return { i, 2, Std::PM };
            break;
        case 'p':
            if (is(i, "pm"))
                return { i, 2, Std::pm };
            break;
        case '-':
            if (is(i, "-070000"))
                return { i, 7, Std::NumSecondsTz };
            if (is(i, "-07:00:00"))
                return { i, 9, Std::NumColonSecondsTZ };
            if (is(i, "-0700"))
                return { i, 5, Std::NumTZ };
            if (is(i, "-07:00"))
                return { i, 6, Std::NumColonTZ };
            if (is(i, "-07"))
                return { i, 3, Std::NumShortTZ };
            break;
        case 'Z':
            if (is(i, "Z070000"))
                return { i, 7, Std::ISO8601SecondsTZ };
            if (is(i, "Z07:00:00"))
                return { i, 9, Std::ISO8601ColonSecondsTZ };
            if (is(i, "Z0700"))
                return { i, 5, Std::ISO8601TZ };
            if (is(i, "Z07:00"))
                return { i, 6, Std::ISO8601ColonTZ };
            if (is(i, "Z07"))
                return { i, 3, Std::ISO8601ShortTZ };
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
        default:
            break;
        }
    }
    return { l.size(), 0, Std::None };
}

namespace {

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

} // namespace

Civil civilOf(const Value& t)
{
    const std::int64_t local = t.i + t.offset;
    const std::int64_t days = floorDiv(local, 86400);
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
        case Std::LongMonth:
            out += LongMonths[c.month - 1];
            break;
        case Std::Month:
            out.append(LongMonths[c.month - 1], 3);
            break;
        case Std::NumMonth:
            appendInt(out, c.month, 0);
            break;
        case Std::ZeroMonth:
            appendInt(out, c.month, 2);
            break;
        case Std::LongWeekDay:
            out += LongDays[c.wday];
            break;
        case Std::WeekDay:
            out.append(LongDays[c.wday], 3);
            break;
        case Std::Day:
            appendInt(out, c.day, 0);
            break;
        case Std::UnderDay:
            if (c.day < 10)
                out += ' ';
            appendInt(out, c.day, 0);
            break;
        case Std::ZeroDay:
            appendInt(out, c.day, 2);
            break;
        case Std::UnderYearDay:
            out += c.yday < 100 ? (c.yday < 10 ? "  " : " ") : "";
            appendInt(out, c.yday, 0);
            break;
        case Std::ZeroYearDay:
            appendInt(out, c.yday, 3);
            break;
        case Std::Hour:
            appendInt(out, c.hour, 2);
            break;
        case Std::Hour12:
            appendInt(out, h12, 0);
            break;
        case Std::ZeroHour12:
            appendInt(out, h12, 2);
            break;
        case Std::Minute:
            appendInt(out, c.min, 0);
            break;
        case Std::ZeroMinute:
            appendInt(out, c.min, 2);
            break;
        case Std::Second:
            appendInt(out, c.sec, 0);
            break;
        case Std::ZeroSecond:
            appendInt(out, c.sec, 2);
            break;
        case Std::LongYear:
            appendInt(out, c.year, 4);
            break;
        case Std::Year:
            appendInt(out, ((c.year % 100) + 100) % 100, 2);
            break;
        case Std::PM:
            out += c.hour >= 12 ? "PM" : "AM";
            break;
        case Std::pm:
            out += c.hour >= 12 ? "pm" : "am";
            break;
        case Std::TZ:
            if (!t.s.empty())
                out += t.s;
            else
                appendZone(out, t.offset, false, false, false);
            break;
        case Std::ISO8601TZ:
        case Std::ISO8601SecondsTZ:
        case Std::ISO8601ShortTZ:
        case Std::ISO8601ColonTZ:
        case Std::ISO8601ColonSecondsTZ:
            if (t.offset == 0) {
                out += 'Z';
                break;
            }
            [[fallthrough]];
        case Std::NumTZ:
        case Std::NumSecondsTz:
        case Std::NumShortTZ:
        case Std::NumColonTZ:
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
        case Std::None:
            break;
        }
    }
    return out;
}

std::string timeString(const Value& t)
{
    return formatTime(t, "2006-01-02 15:04:05.999999999 -0700 MST");
}

} // namespace sg::logql::tmpl
