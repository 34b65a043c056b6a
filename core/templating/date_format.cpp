#include "date_format.h"

#include <QTimeZone>

#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::templating {

namespace {

constexpr std::array<QStringView, 12> MonthNames = { u"January", u"February", u"March", u"April", u"May", u"June",
    u"July", u"August", u"September", u"October", u"November", u"December" };
constexpr std::array<QStringView, 7> DayNames
    = { u"Sunday", u"Monday", u"Tuesday", u"Wednesday", u"Thursday", u"Friday", u"Saturday" };

QString pad(qint64 value, int width)
{
    const QString digits = QString::number(std::abs(value)).rightJustified(width, u'0');
    return value < 0 ? u'-' + digits : digits;
}

// moment's English ordinal: 1st 2nd 3rd 4th 11th 12th 13th 21st.
QString ordinal(int n)
{
    const int b = n % 10;
    const int tens = (n % 100) / 10;
    QStringView suffix = u"th";
    if (tens != 1) {
        if (b == 1)
            suffix = u"st";
        else if (b == 2)
            suffix = u"nd";
        else if (b == 3)
            suffix = u"rd";
    }
    return QString::number(n) + suffix.toString();
}

int jsDay(const QDate& d)
{
    return d.dayOfWeek() % 7;
} // 0 = Sunday

// moment's firstWeekOffset / weekOfYear with a week starting on `dow` (0 = Sunday) whose first week holds
// January `7 + dow - doy`.
int firstWeekOffset(int year, int dow, int doy)
{
    const int fwd = 7 + dow - doy;
    const int fwdlw = (7 + jsDay(QDate(year, 1, fwd)) - dow) % 7;
    return -fwdlw + fwd - 1;
}

int weeksInYear(int year, int dow, int doy)
{
    const int days = QDate::isLeapYear(year) ? 366 : 365;
    return (days - firstWeekOffset(year, dow, doy) + firstWeekOffset(year + 1, dow, doy)) / 7;
}

int weekOfYear(const QDate& date, int dow, int doy)
{
    const int offset = firstWeekOffset(date.year(), dow, doy);
    const int week = int(std::floor(double(date.dayOfYear() - offset - 1) / 7)) + 1;
    if (week < 1)
        return week + weeksInYear(date.year() - 1, dow, doy);
    if (week > weeksInYear(date.year(), dow, doy))
        return week - weeksInYear(date.year(), dow, doy);
    return week;
}

QString zoneOffset(const QDateTime& dt, bool colon)
{
    const int offset = dt.offsetFromUtc();
    const int minutes = std::abs(offset) / 60;
    const QString sign = offset < 0 ? u"-"_s : u"+"_s;
    return sign + pad(minutes / 60, 2) + (colon ? u":"_s : QString()) + pad(minutes % 60, 2);
}

// Longest tokens first so that "MMMM" wins over "MM".
constexpr std::array<QStringView, 49> Tokens = { u"YYYY", u"YY", u"Y", u"Qo", u"Q", u"MMMM", u"MMM", u"MM", u"Mo", u"M",
    u"DDDD", u"DDDo", u"DDD", u"DD", u"Do", u"D", u"dddd", u"ddd", u"dd", u"do", u"d", u"E", u"e", u"wo", u"ww", u"w",
    u"Wo", u"WW", u"W", u"HH", u"H", u"hh", u"h", u"kk", u"k", u"mm", u"m", u"ss", u"s", u"SSS", u"SS", u"S", u"A",
    u"a", u"ZZ", u"Z", u"X", u"x", u"zz" };

QString render(QStringView token, const QDateTime& dt)
{
    const QDate date = dt.date();
    const QTime time = dt.time();
    const int hour12 = time.hour() % 12 == 0 ? 12 : time.hour() % 12;
    if (token == u"YYYY")
        return pad(date.year(), 4);
    if (token == u"YY")
        return pad(date.year() % 100, 2);
    if (token == u"Y")
        return QString::number(date.year());
    if (token == u"Q")
        return QString::number((date.month() - 1) / 3 + 1);
    if (token == u"Qo")
        return ordinal((date.month() - 1) / 3 + 1);
    if (token == u"MMMM")
        return MonthNames[date.month() - 1].toString();
    if (token == u"MMM")
        return MonthNames[date.month() - 1].first(3).toString();
    if (token == u"MM")
        return pad(date.month(), 2);
    if (token == u"Mo")
        return ordinal(date.month());
    if (token == u"M")
        return QString::number(date.month());
    if (token == u"DDDD")
        return pad(date.dayOfYear(), 3);
    if (token == u"DDDo")
        return ordinal(date.dayOfYear());
    if (token == u"DDD")
        return QString::number(date.dayOfYear());
    if (token == u"DD")
        return pad(date.day(), 2);
    if (token == u"Do")
        return ordinal(date.day());
    if (token == u"D")
        return QString::number(date.day());
    if (token == u"dddd")
        return DayNames[jsDay(date)].toString();
    if (token == u"ddd")
        return DayNames[jsDay(date)].first(3).toString();
    if (token == u"dd")
        return DayNames[jsDay(date)].first(2).toString();
    if (token == u"do")
        return ordinal(jsDay(date));
    if (token == u"d" || token == u"e")
        return QString::number(jsDay(date)); // English locale weeks start on Sunday
    if (token == u"E")
        return QString::number(date.dayOfWeek());
    if (token == u"w")
        return QString::number(weekOfYear(date, 0, 6));
    if (token == u"ww")
        return pad(weekOfYear(date, 0, 6), 2);
    if (token == u"wo")
        return ordinal(weekOfYear(date, 0, 6));
    if (token == u"W")
        return QString::number(weekOfYear(date, 1, 4));
    if (token == u"WW")
        return pad(weekOfYear(date, 1, 4), 2);
    if (token == u"Wo")
        return ordinal(weekOfYear(date, 1, 4));
    if (token == u"HH")
        return pad(time.hour(), 2);
    if (token == u"H")
        return QString::number(time.hour());
    if (token == u"hh")
        return pad(hour12, 2);
    if (token == u"h")
        return QString::number(hour12);
    if (token == u"kk")
        return pad(time.hour() == 0 ? 24 : time.hour(), 2);
    if (token == u"k")
        return QString::number(time.hour() == 0 ? 24 : time.hour());
    if (token == u"mm")
        return pad(time.minute(), 2);
    if (token == u"m")
        return QString::number(time.minute());
    if (token == u"ss")
        return pad(time.second(), 2);
    if (token == u"s")
        return QString::number(time.second());
    if (token == u"SSS")
        return pad(time.msec(), 3);
    if (token == u"SS")
        return pad(time.msec() / 10, 2);
    if (token == u"S")
        return QString::number(time.msec() / 100);
    if (token == u"A")
        return time.hour() < 12 ? u"AM"_s : u"PM"_s;
    if (token == u"a")
        return time.hour() < 12 ? u"am"_s : u"pm"_s;
    if (token == u"ZZ")
        return zoneOffset(dt, false);
    if (token == u"Z")
        return zoneOffset(dt, true);
    if (token == u"X")
        return QString::number(qint64(std::floor(double(dt.toMSecsSinceEpoch()) / 1000)));
    if (token == u"x")
        return QString::number(dt.toMSecsSinceEpoch());
    if (token == u"zz")
        return dt.timeZoneAbbreviation();
    return token.toString();
}

} // namespace

QString formatMoment(const QDateTime& dateTime, QStringView format)
{
    QString out;
    qsizetype i = 0;
    while (i < format.size()) {
        const QChar c = format[i];
        if (c == u'[') {
            const qsizetype close = format.indexOf(u']', i + 1);
            if (close > 0 && format.sliced(i + 1, close - i - 1).indexOf(u'[') < 0) {
                out += format.sliced(i + 1, close - i - 1);
                i = close + 1;
                continue;
            }
        }
        if (c == u'\\' && i + 1 < format.size()) {
            out += format[i + 1];
            i += 2;
            continue;
        }
        bool matched = false;
        for (QStringView token : Tokens) {
            if (format.sliced(i).startsWith(token)) {
                out += render(token, dateTime);
                i += token.size();
                matched = true;
                break;
            }
        }
        if (!matched) {
            out += c;
            ++i;
        }
    }
    return out;
}

QString formatIso(TimestampMs ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(u"yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"_s);
}

} // namespace sg::templating
