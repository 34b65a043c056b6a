#include "ui/panels/barchart/barchart_model.h"
#include "ui/panels/barchart/barchart_plugin.h"
#include "ui/panels/barchart/barchart_view.h"
#include "ui/panels/common/panel_paint.h"

#include "panel_test_helpers.h"

#include <random>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 T0 = 1'700'000'040'000;

query::SeriesFrame series(const QString& name, const QList<double>& values)
{
    return test::seriesFrame(name, values, T0, 3'600'000);
}

dashboards::Panel panel(const QJsonObject& options, const QString& format = u"time_series"_s,
    const QString& defaultsJson = {})
{
    return test::panelOf(u"barchart"_s, options, defaultsJson, format);
}

QString dump(const ui::barchart::Bars& bars)
{
    QStringList groups;
    for (const auto& g : bars.groups) {
        QStringList values;
        for (double v : g.values)
            values << (std::isnan(v) ? u"null"_s : QString::number(v));
        groups << g.label + u'=' + values.join(u',');
    }
    const QStringList fields(bars.fields.begin(), bars.fields.end());
    return u'[' + fields.join(u'/') + u"] "_s + groups.join(u' ');
}

} // namespace

class TestBarChart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void plugin()
    {
        const auto p = ui::makeBarChartPlugin();
        test::verifyPlugin(p.get(), u"barchart"_s);
        QCOMPARE(p->defaultOptions().value(u"groupWidth"_s).toDouble(), 0.7);
    }

    void groups_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("expected");
        QTest::addRow("series-last-value") << u"time_series"_s << u"[Value] a=2 b=5 c=null"_s;
        QTest::addRow("table-per-time-point") << u"table"_s << u"[a/b/c] 22:14=1,4,null 23:14=2,5,null 00:14=null,5,null"_s;
    }
    void groups()
    {
        QFETCH(QString, format);
        QFETCH(QString, expected);
        query::PanelData data;
        data.series = { series(u"a"_s, { 1, 2, query::NullValue }), series(u"b"_s, { 4, 5, 5 }),
            series(u"c"_s, { query::NullValue, query::NullValue, query::NullValue }) };
        const auto bars = ui::barchart::buildBars(panel({}, format), data, QTimeZone::utc());
        QCOMPARE(dump(bars), expected);
    }

    void geometry_data()
    {
        QTest::addColumn<QString>("orientation");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("horizontal");
        QTest::addRow("auto-wide") << u"auto"_s << QSize(600, 300) << false;
        QTest::addRow("auto-tall") << u"auto"_s << QSize(300, 600) << true;
        QTest::addRow("forced-horizontal") << u"horizontal"_s << QSize(600, 300) << true;
        QTest::addRow("forced-vertical") << u"vertical"_s << QSize(300, 600) << false;
    }
    void geometry()
    {
        QFETCH(QString, orientation);
        QFETCH(QSize, size);
        QFETCH(bool, horizontal);
        ui::barchart::BarChartView view;
        view.resize(size);
        view.setPanel(panel({ { u"orientation"_s, orientation } }));
        query::PanelData data;
        data.series = { series(u"a"_s, { 5 }), series(u"b"_s, { 10 }) };
        view.setData(data);
        const QImage img = view.grab().toImage();
        QCOMPARE(view.horizontal(), horizontal);
        const QRectF plot = view.plotRect();
        const QRectF a = view.barRect(0, 0);
        const QRectF b = view.barRect(1, 0);
        // The largest value spans the value axis; half of it, half the axis.
        const double along = horizontal ? plot.height() : plot.width();
        if (horizontal) {
            QCOMPARE(b.width(), plot.width());
            QVERIFY(std::abs(a.width() - plot.width() / 2) < 0.5);
            QVERIFY(std::abs(a.height() - along / 2 * 0.7 * 0.97) < 0.5);
            QVERIFY(a.top() < b.top());
        } else {
            QCOMPARE(b.height(), plot.height());
            QVERIFY(std::abs(a.height() - plot.height() / 2) < 0.5);
            QVERIFY(std::abs(a.width() - along / 2 * 0.7 * 0.97) < 0.5);
            QVERIFY(a.left() < b.left());
        }
        // Inside a bar: the first palette-classic colour at 80% over the panel.
        const QColor shown(img.pixel(a.center().toPoint()));
        const QColor c = ui::paint::paletteColor(0);
        const QColor bg = ui::paint::panelBackground();
        QVERIFY2(std::abs(shown.green() - int(std::lround(c.green() * 0.8 + bg.green() * 0.2))) <= 2,
            qPrintable(shown.name()));
        view.grab().save(u"/tmp/sg_barchart_%1.png"_s.arg(QString::fromLatin1(QTest::currentDataTag())));
    }

    void stacking_data()
    {
        QTest::addColumn<QString>("stacking");
        QTest::addColumn<double>("topShare"); // the stack's height over the plot's
        QTest::addRow("normal") << u"normal"_s << 1.0;
        QTest::addRow("percent") << u"percent"_s << 1.0;
    }
    void stacking()
    {
        QFETCH(QString, stacking);
        QFETCH(double, topShare);
        ui::barchart::BarChartView view;
        view.resize(600, 300);
        view.setPanel(panel({ { u"stacking"_s, stacking } }, u"table"_s));
        query::PanelData data;
        data.series = { series(u"a"_s, { 2, 6 }), series(u"b"_s, { 6, 2 }) };
        view.setData(data);
        view.grab();
        QCOMPARE(view.summary(), u"2 groups x 2 bars"_s);
        const QRectF a = view.barRect(0, 0);
        const QRectF b = view.barRect(0, 1);
        QVERIFY(std::abs(b.bottom() - a.top()) < 0.01); // b sits on a
        QCOMPARE(a.left(), b.left());
        QVERIFY(std::abs((a.height() + b.height()) - view.plotRect().height() * topShare) < 0.5);
        QVERIFY(std::abs(a.height() * 3 - b.height()) < 0.5);
    }

    void valueLabels_data()
    {
        QTest::addColumn<QString>("showValue");
        QTest::addColumn<bool>("drawn");
        QTest::addRow("always") << u"always"_s << true;
        QTest::addRow("auto-fits") << u"auto"_s << true;
        QTest::addRow("never") << u"never"_s << false;
    }
    void valueLabels()
    {
        QFETCH(QString, showValue);
        QFETCH(bool, drawn);
        query::PanelData data;
        data.series = { series(u"a"_s, { 50 }), series(u"b"_s, { 100 }) };
        auto render = [&](const QString& mode) {
            ui::barchart::BarChartView view;
            view.resize(600, 300);
            view.setPanel(panel({ { u"showValue"_s, mode } }));
            view.setData(data);
            return view.grab().toImage();
        };
        QCOMPARE(render(showValue) != render(u"never"_s), drawn);
    }

    void hover()
    {
        ui::barchart::BarChartView view;
        view.resize(600, 300);
        view.setPanel(panel({}));
        query::PanelData data;
        data.series = { series(u"a"_s, { 5 }), series(u"b"_s, { 10 }) };
        view.setData(data);
        const QImage before = view.grab().toImage();
        const QPointF pos = view.barRect(1, 0).center();
        QCOMPARE(view.groupAt(pos), std::optional<std::size_t>(1));
        test::hoverAt(view, pos.toPoint());
        QVERIFY(view.grab().toImage() != before);
    }

    void noData()
    {
        ui::barchart::BarChartView view;
        test::verifyNoData(view, panel({}));
    }

    void paintTime()
    {
        std::mt19937 rng(11);
        std::uniform_real_distribution<double> dist(0, 1000);
        query::PanelData data;
        data.series = test::denseSeries(
            1000, 1440, T0, 60'000, [](int s) { return u"host-%1"_s.arg(s); }, [&](int, int) { return dist(rng); });
        ui::barchart::BarChartView view;
        view.resize(1200, 500);
        view.setPanel(panel({ { u"xTickLabelRotation"_s, -45 } }, u"time_series"_s, uR"({"unit":"reqps"})"_s));
        const test::PaintTimes times = test::measurePaint(view, data, QPoint(9, 0));
        qInfo().noquote()
            << u"bar chart 1000 series x 1440 (last values): %1 | %2"_s.arg(view.summary(), times.toString());
    }

    void screenshot()
    {
        query::PanelData data;
        data.series = { series(u"api-gateway"_s, { 120, 180, 160 }), series(u"checkout"_s, { 80, 60, 95 }),
            series(u"search"_s, { 40, 70, 55 }) };
        ui::barchart::BarChartView view;
        view.resize(800, 320);
        view.setTimeZone(u"utc"_s);
        QJsonObject options = ui::makeBarChartPlugin()->defaultOptions();
        options.insert(u"xTickLabelRotation"_s, -30);
        view.setPanel(panel(options, u"table"_s, uR"({"unit":"reqps"})"_s));
        view.setData(data);
        view.grab().save(u"/tmp/sg_barchart_table.png"_s);
        options.insert(u"stacking"_s, u"normal"_s);
        options.insert(u"orientation"_s, u"horizontal"_s);
        view.setPanel(panel(options, u"table"_s, uR"({"unit":"reqps"})"_s));
        view.grab().save(u"/tmp/sg_barchart_stacked.png"_s);
    }
};

QTEST_MAIN(TestBarChart)
#include "tst_barchart.moc"
