// moment.js format patterns ("YYYY-MM-DD HH:mm:ss", "time:…"): its tokens in the order its formattingTokens
// regular expression tries them, the English long date formats (L, LLL, LT, …), [literals] and \\escapes.
#include "units_p.h"

#include <QDateTime>
#include <QHash>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::units::detail {
namespace {

/// moment's zeroFill(number, targetLength, forceSign).
QString zeroFill(qint64 n, int width, bool forceSign = false)
{
    const QString digits = QString::number(n < 0 ? -n : n);
    return (n >= 0 ? (forceSign ? u"+"_s : QString()) : u"-"_s) + digits.rightJustified(width, u'0');
}

QString ordinal(qint64 n)
{
    const qint64 b = n % 10;
    const char16_t* suffix = (n % 100) / 10 == 1 ? u"th" : b == 1 ? u"st" : b == 2 ? u"nd" : b == 3 ? u"rd" : u"th";
    return QString::number(n) + QString::fromUtf16(suffix);
}

struct Week
{
    int week;
    qint64 year;
};

/// moment's weekOfYear(dow, doy): dow = first day of the week, doy = the January day always in week 1 (7 + dow - doy).
int firstWeekOffset(qint64 year, int dow, int doy)
{
    const int fwd = 7 + dow - doy;
    const qint64 jan = daysFromCivil(year, 1, fwd);
    const int janWeekday = int(jan + 4 - floorDiv(jan + 4, 7) * 7);
    const int fwdlw = (7 + janWeekday - dow) % 7;
    return -fwdlw + fwd - 1;
}

int weeksInYear(qint64 year, int dow, int doy)
{
    const int daysInYear = isLeapYear(year) ? 366 : 365;
    return (daysInYear - firstWeekOffset(year, dow, doy) + firstWeekOffset(year + 1, dow, doy)) / 7;
}

Week weekOfYear(const LocalTime& t, int dow, int doy)
{
    const int offset = firstWeekOffset(t.year, dow, doy);
    const int week = int(std::floor((t.dayOfYear - offset - 1) / 7.0)) + 1;
    if (week < 1)
        return { week + weeksInYear(t.year - 1, dow, doy), t.year - 1 };
    if (week > weeksInYear(t.year, dow, doy))
        return { week - weeksInYear(t.year, dow, doy), t.year + 1 };
    return { week, t.year };
}

Week localeWeek(const LocalTime& t)
{
    return weekOfYear(t, 0, 6); // English: weeks start on Sunday, the week with Jan 1 is week 1
}

Week isoWeek(const LocalTime& t)
{
    return weekOfYear(t, 1, 4);
}

QString offsetText(int offsetSeconds, bool colon)
{
    int minutes = offsetSeconds / 60;
    const QChar sign = minutes < 0 ? u'-' : u'+';
    minutes = std::abs(minutes);
    return sign + zeroFill(minutes / 60, 2) + (colon ? u":"_s : QString()) + zeroFill(minutes % 60, 2);
}

/// The length of the moment.js token at `p` (its formattingTokens alternatives, in their order).
qsizetype tokenLength(QStringView s, qsizetype p)
{
    const auto at = [&](qsizetype i) { return i < s.size() ? s[i] : QChar(); };
    const auto run = [&](QChar c, qsizetype max) {
        qsizetype n = 0;
        while (n < max && at(p + n) == c)
            ++n;
        return n;
    };
    const QChar c = s[p];
    const QStringView rest = s.mid(p);
    if (rest.startsWith(u"eHHmm"))
        return 5;
    if ((c == u'H' || c == u'h') && rest.mid(1).startsWith(u"mm"))
        return rest.mid(3).startsWith(u"ss") ? 5 : 3;
    switch (c.unicode()) {
    case u'M':
        return at(p + 1) == u'o' ? 2 : run(c, 4);
    case u'D':
        if (at(p + 1) == u'o')
            return 2;
        if (rest.startsWith(u"DDDo"))
            return 4;
        return run(c, 4);
    case u'd':
        if (at(p + 1) == u'd')
            return run(c, 4);
        return at(p + 1) == u'o' ? 2 : 1;
    case u'w':
    case u'W':
        return (at(p + 1) == u'o' || at(p + 1) == u'|' || at(p + 1) == c) ? 2 : 1;
    case u'Q':
        return at(p + 1) == u'o' ? 2 : 1;
    case u'N':
        return run(c, 5);
    case u'Y': {
        const qsizetype n = run(c, 6);
        return n >= 4 ? n : n >= 2 ? 2 : 1;
    }
    case u'y': {
        const qsizetype n = run(c, 4);
        return n >= 2 ? n : at(p + 1) == u'o' ? 2 : 1;
    }
    case u'g':
    case u'G': {
        const qsizetype n = run(c, 5);
        return n >= 4 ? n : n >= 2 ? 2 : 1;
    }
    case u'h':
    case u'H':
    case u'k':
    case u'm':
    case u's':
    case u'z':
    case u'Z':
        return run(c, 2);
    case u'S':
        return run(c, 9);
    default:
        return 1;
    }
}

/// The text of one moment.js token, or nothing when it is not a token (then it is written as is).
std::optional<QString> tokenText(QStringView token, const LocalTime& t, const QTimeZone& zone)
{
    static const QStringList months { u"January"_s, u"February"_s, u"March"_s, u"April"_s, u"May"_s, u"June"_s,
        u"July"_s, u"August"_s, u"September"_s, u"October"_s, u"November"_s, u"December"_s };
    static const QStringList weekdays { u"Sunday"_s, u"Monday"_s, u"Tuesday"_s, u"Wednesday"_s, u"Thursday"_s,
        u"Friday"_s, u"Saturday"_s };
    const int h12 = t.hour % 12 == 0 ? 12 : t.hour % 12;
    const bool ad = t.year >= 1;
    const qint64 eraYear = ad ? t.year : 1 - t.year;
    const qint64 quarter = t.month / 3 + 1;
    const QString key = token.toString();
    // clang-format off
    if (key == u"M") return QString::number(t.month + 1);
    if (key == u"MM") return zeroFill(t.month + 1, 2);
    if (key == u"Mo") return ordinal(t.month + 1);
    if (key == u"MMM") return months[t.month].left(3);
    if (key == u"MMMM") return months[t.month];
    if (key == u"D") return QString::number(t.day);
    if (key == u"DD") return zeroFill(t.day, 2);
    if (key == u"Do") return ordinal(t.day);
    if (key == u"DDD") return QString::number(t.dayOfYear);
    if (key == u"DDDD") return zeroFill(t.dayOfYear, 3);
    if (key == u"DDDo") return ordinal(t.dayOfYear);
    if (key == u"d" || key == u"e") return QString::number(t.weekday);
    if (key == u"do") return ordinal(t.weekday);
    if (key == u"dd") return weekdays[t.weekday].left(2);
    if (key == u"ddd") return weekdays[t.weekday].left(3);
    if (key == u"dddd") return weekdays[t.weekday];
    if (key == u"E") return QString::number(t.weekday == 0 ? 7 : t.weekday);
    if (key == u"eHHmm") return QString::number(t.weekday) + zeroFill(t.hour, 2) + zeroFill(t.minute, 2);
    if (key == u"w") return QString::number(localeWeek(t).week);
    if (key == u"ww") return zeroFill(localeWeek(t).week, 2);
    if (key == u"wo") return ordinal(localeWeek(t).week);
    if (key == u"W") return QString::number(isoWeek(t).week);
    if (key == u"WW") return zeroFill(isoWeek(t).week, 2);
    if (key == u"Wo") return ordinal(isoWeek(t).week);
    if (key == u"Q") return QString::number(quarter);
    if (key == u"Qo") return ordinal(quarter);
    if (key == u"N" || key == u"NN" || key == u"NNN" || key == u"NNNNN") return ad ? u"AD"_s : u"BC"_s;
    if (key == u"NNNN") return ad ? u"Anno Domini"_s : u"Before Christ"_s;
    if (key == u"y") return QString::number(eraYear);
    if (key == u"yy") return zeroFill(eraYear, 2);
    if (key == u"yyy") return zeroFill(eraYear, 3);
    if (key == u"yyyy") return zeroFill(eraYear, 4);
    if (key == u"yo") return ordinal(eraYear);
    if (key == u"Y") return t.year <= 9999 ? zeroFill(t.year, 4) : u'+' + QString::number(t.year);
    if (key == u"YY") return zeroFill(t.year % 100, 2);
    if (key == u"YYYY") return zeroFill(t.year, 4);
    if (key == u"YYYYY") return zeroFill(t.year, 5);
    if (key == u"YYYYYY") return zeroFill(t.year, 6, true);
    if (key == u"gg") return zeroFill(localeWeek(t).year % 100, 2);
    if (key == u"gggg") return zeroFill(localeWeek(t).year, 4);
    if (key == u"ggggg") return zeroFill(localeWeek(t).year, 5);
    if (key == u"GG") return zeroFill(isoWeek(t).year % 100, 2);
    if (key == u"GGGG") return zeroFill(isoWeek(t).year, 4);
    if (key == u"GGGGG") return zeroFill(isoWeek(t).year, 5);
    if (key == u"a") return t.hour > 11 ? u"pm"_s : u"am"_s;
    if (key == u"A") return t.hour > 11 ? u"PM"_s : u"AM"_s;
    if (key == u"H") return QString::number(t.hour);
    if (key == u"HH") return zeroFill(t.hour, 2);
    if (key == u"h") return QString::number(h12);
    if (key == u"hh") return zeroFill(h12, 2);
    if (key == u"k") return QString::number(t.hour == 0 ? 24 : t.hour);
    if (key == u"kk") return zeroFill(t.hour == 0 ? 24 : t.hour, 2);
    if (key == u"hmm") return QString::number(h12) + zeroFill(t.minute, 2);
    if (key == u"hmmss") return QString::number(h12) + zeroFill(t.minute, 2) + zeroFill(t.second, 2);
    if (key == u"Hmm") return QString::number(t.hour) + zeroFill(t.minute, 2);
    if (key == u"Hmmss") return QString::number(t.hour) + zeroFill(t.minute, 2) + zeroFill(t.second, 2);
    if (key == u"m") return QString::number(t.minute);
    if (key == u"mm") return zeroFill(t.minute, 2);
    if (key == u"s") return QString::number(t.second);
    if (key == u"ss") return zeroFill(t.second, 2);
    if (key == u"S") return QString::number(t.ms / 100);
    if (key == u"SS") return zeroFill(t.ms / 10, 2);
    if (key == u"x") return QString::number(t.epochMs);
    if (key == u"X") return QString::number(floorDiv(t.epochMs, 1000));
    if (key == u"Z") return offsetText(t.offsetSeconds, true);
    if (key == u"ZZ") return offsetText(t.offsetSeconds, false);
    // clang-format on
    if (key.size() >= 3 && key.count(u'S') == key.size()) {
        qint64 v = t.ms;
        for (qsizetype i = 3; i < key.size(); ++i)
            v *= 10;
        return zeroFill(v, int(key.size()));
    }
    if (key == u"z" || key == u"zz") {
        // moment gives no name to the browser's zone; an explicit zone is named by moment-timezone.
        if (zone == QTimeZone::utc() || !zone.isValid())
            return QString();
        const QDateTime dt = QDateTime::fromMSecsSinceEpoch(t.epochMs, zone);
        return key == u"z" ? zone.abbreviation(dt) : zone.displayName(dt, QTimeZone::LongName, QLocale::c());
    }
    return std::nullopt;
}

/// moment's expandFormat: the English long date formats (L, LL, LT, l, …) replaced by their patterns.
QString expandLongDateFormats(QStringView pattern)
{
    static const QHash<QString, QString> formats {
        { u"LTS"_s, u"h:mm:ss A"_s },
        { u"LT"_s, u"h:mm A"_s },
        { u"L"_s, u"MM/DD/YYYY"_s },
        { u"LL"_s, u"MMMM D, YYYY"_s },
        { u"LLL"_s, u"MMMM D, YYYY h:mm A"_s },
        { u"LLLL"_s, u"dddd, MMMM D, YYYY h:mm A"_s },
        { u"l"_s, u"M/D/YYYY"_s },
        { u"ll"_s, u"MMM D, YYYY"_s },
        { u"lll"_s, u"MMM D, YYYY h:mm A"_s },
        { u"llll"_s, u"ddd, MMM D, YYYY h:mm A"_s },
    };
    const auto localToken = [](QStringView s, qsizetype p) -> qsizetype {
        const QStringView rest = s.mid(p);
        if (rest.startsWith(u"LTS"))
            return 3;
        if (rest.startsWith(u"LT"))
            return 2;
        for (const QChar c : { QChar(u'L'), QChar(u'l') }) {
            qsizetype n = 0;
            while (n < 4 && n < rest.size() && rest[n] == c)
                ++n;
            if (n > 0)
                return n;
        }
        return 0;
    };
    QString current = pattern.toString();
    for (int round = 0; round < 6; ++round) {
        QString out;
        bool replaced = false;
        qsizetype p = 0;
        while (p < current.size()) {
            if (current[p] == u'[') {
                qsizetype next = current.indexOf(u'[', p + 1);
                if (next < 0)
                    next = current.size();
                const qsizetype close = QStringView(current).first(next).lastIndexOf(u']');
                if (close > p) {
                    out += QStringView(current).mid(p, close - p + 1);
                    p = close + 1;
                    continue;
                }
            }
            if (current[p] == u'\\') {
                if (const qsizetype n = localToken(current, p + 1)) {
                    out += QStringView(current).mid(p, n + 1);
                    p += n + 1;
                    continue;
                }
            }
            if (const qsizetype n = localToken(current, p)) {
                out += formats.value(current.mid(p, n));
                replaced = true;
                p += n;
                continue;
            }
            out += current[p++];
        }
        current = out;
        if (!replaced)
            break;
    }
    return current;
}

QString formatLocal(const LocalTime& t, QStringView pattern, const QTimeZone& zone)
{
    QString out;
    qsizetype p = 0;
    while (p < pattern.size()) {
        if (pattern[p] == u'[') {
            // [literal]: up to the last ']' before the next '['.
            qsizetype next = pattern.indexOf(u'[', p + 1);
            if (next < 0)
                next = pattern.size();
            const qsizetype close = pattern.first(next).lastIndexOf(u']');
            if (close > p) {
                out += pattern.mid(p + 1, close - p - 1);
                p = close + 1;
                continue;
            }
        }
        if (pattern[p] == u'\\') {
            if (p + 1 >= pattern.size())
                break;
            // An escaped token (or character) is written as is; "\\e" is matched before the tokens.
            if (pattern[p + 1] == u'e') {
                out += u'e';
                p += 2;
                continue;
            }
            const qsizetype n = tokenLength(pattern, p + 1);
            out += pattern.mid(p + 1, n).toString().remove(u'\\');
            p += 1 + n;
            continue;
        }
        const qsizetype n = tokenLength(pattern, p);
        const QStringView token = pattern.mid(p, n);
        const std::optional<QString> text = tokenText(token, t, zone);
        out += text ? *text : token.toString();
        p += n;
    }
    return out;
}

} // namespace

QString momentFormat(double epochMs, QStringView pattern, const QTimeZone& zone)
{
    const std::optional<qint64> ms = timeClip(epochMs);
    if (!ms)
        return u"Invalid date"_s;
    const QString expanded = expandLongDateFormats(pattern.isEmpty() ? u"YYYY-MM-DDTHH:mm:ssZ" : pattern);
    return formatLocal(breakDown(*ms, zone), expanded, zone);
}

} // namespace sg::units::detail
