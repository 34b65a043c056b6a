#include "ui/charts/time_series_panel.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>
#include <QDateTime>

#include <cmath>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {
constexpr TimestampMs From = 1'700'000'000'000;
constexpr TimestampMs To = From + 3600'000;
constexpr DurationMs Step = 15'000;

promql::Matrix twoSeries()
{
    promql::Matrix m;
    promql::Series ok { Labels { { "status", "200" }, { "job", "api" } }, {} };
    promql::Series err { Labels { { "status", "500" }, { "job", "api" } }, {} };
    for (TimestampMs t = From; t <= To; t += Step) {
        ok.points.push_back({ t, 40 + 10 * std::sin(double(t - From) / 600'000.0) });
        err.points.push_back({ t, 5 });
    }
    m.push_back(ok);
    m.push_back(err);
    return m;
}
} // namespace

class TestTimeSeriesPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void legendFromFormat_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("template") << u"{{status}}"_s << QStringList { u"200"_s, u"500"_s };
        QTest::addRow("mixed") << u"{{job}}: {{status}}"_s << QStringList { u"api: 200"_s, u"api: 500"_s };
        QTest::addRow("labels") << QString()
                                << QStringList { u"{job=\"api\", status=\"200\"}"_s, u"{job=\"api\", status=\"500\"}"_s };
    }
    void legendFromFormat()
    {
        QFETCH(QString, format);
        QFETCH(QStringList, expected);
        ui::TimeSeriesPanel panel;
        panel.setMatrix(twoSeries(), format, From, To);
        QCOMPARE(panel.seriesCount(), 2);
        QCOMPARE(panel.legendTexts(), expected);
        // The chart's own series carry the same names (they feed the legend).
        QStringList names;
        for (auto* s : panel.chartView()->chart()->series())
            names.append(s->name());
        QCOMPARE(names, expected);
    }

    void clickEmitsSeriesAndTime_data()
    {
        QTest::addColumn<int>("series");
        QTest::addColumn<qint64>("offsetMs");
        QTest::addRow("flat-series-middle") << 1 << qint64(1800'000);
        QTest::addRow("wave-series-early") << 0 << qint64(600'000);
        QTest::addRow("wave-series-late") << 0 << qint64(3000'000);
    }
    void clickEmitsSeriesAndTime()
    {
        QFETCH(int, series);
        QFETCH(qint64, offsetMs);
        ui::TimeSeriesPanel panel;
        panel.resize(900, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setMatrix(twoSeries(), u"{{status}}"_s, From, To);
        QCoreApplication::processEvents();

        const TimestampMs target = From + offsetMs;
        const QPoint pos = panel.pointPosition(series, target);
        QVERIFY(panel.chartView()->viewport()->rect().contains(pos));
        QSignalSpy spy(&panel, &ui::TimeSeriesPanel::seriesClicked);
        QTest::mouseClick(panel.chartView()->viewport(), Qt::LeftButton, {}, pos);
        QCOMPARE(spy.count(), 1);
        const auto labels = spy.at(0).at(0).value<sg::Labels>();
        const qint64 t = spy.at(0).at(1).toLongLong();
        QCOMPARE(labels, panel.seriesLabels(series));
        QVERIFY2(std::llabs(t - target) <= Step, qPrintable(u"clicked %1, got %2"_s.arg(target).arg(t)));
    }
    void clickAwayFromPointsPicksNearestSeriesVertically()
    {
        ui::TimeSeriesPanel panel;
        panel.resize(900, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setMatrix(twoSeries(), u"{{status}}"_s, From, To);
        QCoreApplication::processEvents();
        // 30 px above the flat 500 series: far from every point, but nearer it than the 200 series (at 30..50).
        const QPoint onFlat = panel.pointPosition(1, From + 1200'000);
        const QPoint onWave = panel.pointPosition(0, From + 1200'000);
        QVERIFY(onWave.y() < onFlat.y() - 80);
        const QPoint pos(onFlat.x() + 3, onFlat.y() - 30);
        QSignalSpy spy(&panel, &ui::TimeSeriesPanel::seriesClicked);
        QTest::mouseClick(panel.chartView()->viewport(), Qt::LeftButton, {}, pos);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<sg::Labels>().get("status"), std::string_view("500"));
    }
    void hoverShowsTimeAndValues()
    {
        ui::TimeSeriesPanel panel;
        panel.setUnit(u"reqps"_s);
        panel.resize(900, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setMatrix(twoSeries(), u"{{status}}"_s, From, To);
        const QPoint pos = panel.pointPosition(1, From + 1800'000);
        QTest::mouseMove(panel.chartView()->viewport(), pos);
        QTRY_VERIFY(QToolTip::isVisible());
        const QString tip = QToolTip::text();
        QVERIFY2(tip.contains(u"500: <b>5 req/s</b>"_s), qPrintable(tip));
        QVERIFY2(tip.contains(QDateTime::fromMSecsSinceEpoch(From + 1800'000).toString(u"HH:mm"_s)), qPrintable(tip));
    }
    void missingDataDrawsAGap()
    {
        promql::Series s { Labels { { "job", "api" } }, {} };
        for (TimestampMs t = From; t <= To; t += Step) {
            if (t < From + 1200'000 || t > From + 1800'000) // ten minutes without samples
                s.points.push_back({ t, 1 });
        }
        ui::TimeSeriesPanel panel;
        panel.resize(900, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setMatrix({ s }, {}, From, To);
        QCoreApplication::processEvents(); // the legend lays its markers out on the next turn
        const auto lines = panel.chartView()->chart()->series();
        QCOMPARE(lines.size(), 2); // two segments of one series
        int visibleMarkers = 0;
        for (auto* marker : panel.chartView()->chart()->legend()->markers())
            visibleMarkers += marker->isVisible() ? 1 : 0;
        QCOMPARE(visibleMarkers, 1);
        QCOMPARE(panel.legendTexts().size(), 1);
        // Dense data without holes stays one line.
        panel.setMatrix(twoSeries(), {}, From, To);
        QCOMPARE(panel.chartView()->chart()->series().size(), 2);
    }
    void clickOutsidePlotDoesNothing()
    {
        ui::TimeSeriesPanel panel;
        panel.resize(900, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setMatrix(twoSeries(), {}, From, To);
        QSignalSpy spy(&panel, &ui::TimeSeriesPanel::seriesClicked);
        QTest::mouseClick(panel.chartView()->viewport(), Qt::LeftButton, {}, QPoint(2, 2));
        QCOMPARE(spy.count(), 0);
    }
    void unitLabelsOnValueAxis_data()
    {
        QTest::addColumn<QString>("unit");
        QTest::addColumn<QString>("suffix");
        QTest::addRow("reqps") << u"reqps"_s << u"req/s"_s;
        QTest::addRow("percent") << u"percentunit"_s << u"%"_s;
        QTest::addRow("bytes") << u"bytes"_s << u"B"_s;
    }
    void unitLabelsOnValueAxis()
    {
        QFETCH(QString, unit);
        QFETCH(QString, suffix);
        ui::TimeSeriesPanel panel;
        panel.setUnit(unit);
        panel.setMatrix(twoSeries(), {}, From, To);
        auto axes = panel.chartView()->chart()->axes(Qt::Vertical);
        QCOMPARE(axes.size(), 1);
        auto* axis = qobject_cast<QCategoryAxis*>(axes.front());
        QVERIFY(axis);
        const QStringList labels = axis->categoriesLabels();
        QVERIFY(labels.size() >= 2);
        QVERIFY2(labels.last().endsWith(suffix), qPrintable(labels.join(u" | "_s)));
    }
    void errorAndEmptyStates()
    {
        ui::TimeSeriesPanel panel;
        panel.resize(600, 300);
        panel.show();
        panel.setMatrix({}, {}, From, To);
        auto* overlay = panel.findChild<QLabel*>(u"chartOverlay"_s);
        QVERIFY(overlay);
        QVERIFY(overlay->isVisible());
        QCOMPARE(overlay->text(), u"No data"_s);
        panel.setLoading(true);
        QVERIFY(panel.isLoading());
        panel.setError(u"parse error at char 5: unexpected"_s);
        QVERIFY(!panel.isLoading());
        QCOMPARE(panel.errorText(), u"parse error at char 5: unexpected"_s);
        QCOMPARE(overlay->text(), u"parse error at char 5: unexpected"_s);
        panel.setMatrix(twoSeries(), {}, From, To);
        QVERIFY(panel.errorText().isEmpty());
        QVERIFY(!overlay->isVisible());
    }
};

QTEST_MAIN(TestTimeSeriesPanel)
#include "tst_time_series_panel.moc"
