// The stat panel's percent change as Grafana computes, writes and colours it.
#include "core/fieldconfig/percent_change.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace sg::fieldconfig;
using namespace Qt::StringLiterals;

class TestPercentChange : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void text_data()
    {
        QTest::addColumn<double>("change");
        QTest::addColumn<QString>("expected");
        QTest::addRow("zero") << 0.0 << u"0%"_s;
        QTest::addRow("three-digits") << 12.345 << u"12.3%"_s;
        QTest::addRow("round-half-up") << 12.35 << u"12.4%"_s;
        QTest::addRow("small") << 0.12345 << u"0.123%"_s;
        QTest::addRow("tiny") << 0.000123456 << u"0.000123%"_s;
        QTest::addRow("integer") << 50.0 << u"50%"_s;
        QTest::addRow("hundred") << 100.0 << u"100%"_s;
        QTest::addRow("grouping") << 1234.5 << u"1,230%"_s;
        QTest::addRow("large") << 98765.0 << u"98,800%"_s;
        QTest::addRow("negative") << -12.345 << u"-12.3%"_s;
        QTest::addRow("negative-half") << -0.5 << u"-0.5%"_s;
        QTest::addRow("trailing-zero") << 1.5 << u"1.5%"_s;
        QTest::addRow("carry") << 99.96 << u"100%"_s;
        QTest::addRow("infinity") << std::numeric_limits<double>::infinity() << u"∞%"_s;
    }

    void text()
    {
        QFETCH(double, change);
        QFETCH(QString, expected);
        QCOMPARE(percentChangeText(change), expected);
    }

    void color_data()
    {
        QTest::addColumn<double>("change");
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("expected");
        QTest::addRow("up") << 5.0 << u"standard"_s << u"green"_s;
        QTest::addRow("down") << -5.0 << u"standard"_s << u"red"_s;
        QTest::addRow("zero-standard") << 0.0 << u"standard"_s << u"red"_s; // Grafana: only an increase is green
        QTest::addRow("up-inverted") << 5.0 << u"inverted"_s << u"red"_s;
        QTest::addRow("down-inverted") << -5.0 << u"inverted"_s << u"green"_s;
        QTest::addRow("same-as-value") << 5.0 << u"same_as_value"_s << u"#FF9830"_s;
    }

    void color()
    {
        QFETCH(double, change);
        QFETCH(QString, mode);
        QFETCH(QString, expected);
        QCOMPARE(percentChangeColor(change, mode, u"#FF9830"_s), expected);
    }

    void change_data()
    {
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<double>("expected"); // NaN: none
        QTest::addRow("up") << QList<double> { 10, 30, 15 } << 50.0;
        QTest::addRow("first-last-non-null") << QList<double> { NAN, 8, 1, 2, NAN } << -75.0;
        QTest::addRow("single") << QList<double> { 3 } << 0.0;
        QTest::addRow("all-null") << QList<double> { NAN, NAN } << double(NAN);
        QTest::addRow("empty") << QList<double> {} << double(NAN);
        QTest::addRow("from-zero") << QList<double> { 0, 5 } << std::numeric_limits<double>::infinity();
    }

    void change()
    {
        QFETCH(QList<double>, values);
        QFETCH(double, expected);
        const auto got = percentChange(std::vector<double>(values.begin(), values.end()));
        if (std::isnan(expected)) {
            QVERIFY(!got);
            return;
        }
        QVERIFY(got);
        QCOMPARE(*got, expected);
    }
};

QTEST_GUILESS_MAIN(TestPercentChange)
#include "tst_fieldconfig_percent_change.moc"
