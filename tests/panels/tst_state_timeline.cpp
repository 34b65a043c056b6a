#include "ui/panels/common/panel_paint.h"
#include "ui/panels/state_timeline/state_timeline_model.h"
#include "ui/panels/state_timeline/state_timeline_plugin.h"
#include "ui/panels/state_timeline/state_timeline_view.h"

#include "panel_test_helpers.h"

#include <random>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 T0 = 1'700'000'040'000;
constexpr qint64 Minute = 60'000;

// "1,1,null,5": one sample a minute from T0.
query::SeriesFrame series(const QString& name, const QString& values)
{
    QList<double> parsed;
    for (const auto& v : values.split(u','))
        parsed << (v == u"null" ? query::NullValue : v.toDouble());
    query::SeriesFrame s = test::seriesFrame(name, parsed, T0, Minute);
    s.labels = { { u"instance"_s, name } };
    return s;
}

dashboards::Panel panel(const QJsonObject& options, const QString& defaultsJson)
{
    return test::panelOf(u"state-timeline"_s, options, defaultsJson);
}

const QString Thresholds3 = uR"({"thresholds":{"mode":"absolute","steps":[{"color":"green","value":null},
    {"color":"red","value":3}]}})"_s;

// Shows `frames` over `minutes` from T0 in `view` of `size`, coloured by Thresholds3.
void load(ui::state_timeline::StateTimelineView& view, const QSize& size, std::vector<query::SeriesFrame> frames,
    int minutes)
{
    view.resize(size);
    view.setPanel(panel({}, Thresholds3));
    query::PanelData data;
    data.series = std::move(frames);
    data.fromMs = T0;
    data.toMs = T0 + minutes * Minute;
    view.setData(data);
}

QString dump(const ui::state_timeline::StateTimelineView& view)
{
    QStringList out;
    for (const auto& lane : view.lanes())
        for (const auto& r : lane.regions)
            out << u"%1-%2=%3%4"_s.arg((r.startMs - T0) / Minute)
                       .arg((r.endMs - T0) / Minute)
                       .arg(ui::state_timeline::regionText(lane, r), r.color.name());
    return out.join(u'|');
}

} // namespace

class TestStateTimeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void plugin()
    {
        const auto p = ui::makeStateTimelinePlugin();
        test::verifyPlugin(p.get(), u"state-timeline"_s);
        QCOMPARE(p->defaultOptions().value(u"rowHeight"_s).toDouble(), 0.9);
    }

    void regions_data()
    {
        QTest::addColumn<QString>("values");
        QTest::addColumn<bool>("merge");
        QTest::addColumn<QString>("defaults");
        QTest::addColumn<QString>("expected");
        QTest::addRow("merged-thresholds") << u"1,1,5,5,5,1"_s << true << Thresholds3
                                           << u"0-2=1#73bf69|2-5=5#f2495c|5-8=1#73bf69"_s;
        QTest::addRow("unmerged") << u"1,1,5"_s << false << Thresholds3 << u"0-1=1#73bf69|1-2=1#73bf69|2-8=5#f2495c"_s;
        QTest::addRow("value-mappings")
            << u"1,1,0,1"_s << true
            << uR"({"mappings":[{"type":"value","options":{"0":{"text":"DOWN","color":"red","index":1},
                 "1":{"text":"UP","color":"green","index":0}}}]})"_s
            << u"0-2=UP#73bf69|2-3=DOWN#f2495c|3-8=UP#73bf69"_s;
        QTest::addRow("range-mapping-then-thresholds")
            << u"2,3,50"_s << true
            << uR"({"mappings":[{"type":"range","options":{"from":0,"to":10,"result":{"text":"low","color":"blue"}}}]})"_s
            << u"0-1=low#5794f2|1-2=low#5794f2|2-8=50#73bf69"_s;
        QTest::addRow("null-ends-state") << u"1,null,1"_s << true << Thresholds3 << u"0-1=1#73bf69|2-8=1#73bf69"_s;
        QTest::addRow("null-mapped")
            << u"1,null,null,1"_s << true
            << uR"({"mappings":[{"type":"special","options":{"match":"null","result":{"text":"no data","color":"purple"}}}]})"_s
            << u"0-1=1#73bf69|1-3=no data#b877d9|3-8=1#73bf69"_s;
        QTest::addRow("named-shades-and-hex")
            << u"0,5,9"_s << true
            << uR"({"thresholds":{"steps":[{"color":"semi-dark-orange","value":null},{"color":"#112233","value":4},
                 {"color":"dark-purple","value":8}]}})"_s
            << u"0-1=0#ff780a|1-2=5#112233|2-8=9#8f3bb8"_s;
        QTest::addRow("percentage-thresholds")
            << u"0,10,6"_s << true
            << uR"({"thresholds":{"mode":"percentage","steps":[{"color":"green","value":null},
                 {"color":"yellow","value":50}]}})"_s
            << u"0-1=0#73bf69|1-2=10#fade2a|2-8=6#fade2a"_s;
        QTest::addRow("fixed-colour") << u"1,2"_s << true << uR"({"color":{"mode":"fixed","fixedColor":"orange"}})"_s
                                      << u"0-1=1#ff9830|1-8=2#ff9830"_s;
    }
    void regions()
    {
        QFETCH(QString, values);
        QFETCH(bool, merge);
        QFETCH(QString, defaults);
        QFETCH(QString, expected);
        ui::state_timeline::StateTimelineView view;
        view.setPanel(panel({ { u"mergeValues"_s, merge } }, defaults));
        query::PanelData data;
        data.series = { series(u"a"_s, values) };
        data.fromMs = T0;
        data.toMs = T0 + 8 * Minute;
        view.setData(data);
        QCOMPARE(dump(view), expected);
    }

    void regionPixelColour_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QColor>("color");
        QTest::addRow("ok") << 1.0 << QColor(0x73, 0xbf, 0x69);
        QTest::addRow("failing") << 7.0 << QColor(0xf2, 0x49, 0x5c);
    }
    void regionPixelColour()
    {
        QFETCH(double, value);
        QFETCH(QColor, color);
        ui::state_timeline::StateTimelineView view;
        load(view, QSize(500, 200), { series(u"a"_s, QString::number(value)) }, 10);
        const QImage img = view.grab().toImage();
        const QRectF band = view.laneBand(0);
        // Bottom-right of the region, away from the value text: the colour at 70% fill opacity over the panel.
        const QColor shown(img.pixel(int(band.right() - 3), int(band.bottom() - 3)));
        QVERIFY2(test::isBlendOf(shown, color, 0.7, ui::paint::panelBackground()), qPrintable(shown.name()));
    }

    void dragSelectsRange_data()
    {
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addRow("forward") << 0.2 << 0.6;
        QTest::addRow("backward") << 0.95 << 0.05;
    }
    void dragSelectsRange()
    {
        QFETCH(double, from);
        QFETCH(double, to);
        ui::state_timeline::StateTimelineView view;
        load(view, QSize(640, 240), { series(u"a"_s, u"1,5,1,5"_s), series(u"b"_s, u"5,5,1,1"_s) }, 4);
        view.grab();
        test::verifyDragSelectsRange(view, view.plotRect(), from, to, T0, 4 * Minute);
    }

    void hoverAndClick()
    {
        ui::state_timeline::StateTimelineView view;
        load(view, QSize(640, 240), { series(u"a"_s, u"1,5,1,5"_s), series(u"b"_s, u"5,5,1,1"_s) }, 4);
        QCOMPARE(view.summary(), u"2 lanes, 6 regions"_s);
        QCOMPARE(view.seriesCount(), 2);
        const QImage before = view.grab().toImage();
        const QRectF band = view.laneBand(1);
        const QPoint pos(int(view.xAt(T0 + 30'000)), int(band.center().y()));
        const auto hit = view.regionAt(pos);
        QVERIFY(hit);
        QCOMPARE(hit->first, std::size_t(1));
        QCOMPARE(view.lanes()[1].regions[hit->second].endMs, T0 + 2 * Minute);
        QSignalSpy hover(&view, &ui::PanelView::hoverTimeChanged);
        test::hoverAt(view, pos);
        QCOMPARE(hover.count(), 1);
        const QImage after = view.grab().toImage();
        QVERIFY(before != after);
        after.save(u"/tmp/sg_state_timeline_hover.png"_s);
        QSignalSpy clicked(&view, &ui::PanelView::seriesClicked);
        QTest::mouseClick(&view, Qt::LeftButton, {}, pos);
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked[0][0].value<query::LabelPairs>().front().second, u"b"_s);
    }

    void noData()
    {
        ui::state_timeline::StateTimelineView view;
        test::verifyNoData(view, panel({}, {}));
    }

    void paintTime()
    {
        constexpr int Lanes = 1000;
        constexpr int Points = 1440;
        std::mt19937 rng(3);
        std::uniform_int_distribution<int> state(0, 3);
        query::PanelData data;
        data.fromMs = T0;
        data.toMs = T0 + Points * Minute;
        data.intervalMs = Minute;
        int current = 0;
        data.series = test::denseSeries(
            Lanes, Points, T0, Minute, [](int l) { return u"lane %1"_s.arg(l); },
            [&](int, int i) {
                if (i == 0) // each lane starts in a state of its own
                    current = state(rng);
                if (rng() % 8 == 0)
                    current = state(rng);
                return double(current);
            });
        ui::state_timeline::StateTimelineView view;
        view.resize(1200, 600);
        view.setPanel(panel({},
            uR"({"mappings":[{"type":"value","options":{"0":{"text":"OK","color":"green"},"1":{"text":"WARN",
                "color":"yellow"},"2":{"text":"CRIT","color":"red"},"3":{"text":"MAINT","color":"blue"}}}]})"_s));
        const test::PaintTimes times = test::measurePaint(view, data, QPoint(7, 3));
        qInfo().noquote() << u"state timeline 1000x1440: %1 | %2"_s.arg(view.summary(), times.toString());
    }

    void screenshot()
    {
        query::PanelData data;
        data.fromMs = T0;
        data.toMs = T0 + 60 * Minute;
        data.intervalMs = Minute;
        QString a, b, c;
        for (int i = 0; i < 60; ++i) {
            a += QString::number(i < 20 ? 1 : i < 26 ? 0 : 1) + u',';
            b += QString::number((i / 7) % 3 == 2 ? 0 : 1) + u',';
            c += (i % 15 < 3 ? u"null"_s : QString::number(i < 40 ? 1 : 2)) + u',';
        }
        data.series = { series(u"api-1"_s, a.chopped(1)), series(u"api-2"_s, b.chopped(1)),
            series(u"db-primary"_s, c.chopped(1)) };
        ui::state_timeline::StateTimelineView view;
        view.resize(900, 260);
        view.setTimeZone(u"utc"_s);
        view.setPanel(panel(ui::makeStateTimelinePlugin()->defaultOptions(),
            uR"({"mappings":[{"type":"value","options":{"0":{"text":"DOWN","color":"red","index":0},
                "1":{"text":"UP","color":"green","index":1},"2":{"text":"DEGRADED","color":"orange","index":2}}}]})"_s));
        view.setData(data);
        view.grab().save(u"/tmp/sg_state_timeline.png"_s);
        QVERIFY(view.summary().startsWith(u"3 lanes"_s));
    }
};

QTEST_MAIN(TestStateTimeline)
#include "tst_state_timeline.moc"
