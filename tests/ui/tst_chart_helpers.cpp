#include "ui/charts/downsample.h"
#include "ui/charts/value_format.h"

#include <QDateTime>
#include <QSet>
#include <QTest>

#include <cmath>

using namespace sg;
using namespace Qt::StringLiterals;

class TestChartHelpers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keepsSmallSeries()
    {
        std::vector<promql::Point> points { { 1000, 1 }, { 2000, NAN }, { 3000, 3 }, { 9000, 4 } };
        const auto out = ui::downsampleMinMax(points, 0, 5000, 100);
        QCOMPARE(out.size(), 2); // NaN and out-of-range points dropped
        QCOMPARE(out[0], QPointF(1000, 1));
        QCOMPARE(out[1], QPointF(3000, 3));
    }
    void keepsSpikesWhenReducing()
    {
        std::vector<promql::Point> points;
        for (int i = 0; i < 10'000; ++i)
            points.push_back({ TimestampMs(i) * 1000, i == 4321 ? 1000.0 : (i == 777 ? -50.0 : std::sin(i * 0.01)) });
        const int columns = 200;
        const auto out = ui::downsampleMinMax(points, 0, 10'000'000, columns);
        QVERIFY(out.size() <= 4 * columns);
        QVERIFY(out.size() >= columns);
        bool spike = false;
        bool dip = false;
        for (qsizetype i = 0; i < out.size(); ++i) {
            spike |= out[i] == QPointF(4321'000, 1000);
            dip |= out[i] == QPointF(777'000, -50);
            if (i > 0)
                QVERIFY2(out[i - 1].x() < out[i].x(), "points stay in time order");
        }
        QVERIFY(spike);
        QVERIFY(dip);
        QCOMPARE(out.front().x(), 0.0);
        QCOMPARE(out.back().x(), 9'999'000.0);
    }
    void formatsUnits_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("unit");
        QTest::addColumn<QString>("expected");
        QTest::addRow("reqps") << 12.5 << u"reqps"_s << u"12.5 req/s"_s;
        QTest::addRow("reqps-k") << 2500.0 << u"reqps"_s << u"2.5 K req/s"_s;
        QTest::addRow("seconds-ms") << 0.25 << u"s"_s << u"250 ms"_s;
        QTest::addRow("seconds") << 1.5 << u"s"_s << u"1.5 s"_s;
        QTest::addRow("seconds-min") << 90.0 << u"s"_s << u"1.5 min"_s;
        QTest::addRow("percentunit") << 0.123 << u"percentunit"_s << u"12.3%"_s;
        QTest::addRow("bytes") << 1536.0 << u"bytes"_s << u"1.5 KiB"_s;
        QTest::addRow("bytes-mib") << 3.0 * 1024 * 1024 << u"bytes"_s << u"3 MiB"_s;
        QTest::addRow("none") << 1234567.0 << QString() << u"1.23 Mil"_s;
        QTest::addRow("small") << 0.5 << QString() << u"0.5"_s;
        QTest::addRow("nan") << double(NAN) << u"s"_s << u"NaN"_s;
    }
    void formatsUnits()
    {
        QFETCH(double, value);
        QFETCH(QString, unit);
        QFETCH(QString, expected);
        QCOMPARE(ui::formatValue(value, unit), expected);
    }
    void niceTicksAreDistinctAndCoverRange_data()
    {
        QTest::addColumn<double>("min");
        QTest::addColumn<double>("max");
        QTest::addColumn<QString>("unit");
        QTest::addRow("rate") << 0.0 << 37.0 << u"reqps"_s;
        QTest::addRow("latency") << 0.0 << 0.012 << u"s"_s;
        QTest::addRow("ratio") << 0.0 << 1.0 << u"percentunit"_s;
        QTest::addRow("bytes") << 0.0 << 5e9 << u"bytes"_s;
        QTest::addRow("flat") << 5.0 << 5.0 << QString();
    }
    void niceTicksAreDistinctAndCoverRange()
    {
        QFETCH(double, min);
        QFETCH(double, max);
        QFETCH(QString, unit);
        const auto ticks = ui::niceTicks(min, max, unit, 5);
        QVERIFY(ticks.min <= min);
        QVERIFY(ticks.max >= max);
        QVERIFY(ticks.values.size() >= 2 && ticks.values.size() <= 12);
        QCOMPARE(ticks.labels.size(), ticks.values.size());
        QCOMPARE(QSet<QString>(ticks.labels.begin(), ticks.labels.end()).size(), ticks.labels.size());
    }
    void timeTicksAreRound_data()
    {
        QTest::addColumn<qint64>("span");
        QTest::addRow("5m") << qint64(300'000);
        QTest::addRow("1h") << qint64(3600'000);
        QTest::addRow("24h") << qint64(86'400'000);
    }
    void timeTicksAreRound()
    {
        QFETCH(qint64, span);
        const TimestampMs to = 1'700'000'123'456;
        const TimestampMs from = to - span;
        const auto ticks = ui::timeTicks(from, to, 8);
        QVERIFY(ticks.values.size() >= 4 && ticks.values.size() <= 9);
        QCOMPARE(QSet<QString>(ticks.labels.begin(), ticks.labels.end()).size(), ticks.labels.size());
        const qint64 offset = qint64(QDateTime::fromMSecsSinceEpoch(from).offsetFromUtc()) * 1000;
        for (double v : ticks.values) {
            QVERIFY(v >= double(from) && v <= double(to));
            QCOMPARE((qint64(v) + offset) % qint64(ticks.step), qint64(0));
        }
    }
    void legend_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("expected");
        QTest::addRow("label") << u"{{status}}"_s << u"200"_s;
        QTest::addRow("text") << u"{{ handler }} p99 ({{status}})"_s << u"/api p99 (200)"_s;
        QTest::addRow("missing") << u"x{{nope}}y"_s << u"xy"_s;
        QTest::addRow("empty") << QString() << u"http_requests_total{handler=\"/api\", status=\"200\"}"_s;
    }
    void legend()
    {
        QFETCH(QString, format);
        QFETCH(QString, expected);
        const Labels labels { { "__name__", "http_requests_total" }, { "status", "200" }, { "handler", "/api" } };
        QCOMPARE(ui::formatLegend(format, labels), expected);
    }
};

QTEST_GUILESS_MAIN(TestChartHelpers)
#include "tst_chart_helpers.moc"
