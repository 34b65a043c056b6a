#include "ui/widgets/time_range_picker.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

class TestTimeRangePicker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void relativeRangesEndNow()
    {
        ui::TimeRangePicker picker;
        QSignalSpy changed(&picker, &ui::TimeRangePicker::rangeChanged);
        picker.setRelative(15 * 60'000);
        QCOMPARE(changed.count(), 1);
        const TimestampMs before = nowMs();
        const TimeRange r = picker.currentRange();
        QCOMPARE(r.maxMs - r.minMs, 15 * 60'000);
        QVERIFY(std::llabs(r.maxMs - before) < 1000);
        QCOMPARE(picker.rangeCombo()->currentText(), u"Last 15 minutes"_s);
    }
    void customRange()
    {
        ui::TimeRangePicker picker;
        QSignalSpy changed(&picker, &ui::TimeRangePicker::rangeChanged);
        picker.setCustomRange({ 1'700'000'000'000, 1'700'000'600'000 });
        QCOMPARE(changed.count(), 1);
        QCOMPARE(picker.relativeSpan(), 0);
        QCOMPARE(picker.currentRange().minMs, 1'700'000'000'000);
        QCOMPARE(picker.currentRange().maxMs, 1'700'000'600'000);
    }
    void autoRefreshFires()
    {
        ui::TimeRangePicker picker;
        picker.setRefreshInterval(5'000);
        QCOMPARE(picker.refreshInterval(), 5'000);
        QSignalSpy spy(&picker, &ui::TimeRangePicker::refreshRequested);
        QVERIFY(spy.wait(7'000));
        picker.setRefreshInterval(0);
        QCOMPARE(picker.refreshCombo()->currentText(), u"Off"_s);
    }
    void parsesGrafanaDurations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::addRow("now-1h") << u"now-1h"_s << qint64(3600'000);
        QTest::addRow("10s") << u"10s"_s << qint64(10'000);
        QTest::addRow("5m") << u"5m"_s << qint64(300'000);
        QTest::addRow("bad") << u"soon"_s << qint64(0);
        QTest::addRow("weeks") << u"now-2w"_s << qint64(14 * 86400'000LL);
        // past int64 nanoseconds (about 292 years), or past int64 itself: not a duration, no overflow
        QTest::addRow("past-292-years") << u"now-16000w"_s << qint64(0);
        QTest::addRow("past-int64") << u"now-99999999999999999w"_s << qint64(0);
        QTest::addRow("digits-past-int64") << u"99999999999999999999ms"_s << qint64(0);
    }
    void parsesGrafanaDurations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QCOMPARE(ui::TimeRangePicker::parseDuration(text), ms);
    }
};

QTEST_MAIN(TestTimeRangePicker)
#include "tst_time_range_picker.moc"
