// The "Date & time" units and moment.js' fromNow() (English relative times and thresholds). A port of the date half
// of @grafana/data valueFormats/dateTimeFormatters.ts.
#include "units_p.h"

#include <QDateTime>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::units::detail {
namespace {

/// moment's add(months, 'M') on a broken-down time: the day clamped to the month's length.
qint64 addMonths(const LocalTime& t, qint64 months, const QTimeZone& zone)
{
    const qint64 total = t.year * 12 + t.month + months;
    const qint64 year = floorDiv(total, 12);
    const int month0 = int(total - year * 12);
    const int day = std::min(t.day, daysInMonth(year, month0));
    const qint64 msOfDay = ((qint64(t.hour) * 60 + t.minute) * 60 + t.second) * 1000 + t.ms;
    return compose(year, month0, day, msOfDay, zone);
}

struct MonthsAndMs
{
    double months;
    double ms;
};

/// moment's positiveMomentsDifference: whole months, then the ms left over; base ≤ other.
MonthsAndMs positiveDifference(qint64 base, qint64 other, const QTimeZone& zone)
{
    const LocalTime b = breakDown(base, zone);
    const LocalTime o = breakDown(other, zone);
    qint64 months = o.month - b.month + (o.year - b.year) * 12;
    if (addMonths(b, months, zone) > other)
        --months;
    return { double(months), double(other - addMonths(b, months, zone)) };
}

} // namespace

QString momentFromNow(double epochMs, qint64 nowMs, const QTimeZone& zone)
{
    const std::optional<qint64> value = timeClip(epochMs);
    if (!value)
        return u"Invalid date"_s;
    MonthsAndMs d;
    if (nowMs < *value) {
        d = positiveDifference(nowMs, *value, zone);
    } else {
        d = positiveDifference(*value, nowMs, zone);
        d = { -d.months, -d.ms };
    }
    // Duration.as(): months count as 146097/4800 days for the small units, ms as days/months for the large ones.
    const double months = std::abs(d.months);
    const double ms = std::abs(d.ms);
    const double days = jsRound(months * 146097 / 4800);
    const double seconds = jsRound(days * 86400 + ms / 1000);
    const double minutes = jsRound(days * 1440 + ms / 6e4);
    const double hours = jsRound(days * 24 + ms / 36e5);
    const double wholeDays = jsRound(days + ms / 864e5);
    const double asMonths = months + (ms / 864e5) * 4800 / 146097;
    const double roundedMonths = jsRound(asMonths);
    const double years = jsRound(asMonths / 12);
    QString text;
    const auto count = [](double n, const char16_t* unit) { return jsToString(n) + u' ' + QString::fromUtf16(unit); };
    if (seconds <= 44)
        text = u"a few seconds"_s;
    else if (seconds < 45)
        text = count(seconds, u"seconds");
    else if (minutes <= 1)
        text = u"a minute"_s;
    else if (minutes < 45)
        text = count(minutes, u"minutes");
    else if (hours <= 1)
        text = u"an hour"_s;
    else if (hours < 22)
        text = count(hours, u"hours");
    else if (wholeDays <= 1)
        text = u"a day"_s;
    else if (wholeDays < 26)
        text = count(wholeDays, u"days");
    else if (roundedMonths <= 1)
        text = u"a month"_s;
    else if (roundedMonths < 11)
        text = count(roundedMonths, u"months");
    else if (years <= 1)
        text = u"a year"_s;
    else
        text = count(years, u"years");
    // The sign of the signed duration (Duration.valueOf) picks "in …" or "… ago"; zero is past.
    const double signedMs = std::floor(jsRound(d.months * 146097 / 4800) * 864e5) + d.ms;
    return signedMs > 0 ? u"in "_s + text : text + u" ago"_s;
}

FormattedValue formatDate(Kind kind, double value, const FormatOptions& options, QStringView pattern)
{
    const QTimeZone& zone = options.timeZone;
    const qint64 now = options.nowMs ? *options.nowMs : QDateTime::currentMSecsSinceEpoch();
    const auto isToday = [&] {
        const std::optional<qint64> ms = timeClip(value);
        if (!ms)
            return false;
        const LocalTime a = breakDown(*ms, zone);
        const LocalTime b = breakDown(now, zone);
        return a.year == b.year && a.month == b.month && a.day == b.day;
    };
    QString text;
    switch (kind) {
    case Kind::DateIso:
    case Kind::DateSystem:
        text = momentFormat(value, u"YYYY-MM-DD HH:mm:ss", zone);
        break;
    case Kind::DateIsoToday:
        text = momentFormat(value, isToday() ? u"HH:mm:ss" : u"YYYY-MM-DD HH:mm:ss", zone);
        break;
    case Kind::DateUs:
        text = momentFormat(value, u"MM/DD/YYYY h:mm:ss a", zone);
        break;
    case Kind::DateUsToday:
        text = momentFormat(value, isToday() ? u"h:mm:ss a" : u"MM/DD/YYYY h:mm:ss a", zone);
        break;
    case Kind::DateLocal:
        text = momentFormat(value, options.localDateTimePattern, zone);
        break;
    case Kind::DateLocalToday:
        text = momentFormat(value, isToday() ? options.localTimePattern : options.localDateTimePattern, zone);
        break;
    case Kind::DateFromNow:
        text = momentFromNow(value, now, zone);
        break;
    default:
        text = momentFormat(value, pattern, zone);
        break;
    }
    return { text, {}, {} };
}

} // namespace sg::units::detail
