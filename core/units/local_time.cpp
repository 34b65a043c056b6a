// Epoch milliseconds as a civil date and time in a QTimeZone, the way JavaScript's Date and moment.js see them:
// proleptic Gregorian calendar, whole milliseconds, valid within ±8.64e15 ms.
#include "units_p.h"

#include <QDateTime>

#include <cmath>

namespace sg::units::detail {
namespace {

int offsetAt(qint64 epochMs, const QTimeZone& zone)
{
    if (zone == QTimeZone::utc() || !zone.isValid())
        return 0;
    return zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(epochMs, QTimeZone::utc()));
}

} // namespace

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12).
qint64 daysFromCivil(qint64 y, int m, int d)
{
    y -= m <= 2;
    const qint64 era = floorDiv(y, 400);
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool isLeapYear(qint64 y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(qint64 year, int month0)
{
    static constexpr int Days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return month0 == 1 && isLeapYear(year) ? 29 : Days[month0];
}

LocalTime breakDown(qint64 epochMs, const QTimeZone& zone)
{
    LocalTime t;
    t.epochMs = epochMs;
    t.offsetSeconds = offsetAt(epochMs, zone);
    const qint64 local = epochMs + qint64(t.offsetSeconds) * 1000;
    const qint64 days = floorDiv(local, MsPerDay);
    const qint64 msOfDay = local - days * MsPerDay;
    t.hour = int(msOfDay / 3600000);
    t.minute = int(msOfDay / 60000 % 60);
    t.second = int(msOfDay / 1000 % 60);
    t.ms = int(msOfDay % 1000);
    t.weekday = int(days + 4 - floorDiv(days + 4, 7) * 7);
    // civil_from_days
    const qint64 z = days + 719468;
    const qint64 era = floorDiv(z, 146097);
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    t.day = int(doy - (153 * mp + 2) / 5 + 1);
    const int month1 = int(mp < 10 ? mp + 3 : mp - 9);
    t.year = yoe + era * 400 + (month1 <= 2);
    t.month = month1 - 1;
    t.dayOfYear = int(days - daysFromCivil(t.year, 1, 1) + 1);
    return t;
}

/// The epoch ms of a local date and time in `zone` (what JavaScript's Date setters do).
qint64 compose(qint64 year, int month0, int day, qint64 msOfDay, const QTimeZone& zone)
{
    const qint64 local = daysFromCivil(year, month0 + 1, day) * MsPerDay + msOfDay;
    if (zone == QTimeZone::utc() || !zone.isValid())
        return local;
    const QDateTime dt(QDate(int(year), month0 + 1, day), QTime::fromMSecsSinceStartOfDay(int(msOfDay)), zone);
    return dt.isValid() ? dt.toMSecsSinceEpoch() : local - qint64(offsetAt(local, zone)) * 1000;
}

/// JavaScript's Date value of a number: whole ms, or nothing outside ±8.64e15.
std::optional<qint64> timeClip(double epochMs)
{
    if (!std::isfinite(epochMs) || std::abs(epochMs) > 8.64e15)
        return std::nullopt;
    return qint64(std::trunc(epochMs));
}

} // namespace sg::units::detail
