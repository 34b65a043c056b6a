// Grafana's "Time" units: ns … d scaled to the next unit, durations ("1 hour, 2 minutes"), hh:mm:ss, timeticks
// and clocks. A port of the duration half of @grafana/data valueFormats/dateTimeFormatters.ts.
#include "units_p.h"

#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::units::detail {
namespace {

FormattedValue toFixedScaled(double value, std::optional<int> decimals, const QString& ext)
{
    static const QStringList plurals { u" min"_s, u" hour"_s, u" day"_s, u" week"_s, u" year"_s };
    const bool plural = std::abs(value) > 1 && plurals.contains(ext);
    return { toFixed(value, decimals), {}, plural ? ext + u's' : ext };
}

FormattedValue plain(double value, std::optional<int> decimals, const QString& suffix)
{
    return { toFixed(value, decimals), {}, suffix };
}

FormattedValue nanoseconds(double size, std::optional<int> decimals)
{
    const double a = std::abs(size);
    if (a < 1000)
        return plain(size, decimals, u" ns"_s);
    if (a < 1e6)
        return toFixedScaled(size / 1000, decimals, u" µs"_s);
    if (a < 1e9)
        return toFixedScaled(size / 1e6, decimals, u" ms"_s);
    if (a < 6e10)
        return toFixedScaled(size / 1e9, decimals, u" s"_s);
    if (a < 36e11)
        return toFixedScaled(size / 6e10, decimals, u" min"_s);
    if (a < 864e11)
        return toFixedScaled(size / 36e11, decimals, u" hour"_s);
    return toFixedScaled(size / 864e11, decimals, u" day"_s);
}

FormattedValue microseconds(double size, std::optional<int> decimals)
{
    const double a = std::abs(size);
    if (a < 1000)
        return plain(size, decimals, u" µs"_s);
    if (a < 1e6)
        return toFixedScaled(size / 1000, decimals, u" ms"_s);
    return toFixedScaled(size / 1e6, decimals, u" s"_s);
}

FormattedValue milliseconds(double size, std::optional<int> decimals)
{
    const double a = std::abs(size);
    if (a < 1000)
        return plain(size, decimals, u" ms"_s);
    if (a < 60000)
        return toFixedScaled(size / 1000, decimals, u" s"_s);
    if (a < 3600000)
        return toFixedScaled(size / 60000, decimals, u" min"_s);
    if (a < 86400000)
        return toFixedScaled(size / 3600000, decimals, u" hour"_s);
    if (a < 31536e6)
        return toFixedScaled(size / 86400000, decimals, u" day"_s);
    return toFixedScaled(size / 31536e6, decimals, u" year"_s);
}

FormattedValue seconds(double size, std::optional<int> decimals)
{
    if (size == 0)
        return { u"0"_s, {}, u" s"_s };
    const double a = std::abs(size);
    if (a < 1e-6)
        return toFixedScaled(size * 1e9, decimals, u" ns"_s);
    if (a < 1e-3)
        return toFixedScaled(size * 1e6, decimals, u" µs"_s);
    if (a < 1)
        return toFixedScaled(size * 1e3, decimals, u" ms"_s);
    if (a < 60)
        return plain(size, decimals, u" s"_s);
    if (a < 3600)
        return toFixedScaled(size / 60, decimals, u" min"_s);
    if (a < 86400)
        return toFixedScaled(size / 3600, decimals, u" hour"_s);
    if (a < 604800)
        return toFixedScaled(size / 86400, decimals, u" day"_s);
    if (a < 31536e3)
        return toFixedScaled(size / 604800, decimals, u" week"_s);
    return toFixedScaled(size / 31556900, decimals, u" year"_s); // Grafana's own year here
}

FormattedValue minutes(double size, std::optional<int> decimals)
{
    const double a = std::abs(size);
    if (a < 60)
        return plain(size, decimals, u" min"_s);
    if (a < 1440)
        return toFixedScaled(size / 60, decimals, u" hour"_s);
    if (a < 10080)
        return toFixedScaled(size / 1440, decimals, u" day"_s);
    if (a < 604800)
        return toFixedScaled(size / 10080, decimals, u" week"_s);
    return toFixedScaled(size / 525948, decimals, u" year"_s);
}

FormattedValue hours(double size, std::optional<int> decimals)
{
    const double a = std::abs(size);
    if (a < 24)
        return plain(size, decimals, u" hour"_s);
    if (a < 168)
        return toFixedScaled(size / 24, decimals, u" day"_s);
    if (a < 8760)
        return toFixedScaled(size / 168, decimals, u" week"_s);
    return toFixedScaled(size / 8760, decimals, u" year"_s);
}

FormattedValue days(double size, std::optional<int> decimals)
{
    const double a = std::abs(size);
    if (a < 7)
        return toFixedScaled(size, decimals, u" day"_s);
    if (a < 365)
        return toFixedScaled(size / 7, decimals, u" week"_s);
    return toFixedScaled(size / 365, decimals, u" year"_s);
}

struct Interval
{
    const char16_t* name;
    double seconds;
};
constexpr std::array<Interval, 8> Intervals { { { u"year", 31536e3 }, { u"month", 2592e3 }, { u"week", 604800 },
    { u"day", 86400 }, { u"hour", 3600 }, { u"minute", 60 }, { u"second", 1 }, { u"millisecond", 1e-3 } } };

/// "1 hour, 2 minutes": one unit more per decimal, from the largest non-zero one.
FormattedValue duration(double size, std::optional<int> decimals, const Interval& scale)
{
    if (size == 0)
        return { u"0"_s, {}, u' ' + QString::fromUtf16(scale.name) + u's' };
    if (size < 0) {
        FormattedValue v = duration(-size, decimals, scale);
        v.suffix += u" ago"_s;
        return v;
    }
    size *= scale.seconds * 1e3;
    QStringList parts;
    bool started = false;
    int remaining = decimals.value_or(0);
    for (std::size_t i = 0; i < Intervals.size() && remaining >= 0; ++i) {
        const double interval = Intervals[i].seconds * 1e3;
        const double value = size / interval;
        if (value >= 1 || started) {
            started = true;
            const double whole = std::floor(value);
            parts << jsToString(whole) + u' ' + QString::fromUtf16(Intervals[i].name)
                    + (whole != 1 ? u"s"_s : QString());
            size = std::fmod(size, interval);
            --remaining;
        }
    }
    return { parts.join(u", "_s), {}, {} };
}

QString twoDigits(double n)
{
    return (n > 9 ? QString() : u"0"_s) + jsToString(n);
}

FormattedValue hoursMinutesSeconds(double size)
{
    if (size < 0) {
        FormattedValue v = hoursMinutesSeconds(-size);
        v.suffix += u" ago"_s;
        return v;
    }
    const double h = std::floor(size / 3600);
    const double m = std::floor(std::fmod(size, 3600) / 60);
    const double s = std::floor(std::fmod(std::fmod(size, 3600), 60));
    return { twoDigits(h) + u':' + twoDigits(m) + u':' + twoDigits(s), {}, {} };
}

FormattedValue daysHoursMinutesSeconds(double size)
{
    if (size < 0) {
        FormattedValue v = daysHoursMinutesSeconds(-size);
        v.suffix += u" ago"_s;
        return v;
    }
    const double d = std::floor(size / 86400);
    const QString dayText = d > 0 ? jsToString(d) + u" d "_s : QString();
    return { dayText + hoursMinutesSeconds(size - d * 24 * 3600).text, {}, {} };
}

QString pad(qint64 n, int width)
{
    return QString::number(n).rightJustified(width, u'0');
}

/// toClock: moment.utc(ms).format("mm\m:ss\s:SSS\m\s") and shorter forms, hours counted separately.
FormattedValue clock(double size, std::optional<int> decimals)
{
    // JavaScript's Date: truncated to whole ms, invalid beyond ±8.64e15 ms.
    const bool valid = std::isfinite(size) && std::abs(size) <= 8.64e15;
    const auto t = valid ? qint64(std::trunc(size)) : 0;
    const auto floorDiv = [](qint64 a, qint64 b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); };
    const qint64 ms = t - floorDiv(t, 1000) * 1000;
    const qint64 sec = floorDiv(t, 1000) - floorDiv(t, 60000) * 60;
    const qint64 min = floorDiv(t, 60000) - floorDiv(t, 3600000) * 60;
    const auto fmt = [&](const QString& text) { return valid ? text : u"Invalid date"_s; };
    const QString sss = pad(ms, 3) + u"ms"_s;
    if (size < 1000)
        return { fmt(sss), {}, {} };
    if (size < 60000)
        return { fmt(decimals == 0 ? pad(sec, 2) + u's' : pad(sec, 2) + u"s:"_s + sss), {}, {} };
    const QString mm = pad(min, 2) + u'm';
    const QString mmss = mm + u':' + pad(sec, 2) + u's';
    if (size < 3600000) {
        if (decimals == 0)
            return { fmt(mm), {}, {} };
        return { fmt(decimals == 1 ? mmss : mmss + u':' + sss), {}, {} };
    }
    const QString hoursText = jsToString(std::floor(size / 3600000)) + u'h';
    if (decimals == 0)
        return { hoursText, {}, {} };
    const QString rest = decimals == 1 ? mm : decimals == 2 ? mmss : mmss + u':' + sss;
    return { hoursText + u':' + fmt(rest), {}, {} };
}

} // namespace

FormattedValue formatDuration(Kind kind, double value, std::optional<int> decimals)
{
    switch (kind) {
    case Kind::Nanoseconds:
        return nanoseconds(value, decimals);
    case Kind::Microseconds:
        return microseconds(value, decimals);
    case Kind::Milliseconds:
        return milliseconds(value, decimals);
    case Kind::Seconds:
        return seconds(value, decimals);
    case Kind::Minutes:
        return minutes(value, decimals);
    case Kind::Hours:
        return hours(value, decimals);
    case Kind::Days:
        return days(value, decimals);
    case Kind::DurationMs:
        return duration(value, decimals, Intervals[7]);
    case Kind::DurationS:
        return duration(value, decimals, Intervals[6]);
    case Kind::DurationHms:
        return hoursMinutesSeconds(value);
    case Kind::DurationDhms:
        return daysHoursMinutesSeconds(value);
    case Kind::Timeticks:
        return seconds(value / 100, decimals);
    case Kind::ClockMs:
        return clock(value, decimals);
    case Kind::ClockS:
        return clock(value * 1000, decimals);
    default:
        return toFixedUnit(value, decimals, {});
    }
}

} // namespace sg::units::detail
