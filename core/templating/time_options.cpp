#include "time_options.h"

#include "date_format.h"
#include "duration.h"
#include "interval.h"

#include <QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::templating {

namespace {

QList<TimeOption> lastRanges()
{
    return {
        { u"now-5m"_s, u"now"_s, u"Last 5 minutes"_s },
        { u"now-15m"_s, u"now"_s, u"Last 15 minutes"_s },
        { u"now-30m"_s, u"now"_s, u"Last 30 minutes"_s },
        { u"now-1h"_s, u"now"_s, u"Last 1 hour"_s },
        { u"now-3h"_s, u"now"_s, u"Last 3 hours"_s },
        { u"now-6h"_s, u"now"_s, u"Last 6 hours"_s },
        { u"now-12h"_s, u"now"_s, u"Last 12 hours"_s },
        { u"now-24h"_s, u"now"_s, u"Last 24 hours"_s },
        { u"now-2d"_s, u"now"_s, u"Last 2 days"_s },
        { u"now-7d"_s, u"now"_s, u"Last 7 days"_s },
        { u"now-30d"_s, u"now"_s, u"Last 30 days"_s },
        { u"now-90d"_s, u"now"_s, u"Last 90 days"_s },
        { u"now-6M"_s, u"now"_s, u"Last 6 months"_s },
        { u"now-1y"_s, u"now"_s, u"Last 1 year"_s },
        { u"now-2y"_s, u"now"_s, u"Last 2 years"_s },
        { u"now-5y"_s, u"now"_s, u"Last 5 years"_s },
    };
}

QList<TimeOption> otherRanges()
{
    return {
        { u"now-1d/d"_s, u"now-1d/d"_s, u"Yesterday"_s },
        { u"now-2d/d"_s, u"now-2d/d"_s, u"Day before yesterday"_s },
        { u"now-7d/d"_s, u"now-7d/d"_s, u"This day last week"_s },
        { u"now-1w/w"_s, u"now-1w/w"_s, u"Previous week"_s },
        { u"now-1M/M"_s, u"now-1M/M"_s, u"Previous month"_s },
        { u"now-1Q/fQ"_s, u"now-1Q/fQ"_s, u"Previous fiscal quarter"_s },
        { u"now-1y/y"_s, u"now-1y/y"_s, u"Previous year"_s },
        { u"now-1y/fy"_s, u"now-1y/fy"_s, u"Previous fiscal year"_s },
        { u"now/d"_s, u"now/d"_s, u"Today"_s },
        { u"now/d"_s, u"now"_s, u"Today so far"_s },
        { u"now/w"_s, u"now/w"_s, u"This week"_s },
        { u"now/w"_s, u"now"_s, u"This week so far"_s },
        { u"now/M"_s, u"now/M"_s, u"This month"_s },
        { u"now/M"_s, u"now"_s, u"This month so far"_s },
        { u"now/y"_s, u"now/y"_s, u"This year"_s },
        { u"now/y"_s, u"now"_s, u"This year so far"_s },
        { u"now/fQ"_s, u"now"_s, u"This fiscal quarter so far"_s },
        { u"now/fQ"_s, u"now/fQ"_s, u"This fiscal quarter"_s },
        { u"now/fy"_s, u"now"_s, u"This fiscal year so far"_s },
        { u"now/fy"_s, u"now/fy"_s, u"This fiscal year"_s },
    };
}

QList<TimeOption> nextRanges()
{
    QList<TimeOption> out;
    const QList<std::pair<QString, QString>> spans = { { u"1m"_s, u"1 minute"_s }, { u"5m"_s, u"5 minutes"_s },
        { u"15m"_s, u"15 minutes"_s }, { u"30m"_s, u"30 minutes"_s }, { u"1h"_s, u"1 hour"_s },
        { u"3h"_s, u"3 hours"_s }, { u"6h"_s, u"6 hours"_s }, { u"12h"_s, u"12 hours"_s }, { u"24h"_s, u"24 hours"_s },
        { u"2d"_s, u"2 days"_s }, { u"7d"_s, u"7 days"_s }, { u"30d"_s, u"30 days"_s }, { u"90d"_s, u"90 days"_s },
        { u"6M"_s, u"6 months"_s }, { u"1y"_s, u"1 year"_s }, { u"2y"_s, u"2 years"_s }, { u"5y"_s, u"5 years"_s } };
    for (const auto& [span, text] : spans)
        out.append({ u"now"_s, u"now+"_s + span, u"Next "_s + text });
    return out;
}

const TimeOption* findRange(QStringView from, QStringView to, const QList<TimeOption>& options)
{
    for (const TimeOption& o : options) {
        if (o.from == from && o.to == to)
            return &o;
    }
    return nullptr;
}

QString spanName(QStringView unit)
{
    if (unit == u"s")
        return u"second"_s;
    if (unit == u"m")
        return u"minute"_s;
    if (unit == u"h")
        return u"hour"_s;
    if (unit == u"d")
        return u"day"_s;
    if (unit == u"w")
        return u"week"_s;
    if (unit == u"M")
        return u"month"_s;
    if (unit == u"Q")
        return u"quarter"_s;
    if (unit == u"y")
        return u"year"_s;
    if (unit == u"fQ")
        return u"fiscal quarter"_s;
    if (unit == u"fy")
        return u"fiscal year"_s;
    return {};
}

} // namespace

const QList<TimeOption>& defaultQuickRanges()
{
    static const QList<TimeOption> ranges = lastRanges() + otherRanges();
    return ranges;
}

const QList<TimeOption>& standardRanges()
{
    static const QList<TimeOption> ranges = defaultQuickRanges() + nextRanges();
    return ranges;
}

TextRange describeTextRange(QStringView exprIn)
{
    QString expr = exprIn.toString();
    const bool isLast = expr.indexOf(u'+') != 0;
    if (!expr.contains(u"now"))
        expr = (isLast ? u"now-"_s : u"now"_s) + expr;
    if (const TimeOption* known = findRange(expr, u"now", standardRanges()))
        return { *known, false };

    TextRange out;
    out.option = isLast ? TimeOption { expr, u"now"_s, {} } : TimeOption { u"now"_s, expr, {} };
    static const QRegularExpression parts(u"^now([-+])(\\d+)(f[Qy]|[yMwdhmsQ])"_s);
    const auto m = parts.match(expr);
    if (m.hasMatch()) {
        const qint64 amount = m.capturedView(2).toLongLong();
        out.option.display = (isLast ? u"Last "_s : u"Next "_s) + QString::number(amount) + u' '
            + spanName(m.capturedView(3)) + (amount > 1 ? u"s"_s : QString());
    } else {
        out.option.display = out.option.from + u" to "_s + out.option.to;
        out.invalid = true;
    }
    return out;
}

QString describeTimeAgo(TimestampMs timeMs, TimestampMs nowMs)
{
    const double diffMs = double(timeMs - nowMs);
    const bool future = diffMs > 0;
    if (std::round(std::abs(diffMs) / 1000) <= 44)
        return future ? u"in a few seconds"_s : u"a few seconds ago"_s;
    // moment's duration.humanize() thresholds, English locale
    const double ms = std::abs(diffMs);
    const double seconds = std::round(ms / 1000);
    const double minutes = std::round(ms / 60000);
    const double hours = std::round(ms / 3600000);
    const double days = std::round(ms / 86400000);
    const double months = std::round(ms / 86400000 * 4800 / 146097);
    const double years = std::round(ms / 86400000 * 4800 / 146097 / 12);
    QString text;
    if (seconds < 45)
        text = QString::number(seconds) + u" seconds"_s;
    else if (minutes <= 1)
        text = u"a minute"_s;
    else if (minutes < 45)
        text = QString::number(minutes) + u" minutes"_s;
    else if (hours <= 1)
        text = u"an hour"_s;
    else if (hours < 22)
        text = QString::number(hours) + u" hours"_s;
    else if (days <= 1)
        text = u"a day"_s;
    else if (days < 26)
        text = QString::number(days) + u" days"_s;
    else if (months <= 1)
        text = u"a month"_s;
    else if (months < 11)
        text = QString::number(months) + u" months"_s;
    else if (years <= 1)
        text = u"a year"_s;
    else
        text = QString::number(years) + u" years"_s;
    return future ? u"in "_s + text : text + u" ago"_s;
}

QString describe(QStringView from, QStringView to, TimestampMs nowMs, const TimeOptions& options,
    const QList<TimeOption>& customRanges)
{
    if (const TimeOption* known = findRange(from, to, customRanges))
        return known->display;
    if (const TimeOption* known = findRange(from, to, standardRanges()))
        return known->display;

    const bool fromAbsolute = !isMathString(from);
    const bool toAbsolute = !isMathString(to);
    auto formatted = [&](QStringView text, bool roundUp) -> std::optional<QString> {
        const auto ms = parseTime(text, nowMs, roundUp, options);
        if (!ms)
            return std::nullopt;
        return formatMoment(toZoned(*ms, options), DefaultDateTimeFormat);
    };
    if (fromAbsolute && toAbsolute) {
        const auto f = formatted(from, false);
        const auto t = formatted(to, true);
        if (f && t)
            return *f + u" to "_s + *t;
    } else if (fromAbsolute) {
        const auto f = formatted(from, false);
        const auto t = parseTime(to, nowMs, true, options);
        return f && t ? *f + u" to "_s + describeTimeAgo(*t, nowMs) : QString();
    } else if (toAbsolute) {
        const auto f = parseTime(from, nowMs, false, options);
        const auto t = formatted(to, true);
        return f && t ? describeTimeAgo(*f, nowMs) + u" to "_s + *t : QString();
    }
    if (to == u"now")
        return describeTextRange(from).option.display;
    return from.toString() + u" to "_s + to.toString();
}

QStringList defaultRefreshIntervals()
{
    return { u"5s"_s, u"10s"_s, u"30s"_s, u"1m"_s, u"5m"_s, u"15m"_s, u"30m"_s, u"1h"_s, u"2h"_s, u"1d"_s };
}

QList<RefreshOption> refreshOptions(const QStringList& intervals, bool withAuto)
{
    QList<RefreshOption> out { { u"Off"_s, QString(), 0 } };
    if (withAuto)
        out.append({ u"Auto"_s, u"auto"_s, 0 });
    for (const QString& interval : intervals) {
        const auto ms = parseInterval(interval);
        if (ms && *ms > 0)
            out.append({ interval, interval, *ms });
    }
    return out;
}

Result<qint64> autoRefreshIntervalMs(TimestampMs fromMs, TimestampMs toMs, int widthPx, QStringView minRefreshInterval)
{
    const auto values = calculateInterval(fromMs, toMs, widthPx, minRefreshInterval);
    if (!values)
        return values.error();
    return values->intervalMs;
}

} // namespace sg::templating
