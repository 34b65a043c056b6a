#pragma once

#include "core/common/result.h"
#include "core/common/time.h"

#include <QDateTime>
#include <QString>
#include <QStringView>
#include <QTimeZone>

#include <optional>

namespace sg::templating {

/// How a dashboard resolves relative times: its time zone, first day of the week and fiscal year start.
struct TimeOptions
{
    /// "utc", "browser" or "" (the local zone), or an IANA id such as "Europe/Berlin" (Grafana's `timezone`).
    QString timeZone;
    /// First day of the week for `now/w`. Unset follows the system locale, as Grafana's empty `weekStart`
    /// follows the browser's locale (Sunday for en-US, Monday for most of Europe). See parseWeekStart().
    std::optional<Qt::DayOfWeek> weekStart;
    /// First month of the fiscal year for `/fy` and `/fQ`: 0 = January … 11 = December (`fiscalYearStartMonth`).
    int fiscalYearStartMonth = 0;
};

/// The zone for a dashboard `timezone` value; an unknown IANA id is an error.
Result<QTimeZone> resolveTimeZone(QStringView timeZone);

/// Grafana's `weekStart` setting: "monday", "sunday", "saturday" (any case); "" or "browser" gives nullopt
/// (the locale's first day).
std::optional<Qt::DayOfWeek> parseWeekStart(QStringView setting);

/// The week start TimeOptions resolves to (the explicit one, else the system locale's).
Qt::DayOfWeek effectiveWeekStart(const TimeOptions& options);

/// `dateMath.isMathString`: starts with "now" or holds "||" (an anchored expression such as "2024-01-01||+1d").
bool isMathString(QStringView text);

/// Parses one end of a time range as Grafana does: `now` with math (`now-6h`, `now/d`, `now-1M/M`, `now/fy`;
/// units y Q M w d h m s, `m` minute and `M` month, whitespace ignored), an anchored `ISO||math`, epoch milliseconds
/// (the URL form), `YYYYMMDD` and `YYYYMMDDTHHmmss` (UTC, the legacy URL forms), or ISO 8601 / "YYYY-MM-DD HH:mm:ss"
/// with or without a zone (without one it is read in the dashboard's zone). `roundUp` rounds `/unit` to the end
/// of the unit (the `to` side: `now/d` is 23:59:59.999). Errors point at the offending characters.
Result<TimestampMs> parseTime(QStringView text, TimestampMs nowMs, bool roundUp, const TimeOptions& options = {});

/// A range resolved to epoch milliseconds.
struct ResolvedRange
{
    TimestampMs fromMs = 0;
    TimestampMs toMs = 0;
};

/// Resolves a dashboard range: `from` rounds down, `to` rounds up (Grafana's `convertRawToRange`). The error
/// message names the side ("from: …" / "to: …"); `where` is the position inside that side's text.
Result<ResolvedRange> resolveRange(
    QStringView from, QStringView to, TimestampMs nowMs, const TimeOptions& options = {});

/// `ms` as a date-time in the dashboard's zone (UTC for "utc", local for "browser"/"").
QDateTime toZoned(TimestampMs ms, const TimeOptions& options);

} // namespace sg::templating
