#include "duration.h"

#include <QRegularExpression>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sg::templating {

namespace {

Error intervalError(QStringView text)
{
    return Error { ErrorCode::Parse,
        u"Invalid interval string \"%1\", has to be either unit-less or end with one of the following units: "
        "\"y, M, w, d, h, m, s, ms\""_s.arg(text)
            .toStdString(),
        SourceRange { 0, int(text.size()) } };
}

// JavaScript's Number(str) is finite and non-zero (describeInterval's "unitless" test).
std::optional<double> jsNumber(QStringView text)
{
    const QString t = text.trimmed().toString();
    if (t.isEmpty())
        return 0.0;
    static const QRegularExpression decimal(u"^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$"_s);
    if (decimal.match(t).hasMatch())
        return t.toDouble();
    if (t.size() > 2 && t[0] == u'0' && (t[1] == u'x' || t[1] == u'X')) {
        bool ok = false;
        const qint64 v = t.mid(2).toLongLong(&ok, 16);
        if (ok)
            return double(v);
    }
    return std::nullopt;
}

Error intervalRangeError(QStringView text)
{
    return Error { ErrorCode::Parse, u"Invalid interval string \"%1\": out of range"_s.arg(text).toStdString(),
        SourceRange { 0, int(text.size()) } };
}

// JavaScript's parseInt(str, 10): optional whitespace and sign, then digits; 0 digits → NaN. A count past int64 sets
// `tooLarge` (JavaScript reads it as a double; no interval of that many milliseconds means anything).
std::optional<qint64> jsParseInt(QStringView text, bool& tooLarge)
{
    qsizetype i = 0;
    while (i < text.size() && text[i].isSpace())
        ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == u'-' || text[i] == u'+')) {
        negative = text[i] == u'-';
        ++i;
    }
    const qsizetype start = i;
    qint64 value = 0;
    while (i < text.size() && text[i] >= u'0' && text[i] <= u'9') {
        if (__builtin_mul_overflow(value, 10, &value) || __builtin_add_overflow(value, text[i].unicode() - u'0', &value))
            tooLarge = true;
        ++i;
    }
    if (i == start)
        return std::nullopt;
    return negative ? -value : value;
}

} // namespace

Result<qint64> parseInterval(QStringView text)
{
    QStringView t = text;
    if (t.startsWith(u'>'))
        t = t.mid(1);
    bool tooLarge = false;
    qint64 ms = 0;
    if (const auto n = jsNumber(t); n && *n != 0 && std::isfinite(*n)) {
        const auto count = jsParseInt(t, tooLarge);
        if (tooLarge || (count && __builtin_mul_overflow(*count, MsPerSecond, &ms)))
            return intervalRangeError(text);
        return ms;
    }
    static const QRegularExpression re(u"^(-?\\d+(?:\\.\\d+)?)(ms|[Mwdhmsy])"_s);
    const auto m = re.match(t);
    if (!m.hasMatch())
        return intervalError(text);
    const qint64 count = jsParseInt(m.capturedView(1), tooLarge).value_or(0);
    const QStringView unit = m.capturedView(2);
    qint64 unitMs = 1;
    if (unit == u"ms")
        unitMs = 1;
    else {
        switch (unit[0].unicode()) {
        case 's':
            unitMs = MsPerSecond;
            break;
        case 'm':
            unitMs = MsPerMinute;
            break;
        case 'h':
            unitMs = MsPerHour;
            break;
        case 'd':
            unitMs = MsPerDay;
            break;
        case 'w':
            unitMs = MsPerWeek;
            break;
        case 'M':
            unitMs = MsPerMonth;
            break;
        case 'y':
            unitMs = MsPerYear;
            break;
        }
    }
    if (tooLarge || __builtin_mul_overflow(count, unitMs, &ms))
        return intervalRangeError(text);
    return ms;
}

QString secondsToHms(double seconds)
{
    const double numYears = std::floor(seconds / 31536000);
    if (numYears != 0)
        return QString::number(qint64(numYears)) + u'y';
    const double numDays = std::floor(std::fmod(seconds, 31536000) / 86400);
    if (numDays != 0)
        return QString::number(qint64(numDays)) + u'd';
    const double numHours = std::floor(std::fmod(std::fmod(seconds, 31536000), 86400) / 3600);
    if (numHours != 0)
        return QString::number(qint64(numHours)) + u'h';
    const double numMinutes = std::floor(std::fmod(std::fmod(std::fmod(seconds, 31536000), 86400), 3600) / 60);
    if (numMinutes != 0)
        return QString::number(qint64(numMinutes)) + u'm';
    const double numSeconds
        = std::floor(std::fmod(std::fmod(std::fmod(std::fmod(seconds, 31536000), 86400), 3600), 60));
    if (numSeconds != 0)
        return QString::number(qint64(numSeconds)) + u's';
    const double numMilliseconds = std::floor(seconds * 1000.0);
    if (numMilliseconds != 0)
        return QString::number(qint64(numMilliseconds)) + u"ms"_s;
    return u"less than a millisecond"_s;
}

QString formatInterval(qint64 ms)
{
    return secondsToHms(double(ms) / 1000.0);
}

qint64 roundInterval(double interval)
{
    struct Row
    {
        double below;
        qint64 result;
    };
    static constexpr Row table[] = {
        { 10, 1 },
        { 15, 10 },
        { 35, 20 },
        { 75, 50 },
        { 150, 100 },
        { 350, 200 },
        { 750, 500 },
        { 1500, 1000 },
        { 3500, 2000 },
        { 7500, 5000 },
        { 12500, 10000 },
        { 17500, 15000 },
        { 25000, 20000 },
        { 45000, 30000 },
        { 90000, 60000 },
        { 210000, 120000 },
        { 450000, 300000 },
        { 750000, 600000 },
        { 1050000, 900000 },
        { 1500000, 1200000 },
        { 2700000, 1800000 },
        { 5400000, 3600000 },
        { 9000000, 7200000 },
        { 16200000, 10800000 },
        { 32400000, 21600000 },
        { 86400000, 43200000 },
        { 604800000, 86400000 },
        { 1814400000, 604800000 },
        { 3628800000, 2592000000 },
    };
    for (const Row& row : table) {
        if (interval < row.below)
            return row.result;
    }
    return 31536000000;
}

qint64 roundIntervalGo(qint64 ns)
{
    struct Row
    {
        qint64 upToMs; // inclusive
        qint64 resultMs;
    };
    static constexpr Row table[] = {
        { 10, 1 },
        { 15, 10 },
        { 35, 20 },
        { 75, 50 },
        { 150, 100 },
        { 350, 200 },
        { 750, 500 },
        { 1500, 1000 },
        { 3500, 2000 },
        { 7500, 5000 },
        { 12500, 10000 },
        { 17500, 15000 },
        { 25000, 20000 },
        { 45000, 30000 },
        { 90000, 60000 },
        { 210000, 120000 },
        { 450000, 300000 },
        { 750000, 600000 },
        { 1050000, 900000 },
        { 1500000, 1200000 },
        { 2700000, 1800000 },
        { 5400000, 3600000 },
        { 9000000, 7200000 },
        { 16200000, 10800000 },
        { 32400000, 21600000 },
        { 86400000, 43200000 },
        { 172800000, 86400000 },
        { 604800000, 86400000 },
        { 1814400000, 604800000 },
    };
    for (const Row& row : table) {
        if (ns <= row.upToMs * NsPerMs)
            return row.resultMs * NsPerMs;
    }
    if (ns < qint64(3628800000) * NsPerMs) // the last bound is strict in the SDK
        return qint64(2592000000) * NsPerMs;
    return qint64(31536000000) * NsPerMs;
}

namespace {

// Go's time.ParseDuration.
Result<qint64> parseGoDuration(QStringView s0)
{
    const QString orig = s0.toString();
    auto fail = [&](const QString& why) {
        return Error { ErrorCode::Parse, (u"time: "_s + why + u" \""_s + orig + u'"').toStdString(),
            SourceRange { 0, int(orig.size()) } };
    };
    QStringView s = s0;
    bool neg = false;
    if (!s.isEmpty() && (s[0] == u'-' || s[0] == u'+')) {
        neg = s[0] == u'-';
        s = s.mid(1);
    }
    if (s == u"0")
        return qint64(0);
    if (s.isEmpty())
        return fail(u"invalid duration"_s);
    // exact as Go's: uint64 arithmetic, past 2^63 invalid (2^63 itself only negated)
    constexpr quint64 Limit = quint64(1) << 63;
    quint64 total = 0;
    while (!s.isEmpty()) {
        if (!(s[0] == u'.' || s[0].isDigit()))
            return fail(u"invalid duration"_s);
        qsizetype i = 0;
        quint64 v = 0;
        while (i < s.size() && s[i] >= u'0' && s[i] <= u'9') { // leadingInt
            if (v > Limit / 10)
                return fail(u"invalid duration"_s);
            v = v * 10 + quint64(s[i++].unicode() - u'0');
            if (v > Limit)
                return fail(u"invalid duration"_s);
        }
        const bool pre = i > 0;
        quint64 frac = 0;
        double scale = 1;
        bool post = false;
        if (i < s.size() && s[i] == u'.') { // leadingFraction: digits past what fits are dropped
            ++i;
            const qsizetype f0 = i;
            bool overflow = false;
            for (; i < s.size() && s[i] >= u'0' && s[i] <= u'9'; ++i) {
                if (overflow)
                    continue;
                if (frac > (Limit - 1) / 10) {
                    overflow = true;
                    continue;
                }
                const quint64 y = frac * 10 + quint64(s[i].unicode() - u'0');
                if (y > Limit) {
                    overflow = true;
                    continue;
                }
                frac = y;
                scale *= 10;
            }
            post = i > f0;
        }
        if (!pre && !post)
            return fail(u"invalid duration"_s);
        s = s.mid(i);
        qsizetype u = 0;
        while (u < s.size() && s[u] != u'.' && !(s[u] >= u'0' && s[u] <= u'9'))
            ++u;
        if (u == 0)
            return fail(u"missing unit in duration"_s);
        const QStringView unit = s.first(u);
        s = s.mid(u);
        quint64 unitNs = 0;
        if (unit == u"ns")
            unitNs = 1;
        else if (unit == u"us" || unit == u"\u00b5s" || unit == u"\u03bcs")
            unitNs = 1'000;
        else if (unit == u"ms")
            unitNs = 1'000'000;
        else if (unit == u"s")
            unitNs = 1'000'000'000;
        else if (unit == u"m")
            unitNs = 60'000'000'000;
        else if (unit == u"h")
            unitNs = 3'600'000'000'000;
        else
            return fail(u"unknown unit \""_s + unit.toString() + u"\" in duration"_s);
        if (v > Limit / unitNs)
            return fail(u"invalid duration"_s);
        v *= unitNs;
        if (frac > 0) {
            v += quint64(double(frac) * (double(unitNs) / scale));
            if (v > Limit)
                return fail(u"invalid duration"_s);
        }
        total += v;
        if (total > Limit)
            return fail(u"invalid duration"_s);
    }
    if (neg)
        return qint64(0 - total); // two's complement: 2^63 gives int64's minimum
    if (total > Limit - 1)
        return fail(u"invalid duration"_s);
    return qint64(total);
}

} // namespace

Result<qint64> parseGoInterval(QStringView text)
{
    QString t = text.toString();
    if (const qsizetype lt = t.indexOf(u'<'); lt >= 0)
        t.remove(lt, 1);
    if (const qsizetype gt = t.indexOf(u'>'); gt >= 0)
        t.remove(gt, 1);
    static const QRegularExpression pureNumber(u"^\\d+$"_s);
    if (pureNumber.match(t).hasMatch())
        t += u's';
    static const QRegularExpression dateUnit(u"^(\\d+)([dwMy])$"_s);
    if (const auto m = dateUnit.match(t); m.hasMatch()) {
        bool ok = false;
        const qint64 n = m.capturedView(1).toLongLong(&ok);
        constexpr qint64 day = 24 * 3600 * qint64(1'000'000'000);
        constexpr qint64 year = qint64(double(day) * 365.25);
        constexpr qint64 month = qint64(double(year) / 12);
        const qint64 unit = m.capturedView(2)[0] == u'd' ? day
            : m.capturedView(2)[0] == u'w'              ? 7 * day
            : m.capturedView(2)[0] == u'M'              ? month
                                                        : year;
        // past int64 nanoseconds (about 292 years) the product overflowed
        qint64 ns = 0;
        if (!ok || __builtin_mul_overflow(n, unit, &ns))
            return Error { ErrorCode::Parse, (u"time: invalid duration \""_s + text.toString() + u'"').toStdString(),
                SourceRange { 0, int(text.size()) } };
        return ns;
    }
    return parseGoDuration(t);
}

QString formatIntervalGo(qint64 ns)
{
    constexpr qint64 second = 1'000'000'000;
    constexpr qint64 day = 24 * 3600 * second;
    constexpr qint64 year = 365 * day;
    if (ns >= year)
        return QString::number(ns / year) + u'y';
    if (ns >= day)
        return QString::number(ns / day) + u'd';
    if (ns >= 3600 * second)
        return QString::number(ns / (3600 * second)) + u'h';
    if (ns >= 60 * second)
        return QString::number(ns / (60 * second)) + u'm';
    if (ns >= second)
        return QString::number(ns / second) + u's';
    if (ns >= NsPerMs)
        return QString::number(ns / NsPerMs) + u"ms"_s;
    return u"1ms"_s;
}

QString formatGoDuration(qint64 ns)
{
    if (ns == 0)
        return u"0s"_s;
    const bool neg = ns < 0;
    quint64 u = neg ? quint64(-(ns + 1)) + 1 : quint64(ns);
    auto fraction = [](quint64 value, int digits) {
        // value split into integer part and `digits` decimals with trailing zeros dropped
        quint64 p = 1;
        for (int i = 0; i < digits; ++i)
            p *= 10;
        QString out = QString::number(value / p);
        QString frac = QString::number(value % p).rightJustified(digits, u'0');
        while (frac.endsWith(u'0'))
            frac.chop(1);
        if (!frac.isEmpty())
            out += u'.' + frac;
        return out;
    };
    QString out;
    if (u < 1'000'000'000) {
        if (u < 1000)
            out = QString::number(u) + u"ns"_s;
        else if (u < 1'000'000)
            out = fraction(u, 3) + u"\u00b5s"_s;
        else
            out = fraction(u, 6) + u"ms"_s;
    } else {
        const quint64 secondsPart = u % 60'000'000'000ULL;
        const quint64 totalMinutes = u / 60'000'000'000ULL;
        out = fraction(secondsPart, 9) + u's';
        if (totalMinutes > 0) {
            out = QString::number(totalMinutes % 60) + u'm' + out;
            if (totalMinutes >= 60)
                out = QString::number(totalMinutes / 60) + u'h' + out;
        }
    }
    return neg ? u'-' + out : out;
}

} // namespace sg::templating
