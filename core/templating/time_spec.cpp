#include "time_spec.h"

#include <QLocale>
#include <QRegularExpression>

#include <cmath>
#include <vector>

using namespace Qt::StringLiterals;

namespace sg::templating {

namespace {

constexpr QStringView Units = u"yMwdhmsQ";

Error timeError(const QString& message, qsizetype begin, qsizetype end)
{
    return Error { ErrorCode::Parse, message.toStdString(), SourceRange { int(begin), int(end) } };
}

qint64 floorMod(qint64 a, qint64 b)
{
    return ((a % b) + b) % b;
}

QDateTime startOf(const QDateTime& t, QChar unit, Qt::DayOfWeek weekStart)
{
    const QTimeZone zone = t.timeZone();
    const QDate d = t.date();
    switch (unit.unicode()) {
    case 'y':
        return QDateTime(QDate(d.year(), 1, 1), QTime(0, 0), zone);
    case 'Q':
        return QDateTime(QDate(d.year(), ((d.month() - 1) / 3) * 3 + 1, 1), QTime(0, 0), zone);
    case 'M':
        return QDateTime(QDate(d.year(), d.month(), 1), QTime(0, 0), zone);
    case 'w': {
        const int back = (d.dayOfWeek() - int(weekStart) + 7) % 7;
        return QDateTime(d.addDays(-back), QTime(0, 0), zone);
    }
    case 'd':
        return QDateTime(d, QTime(0, 0), zone);
    default: {
        // moment truncates h/m/s on the absolute time shifted by the current UTC offset
        const qint64 unitMs = unit == u'h' ? 3'600'000 : unit == u'm' ? 60'000 : 1000;
        const qint64 ms = t.toMSecsSinceEpoch();
        const qint64 local = ms + qint64(t.offsetFromUtc()) * 1000;
        return QDateTime::fromMSecsSinceEpoch(ms - floorMod(local, unitMs), zone);
    }
    }
}

QDateTime add(const QDateTime& t, qint64 n, QChar unit)
{
    switch (unit.unicode()) {
    case 'y':
        return t.addYears(int(n));
    case 'Q':
        return t.addMonths(int(n * 3));
    case 'M':
        return t.addMonths(int(n));
    case 'w':
        return t.addDays(n * 7);
    case 'd':
        return t.addDays(n);
    case 'h':
        return t.addMSecs(n * 3'600'000);
    case 'm':
        return t.addMSecs(n * 60'000);
    default:
        return t.addMSecs(n * 1000);
    }
}

QDateTime endOf(const QDateTime& t, QChar unit, Qt::DayOfWeek weekStart)
{
    return add(startOf(t, unit, weekStart), 1, unit).addMSecs(-1);
}

// dateMath.roundToFiscal for 'y' and 'Q'; other units leave the time unchanged, as in Grafana.
QDateTime roundToFiscal(const QDateTime& t, int fyStartMonth, QChar unit, bool roundUp, Qt::DayOfWeek weekStart)
{
    const int month = t.date().month() - 1;
    if (unit == u'y') {
        const QDateTime start = startOf(t.addMonths(-((month - fyStartMonth + 12) % 12)), u'M', weekStart);
        return roundUp ? endOf(start.addMonths(11), u'M', weekStart) : start;
    }
    if (unit == u'Q') {
        const QDateTime start = startOf(t.addMonths(-(((month - fyStartMonth + 3) % 3 + 3) % 3)), u'M', weekStart);
        return roundUp ? endOf(start.addMonths(2), u'M', weekStart) : start;
    }
    return t;
}

// dateMath.parseDateMath. `positions[i]` is where stripped character i sits in the caller's text.
Result<QDateTime> applyMath(const QString& math, const std::vector<qsizetype>& positions, QDateTime time, bool roundUp,
    const TimeOptions& options)
{
    const qsizetype len = math.size();
    auto at = [&](qsizetype i) { return i < len ? math[i] : QChar(); };
    auto pos = [&](qsizetype i) { return i < len ? positions[i] : (len ? positions[len - 1] + 1 : 0); };
    auto isDigit = [](QChar c) { return c >= u'0' && c <= u'9'; };
    const Qt::DayOfWeek weekStart = effectiveWeekStart(options);
    qsizetype i = 0;
    while (i < len) {
        const qsizetype opAt = i;
        const QChar c = math[i++];
        int type = 0;
        if (c == u'/')
            type = 0;
        else if (c == u'+')
            type = 1;
        else if (c == u'-')
            type = 2;
        else
            return timeError(u"expected +, - or / at '%1'"_s.arg(c), pos(opAt), pos(opAt) + 1);

        qint64 num = 1;
        if (!isDigit(at(i))) {
            num = 1;
        } else if (len == 2) {
            num = at(i).digitValue(); // Grafana reads the digit but does not step past it
        } else {
            const qsizetype numFrom = i;
            while (isDigit(at(i))) {
                ++i;
                if (i > 10) // Grafana's bound counts from the start of the math, not of the number
                    return timeError(u"number too long"_s, pos(numFrom), pos(i));
            }
            num = math.mid(numFrom, i - numFrom).toLongLong();
        }
        if (type == 0 && num != 1)
            return timeError(u"rounding is only allowed to a single whole unit (/d, not /2d)"_s, pos(opAt), pos(i));

        const qsizetype unitAt = i;
        QChar unit = at(i++);
        bool fiscal = false;
        if (unit == u'f') {
            unit = at(i++);
            fiscal = true;
        }
        if (unit.isNull() || !Units.contains(unit)) {
            const QString shown = unit.isNull() ? u"end of text"_s : u"'"_s + unit + u"'"_s;
            return timeError(u"unknown time unit %1 (use y, Q, M, w, d, h, m or s)"_s.arg(shown), pos(unitAt),
                pos(std::min(i, len)));
        }
        if (type == 0) {
            if (fiscal)
                time = roundToFiscal(time, options.fiscalYearStartMonth, unit, roundUp, weekStart);
            else
                time = roundUp ? endOf(time, unit, weekStart) : startOf(time, unit, weekStart);
        } else {
            time = add(time, type == 1 ? num : -num, unit);
        }
    }
    return time;
}

Result<QDateTime> parseAbsolute(QStringView text, const QTimeZone& zone)
{
    const QString t = text.trimmed().toString();
    static const QRegularExpression digits(u"^-?\\d+(\\.\\d*)?$"_s);
    static const QRegularExpression compact(u"^(\\d{4})(\\d{2})(\\d{2})(?:T(\\d{2})(\\d{2})(\\d{2}))?$"_s);
    if (t.size() == 8 || t.size() == 15) {
        if (const auto m = compact.match(t); m.hasMatch()) {
            const QDate d(m.capturedView(1).toInt(), m.capturedView(2).toInt(), m.capturedView(3).toInt());
            const QTime tm = m.hasCaptured(4)
                ? QTime(m.capturedView(4).toInt(), m.capturedView(5).toInt(), m.capturedView(6).toInt())
                : QTime(0, 0);
            if (d.isValid() && tm.isValid())
                return QDateTime(d, tm, QTimeZone::utc());
        }
    }
    if (digits.match(t).hasMatch()) {
        // past int64 milliseconds (292 million years; found by fuzzing) no time can be made of it
        const double ms = t.toDouble();
        if (!(std::abs(ms) < 0x1p63))
            return timeError(u"epoch milliseconds out of range"_s, 0, text.size());
        return QDateTime::fromMSecsSinceEpoch(qint64(ms), QTimeZone::utc());
    }

    static const QRegularExpression iso(
        u"^(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
        "\\s*(Z|z|[+-]\\d{2}(?::?\\d{2})?)?$"_s);
    const auto m = iso.match(t);
    if (!m.hasMatch())
        return timeError(u"not a time: expected now, now-6h style math, epoch milliseconds or "
                         "YYYY-MM-DD HH:mm:ss"_s,
            0, text.size());
    const QDate d(m.capturedView(1).toInt(), m.capturedView(2).toInt(), m.capturedView(3).toInt());
    int msec = 0;
    if (m.hasCaptured(7))
        msec = m.captured(7).left(3).leftJustified(3, u'0').toInt();
    const QTime tm(m.hasCaptured(4) ? m.capturedView(4).toInt() : 0, m.hasCaptured(5) ? m.capturedView(5).toInt() : 0,
        m.hasCaptured(6) ? m.capturedView(6).toInt() : 0, msec);
    if (!d.isValid() || !tm.isValid())
        return timeError(u"not a valid calendar date or time"_s, 0, text.size());
    if (!m.hasCaptured(8))
        return QDateTime(d, tm, zone);
    const QStringView z = m.capturedView(8);
    if (z == u"Z" || z == u"z")
        return QDateTime(d, tm, QTimeZone::utc());
    QString digitsOnly = z.mid(1).toString().remove(u':');
    if (digitsOnly.size() == 2)
        digitsOnly += u"00"_s;
    const int offset = (digitsOnly.left(2).toInt() * 60 + digitsOnly.mid(2, 2).toInt()) * 60 * (z[0] == u'-' ? -1 : 1);
    return QDateTime(d, tm, QTimeZone(offset));
}

} // namespace

Result<QTimeZone> resolveTimeZone(QStringView timeZone)
{
    const QString tz = timeZone.trimmed().toString();
    if (tz.isEmpty() || tz.compare(u"browser"_s, Qt::CaseInsensitive) == 0)
        return QTimeZone::systemTimeZone();
    if (tz.compare(u"utc"_s, Qt::CaseInsensitive) == 0)
        return QTimeZone::utc();
    QTimeZone zone(tz.toUtf8());
    if (!zone.isValid())
        return Error { ErrorCode::Parse, (u"unknown time zone \""_s + tz + u'"').toStdString(),
            SourceRange { 0, int(timeZone.size()) } };
    return zone;
}

std::optional<Qt::DayOfWeek> parseWeekStart(QStringView setting)
{
    const QString s = setting.trimmed().toString().toLower();
    if (s == u"monday")
        return Qt::Monday;
    if (s == u"sunday")
        return Qt::Sunday;
    if (s == u"saturday")
        return Qt::Saturday;
    return std::nullopt;
}

Qt::DayOfWeek effectiveWeekStart(const TimeOptions& options)
{
    return options.weekStart.value_or(QLocale::system().firstDayOfWeek());
}

bool isMathString(QStringView text)
{
    return text.startsWith(u"now") || text.contains(u"||");
}

QDateTime toZoned(TimestampMs ms, const TimeOptions& options)
{
    const auto zone = resolveTimeZone(options.timeZone);
    return QDateTime::fromMSecsSinceEpoch(ms, zone ? *zone : QTimeZone::systemTimeZone());
}

Result<TimestampMs> parseTime(QStringView text, TimestampMs nowMs, bool roundUp, const TimeOptions& options)
{
    if (text.isEmpty())
        return timeError(u"empty time"_s, 0, 0);
    const auto zone = resolveTimeZone(options.timeZone);
    if (!zone)
        return zone.error();

    QDateTime time;
    qsizetype mathFrom = 0;
    if (text.startsWith(u"now")) {
        time = QDateTime::fromMSecsSinceEpoch(nowMs, *zone);
        mathFrom = 3;
    } else {
        const qsizetype bars = text.indexOf(u"||");
        auto anchor = parseAbsolute(bars < 0 ? text : text.first(bars), *zone);
        if (!anchor)
            return anchor.error();
        time = anchor->toTimeZone(*zone);
        if (bars < 0)
            return time.toMSecsSinceEpoch();
        mathFrom = bars + 2;
    }

    QString math;
    std::vector<qsizetype> positions;
    for (qsizetype i = mathFrom; i < text.size(); ++i) {
        if (!text[i].isSpace()) {
            math += text[i];
            positions.push_back(i);
        }
    }
    auto result = applyMath(math, positions, time, roundUp, options);
    if (!result)
        return result.error();
    return result->toMSecsSinceEpoch();
}

Result<ResolvedRange> resolveRange(QStringView from, QStringView to, TimestampMs nowMs, const TimeOptions& options)
{
    auto fromMs = parseTime(from, nowMs, false, options);
    if (!fromMs) {
        Error e = fromMs.error();
        e.message = "from: " + e.message;
        return e;
    }
    auto toMs = parseTime(to, nowMs, true, options);
    if (!toMs) {
        Error e = toMs.error();
        e.message = "to: " + e.message;
        return e;
    }
    return ResolvedRange { *fromMs, *toMs };
}

} // namespace sg::templating
