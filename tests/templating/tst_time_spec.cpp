#include "core/templating/date_format.h"
#include "core/templating/time_options.h"
#include "core/templating/time_spec.h"

#include <QTest>

using namespace sg;
using namespace sg::templating;
using namespace Qt::StringLiterals;

namespace {

// Wednesday 2024-03-13 14:25:36.789 UTC
const QString Now = u"2024-03-13T14:25:36.789Z"_s;

TimestampMs ms(const QString& iso)
{
    return QDateTime::fromString(iso, Qt::ISODateWithMs).toMSecsSinceEpoch();
}

TimeOptions options(const QString& zone, int weekStart = Qt::Monday, int fiscal = 0)
{
    TimeOptions o;
    o.timeZone = zone;
    o.weekStart = Qt::DayOfWeek(weekStart);
    o.fiscalYearStartMonth = fiscal;
    return o;
}

} // namespace

class TestTimeSpec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dateMath_data()
    {
        QTest::addColumn<QString>("now");
        QTest::addColumn<QString>("zone");
        QTest::addColumn<int>("weekStart");
        QTest::addColumn<int>("fiscalStart");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("roundUp");
        QTest::addColumn<QString>("expected");

        const int mon = Qt::Monday;
        const int sun = Qt::Sunday;
        auto utc = [&](const char* name, const QString& text, bool up, const QString& expected, int week = Qt::Monday,
                       int fiscal = 0, const QString& now = Now) {
            QTest::addRow("%s", name) << now << u"utc"_s << week << fiscal << text << up << expected;
        };
        utc("now", u"now"_s, false, u"2024-03-13T14:25:36.789Z"_s);
        utc("now up", u"now"_s, true, u"2024-03-13T14:25:36.789Z"_s);
        utc("now-6h", u"now-6h"_s, false, u"2024-03-13T08:25:36.789Z"_s);
        utc("now+1d", u"now+1d"_s, false, u"2024-03-14T14:25:36.789Z"_s);
        utc("now-5m", u"now-5m"_s, false, u"2024-03-13T14:20:36.789Z"_s);
        utc("now-30s", u"now-30s"_s, false, u"2024-03-13T14:25:06.789Z"_s);
        utc("now-2w", u"now-2w"_s, false, u"2024-02-28T14:25:36.789Z"_s);
        utc("now-1M", u"now-1M"_s, false, u"2024-02-13T14:25:36.789Z"_s);
        utc("now-1Q", u"now-1Q"_s, false, u"2023-12-13T14:25:36.789Z"_s);
        utc("now-1y", u"now-1y"_s, false, u"2023-03-13T14:25:36.789Z"_s);
        utc("implicit one", u"now-h"_s, false, u"2024-03-13T13:25:36.789Z"_s);
        utc("whitespace", u"now - 1h"_s, false, u"2024-03-13T13:25:36.789Z"_s);
        utc("now-90d", u"now-90d"_s, false, u"2023-12-14T14:25:36.789Z"_s);
        utc("now/d", u"now/d"_s, false, u"2024-03-13T00:00:00.000Z"_s);
        utc("now/d up", u"now/d"_s, true, u"2024-03-13T23:59:59.999Z"_s);
        utc("now-1d/d", u"now-1d/d"_s, false, u"2024-03-12T00:00:00.000Z"_s);
        utc("now-1d/d up", u"now-1d/d"_s, true, u"2024-03-12T23:59:59.999Z"_s);
        utc("now-1d/d+1h", u"now-1d/d+1h"_s, false, u"2024-03-12T01:00:00.000Z"_s);
        utc("now/1d", u"now/1d"_s, false, u"2024-03-13T00:00:00.000Z"_s);
        utc("now/w monday", u"now/w"_s, false, u"2024-03-11T00:00:00.000Z"_s, mon);
        utc("now/w monday up", u"now/w"_s, true, u"2024-03-17T23:59:59.999Z"_s, mon);
        utc("now/w sunday", u"now/w"_s, false, u"2024-03-10T00:00:00.000Z"_s, sun);
        utc("now/w sunday up", u"now/w"_s, true, u"2024-03-16T23:59:59.999Z"_s, sun);
        utc("now-1w/w", u"now-1w/w"_s, false, u"2024-03-04T00:00:00.000Z"_s, mon);
        utc("now/M", u"now/M"_s, false, u"2024-03-01T00:00:00.000Z"_s);
        utc("now/M up", u"now/M"_s, true, u"2024-03-31T23:59:59.999Z"_s);
        utc("now-1M/M leap", u"now-1M/M"_s, false, u"2024-02-01T00:00:00.000Z"_s);
        utc("now-1M/M leap up", u"now-1M/M"_s, true, u"2024-02-29T23:59:59.999Z"_s);
        utc("now/Q", u"now/Q"_s, false, u"2024-01-01T00:00:00.000Z"_s);
        utc("now/Q up", u"now/Q"_s, true, u"2024-03-31T23:59:59.999Z"_s);
        utc("now/y", u"now/y"_s, false, u"2024-01-01T00:00:00.000Z"_s);
        utc("now/y up", u"now/y"_s, true, u"2024-12-31T23:59:59.999Z"_s);
        utc("now-1y/y up", u"now-1y/y"_s, true, u"2023-12-31T23:59:59.999Z"_s);
        utc("now/h", u"now/h"_s, false, u"2024-03-13T14:00:00.000Z"_s);
        utc("now/h up", u"now/h"_s, true, u"2024-03-13T14:59:59.999Z"_s);
        utc("now/m", u"now/m"_s, false, u"2024-03-13T14:25:00.000Z"_s);
        utc("now/s up", u"now/s"_s, true, u"2024-03-13T14:25:36.999Z"_s);
        utc("now/fy january", u"now/fy"_s, false, u"2024-01-01T00:00:00.000Z"_s);
        utc("now/fy april", u"now/fy"_s, false, u"2023-04-01T00:00:00.000Z"_s, mon, 3);
        utc("now/fy april up", u"now/fy"_s, true, u"2024-03-31T23:59:59.999Z"_s, mon, 3);
        utc("now/fQ april", u"now/fQ"_s, false, u"2024-01-01T00:00:00.000Z"_s, mon, 3);
        utc("now/fQ april up", u"now/fQ"_s, true, u"2024-03-31T23:59:59.999Z"_s, mon, 3);
        utc("now-1Q/fQ", u"now-1Q/fQ"_s, false, u"2023-10-01T00:00:00.000Z"_s);
        utc("now-1y/fy october", u"now-1y/fy"_s, false, u"2022-10-01T00:00:00.000Z"_s, mon, 9);
        utc("fiscal on other unit is a no-op", u"now/fd"_s, false, u"2024-03-13T14:25:36.789Z"_s);
        // month and year boundaries
        utc("month clamp", u"now-1M"_s, false, u"2024-02-29T12:00:00.000Z"_s, mon, 0, u"2024-03-31T12:00:00.000Z"_s);
        utc("leap year clamp", u"now+1y"_s, false, u"2025-02-28T12:00:00.000Z"_s, mon, 0,
            u"2024-02-29T12:00:00.000Z"_s);
        utc("day back over new year", u"now-1h/d"_s, false, u"2023-12-31T00:00:00.000Z"_s, mon, 0,
            u"2024-01-01T00:30:00.000Z"_s);
        utc("week on new year monday", u"now/w"_s, false, u"2024-01-01T00:00:00.000Z"_s, mon, 0,
            u"2024-01-01T00:30:00.000Z"_s);
        utc("week on new year sunday start", u"now/w"_s, false, u"2023-12-31T00:00:00.000Z"_s, sun, 0,
            u"2024-01-01T00:30:00.000Z"_s);
        utc("week spanning years up", u"now/w"_s, true, u"2023-12-31T23:59:59.999Z"_s, mon, 0,
            u"2023-12-31T10:00:00.000Z"_s);
        utc("year of a december now", u"now-1M/y"_s, false, u"2023-01-01T00:00:00.000Z"_s, mon, 0,
            u"2024-01-15T00:00:00.000Z"_s);

        auto zoned = [&](const char* name, const QString& zone, const QString& now, const QString& text, bool up,
                         const QString& expected, int week = Qt::Monday) {
            QTest::addRow("%s", name) << now << zone << week << 0 << text << up << expected;
        };
        const QString berlin = u"Europe/Berlin"_s;
        zoned("berlin now/d", berlin, Now, u"now/d"_s, false, u"2024-03-12T23:00:00.000Z"_s);
        zoned("berlin now/d up", berlin, Now, u"now/d"_s, true, u"2024-03-13T22:59:59.999Z"_s);
        zoned("berlin dst day start", berlin, u"2024-03-31T12:00:00.000Z"_s, u"now/d"_s, false,
            u"2024-03-30T23:00:00.000Z"_s);
        zoned("berlin dst day end", berlin, u"2024-03-31T12:00:00.000Z"_s, u"now/d"_s, true,
            u"2024-03-31T21:59:59.999Z"_s);
        zoned("berlin -1d keeps wall time", berlin, u"2024-03-31T12:00:00.000Z"_s, u"now-1d"_s, false,
            u"2024-03-30T13:00:00.000Z"_s);
        zoned("berlin -24h is absolute", berlin, u"2024-03-31T12:00:00.000Z"_s, u"now-24h"_s, false,
            u"2024-03-30T12:00:00.000Z"_s);
        zoned("berlin now/M", berlin, u"2024-03-31T12:00:00.000Z"_s, u"now/M"_s, false, u"2024-02-29T23:00:00.000Z"_s);
        zoned(
            "berlin now/M up", berlin, u"2024-03-31T12:00:00.000Z"_s, u"now/M"_s, true, u"2024-03-31T21:59:59.999Z"_s);
        zoned(
            "berlin new year", berlin, u"2024-12-31T23:30:00.000Z"_s, u"now/y"_s, false, u"2024-12-31T23:00:00.000Z"_s);
        zoned("berlin week", berlin, u"2024-03-31T22:30:00.000Z"_s, u"now/w"_s, false, u"2024-03-31T22:00:00.000Z"_s);
        zoned("new york dst end day", u"America/New_York"_s, u"2024-11-03T12:00:00.000Z"_s, u"now/d"_s, false,
            u"2024-11-03T04:00:00.000Z"_s);
        zoned("new york dst end day up", u"America/New_York"_s, u"2024-11-03T12:00:00.000Z"_s, u"now/d"_s, true,
            u"2024-11-04T04:59:59.999Z"_s);
        zoned("kolkata half-hour offset", u"Asia/Kolkata"_s, Now, u"now/h"_s, false, u"2024-03-13T13:30:00.000Z"_s);

        // absolute forms
        utc("epoch ms", u"1710339936789"_s, false, u"2024-03-13T14:25:36.789Z"_s);
        utc("iso utc", u"2024-03-13T14:25:36.789Z"_s, false, u"2024-03-13T14:25:36.789Z"_s);
        utc("iso offset", u"2024-03-13T16:25:36+02:00"_s, false, u"2024-03-13T14:25:36.000Z"_s);
        utc("plain utc", u"2024-03-13 14:25:36"_s, false, u"2024-03-13T14:25:36.000Z"_s);
        zoned("plain in zone", berlin, Now, u"2024-03-13 14:25:36"_s, false, u"2024-03-13T13:25:36.000Z"_s);
        zoned("compact date is utc", berlin, Now, u"20240313"_s, false, u"2024-03-13T00:00:00.000Z"_s);
        utc("compact date time", u"20240313T142536"_s, false, u"2024-03-13T14:25:36.000Z"_s);
        utc("date only", u"2024-03-13"_s, false, u"2024-03-13T00:00:00.000Z"_s);
        utc("anchored math", u"2024-03-13T10:00:00Z||+1d"_s, false, u"2024-03-14T10:00:00.000Z"_s);
        utc("anchored rounding", u"2024-03-13T10:00:00Z||/d"_s, true, u"2024-03-13T23:59:59.999Z"_s);
    }
    void dateMath()
    {
        QFETCH(QString, now);
        QFETCH(QString, zone);
        QFETCH(int, weekStart);
        QFETCH(int, fiscalStart);
        QFETCH(QString, text);
        QFETCH(bool, roundUp);
        QFETCH(QString, expected);
        const auto result = parseTime(text, ms(now), roundUp, options(zone, weekStart, fiscalStart));
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
        QCOMPARE(formatIso(*result), expected);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("begin");
        QTest::addColumn<int>("end");
        QTest::addRow("unknown unit") << u"now-1x"_s << u"utc"_s << u"unknown time unit 'x'"_s << 5 << 6;
        QTest::addRow("bad operator") << u"now&1d"_s << u"utc"_s << u"expected +, - or /"_s << 3 << 4;
        QTest::addRow("round by two") << u"now/2d"_s << u"utc"_s << u"rounding"_s << 3 << 5;
        QTest::addRow("dangling operator") << u"now-"_s << u"utc"_s << u"end of text"_s << 4 << 4;
        QTest::addRow("number without unit") << u"now-5"_s << u"utc"_s << u"unknown time unit '5'"_s << 4 << 5;
        QTest::addRow("fractional") << u"now-1.5h"_s << u"utc"_s << u"unknown time unit '.'"_s << 5 << 6;
        QTest::addRow("grafana's length bound") << u"now-1d-12345678h"_s << u"utc"_s << u"number too long"_s << 7 << 14;
        QTest::addRow("word") << u"yesterday"_s << u"utc"_s << u"not a time"_s << 0 << 9;
        QTest::addRow("empty") << QString() << u"utc"_s << u"empty"_s << 0 << 0;
        QTest::addRow("bad date") << u"2024-13-45"_s << u"utc"_s << u"not a valid calendar date"_s << 0 << 10;
        QTest::addRow("epoch ms past int64") << u"1717000000012340000000000"_s << u"utc"_s
                                             << u"epoch milliseconds out of range"_s << 0 << 25;
        QTest::addRow("bad anchor math") << u"2024-03-13||+1q"_s << u"utc"_s << u"unknown time unit 'q'"_s << 14 << 15;
        QTest::addRow("unknown zone") << u"now"_s << u"Mars/Olympus"_s << u"unknown time zone"_s << 0 << 12;
    }
    void errors()
    {
        QFETCH(QString, text);
        QFETCH(QString, zone);
        QFETCH(QString, message);
        QFETCH(int, begin);
        QFETCH(int, end);
        const auto result = parseTime(text, ms(Now), false, options(zone));
        QVERIFY(!result.ok());
        QVERIFY2(QString::fromStdString(result.error().message).contains(message), result.error().message.c_str());
        QCOMPARE(result.error().where.begin, begin);
        QCOMPARE(result.error().where.end, end);
    }

    void resolveRangeNamesTheSide()
    {
        const auto ok = resolveRange(u"now-6h", u"now/d", ms(Now), options(u"utc"_s));
        QVERIFY(ok.ok());
        QCOMPARE(formatIso(ok->fromMs), u"2024-03-13T08:25:36.789Z"_s);
        QCOMPARE(formatIso(ok->toMs), u"2024-03-13T23:59:59.999Z"_s);

        const auto badFrom = resolveRange(u"now-6x", u"now", ms(Now), options(u"utc"_s));
        QVERIFY(!badFrom.ok());
        QVERIFY(badFrom.error().message.starts_with("from: "));
        const auto badTo = resolveRange(u"now-6h", u"later", ms(Now), options(u"utc"_s));
        QVERIFY(!badTo.ok());
        QVERIFY(badTo.error().message.starts_with("to: "));
    }

    void helpers()
    {
        QVERIFY(isMathString(u"now-1h"));
        QVERIFY(isMathString(u"2024-01-01||+1d"));
        QVERIFY(!isMathString(u"1710339936789"));
        QCOMPARE(parseWeekStart(u"Monday"), std::optional<Qt::DayOfWeek>(Qt::Monday));
        QCOMPARE(parseWeekStart(u"sunday"), std::optional<Qt::DayOfWeek>(Qt::Sunday));
        QCOMPARE(parseWeekStart(u"saturday"), std::optional<Qt::DayOfWeek>(Qt::Saturday));
        QCOMPARE(parseWeekStart(u""), std::optional<Qt::DayOfWeek>());
        QCOMPARE(parseWeekStart(u"browser"), std::optional<Qt::DayOfWeek>());
        QVERIFY(resolveTimeZone(u"Europe/Berlin").ok());
        QVERIFY(resolveTimeZone(u"browser").ok());
        QCOMPARE(*resolveTimeZone(u"UTC"), QTimeZone::utc());
    }

    void describe_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("expected");
        QTest::addRow("last 6 hours") << u"now-6h"_s << u"now"_s << u"utc"_s << u"Last 6 hours"_s;
        QTest::addRow("today") << u"now/d"_s << u"now/d"_s << u"utc"_s << u"Today"_s;
        QTest::addRow("today so far") << u"now/d"_s << u"now"_s << u"utc"_s << u"Today so far"_s;
        QTest::addRow("yesterday") << u"now-1d/d"_s << u"now-1d/d"_s << u"utc"_s << u"Yesterday"_s;
        QTest::addRow("this week so far") << u"now/w"_s << u"now"_s << u"utc"_s << u"This week so far"_s;
        QTest::addRow("previous week") << u"now-1w/w"_s << u"now-1w/w"_s << u"utc"_s << u"Previous week"_s;
        QTest::addRow("previous month") << u"now-1M/M"_s << u"now-1M/M"_s << u"utc"_s << u"Previous month"_s;
        QTest::addRow("this fiscal year") << u"now/fy"_s << u"now/fy"_s << u"utc"_s << u"This fiscal year"_s;
        QTest::addRow("last 1 hour") << u"now-1h"_s << u"now"_s << u"utc"_s << u"Last 1 hour"_s;
        QTest::addRow("last 45 minutes") << u"now-45m"_s << u"now"_s << u"utc"_s << u"Last 45 minutes"_s;
        QTest::addRow("last 2 hours") << u"now-2h"_s << u"now"_s << u"utc"_s << u"Last 2 hours"_s;
        QTest::addRow("last 1 quarter") << u"now-1Q"_s << u"now"_s << u"utc"_s << u"Last 1 quarter"_s;
        QTest::addRow("last 3 fiscal years") << u"now-3fy"_s << u"now"_s << u"utc"_s << u"Last 3 fiscal years"_s;
        QTest::addRow("next 1 hour") << u"now"_s << u"now+1h"_s << u"utc"_s << u"Next 1 hour"_s;
        QTest::addRow("unnamed future") << u"now"_s << u"now+10m"_s << u"utc"_s << u"now to now+10m"_s;
        QTest::addRow("relative pair") << u"now-6h"_s << u"now-1h"_s << u"utc"_s << u"now-6h to now-1h"_s;
        QTest::addRow("absolute utc") << u"1710288000000"_s << u"1710291600000"_s << u"utc"_s
                                      << u"2024-03-13 00:00:00 to 2024-03-13 01:00:00"_s;
        QTest::addRow("absolute berlin") << u"1710288000000"_s << u"1710291600000"_s << u"Europe/Berlin"_s
                                         << u"2024-03-13 01:00:00 to 2024-03-13 02:00:00"_s;
        QTest::addRow("absolute to now") << u"1710332736789"_s << u"now"_s << u"utc"_s
                                         << u"2024-03-13 12:25:36 to a few seconds ago"_s;
        QTest::addRow("now-2h to absolute")
            << u"now-2h"_s << u"2024-03-13T14:25:36.789Z"_s << u"utc"_s << u"2 hours ago to 2024-03-13 14:25:36"_s;
    }
    void describe()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, zone);
        QFETCH(QString, expected);
        QCOMPARE(templating::describe(from, to, ms(Now), options(zone)), expected);
    }

    void describeCustomRangesFirst()
    {
        const QList<TimeOption> custom { { u"now-10m"_s, u"now"_s, u"Last ten"_s },
            { u"now-6h"_s, u"now"_s, u"Shift"_s } };
        QCOMPARE(templating::describe(u"now-10m", u"now", ms(Now), {}, custom), u"Last ten"_s);
        QCOMPARE(templating::describe(u"now-6h", u"now", ms(Now), {}, custom), u"Shift"_s);
    }

    void describeTextRange_data()
    {
        QTest::addColumn<QString>("expr");
        QTest::addColumn<QString>("display");
        QTest::addColumn<bool>("invalid");
        QTest::addRow("5m") << u"5m"_s << u"Last 5 minutes"_s << false;
        QTest::addRow("10m") << u"10m"_s << u"Last 10 minutes"_s << false;
        QTest::addRow("1d") << u"1d"_s << u"Last 1 day"_s << false;
        QTest::addRow("now-3w") << u"now-3w"_s << u"Last 3 weeks"_s << false;
        QTest::addRow("+2d") << u"+2d"_s << u"Next 2 days"_s << false;
        QTest::addRow("junk") << u"abc"_s << u"now-abc to now"_s << true;
    }
    void describeTextRange()
    {
        QFETCH(QString, expr);
        QFETCH(QString, display);
        QFETCH(bool, invalid);
        const TextRange r = templating::describeTextRange(expr);
        QCOMPARE(r.option.display, display);
        QCOMPARE(r.invalid, invalid);
    }

    void timeAgo_data()
    {
        QTest::addColumn<qint64>("offsetMs");
        QTest::addColumn<QString>("expected");
        QTest::addRow("now") << qint64(0) << u"a few seconds ago"_s;
        QTest::addRow("30s future") << qint64(30'000) << u"in a few seconds"_s;
        QTest::addRow("1m") << qint64(-60'000) << u"a minute ago"_s;
        QTest::addRow("10m") << qint64(-600'000) << u"10 minutes ago"_s;
        QTest::addRow("1h") << qint64(-3'600'000) << u"an hour ago"_s;
        QTest::addRow("5h future") << qint64(5 * 3'600'000) << u"in 5 hours"_s;
        QTest::addRow("3d") << qint64(-3 * 86'400'000) << u"3 days ago"_s;
        QTest::addRow("60d") << qint64(-60LL * 86'400'000) << u"2 months ago"_s;
        QTest::addRow("2y") << qint64(-730LL * 86'400'000) << u"2 years ago"_s;
    }
    void timeAgo()
    {
        QFETCH(qint64, offsetMs);
        QFETCH(QString, expected);
        QCOMPARE(describeTimeAgo(ms(Now) + offsetMs, ms(Now)), expected);
    }

    void quickRangesAndRefresh()
    {
        const auto& quick = defaultQuickRanges();
        QCOMPARE(quick.size(), 36);
        QCOMPARE(quick.first().display, u"Last 5 minutes"_s);
        QCOMPARE(quick.at(15).display, u"Last 5 years"_s);
        QCOMPARE(quick.at(16).display, u"Yesterday"_s);
        QCOMPARE(quick.last().display, u"This fiscal year"_s);
        QCOMPARE(standardRanges().size(), 36 + 17);
        // every quick range parses on both ends
        for (const TimeOption& o : quick) {
            QVERIFY2(resolveRange(o.from, o.to, ms(Now), options(u"utc"_s)).ok(), qPrintable(o.from));
        }

        const auto refresh = refreshOptions();
        QCOMPARE(refresh.size(), 12);
        QCOMPARE(refresh.at(0).label, u"Off"_s);
        QCOMPARE(refresh.at(1).value, u"auto"_s);
        QCOMPARE(refresh.at(2).intervalMs, 5000);
        QCOMPARE(refresh.last().label, u"1d"_s);
        QCOMPARE(refresh.last().intervalMs, 86'400'000);
        QCOMPARE(refreshOptions({ u"1m"_s, u"bogus"_s }, false).size(), 2);
        QCOMPARE(*autoRefreshIntervalMs(0, 3'600'000, 1000), 5000); // 3.6s → 5s
        QCOMPARE(*autoRefreshIntervalMs(0, 86'400'000, 1000), 60'000); // 86.4s → 1m
    }

    void momentFormat_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("expected");
        // 2020-07-13T20:19:09.254Z, a Monday
        QTest::addRow("default") << u"YYYY-MM-DD HH:mm:ss"_s << u"2020-07-13 20:19:09"_s;
        QTest::addRow("month names") << u"MMMM MMM M Mo"_s << u"July Jul 7 7th"_s;
        QTest::addRow("days") << u"dddd ddd dd d Do D DDD"_s << u"Monday Mon Mo 1 13th 13 195"_s;
        QTest::addRow("12 hour") << u"h:mm A hh a"_s << u"8:19 PM 08 pm"_s;
        QTest::addRow("fraction and offset") << u"ss.SSS Z ZZ"_s << u"09.254 +00:00 +0000"_s;
        QTest::addRow("epoch") << u"X x"_s << u"1594671549 1594671549254"_s;
        QTest::addRow("weeks") << u"W WW w E Q"_s << u"29 29 29 1 3"_s;
        QTest::addRow("literal") << u"[Week] W [of] YYYY"_s << u"Week 29 of 2020"_s;
        QTest::addRow("two digit year") << u"YY"_s << u"20"_s;
    }
    void momentFormat()
    {
        QFETCH(QString, format);
        QFETCH(QString, expected);
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(1594671549254, QTimeZone::utc());
        QCOMPARE(formatMoment(t, format), expected);
    }
};

QTEST_GUILESS_MAIN(TestTimeSpec)
#include "tst_time_spec.moc"
