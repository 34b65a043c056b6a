// Go's time.ParseInLocation for toDate and toDateInZone: the value read against a reference layout, in a zone
// (an IANA name through QTimeZone; "Local", the server zone, is UTC).
#include "template_time.h"

#include <QByteArray>
#include <QDateTime>
#include <QTimeZone>
#include <cstdlib>

namespace sg::logql::tmpl {

bool parseTime(std::string_view layout, std::string_view v, std::string_view zone, Value& out, std::string& err)
{
    err = "cannot parse";
    Civil c;
    c.year = 0; // Go: an omitted year is year 0
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
            if (v.size() >= name.size()
                && QByteArray(v.data(), qsizetype(name.size()))
                        .compare(QByteArray(name.data(), qsizetype(name.size())), Qt::CaseInsensitive)
                    == 0) {
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
        case Std::ISO8601TZ:
        case Std::ISO8601SecondsTZ:
        case Std::ISO8601ShortTZ:
        case Std::ISO8601ColonTZ:
        case Std::ISO8601ColonSecondsTZ:
            if (!v.empty() && v[0] == 'Z') {
                v.remove_prefix(1);
                utc = true;
                break;
            }
            [[fallthrough]];
        case Std::NumTZ:
        case Std::NumSecondsTz:
        case Std::NumShortTZ:
        case Std::NumColonTZ:
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
        case Std::None:
            break;
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
        const QDateTime at
            = QDateTime::fromSecsSinceEpoch(wall - tz.offsetFromUtc(QDateTime::fromSecsSinceEpoch(wall, tz)), tz);
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
    const std::int64_t days = floorDiv(wall, 86400);
    std::int64_t y;
    int m, d;
    civilFromDays(days, y, m, d);
    const std::int64_t rem = wall - days * 86400;
    const QDateTime dt(QDate(int(y), m, d), QTime(int(rem / 3600), int(rem / 60 % 60), int(rem % 60)), tz);
    out = Value::time(dt.toSecsSinceEpoch(), nsec, tz.offsetFromUtc(dt), tz.abbreviation(dt).toStdString());
    return true;
}

} // namespace sg::logql::tmpl
