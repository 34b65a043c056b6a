#include "ui/panels/stat/stat_plugin.h"
#include "ui/panels/stat/stat_view.h"

#include "panel_test_helpers.h"

#include <QImage>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;
using namespace sg;

namespace {

dashboards::Panel panel(const char* options, const char* defaults = "{}")
{
    return test::panelOf(u"stat"_s, QJsonDocument::fromJson(options).object(), QString::fromUtf8(defaults));
}

int countNear(const QImage& img, const QColor& c, const QRect& area, int tolerance = 24)
{
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x) {
            if (test::colorDistance(img.pixelColor(x, y), c) < tolerance)
                ++n;
        }
    return n;
}

const QColor Green(0x73, 0xBF, 0x69);
const QColor Red(0xF2, 0x49, 0x5C);

} // namespace

class TestStat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void plugin();
    void thresholdColour_data();
    void thresholdColour();
    void backgroundSolid();
    void multipleSeries();
    void textModes_data();
    void textModes();
    void allValues();
    void noData();
    void smallPanel();
    void percentChange_data();
    void percentChange();
    void screenshot();
};

void TestStat::plugin()
{
    const auto p = ui::makeStatPlugin();
    QVERIFY(p);
    QCOMPARE(p->id(), u"stat"_s);
    QCOMPARE(p->name(), u"Stat"_s);
    QCOMPARE(p->queryKind(), ui::PanelQueryKind::Range);
    const QJsonObject d = p->defaultOptions();
    QCOMPARE(d.value(u"colorMode").toString(), u"value"_s);
    QCOMPARE(d.value(u"graphMode").toString(), u"area"_s);
    QCOMPARE(d.value(u"reduceOptions").toObject().value(u"calcs").toArray().first().toString(), u"lastNotNull"_s);
    QStringList paths;
    for (const auto& o : p->optionDescriptors())
        paths << o.path;
    QVERIFY(paths.contains(u"options.colorMode"_s));
    QVERIFY(paths.contains(u"options.reduceOptions.calcs"_s));
    QVERIFY(paths.contains(u"fieldConfig.defaults.unit"_s));
    QVERIFY(paths.contains(u"fieldConfig.defaults.thresholds"_s));
    std::unique_ptr<ui::PanelView> v(p->createView(nullptr));
    QVERIFY(qobject_cast<ui::StatView*>(v.get()));
}

void TestStat::thresholdColour_data()
{
    QTest::addColumn<double>("last");
    QTest::addColumn<bool>("red");
    QTest::addRow("below 80: green") << 42.0 << false;
    QTest::addRow("at 80: red") << 80.0 << true;
    QTest::addRow("above: red") << 95.0 << true;
}

void TestStat::thresholdColour()
{
    QFETCH(double, last);
    QFETCH(bool, red);
    ui::StatView view;
    view.resize(300, 150);
    view.setPanel(panel(R"({"colorMode": "value", "graphMode": "none"})"));
    query::PanelData data;
    data.series.push_back(test::valueSeries(u"cpu"_s, { 10, std::nan(""), last, std::nan("") })); // lastNotNull skips nulls
    view.setData(data);
    QCOMPARE(view.values().size(), std::size_t(1));
    QCOMPARE(view.values().front().display.text, QString::number(last));
    const QImage img = view.grab().toImage();
    const QRect valueArea = view.cellRects().front().toRect();
    QCOMPARE(countNear(img, Red, valueArea) > 50, red);
    QCOMPARE(countNear(img, Green, valueArea) > 50, !red);
}

void TestStat::backgroundSolid()
{
    ui::StatView view;
    view.resize(240, 120);
    view.setPanel(panel(R"({"colorMode": "background_solid", "graphMode": "area"})",
        R"({"thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null},
            {"color": "orange", "value": 50}, {"color": "red", "value": 90}]}})"));
    query::PanelData data;
    data.series.push_back(test::valueSeries(u"load"_s, { 10, 20, 60 }));
    view.setData(data);
    const QImage img = view.grab().toImage();
    const QRectF cell = view.cellRects().front();
    QCOMPARE(img.pixelColor(int(cell.left()) + 4, int(cell.top()) + 4), QColor(0xFF, 0x98, 0x30));
}

void TestStat::multipleSeries()
{
    ui::StatView view;
    view.resize(400, 120);
    view.setPanel(panel(R"({"reduceOptions": {"calcs": ["max"]}, "orientation": "vertical"})",
        R"({"displayName": "${__field.labels.host}"})"));
    query::PanelData data;
    auto a = test::valueSeries(u"a"_s, { 1, 7, 3 });
    a.labels = { { u"host"_s, u"alpha"_s } };
    auto b = test::valueSeries(u"b"_s, { 2, 2 });
    b.labels = { { u"host"_s, u"beta"_s } };
    data.series = { a, b };
    view.setData(data);
    QCOMPARE(view.seriesCount(), 2);
    QCOMPARE(view.summary(), u"2 values: alpha 7, beta 2"_s);
    const auto cells = view.cellRects();
    QCOMPARE(cells.size(), std::size_t(2));
    QVERIFY(cells[1].left() > cells[0].right()); // vertical orientation: side by side
}

void TestStat::textModes_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<bool>("paintsText");
    QTest::addRow("value") << u"value"_s << true;
    QTest::addRow("name") << u"name"_s << true;
    QTest::addRow("value_and_name") << u"value_and_name"_s << true;
    QTest::addRow("none") << u"none"_s << false;
}

void TestStat::textModes()
{
    QFETCH(QString, mode);
    QFETCH(bool, paintsText);
    ui::StatView view;
    view.resize(200, 100);
    view.setPanel(panel(QStringLiteral(R"({"textMode": "%1", "graphMode": "none", "colorMode": "value"})")
                            .arg(mode)
                            .toUtf8()
                            .constData()));
    query::PanelData data;
    data.series.push_back(test::valueSeries(u"x"_s, { 5 }));
    view.setData(data);
    const QImage img = view.grab().toImage();
    // The value (and the name, in "name" mode) is painted in the value colour; "none" paints no text.
    QCOMPARE(countNear(img, Green, img.rect()) > 20, paintsText);
}

void TestStat::allValues()
{
    ui::StatView view;
    view.resize(400, 300);
    view.setPanel(panel(R"({"reduceOptions": {"values": true, "limit": 4, "calcs": []}})"));
    query::PanelData data;
    data.series.push_back(test::valueSeries(u"a"_s, { 1, 2, 3 }));
    data.series.push_back(test::valueSeries(u"b"_s, { 4, 5, 6 }));
    view.setData(data);
    QCOMPARE(view.values().size(), std::size_t(4));
    QCOMPARE(view.values()[3].display.text, u"4"_s);
    QVERIFY(view.summary().startsWith(u"4 values"_s));
}

void TestStat::noData()
{
    ui::StatView view;
    view.resize(200, 100);
    view.setPanel(panel("{}"));
    view.setData({});
    QCOMPARE(view.summary(), u"No data"_s);
    view.setPanel(panel("{}", R"({"noValue": "nothing here"})"));
    QCOMPARE(view.summary(), u"nothing here"_s);
    // A series whose values are all null shows the no-value text, not "NaN".
    query::PanelData data;
    data.series.push_back(test::valueSeries(u"a"_s, { std::nan(""), std::nan("") }));
    view.setData(data);
    QCOMPARE(view.values().front().display.text, u"nothing here"_s);
    QVERIFY(!view.grab().isNull());
}

void TestStat::smallPanel()
{
    ui::StatView view;
    view.resize(70, 36);
    view.setPanel(panel(R"({"graphMode": "area"})", R"({"unit": "percent"})"));
    query::PanelData data;
    data.series.push_back(test::valueSeries(u"cpu"_s, { 1, 2, 123456.5 }));
    view.setData(data);
    const QImage img = view.grab().toImage();
    // Something is painted in the value colour (red: above 80), and it stays inside the panel.
    QVERIFY(countNear(img, Red, img.rect()) > 5);
}

void TestStat::screenshot()
{
    QWidget host;
    host.resize(820, 200);
    auto* a = new ui::StatView(&host);
    a->setGeometry(0, 0, 400, 200);
    a->setPanel(panel(R"({"colorMode": "value", "graphMode": "area", "reduceOptions": {"calcs": ["lastNotNull"]}})",
        R"({"unit": "percent", "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null},
            {"color": "orange", "value": 60}, {"color": "red", "value": 85}]}})"));
    auto* b = new ui::StatView(&host);
    b->setGeometry(410, 0, 410, 200);
    b->setPanel(panel(R"({"colorMode": "background", "graphMode": "area"})",
        R"({"unit": "ms", "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null},
            {"color": "orange", "value": 60}, {"color": "red", "value": 85}]}})"));
    query::PanelData d1;
    std::vector<double> wave;
    for (int i = 0; i < 60; ++i)
        wave.push_back(50 + 20 * std::sin(i / 6.0) + i * 0.3);
    d1.series.push_back(test::valueSeries(u"cpu"_s, wave));
    a->setData(d1);
    query::PanelData d2;
    d2.series.push_back(test::valueSeries(u"api"_s, wave));
    for (auto& v : wave)
        v += 25;
    d2.series.push_back(test::valueSeries(u"db"_s, wave));
    b->setData(d2);
    QVERIFY(host.grab().save(u"/tmp/stat.png"_s));
}

void TestStat::percentChange_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<double>("expected");
    QTest::addColumn<QColor>("color");
    const QColor grey(0xCC, 0xCC, 0xDC); // the value colour, as "same_as_value" takes it (fixed, text colour)
    QTest::addRow("up-standard") << u"standard"_s << QList<double> { 10, 20, 15 } << 50.0 << Green;
    QTest::addRow("down-standard") << u"standard"_s << QList<double> { 20, 10 } << -50.0 << Red;
    QTest::addRow("up-inverted") << u"inverted"_s << QList<double> { 10, 20, 15 } << 50.0 << Red;
    QTest::addRow("down-inverted") << u"inverted"_s << QList<double> { 20, 10 } << -50.0 << Green;
    QTest::addRow("nulls-skipped") << u"standard"_s << QList<double> { NAN, 4, NAN, 5, NAN } << 25.0 << Green;
    QTest::addRow("same-as-value") << u"same_as_value"_s << QList<double> { 10, 5 } << -50.0 << grey;
}

void TestStat::percentChange()
{
    QFETCH(QString, mode);
    QFETCH(QList<double>, values);
    QFETCH(double, expected);
    QFETCH(QColor, color);
    ui::StatView view;
    view.resize(300, 160);
    const QByteArray options = R"({"showPercentChange": true, "graphMode": "none", "colorMode": "value",
        "percentChangeColorMode": ")" + mode.toUtf8() + R"("})";
    view.setPanel(panel(options.constData(), R"({"color": {"mode": "fixed", "fixedColor": "text"}})"));
    query::PanelData data;
    data.series.push_back(test::seriesFrame(u"load"_s, values, 0, 60'000, u"A"_s));
    view.setData(data);
    const auto change = view.percentChangeOf(view.values().front());
    QVERIFY(change);
    QCOMPARE(*change, expected);
    // The change is painted under the value in its colour: look in the lower part of the cell.
    const QImage img = view.grab().toImage();
    const QRectF cell = view.cellRects().front();
    const QRect below(int(cell.left()), int(cell.bottom() - cell.height() * 0.25), int(cell.width()), int(cell.height() * 0.25) - 1);
    QVERIFY2(countNear(img, color, below) > 20, qPrintable(mode));
    const QColor other = color == Green ? Red : Green;
    QCOMPARE(countNear(img, other, below), 0);

    // Off: no change is computed or painted.
    view.setPanel(panel(R"({"showPercentChange": false, "graphMode": "none"})"));
    QVERIFY(!view.percentChangeOf(view.values().front()));
}

QTEST_MAIN(TestStat)
#include "tst_stat.moc"
