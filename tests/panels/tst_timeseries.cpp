// The QPainter time series panel: Grafana's stacking, null handling, scales and axes, legend calculations and
// isolate/toggle clicks, tooltips, drag-to-zoom and click-through, and the colours it paints.
#include "ui/panels/timeseries/timeseries_plugin.h"
#include "ui/panels/timeseries/timeseries_series_painter.h"
#include "ui/panels/timeseries/timeseries_view.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace sg;
using namespace sg::ui::timeseries;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 T0 = 1'700'000'000'000; // 2023-11-14 22:13:20 UTC
constexpr qint64 Step = 60'000;
const double N = std::nan("");

query::SeriesFrame frame(const QString& name, const std::vector<double>& values, qint64 step = Step,
    const QString& refId = u"A"_s)
{
    query::SeriesFrame f;
    f.refId = refId;
    f.name = name;
    f.labels = { { u"job"_s, name } };
    for (std::size_t i = 0; i < values.size(); ++i) {
        f.timesMs.push_back(T0 + qint64(i) * step);
        f.values.push_back(values[i]);
    }
    return f;
}

query::PanelData panelData(std::vector<query::SeriesFrame> series, qint64 fromMs = T0, qint64 toMs = 0)
{
    query::PanelData d;
    d.series = std::move(series);
    d.fromMs = fromMs;
    qint64 last = fromMs;
    for (const auto& s : d.series)
        if (!s.timesMs.empty())
            last = std::max(last, s.timesMs.back());
    d.toMs = toMs > 0 ? toMs : last;
    d.intervalMs = Step;
    return d;
}

dashboards::Panel panel(const QJsonObject& custom, const QJsonObject& options = {}, const QJsonObject& defaults = {},
    const QJsonArray& overrides = {})
{
    QJsonObject d = defaults;
    d.insert(u"custom"_s, custom);
    QJsonObject json { { u"type"_s, u"timeseries"_s }, { u"options"_s, options },
        { u"fieldConfig"_s, QJsonObject { { u"defaults"_s, d }, { u"overrides"_s, overrides } } } };
    return dashboards::Panel(json);
}

QJsonObject legendOptions(const QString& mode, const QStringList& calcs, const QString& placement = u"bottom"_s)
{
    return QJsonObject { { u"legend"_s,
        QJsonObject { { u"showLegend"_s, true }, { u"displayMode"_s, mode }, { u"placement"_s, placement },
            { u"calcs"_s, QJsonArray::fromStringList(calcs) } } } };
}

std::unique_ptr<TimeSeriesView> makeView(const dashboards::Panel& p, const query::PanelData& data,
    QSize size = { 800, 400 })
{
    auto view = std::make_unique<TimeSeriesView>();
    view->setTimeZone(u"utc"_s);
    view->setPanel(p);
    view->setData(data);
    view->resize(size);
    view->show();
    (void)QTest::qWaitForWindowExposed(view.get());
    return view;
}

QList<double> plotted(const TimeSeriesView& view, int series)
{
    const auto& y = view.model().series[std::size_t(series)].y;
    return QList<double>(y.begin(), y.end());
}

bool near(const QList<double>& a, const QList<double>& b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if (!(std::isnan(a[i]) && std::isnan(b[i])) && std::abs(a[i] - b[i]) > 1e-9)
            return false;
    return true;
}

QString dump(const QList<double>& v)
{
    QStringList parts;
    for (double d : v)
        parts << QString::number(d);
    return parts.join(u", "_s);
}

} // namespace

class TestTimeSeries : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pluginId()
    {
        const auto plugin = sg::ui::makeTimeSeriesPlugin();
        QCOMPARE(plugin->id(), u"timeseries"_s);
        std::unique_ptr<sg::ui::PanelView> view(plugin->createView(nullptr));
        QVERIFY(qobject_cast<TimeSeriesView*>(view.get()));
    }

    void stacking_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("groupB");
        QTest::addColumn<QList<double>>("a");
        QTest::addColumn<QList<double>>("b");
        QTest::addColumn<QList<double>>("expectedA");
        QTest::addColumn<QList<double>>("expectedB");
        QTest::addRow("none") << u"none"_s << u"A"_s << QList<double> { 1, 2, 3 } << QList<double> { 3, 2, 1 }
                              << QList<double> { 1, 2, 3 } << QList<double> { 3, 2, 1 };
        QTest::addRow("normal") << u"normal"_s << u"A"_s << QList<double> { 1, 2, 3 } << QList<double> { 3, 2, 1 }
                                << QList<double> { 1, 2, 3 } << QList<double> { 4, 4, 4 };
        QTest::addRow("percent") << u"percent"_s << u"A"_s << QList<double> { 1, 2, 3 } << QList<double> { 3, 2, 1 }
                                 << QList<double> { 0.25, 0.5, 0.75 } << QList<double> { 1, 1, 1 };
        QTest::addRow("other-group") << u"normal"_s << u"B"_s << QList<double> { 1, 2, 3 }
                                     << QList<double> { 3, 2, 1 } << QList<double> { 1, 2, 3 }
                                     << QList<double> { 3, 2, 1 };
        QTest::addRow("null-keeps-gap") << u"normal"_s << u"A"_s << QList<double> { 1, N, 3 }
                                        << QList<double> { 3, 2, N } << QList<double> { 1, N, 3 }
                                        << QList<double> { 4, 2, N };
        QTest::addRow("negatives-apart") << u"normal"_s << u"A"_s << QList<double> { 1, -2, 3 }
                                         << QList<double> { 2, -1, -1 } << QList<double> { 1, -2, 3 }
                                         << QList<double> { 3, -3, -1 };
    }
    void stacking()
    {
        QFETCH(QString, mode);
        QFETCH(QString, groupB);
        QFETCH(QList<double>, a);
        QFETCH(QList<double>, b);
        QFETCH(QList<double>, expectedA);
        QFETCH(QList<double>, expectedB);
        const QJsonObject stacking { { u"stacking"_s, QJsonObject { { u"mode"_s, mode }, { u"group"_s, u"A"_s } } } };
        const QJsonArray overrides { QJsonObject {
            { u"matcher"_s, QJsonObject { { u"id"_s, u"byName"_s }, { u"options"_s, u"b"_s } } },
            { u"properties"_s,
                QJsonArray { QJsonObject { { u"id"_s, u"custom.stacking"_s },
                    { u"value"_s, QJsonObject { { u"mode"_s, mode }, { u"group"_s, groupB } } } } } } } };
        auto view = makeView(panel(stacking, {}, {}, overrides),
            panelData({ frame(u"a"_s, { a.begin(), a.end() }), frame(u"b"_s, { b.begin(), b.end() }) }));
        QVERIFY2(near(plotted(*view, 0), expectedA), qPrintable(dump(plotted(*view, 0))));
        QVERIFY2(near(plotted(*view, 1), expectedB), qPrintable(dump(plotted(*view, 1))));
        if (mode == u"percent") {
            // The percent axis runs 0..100 %.
            const QStringList ticks = view->axisTickLabels().value(0);
            QVERIFY2(ticks.contains(u"100%"_s) && ticks.contains(u"0%"_s), qPrintable(ticks.join(u' ')));
        }
    }

    void nulls_data()
    {
        QTest::addColumn<QJsonValue>("spanNulls");
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<QList<qint64>>("missing"); // sample indices dropped from the frame (no row at all)
        QTest::addColumn<int>("segments");
        const QList<double> withNull { 1, 2, N, N, 5, 6 };
        QTest::addRow("null-breaks") << QJsonValue(false) << withNull << QList<qint64> {} << 2;
        QTest::addRow("span-all") << QJsonValue(true) << withNull << QList<qint64> {} << 1;
        QTest::addRow("threshold-below-gap") << QJsonValue(120'000) << withNull << QList<qint64> {} << 2;
        QTest::addRow("threshold-above-gap") << QJsonValue(180'000) << withNull << QList<qint64> {} << 1;
        QTest::addRow("missing-sample-breaks") << QJsonValue(false) << QList<double> { 1, 2, 3, 4, 5, 6 }
                                               << QList<qint64> { 2, 3 } << 2;
        QTest::addRow("missing-sample-spanned") << QJsonValue(true) << QList<double> { 1, 2, 3, 4, 5, 6 }
                                                << QList<qint64> { 2, 3 } << 1;
        QTest::addRow("leading-and-trailing") << QJsonValue(false) << QList<double> { N, 1, 2, N }
                                              << QList<qint64> {} << 1;
        QTest::addRow("all-null") << QJsonValue(false) << QList<double> { N, N } << QList<qint64> {} << 0;
    }
    void nulls()
    {
        QFETCH(QJsonValue, spanNulls);
        QFETCH(QList<double>, values);
        QFETCH(QList<qint64>, missing);
        QFETCH(int, segments);
        query::SeriesFrame f = frame(u"a"_s, { values.begin(), values.end() });
        for (qsizetype k = missing.size() - 1; k >= 0; --k) {
            f.timesMs.erase(f.timesMs.begin() + missing[k]);
            f.values.erase(f.values.begin() + missing[k]);
        }
        auto view = makeView(panel({ { u"spanNulls"_s, spanNulls } }), panelData({ f }, T0, T0 + 5 * Step));
        const Layout layout = computeLayout(view->model(), QRectF(0, 0, 800, 400), 0, QFontMetricsF(view->font()),
            QTimeZone::utc());
        QCOMPARE(int(pixelSegments(view->model(), view->model().series[0], layout).size()), segments);
    }

    void logTicks_data()
    {
        QTest::addColumn<int>("base");
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<QStringList>("ticks");
        QTest::addRow("base10") << 10 << QList<double> { 3, 40, 700, 5000 }
                                << QStringList { u"1"_s, u"10"_s, u"100"_s, u"1000"_s, u"10000"_s };
        QTest::addRow("base2") << 2 << QList<double> { 1, 5, 20, 100 }
                               << QStringList { u"1"_s, u"2"_s, u"4"_s, u"8"_s, u"16"_s, u"32"_s, u"64"_s, u"128"_s };
        QTest::addRow("base10-fractions") << 10 << QList<double> { 0.02, 0.5, 3 }
                                          << QStringList { u"0.01"_s, u"0.1"_s, u"1"_s, u"10"_s };
    }
    void logTicks()
    {
        QFETCH(int, base);
        QFETCH(QList<double>, values);
        QFETCH(QStringList, ticks);
        const QJsonObject custom { { u"scaleDistribution"_s,
            QJsonObject { { u"type"_s, u"log"_s }, { u"log"_s, base } } } };
        auto view = makeView(panel(custom), panelData({ frame(u"a"_s, { values.begin(), values.end() }) }));
        QCOMPARE(view->axisTickLabels().value(0), ticks);
        // Higher values sit higher, equal ratios at equal distances.
        const QPoint p0 = view->pointPosition(0, T0);
        const QPoint p1 = view->pointPosition(0, T0 + Step);
        QVERIFY(p1.y() < p0.y());
    }

    void twoUnitsGetTwoAxes()
    {
        const QJsonArray overrides { QJsonObject {
            { u"matcher"_s, QJsonObject { { u"id"_s, u"byRegexp"_s }, { u"options"_s, u"/lat.*/"_s } } },
            { u"properties"_s, QJsonArray { QJsonObject { { u"id"_s, u"unit"_s }, { u"value"_s, u"s"_s } } } } } };
        auto view = makeView(panel({}, {}, { { u"unit"_s, u"bytes"_s } }, overrides),
            panelData({ frame(u"size"_s, { 1024, 2048, 4096 }), frame(u"latency"_s, { 0.5, 1, 2 }) }));
        QCOMPARE(view->axisCount(), 2);
        QVERIFY(!view->axisOnRight(0));
        QVERIFY(view->axisOnRight(1));
        QVERIFY2(view->axisTickLabels()[0].join(u' ').contains(u"KiB"_s), qPrintable(view->axisTickLabels()[0].join(u' ')));
        QVERIFY2(view->axisTickLabels()[1].join(u' ').contains(u" s"_s), qPrintable(view->axisTickLabels()[1].join(u' ')));
        QVERIFY(view->plotRect().right() < 800 - 30); // room for the right axis
        // Same unit: one axis.
        auto single = makeView(panel({}, {}, { { u"unit"_s, u"bytes"_s } }),
            panelData({ frame(u"a"_s, { 1, 2 }), frame(u"b"_s, { 3, 4 }) }));
        QCOMPARE(single->axisCount(), 1);
        // axisPlacement hidden: no axis at all.
        auto hidden = makeView(panel({ { u"axisPlacement"_s, u"hidden"_s } }), panelData({ frame(u"a"_s, { 1, 2 }) }));
        QCOMPARE(hidden->axisCount(), 0);
    }

    void hardAndSoftLimits_data()
    {
        QTest::addColumn<QJsonObject>("defaults");
        QTest::addColumn<QJsonObject>("custom");
        QTest::addColumn<QString>("firstTick");
        QTest::addColumn<QString>("lastTick");
        // uPlot's padding (10 %) snapped to a tenth of the magnitude, clamped at 0 as data starting near 0 would cross it.
        QTest::addRow("auto-from-zero") << QJsonObject {} << QJsonObject {} << u"0"_s << u"55"_s;
        QTest::addRow("hard") << QJsonObject { { u"min"_s, 20 }, { u"max"_s, 40 } } << QJsonObject {} << u"20"_s
                              << u"40"_s;
        QTest::addRow("soft-max-widens") << QJsonObject {} << QJsonObject { { u"axisSoftMax"_s, 100 } } << u"0"_s
                                         << u"100"_s;
        QTest::addRow("soft-min-below") << QJsonObject {} << QJsonObject { { u"axisSoftMin"_s, -50 } } << u"-50"_s
                                        << u"50"_s;
    }
    void hardAndSoftLimits()
    {
        QFETCH(QJsonObject, defaults);
        QFETCH(QJsonObject, custom);
        QFETCH(QString, firstTick);
        QFETCH(QString, lastTick);
        auto view = makeView(panel(custom, {}, defaults), panelData({ frame(u"a"_s, { 2, 30, 50 }) }));
        const QStringList ticks = view->axisTickLabels().value(0);
        QVERIFY(!ticks.isEmpty());
        QCOMPARE(ticks.front(), firstTick);
        QCOMPARE(ticks.back(), lastTick);
    }

    void legendCalcs_data()
    {
        QTest::addColumn<QStringList>("calcs");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("basic") << QStringList { u"lastNotNull"_s, u"last"_s, u"min"_s, u"max"_s, u"mean"_s }
                               << QStringList { u"4 ms"_s, u""_s, u"1 ms"_s, u"4 ms"_s, u"2.33 ms"_s };
        QTest::addRow("sum-count-range-delta") << QStringList { u"sum"_s, u"count"_s, u"range"_s, u"delta"_s }
                                               << QStringList { u"7 ms"_s, u"3"_s, u"3 ms"_s, u"3 ms"_s };
        QTest::addRow("alias") << QStringList { u"current"_s, u"avg"_s }
                               << QStringList { u"4 ms"_s, u"2.33 ms"_s };
    }
    void legendCalcs()
    {
        QFETCH(QStringList, calcs);
        QFETCH(QStringList, expected);
        auto view = makeView(panel({}, legendOptions(u"table"_s, calcs), { { u"unit"_s, u"ms"_s } }),
            panelData({ frame(u"a"_s, { 1, 2, 4, N }) }));
        QCOMPARE(view->legendNames(), QStringList { u"a"_s });
        QCOMPARE(view->legendValues().value(0), expected);
    }

    void legendSortAndHide()
    {
        QJsonObject options = legendOptions(u"table"_s, { u"max"_s });
        QJsonObject legend = options.value(u"legend"_s).toObject();
        legend.insert(u"sortBy"_s, u"Max"_s);
        legend.insert(u"sortDesc"_s, true);
        options.insert(u"legend"_s, legend);
        const QJsonArray overrides { QJsonObject {
            { u"matcher"_s, QJsonObject { { u"id"_s, u"byName"_s }, { u"options"_s, u"hidden"_s } } },
            { u"properties"_s,
                QJsonArray { QJsonObject { { u"id"_s, u"custom.hideFrom"_s },
                    { u"value"_s,
                        QJsonObject { { u"legend"_s, true }, { u"tooltip"_s, false }, { u"viz"_s, false } } } } } } } };
        auto view = makeView(panel({}, options, {}, overrides),
            panelData({ frame(u"low"_s, { 1, 2 }), frame(u"high"_s, { 5, 9 }), frame(u"hidden"_s, { 7, 7 }),
                frame(u"mid"_s, { 3, 4 }) }));
        QCOMPARE(view->legendNames(), (QStringList { u"high"_s, u"mid"_s, u"low"_s }));
        QVERIFY(view->isSeriesVisible(2)); // hidden from the legend only
    }

    void legendSortToggle_data()
    {
        QTest::addColumn<QString>("legend");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expected");
        QTest::addRow("unsorted") << u"{}"_s << u"Max"_s << u"{\"sortBy\":\"Max\",\"sortDesc\":true}"_s;
        QTest::addRow("desc-to-asc") << u"{\"sortBy\":\"Max\",\"sortDesc\":true}"_s << u"Max"_s
                                     << u"{\"sortBy\":\"Max\",\"sortDesc\":false}"_s;
        QTest::addRow("asc-to-off") << u"{\"sortBy\":\"Max\",\"sortDesc\":false,\"calcs\":[\"max\"]}"_s << u"Max"_s
                                    << u"{\"calcs\":[\"max\"]}"_s;
        QTest::addRow("other-column") << u"{\"sortBy\":\"Max\",\"sortDesc\":false}"_s << u"Name"_s
                                      << u"{\"sortBy\":\"Name\",\"sortDesc\":true}"_s;
        QTest::addRow("by-without-desc") << u"{\"sortBy\":\"Mean\"}"_s << u"Mean"_s
                                         << u"{\"sortBy\":\"Mean\",\"sortDesc\":true}"_s;
    }

    void legendSortToggle()
    {
        QFETCH(QString, legend);
        QFETCH(QString, key);
        QFETCH(QString, expected);
        const QJsonObject out = toggleLegendSort(QJsonDocument::fromJson(legend.toUtf8()).object(), key);
        QCOMPARE(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Compact)), expected);
    }

    void legendHeaderClickSorts()
    {
        auto view = makeView(panel({}, legendOptions(u"table"_s, { u"max"_s, u"min"_s })),
            panelData({ frame(u"low"_s, { 1, 2 }), frame(u"high"_s, { 0, 9 }), frame(u"mid"_s, { 3, 4 }) }));
        QSignalSpy saved(view.get(), &ui::PanelView::optionsChanged);
        const QStringList unsorted { u"low"_s, u"high"_s, u"mid"_s };
        QCOMPARE(view->legendNames(), unsorted);
        auto click = [&](const QString& key) {
            const QRect header = view->legendHeaderRect(key);
            QVERIFY2(!header.isEmpty(), qPrintable(key));
            QTest::mouseClick(view.get(), Qt::LeftButton, {}, header.center());
        };
        click(u"Max"_s);
        QCOMPARE(view->legendNames(), (QStringList { u"high"_s, u"mid"_s, u"low"_s }));
        QCOMPARE(saved.size(), 1);
        QJsonObject legend = saved.last().at(0).toJsonObject().value(u"legend"_s).toObject();
        QCOMPARE(legend.value(u"sortBy"_s).toString(), u"Max"_s);
        QCOMPARE(legend.value(u"sortDesc"_s).toBool(), true);
        click(u"Max"_s);
        QCOMPARE(view->legendNames(), (QStringList { u"low"_s, u"mid"_s, u"high"_s }));
        click(u"Min"_s); // another column: descending by its values
        QCOMPARE(view->legendNames(), (QStringList { u"mid"_s, u"low"_s, u"high"_s }));
        click(u"Min"_s);
        click(u"Min"_s); // third click: back to the data's order, nothing saved as sort
        QCOMPARE(view->legendNames(), unsorted);
        legend = saved.last().at(0).toJsonObject().value(u"legend"_s).toObject();
        QVERIFY(!legend.contains(u"sortBy"_s));
        QCOMPARE(saved.size(), 5);
        click(u"Name"_s);
        QCOMPARE(view->legendNames(), (QStringList { u"mid"_s, u"low"_s, u"high"_s })); // names descending
    }

    void legendIsolateAndToggle()
    {
        auto view = makeView(panel({}), panelData({ frame(u"a"_s, { 1, 2 }), frame(u"b"_s, { 2, 3 }),
                                            frame(u"c"_s, { 3, 4 }) }));
        auto visible = [&] {
            QList<bool> out;
            for (int i = 0; i < 3; ++i)
                out << view->isSeriesVisible(i);
            return out;
        };
        const QRect b = view->legendEntryRect(1);
        QVERIFY(b.isValid());
        QTest::mouseClick(view.get(), Qt::LeftButton, {}, b.center());
        QCOMPARE(visible(), (QList<bool> { false, true, false }));
        QCOMPARE(view->summary(), u"3 series (2 hidden)"_s);
        // Clicking the isolated series again shows everything.
        QTest::mouseClick(view.get(), Qt::LeftButton, {}, view->legendEntryRect(1).center());
        QCOMPARE(visible(), (QList<bool> { true, true, true }));
        // Ctrl+click hides one series, a second Ctrl+click brings it back.
        QTest::mouseClick(view.get(), Qt::LeftButton, Qt::ControlModifier, view->legendEntryRect(0).center());
        QCOMPARE(visible(), (QList<bool> { false, true, true }));
        QTest::mouseClick(view.get(), Qt::LeftButton, Qt::ControlModifier, view->legendEntryRect(2).center());
        QCOMPARE(visible(), (QList<bool> { false, true, false }));
        QTest::mouseClick(view.get(), Qt::LeftButton, Qt::ControlModifier, view->legendEntryRect(0).center());
        QCOMPARE(visible(), (QList<bool> { true, true, false }));
        QTest::mouseClick(view.get(), Qt::LeftButton, Qt::ControlModifier, view->legendEntryRect(2).center());
        QCOMPARE(visible(), (QList<bool> { true, true, true }));
        QCOMPARE(view->summary(), u"3 series"_s);
    }

    void dragZooms_data()
    {
        QTest::addColumn<double>("fromFraction");
        QTest::addColumn<double>("toFraction");
        QTest::addColumn<bool>("zooms");
        QTest::addRow("left-to-right") << 0.25 << 0.75 << true;
        QTest::addRow("right-to-left") << 0.8 << 0.1 << true;
        QTest::addRow("short-is-a-click") << 0.5 << 0.502 << false;
    }
    void dragZooms()
    {
        QFETCH(double, fromFraction);
        QFETCH(double, toFraction);
        QFETCH(bool, zooms);
        const qint64 from = T0;
        const qint64 to = T0 + 60 * Step;
        std::vector<double> values(61);
        for (std::size_t i = 0; i < values.size(); ++i)
            values[i] = double(i % 7);
        auto view = makeView(panel({}), panelData({ frame(u"a"_s, values) }, from, to));
        QSignalSpy zoom(view.get(), &sg::ui::PanelView::rangeSelected);
        const QRectF plot = view->plotRect();
        const QPoint a(int(plot.left() + fromFraction * plot.width()), int(plot.center().y()));
        const QPoint b(int(plot.left() + toFraction * plot.width()), int(plot.center().y()));
        QTest::mousePress(view.get(), Qt::LeftButton, {}, a);
        QTest::mouseMove(view.get(), (a + b) / 2);
        QTest::mouseMove(view.get(), b);
        QTest::mouseRelease(view.get(), Qt::LeftButton, {}, b);
        QCOMPARE(zoom.count(), zooms ? 1 : 0);
        if (!zooms)
            return;
        const auto timeAt = [&](int x) {
            return from + qint64(std::llround((x - plot.left()) / plot.width() * double(to - from)));
        };
        QCOMPARE(zoom[0][0].toLongLong(), timeAt(std::min(a.x(), b.x())));
        QCOMPARE(zoom[0][1].toLongLong(), timeAt(std::max(a.x(), b.x())));
    }

    void clickNamesTheSeries_data()
    {
        QTest::addColumn<int>("series");
        QTest::addColumn<int>("sample");
        QTest::addRow("first") << 0 << 3;
        QTest::addRow("second") << 1 << 7;
        QTest::addRow("third-stacked") << 2 << 5;
    }
    void clickNamesTheSeries()
    {
        QFETCH(int, series);
        QFETCH(int, sample);
        std::vector<query::SeriesFrame> frames;
        for (int k = 0; k < 3; ++k) {
            std::vector<double> v;
            for (int i = 0; i < 12; ++i)
                v.push_back(10 * (k + 1) + std::sin(i + k));
            frames.push_back(frame(u"s%1"_s.arg(k), v));
        }
        auto view = makeView(panel({}), panelData(std::move(frames)));
        QSignalSpy clicked(view.get(), &sg::ui::PanelView::seriesClicked);
        const qint64 t = T0 + sample * Step;
        const QPoint at = view->pointPosition(series, t);
        QVERIFY(view->plotRect().contains(at));
        QTest::mouseClick(view.get(), Qt::LeftButton, {}, at);
        QCOMPARE(clicked.count(), 1);
        const auto labels = clicked[0][0].value<query::LabelPairs>();
        QCOMPARE(labels, view->seriesLabels(series));
        QCOMPARE(labels.front().second, u"s%1"_s.arg(series));
        QCOMPARE(clicked[0][1].toLongLong(), t);
        // Far from every line: no click-through.
        QTest::mouseClick(view.get(), Qt::LeftButton, {}, QPoint(at.x(), int(view->plotRect().top()) + 2));
        QCOMPARE(clicked.count(), 1);
    }

    void tooltip_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("sort");
        QTest::addColumn<QStringList>("expected");
        const QString time = u"2023-11-14 22:15:20"_s; // T0 + 2 steps
        QTest::addRow("single") << u"single"_s << u"none"_s << QStringList { time, u"b: 50%"_s };
        QTest::addRow("multi") << u"multi"_s << u"none"_s
                               << QStringList { time, u"a: 20%"_s, u"b: 50%"_s, u"c: Down"_s };
        QTest::addRow("multi-desc") << u"multi"_s << u"desc"_s
                                    << QStringList { time, u"b: 50%"_s, u"a: 20%"_s, u"c: Down"_s };
        QTest::addRow("multi-asc") << u"multi"_s << u"asc"_s
                                   << QStringList { time, u"c: Down"_s, u"a: 20%"_s, u"b: 50%"_s };
        QTest::addRow("none") << u"none"_s << u"none"_s << QStringList {};
    }
    void tooltip()
    {
        QFETCH(QString, mode);
        QFETCH(QString, sort);
        QFETCH(QStringList, expected);
        const QJsonObject options { { u"tooltip"_s, QJsonObject { { u"mode"_s, mode }, { u"sort"_s, sort } } } };
        const QJsonArray mappings { QJsonObject { { u"type"_s, u"value"_s },
            { u"options"_s, QJsonObject { { u"0"_s, QJsonObject { { u"text"_s, u"Down"_s } } } } } } };
        const QJsonObject defaults { { u"unit"_s, u"percent"_s }, { u"mappings"_s, mappings } };
        auto view = makeView(panel({}, options, defaults),
            panelData({ frame(u"a"_s, { 10, 15, 20, 25 }), frame(u"b"_s, { 40, 45, 50, 55 }),
                frame(u"c"_s, { 0, 0, 0, 0 }) }));
        const QPoint at = view->pointPosition(1, T0 + 2 * Step) + QPoint(3, 0);
        QTest::mouseMove(view.get(), QPoint(1, 1)); // a move to the same spot as the last row's would be dropped
        QTest::mouseMove(view.get(), at);
        QCOMPARE(view->tooltipLines(), expected);
    }

    void hoverAndSharedCrosshair()
    {
        auto view = makeView(panel({}), panelData({ frame(u"a"_s, { 1, 2, 3, 4 }) }));
        QSignalSpy hover(view.get(), &sg::ui::PanelView::hoverTimeChanged);
        const QRectF plot = view->plotRect();
        QTest::mouseMove(view.get(), QPoint(int(plot.center().x()), int(plot.center().y())));
        QVERIFY(hover.count() >= 1);
        const qint64 t = hover.last()[0].toLongLong();
        QVERIFY(t > T0 && t < T0 + 3 * Step);
        QTest::mouseMove(view.get(), QPoint(2, 2)); // outside the plot
        QCOMPARE(hover.last()[0].toLongLong(), qint64(-1));

        view->setSharedHoverTime(T0 + Step);
        QVERIFY(view->tooltipLines().isEmpty()); // crosshair only (graphTooltip 1)
        view->setSharedTooltip(true);
        QCOMPARE(view->tooltipLines(), (QStringList { u"2023-11-14 22:14:20"_s, u"a: 2"_s }));
        const QImage withCrosshair = view->grab().toImage();
        view->setSharedHoverTime(-1);
        QVERIFY(view->tooltipLines().isEmpty());
        QVERIFY(view->grab().toImage() != withCrosshair);
    }

    void pixelColours_data()
    {
        QTest::addColumn<QJsonObject>("custom");
        QTest::addColumn<QJsonObject>("defaults");
        QTest::addColumn<double>("valueFraction"); // where to sample, as a fraction of the plot height from the bottom
        QTest::addColumn<QColor>("expected");
        const QJsonObject fixedRed { { u"mode"_s, u"fixed"_s }, { u"fixedColor"_s, u"#ff0000"_s } };
        const QJsonObject thresholds { { u"mode"_s, u"absolute"_s },
            { u"steps"_s,
                QJsonArray { QJsonObject { { u"color"_s, u"#00ff00"_s }, { u"value"_s, QJsonValue::Null } },
                    QJsonObject { { u"color"_s, u"#0000ff"_s }, { u"value"_s, 50 } } } } };
        // fillOpacity 100 paints the series colour under the line.
        QTest::addRow("fill-solid") << QJsonObject { { u"fillOpacity"_s, 100 } }
                                    << QJsonObject { { u"color"_s, fixedRed } } << 0.13 << QColor(255, 0, 0);
        // 50 % over the panel background.
        QTest::addRow("fill-half") << QJsonObject { { u"fillOpacity"_s, 50 } }
                                   << QJsonObject { { u"color"_s, fixedRed } } << 0.13
                                   << QColor((255 + 0x18) / 2, 0x1b / 2, 0x1f / 2);
        // Threshold areas above the line: blue (from 50) at 15 % over the background.
        QTest::addRow("threshold-area")
            << QJsonObject { { u"thresholdsStyle"_s, QJsonObject { { u"mode"_s, u"area"_s } } } }
            << QJsonObject { { u"thresholds"_s, thresholds }, { u"min"_s, 0 }, { u"max"_s, 100 } } << 0.93
            << QColor(int(0x18 * 0.85), int(0x1b * 0.85), int(0x1f * 0.85 + 255 * 0.15));
        QTest::addRow("threshold-area-base")
            << QJsonObject { { u"thresholdsStyle"_s, QJsonObject { { u"mode"_s, u"area"_s } } } }
            << QJsonObject { { u"thresholds"_s, thresholds }, { u"min"_s, 0 }, { u"max"_s, 100 } } << 0.05
            << QColor(int(0x18 * 0.85), int(0x1b * 0.85 + 255 * 0.15), int(0x1f * 0.85));
    }
    void pixelColours()
    {
        QFETCH(QJsonObject, custom);
        QFETCH(QJsonObject, defaults);
        QFETCH(double, valueFraction);
        QFETCH(QColor, expected);
        QJsonObject d = defaults;
        if (!d.contains(u"min"_s)) {
            d.insert(u"min"_s, 0);
            d.insert(u"max"_s, 100);
        }
        auto view = makeView(panel(custom, {}, d), panelData({ frame(u"a"_s, { 30, 30, 30, 30, 30 }) }));
        const QImage image = view->grab().toImage();
        const QRectF plot = view->plotRect();
        // Off the grid lines (which sit at every tenth of the value range and at the time ticks).
        const QPoint at(int(plot.left() + plot.width() * 0.33) + 3, int(plot.bottom() - valueFraction * plot.height()));
        const QColor got = image.pixelColor(at);
        const auto close = [](int a, int b) { return std::abs(a - b) <= 6; };
        QVERIFY2(close(got.red(), expected.red()) && close(got.green(), expected.green())
                && close(got.blue(), expected.blue()),
            qPrintable(u"got %1 expected %2"_s.arg(got.name(), expected.name())));
    }

    void timeAxis_data()
    {
        QTest::addColumn<qint64>("spanMs");
        QTest::addColumn<QString>("pattern");
        QTest::addRow("hours") << qint64(6 * 3600'000) << u"^\\d\\d:\\d\\d$"_s;
        QTest::addRow("seconds") << qint64(60'000) << u"^\\d\\d:\\d\\d:\\d\\d$"_s;
        QTest::addRow("days") << qint64(7 * 86400'000) << u"^\\d\\d/\\d\\d$"_s;
    }
    void timeAxis()
    {
        QFETCH(qint64, spanMs);
        QFETCH(QString, pattern);
        const qint64 from = 1'700'006'400'000; // 2023-11-15 00:00 UTC
        auto view = makeView(panel({}), panelData({ frame(u"a"_s, { 1, 2 }, spanMs) }, from, from + spanMs));
        const QStringList labels = view->timeTickLabels();
        QVERIFY(labels.size() >= 3);
        const QRegularExpression re(pattern);
        for (const QString& l : labels)
            QVERIFY2(re.match(l).hasMatch(), qPrintable(labels.join(u' ')));
        if (spanMs == 6 * 3600'000)
            QCOMPARE(labels.front(), u"00:00"_s); // aligned to UTC midnight
    }

    void errorAndNoData()
    {
        query::PanelData failed;
        failed.error = u"A: parse error"_s;
        auto view = makeView(panel({}), failed);
        QCOMPARE(view->errorText(), u"A: parse error"_s);
        QCOMPARE(view->seriesCount(), 0);
        auto empty = makeView(panel({}), query::PanelData {});
        QCOMPARE(empty->summary(), u"0 series"_s);
    }

    void denseDataIsReducedPerColumn()
    {
        std::vector<double> values(100'000);
        for (std::size_t i = 0; i < values.size(); ++i)
            values[i] = std::sin(double(i) / 50.0) + (i == 54'321 ? 10 : 0);
        auto view = makeView(panel({}), panelData({ frame(u"a"_s, values, 1000) }));
        const Layout layout = computeLayout(view->model(), QRectF(0, 0, 800, 400), 0, QFontMetricsF(view->font()),
            QTimeZone::utc());
        const auto segments = pixelSegments(view->model(), view->model().series[0], layout);
        QCOMPARE(int(segments.size()), 1);
        QVERIFY(segments[0].top.size() <= 4 * 800);
        // The spike survives the reduction.
        QVERIFY(std::find(segments[0].samples.begin(), segments[0].samples.end(), 54'321) != segments[0].samples.end());
    }

    // SG_SCREENSHOT_DIR=DIR saves pictures of a few option combinations, to compare with Grafana by eye.
    void screenshots_data()
    {
        QTest::addColumn<QJsonObject>("custom");
        QTest::addColumn<QJsonObject>("options");
        QTest::addColumn<QJsonObject>("defaults");
        QTest::addColumn<bool>("hover");
        const QJsonObject thresholds { { u"mode"_s, u"absolute"_s },
            { u"steps"_s,
                QJsonArray { QJsonObject { { u"color"_s, u"green"_s }, { u"value"_s, QJsonValue::Null } },
                    QJsonObject { { u"color"_s, u"orange"_s }, { u"value"_s, 60 } },
                    QJsonObject { { u"color"_s, u"red"_s }, { u"value"_s, 80 } } } } };
        QTest::addRow("lines") << QJsonObject {} << legendOptions(u"list"_s, {}) << QJsonObject { { u"unit"_s, u"reqps"_s } }
                               << false;
        QTest::addRow("stacked-bars-table")
            << QJsonObject { { u"drawStyle"_s, u"bars"_s }, { u"fillOpacity"_s, 80 },
                   { u"stacking"_s, QJsonObject { { u"mode"_s, u"normal"_s } } } }
            << legendOptions(u"table"_s, { u"mean"_s, u"max"_s, u"lastNotNull"_s }, u"right"_s)
            << QJsonObject { { u"unit"_s, u"bytes"_s } } << false;
        QTest::addRow("smooth-opacity-thresholds")
            << QJsonObject { { u"lineInterpolation"_s, u"smooth"_s }, { u"fillOpacity"_s, 30 },
                   { u"gradientMode"_s, u"opacity"_s }, { u"lineWidth"_s, 2 },
                   { u"thresholdsStyle"_s, QJsonObject { { u"mode"_s, u"line+area"_s } } } }
            << QJsonObject { { u"tooltip"_s, QJsonObject { { u"mode"_s, u"multi"_s }, { u"sort"_s, u"desc"_s } } },
                   { u"legend"_s, QJsonObject { { u"displayMode"_s, u"list"_s }, { u"calcs"_s, QJsonArray { u"mean"_s } } } } }
            << QJsonObject { { u"unit"_s, u"percent"_s }, { u"thresholds"_s, thresholds } } << true;
        QTest::addRow("points-step-log")
            << QJsonObject { { u"lineInterpolation"_s, u"stepAfter"_s }, { u"showPoints"_s, u"always"_s },
                   { u"scaleDistribution"_s, QJsonObject { { u"type"_s, u"log"_s }, { u"log"_s, 10 } } },
                   { u"lineStyle"_s, QJsonObject { { u"fill"_s, u"dash"_s }, { u"dash"_s, QJsonArray { 10, 10 } } } } }
            << legendOptions(u"list"_s, {}) << QJsonObject {} << false;
        QTest::addRow("scheme-percent")
            << QJsonObject { { u"fillOpacity"_s, 60 }, { u"gradientMode"_s, u"scheme"_s },
                   { u"stacking"_s, QJsonObject { { u"mode"_s, u"percent"_s } } } }
            << legendOptions(u"list"_s, {})
            << QJsonObject { { u"color"_s, QJsonObject { { u"mode"_s, u"continuous-GrYlRd"_s } } } } << false;
    }
    void screenshots()
    {
        QFETCH(QJsonObject, custom);
        QFETCH(QJsonObject, options);
        QFETCH(QJsonObject, defaults);
        QFETCH(bool, hover);
        // Saved for a person to look at when SG_SCREENSHOT_DIR is set; checked for content either way.
        QTemporaryDir temp;
        const QString dir = qEnvironmentVariableIsEmpty("SG_SCREENSHOT_DIR") ? temp.path() : qEnvironmentVariable("SG_SCREENSHOT_DIR");
        std::vector<query::SeriesFrame> frames;
        for (int k = 0; k < 4; ++k) {
            std::vector<double> v;
            for (int i = 0; i < 120; ++i) {
                const double x = 10 + 8 * k + 15 * std::sin(i / (8.0 + k) + k) + 5 * std::cos(i / 3.0);
                v.push_back((k == 3 && i > 40 && i < 55) ? N : std::max(0.5, x + 20));
            }
            frames.push_back(frame(u"pod-%1"_s.arg(k), v, 30'000));
        }
        auto view = makeView(panel(custom, options, defaults), panelData(std::move(frames)), QSize(900, 380));
        if (hover) {
            const QPoint at = view->pointPosition(1, T0 + 70 * 30'000);
            QTest::mouseMove(view.get(), at);
        }
        const QImage image = view->grab().toImage();
        QVERIFY(image.save(dir + u"/timeseries-"_s + QString::fromLatin1(QTest::currentDataTag()) + u".png"_s));
        // the series were painted: many distinct colours, not a blank or single-colour frame
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 3)
            for (int x = 0; x < image.width(); x += 3)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 20, qPrintable(u"%1 colours"_s.arg(colours.size())));
    }
};

QTEST_MAIN(TestTimeSeries)
#include "tst_timeseries.moc"
