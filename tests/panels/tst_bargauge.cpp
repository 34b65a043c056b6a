#include "ui/panels/bargauge/bargauge_plugin.h"
#include "ui/panels/bargauge/bargauge_view.h"

#include "panel_test_helpers.h"

#include <QImage>

#include <cmath>
#include <memory>
#include <set>

using namespace Qt::StringLiterals;
using namespace sg;

namespace {

dashboards::Panel panel(const QString& options, const char* defaults = R"({"min": 0, "max": 100})")
{
    return test::panelOf(u"bargauge"_s, QJsonDocument::fromJson(options.toUtf8()).object(), QString::fromUtf8(defaults));
}

QPoint along(const QRectF& bar, bool horizontal, double fraction)
{
    return horizontal ? QPoint(int(bar.left() + bar.width() * fraction), int(bar.center().y()))
                      : QPoint(int(bar.center().x()), int(bar.bottom() - bar.height() * fraction));
}

const QColor Green(0x73, 0xBF, 0x69);
const QColor Red(0xF2, 0x49, 0x5C);
const QColor Background(0x18, 0x1b, 0x1f);

} // namespace

class TestBarGauge : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void plugin();
    void fill_data();
    void fill();
    void showUnfilled();
    void lcdCells();
    void orientationAuto();
    void noData();
    void screenshot();
};

void TestBarGauge::plugin()
{
    const auto p = ui::makeBarGaugePlugin();
    QVERIFY(p);
    QCOMPARE(p->id(), u"bargauge"_s);
    QCOMPARE(p->name(), u"Bar gauge"_s);
    QCOMPARE(p->defaultOptions().value(u"displayMode").toString(), u"gradient"_s);
    QCOMPARE(p->defaultOptions().value(u"showUnfilled").toBool(), true);
    bool hasMode = false;
    for (const auto& o : p->optionDescriptors())
        hasMode = hasMode || (o.path == u"options.displayMode" && o.choices.contains(u"lcd"_s));
    QVERIFY(hasMode);
    std::unique_ptr<ui::PanelView> v(p->createView(nullptr));
    QVERIFY(qobject_cast<ui::BarGaugeView*>(v.get()));
}

void TestBarGauge::fill_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("orientation");
    for (const char* mode : { "basic", "gradient" })
        for (const char* o : { "horizontal", "vertical" })
            QTest::addRow("%s %s", mode, o) << QString::fromLatin1(mode) << QString::fromLatin1(o);
}

void TestBarGauge::fill()
{
    QFETCH(QString, mode);
    QFETCH(QString, orientation);
    ui::BarGaugeView view;
    view.resize(300, 300);
    view.setPanel(panel(uR"({"displayMode": "%1", "orientation": "%2"})"_s.arg(mode, orientation)));
    query::PanelData data;
    data.series.push_back(test::valueSeries(u"cpu"_s, { 40 }));
    view.setData(data);
    QCOMPARE(view.isHorizontal(), orientation == u"horizontal");
    const QImage img = view.grab().toImage();
    const auto l = view.layouts().front();
    const bool h = view.isHorizontal();
    // The value's 40 % is filled with green (basic: green at 35 % over the dark background), the rest is not.
    const QColor filled = img.pixelColor(along(l.bar, h, 0.3));
    QVERIFY2(filled.green() > filled.red() && filled.green() > 70, qPrintable(filled.name()));
    QVERIFY(test::isNearColor(img.pixelColor(along(l.bar, h, 0.398)), Green, 40)); // the solid edge at the value
    const QColor empty = img.pixelColor(along(l.bar, h, 0.7));
    QVERIFY2(empty.green() < 60, qPrintable(empty.name()));
    QCOMPARE(view.summary(), u"1 bar: cpu 40"_s);
}

void TestBarGauge::showUnfilled()
{
    ui::BarGaugeView view;
    view.resize(300, 100);
    view.setPanel(panel(uR"({"displayMode": "basic", "orientation": "horizontal", "showUnfilled": false})"_s));
    query::PanelData data;
    data.series.push_back(test::valueSeries(u"cpu"_s, { 40 }));
    view.setData(data);
    const QImage img = view.grab().toImage();
    const auto l = view.layouts().front();
    QCOMPARE(img.pixelColor(along(l.bar, true, 0.7)), Background);
    view.setPanel(panel(uR"({"displayMode": "basic", "orientation": "horizontal", "showUnfilled": true})"_s));
    QVERIFY(view.grab().toImage().pixelColor(along(l.bar, true, 0.7)) != Background);
}

void TestBarGauge::lcdCells()
{
    ui::BarGaugeView view;
    view.resize(400, 60);
    view.setPanel(panel(uR"({"displayMode": "lcd", "orientation": "horizontal", "valueMode": "hidden"})"_s));
    query::PanelData data;
    data.series.push_back(test::valueSeries(u"temp"_s, { 90 }));
    view.setData(data);
    const QImage img = view.grab().toImage();
    const auto l = view.layouts().front();
    // Lit cells take the threshold colour of their own position: green up to 80, red after.
    bool green = false;
    for (int dx = -4; dx <= 4; ++dx) // the probe may fall in a gap between cells
        green = green || test::isNearColor(img.pixelColor(along(l.bar, true, 0.5) + QPoint(dx, 0)), Green);
    QVERIFY(green);
    int gaps = 0;
    QColor prev = img.pixelColor(int(l.bar.left()), int(l.bar.center().y()));
    for (int x = int(l.bar.left()); x < int(l.bar.right()); ++x) {
        const QColor c = img.pixelColor(x, int(l.bar.center().y()));
        if (c == Background && prev != Background)
            ++gaps;
        prev = c;
    }
    QVERIFY2(gaps > 15, qPrintable(QString::number(gaps))); // separate cells
    bool red = false;
    for (double f = 0.81; f < 0.89; f += 0.01)
        red = red || test::isNearColor(img.pixelColor(along(l.bar, true, f)), Red);
    QVERIFY(red);
    const QColor unlit = img.pixelColor(along(l.bar, true, 0.97));
    QVERIFY(!test::isNearColor(unlit, Red) && unlit != Background); // dimmed, still shown (showUnfilled)
}

void TestBarGauge::orientationAuto()
{
    ui::BarGaugeView view;
    view.setPanel(panel(uR"({"orientation": "auto"})"_s));
    query::PanelData data;
    data.series = { test::valueSeries(u"a"_s, { 10 }), test::valueSeries(u"b"_s, { 20 }), test::valueSeries(u"c"_s, { 90 }) };
    view.setData(data);
    view.resize(600, 200);
    QVERIFY(!view.isHorizontal());
    auto ls = view.layouts();
    QCOMPARE(ls.size(), std::size_t(3));
    QVERIFY(ls[1].bar.left() > ls[0].bar.right());
    view.resize(200, 600);
    QVERIFY(view.isHorizontal());
    ls = view.layouts();
    QVERIFY(ls[1].bar.top() > ls[0].bar.bottom());
    QVERIFY(!ls[0].title.isEmpty());
}

void TestBarGauge::noData()
{
    ui::BarGaugeView view;
    view.resize(200, 100);
    view.setPanel(panel(u"{}"_s, R"({"noValue": "-"})"));
    view.setData({});
    QCOMPARE(view.summary(), u"-"_s);
    QVERIFY(!view.grab().isNull());
}

void TestBarGauge::screenshot()
{
    QWidget host;
    host.resize(900, 260);
    const char* defaults = R"({"unit": "percent", "min": 0, "max": 100, "thresholds": {"mode": "absolute",
        "steps": [{"color": "green", "value": null}, {"color": "orange", "value": 60},
        {"color": "red", "value": 85}]}})";
    query::PanelData data;
    data.series = { test::valueSeries(u"web-1"_s, { 23.4 }), test::valueSeries(u"web-2"_s, { 67.9 }), test::valueSeries(u"db-1"_s, { 91.2 }),
        test::valueSeries(u"cache"_s, { 48 }) };
    int x = 0;
    for (const char* mode : { "gradient", "basic", "lcd" }) {
        auto* v = new ui::BarGaugeView(&host);
        v->setGeometry(x, 0, 295, 260);
        v->setPanel(
            panel(uR"({"displayMode": "%1", "orientation": "horizontal"})"_s.arg(QLatin1String(mode)), defaults));
        v->setData(data);
        x += 302;
    }
    QVERIFY(host.grab().save(u"/tmp/bargauge.png"_s));
    ui::BarGaugeView vertical;
    vertical.resize(500, 260);
    vertical.setPanel(panel(uR"({"displayMode": "gradient", "orientation": "auto"})"_s, defaults));
    vertical.setData(data);
    QVERIFY(vertical.grab().save(u"/tmp/bargauge_vertical.png"_s));
}

QTEST_MAIN(TestBarGauge)
#include "tst_bargauge.moc"
