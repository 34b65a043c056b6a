#include "ui/panels/gauge/gauge_plugin.h"
#include "ui/panels/gauge/gauge_view.h"

#include "panel_test_helpers.h"
#include "tests/common/require_peer.h"

#include "core/dashboards/dashboard_json.h"

#include <QFile>
#include <QImage>
#include <QtMath>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;
using namespace sg;

namespace {

dashboards::Panel panel(const char* options, const char* defaults = "{}")
{
    return test::panelOf(u"gauge"_s, QJsonDocument::fromJson(options).object(), QString::fromUtf8(defaults));
}

// Whether `color` appears along the ray from the gauge's centre at `fraction` of its 240° sweep.
bool seenOnRay(const QImage& img, const QRectF& arc, double fraction, const QColor& color)
{
    const double a = qDegreesToRadians(210.0 - 240.0 * fraction);
    const QPointF c = arc.center();
    for (double r = arc.width() * 0.37; r <= arc.width() / 2 + 1; r += 0.5) { // the arc bands, not the text
        const QPoint pt(int(c.x() + r * std::cos(a)), int(c.y() - r * std::sin(a)));
        if (img.rect().contains(pt) && test::isNearColor(img.pixelColor(pt), color))
            return true;
    }
    return false;
}

const QColor Green(0x73, 0xBF, 0x69);
const QColor Red(0xF2, 0x49, 0x5C);
const QColor Orange(0xFF, 0x98, 0x30);

} // namespace

class TestGauge : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void plugin();
    void fraction_data();
    void fraction();
    void arcAndMarkers();
    void percentageThresholds();
    void multipleAndNoData();
    void smallPanel();
    void nodeExporterNoData_data();
    void nodeExporterNoData();
    void screenshot();
};

void TestGauge::plugin()
{
    const auto p = ui::makeGaugePlugin();
    QVERIFY(p);
    QCOMPARE(p->id(), u"gauge"_s);
    QCOMPARE(p->name(), u"Gauge"_s);
    QCOMPARE(p->defaultOptions().value(u"showThresholdMarkers").toBool(), true);
    QCOMPARE(p->defaultOptions().value(u"showThresholdLabels").toBool(), false);
    bool hasMarkers = false;
    for (const auto& o : p->optionDescriptors())
        hasMarkers = hasMarkers || o.path == u"options.showThresholdMarkers";
    QVERIFY(hasMarkers);
    std::unique_ptr<ui::PanelView> v(p->createView(nullptr));
    QVERIFY(qobject_cast<ui::GaugeView*>(v.get()));
}

void TestGauge::fraction_data()
{
    QTest::addColumn<QString>("defaults");
    QTest::addColumn<double>("value");
    QTest::addColumn<double>("expected");
    QTest::addRow("half of 0..100") << uR"({"min": 0, "max": 100})"_s << 50.0 << 0.5;
    QTest::addRow("clamped above") << uR"({"min": 0, "max": 100})"_s << 150.0 << 1.0;
    QTest::addRow("clamped below") << uR"({"min": 10, "max": 20})"_s << 0.0 << 0.0;
    QTest::addRow("auto range: single series value is its own min and max") << u"{}"_s << 7.0 << 0.0;
    QTest::addRow("percent of 0..1") << uR"({"min": 0, "max": 1})"_s << 0.25 << 0.25;
}

void TestGauge::fraction()
{
    QFETCH(QString, defaults);
    QFETCH(double, value);
    QFETCH(double, expected);
    ui::GaugeView view;
    view.setPanel(panel("{}", defaults.toUtf8().constData()));
    query::PanelData data;
    data.series.push_back(test::valueSeries(u"x"_s, { value }));
    view.setData(data);
    QCOMPARE(view.values().size(), std::size_t(1));
    QCOMPARE(ui::GaugeView::fillFraction(view.values().front()), expected);
}

void TestGauge::arcAndMarkers()
{
    ui::GaugeView view;
    view.resize(300, 260);
    view.setPanel(panel(R"({"showThresholdMarkers": true})", R"({"min": 0, "max": 100})"));
    query::PanelData data;
    data.series.push_back(test::valueSeries(u"cpu"_s, { 50 }));
    view.setData(data);
    QCOMPARE(view.summary(), u"1 gauge: cpu 50"_s);
    const QImage img = view.grab().toImage();
    const QRectF arc = view.arcRect(view.cellRects().front(), false);
    QVERIFY(seenOnRay(img, arc, 0.25, Green)); // filled part, value colour
    QVERIFY(seenOnRay(img, arc, 0.9, Red)); // threshold band: red from 80
    QVERIFY(!seenOnRay(img, arc, 0.5, Red));

    view.setPanel(panel(R"({"showThresholdMarkers": false})", R"({"min": 0, "max": 100})"));
    const QImage plain = view.grab().toImage();
    QVERIFY(!seenOnRay(plain, arc, 0.9, Red));
    QVERIFY(seenOnRay(plain, arc, 0.25, Green));
    QVERIFY(!seenOnRay(plain, arc, 0.75, Green)); // past the value the arc is unfilled

    data.series.front().values = { 90 };
    view.setData(data);
    QVERIFY(seenOnRay(view.grab().toImage(), arc, 0.5, Red)); // above 80: the value arc is red
}

void TestGauge::percentageThresholds()
{
    ui::GaugeView view;
    view.resize(300, 260);
    view.setPanel(panel("{}", R"({"min": 0, "max": 200, "thresholds": {"mode": "percentage", "steps": [
        {"color": "green", "value": null}, {"color": "orange", "value": 50}]}})"));
    query::PanelData data;
    data.series.push_back(test::valueSeries(u"q"_s, { 120 })); // 60 %
    view.setData(data);
    QCOMPARE(view.values().front().display.color, u"#FF9830"_s);
    const QImage img = view.grab().toImage();
    const QRectF arc = view.arcRect(view.cellRects().front(), false);
    QVERIFY(seenOnRay(img, arc, 0.3, Orange));
    QVERIFY(seenOnRay(img, arc, 0.75, Orange)); // the marker band turns orange at 50 %
}

void TestGauge::multipleAndNoData()
{
    ui::GaugeView view;
    view.resize(600, 200);
    view.setPanel(panel(R"({"reduceOptions": {"calcs": ["max"]}})"));
    query::PanelData data;
    data.series = { test::valueSeries(u"a"_s, { 1, 30 }), test::valueSeries(u"b"_s, { 2, 90 }) };
    view.setData(data);
    QCOMPARE(view.values().size(), std::size_t(2));
    const auto cells = view.cellRects();
    QVERIFY(cells[1].left() > cells[0].right()); // a wide panel lays gauges side by side
    QCOMPARE(view.summary(), u"2 gauges: a 30, b 90"_s);
    view.setData({});
    QCOMPARE(view.summary(), u"No data"_s);
    QVERIFY(!view.grab().isNull());
}

void TestGauge::smallPanel()
{
    ui::GaugeView view;
    view.resize(60, 50);
    view.setPanel(panel(R"({"showThresholdLabels": true})", R"({"min": 0, "max": 100})"));
    query::PanelData data;
    data.series.push_back(test::valueSeries(u"x"_s, { 42 }));
    view.setData(data);
    const QImage img = view.grab().toImage();
    int green = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            green += test::isNearColor(img.pixelColor(x, y), Green) ? 1 : 0;
    QVERIFY(green > 10);
}

void TestGauge::screenshot()
{
    ui::GaugeView view;
    view.resize(700, 260);
    view.setPanel(panel(R"({"showThresholdMarkers": true, "showThresholdLabels": true,
        "reduceOptions": {"calcs": ["lastNotNull"]}})",
        R"({"unit": "percent", "min": 0, "max": 100, "thresholds": {"mode": "absolute", "steps": [
        {"color": "green", "value": null}, {"color": "orange", "value": 60}, {"color": "red", "value": 85}]}})"));
    query::PanelData data;
    data.series = { test::valueSeries(u"web"_s, { 10, 37.5 }), test::valueSeries(u"api"_s, { 71.2 }), test::valueSeries(u"db"_s, { 93 }) };
    view.setData(data);
    QVERIFY(view.grab().save(u"/tmp/gauge.png"_s));
}

void TestGauge::nodeExporterNoData_data()
{
    // node-exporter-full's first row without data: RAM Used has no value mappings, its siblings map null to "N/A".
    // Grafana's createNoValuesFieldDisplay formats a null with the panel's defaults and falls back to "No data" only
    // when that gives no text, so RAM Used says "No data" and the others "N/A", all in the base threshold colour.
    QTest::addColumn<int>("panelId");
    QTest::addColumn<QString>("text");
    QTest::addRow("cpu-busy") << 20 << u"N/A"_s;
    QTest::addRow("sys-load") << 155 << u"N/A"_s;
    QTest::addRow("ram-used") << 16 << u"No data"_s;
    QTest::addRow("swap-used") << 21 << u"N/A"_s;
    QTest::addRow("root-fs-used") << 154 << u"N/A"_s;
}

void TestGauge::nodeExporterNoData()
{
    QFETCH(int, panelId);
    QFETCH(QString, text);
    const QString file = QStringLiteral(SG_SHARED_TESTDATA) + u"/dashboards/rfmoz__node-exporter-full.json"_s;
    SG_REQUIRE_PEER(QFile::exists(file), "../shared/testdata/dashboards is absent");
    auto d = dashboards::importDashboardFile(file);
    QVERIFY(d.ok());
    const dashboards::Panel* p = d->panelById(panelId);
    QVERIFY(p);
    ui::GaugeView view;
    view.resize(300, 220);
    view.setPanel(*p);
    view.setData({});
    QCOMPARE(view.summary(), text);
    // The text in the base threshold colour, rgba(50, 172, 45, 0.97) over the panel, not in grey.
    const QImage img = view.grab().toImage();
    const QColor base(50, 172, 45);
    const QRectF cell = view.cellRects().front();
    const QRect middle(int(cell.center().x() - cell.width() / 4), int(cell.center().y() - cell.height() / 8),
        int(cell.width() / 2), int(cell.height() / 3));
    int green = 0;
    for (int y = middle.top(); y <= middle.bottom(); ++y)
        for (int x = middle.left(); x <= middle.right(); ++x)
            green += test::isNearColor(img.pixelColor(x, y), base, 40) ? 1 : 0;
    QVERIFY2(green > 30, qPrintable(QString::number(green)));
}

QTEST_MAIN(TestGauge)
#include "tst_gauge.moc"
