#include "ui/panels/common/panel_paint.h"
#include "ui/panels/histogram/histogram_model.h"
#include "ui/panels/histogram/histogram_plugin.h"
#include "ui/panels/histogram/histogram_view.h"

#include "panel_test_helpers.h"

#include <numeric>
#include <random>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {

query::SeriesFrame series(const QString& name, const QList<double>& values)
{
    return test::seriesFrame(name, values, 1'700'000'000'000, 60'000);
}

dashboards::Panel panel(const QJsonObject& options, const QString& defaultsJson = {})
{
    return test::panelOf(u"histogram"_s, options, defaultsJson);
}

} // namespace

class TestHistogram : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void plugin()
    {
        const auto p = ui::makeHistogramPlugin();
        test::verifyPlugin(p.get(), u"histogram"_s);
        QCOMPARE(p->defaultOptions().value(u"bucketCount"_s).toInt(), 30);
    }

    void autoBucketSize_data()
    {
        QTest::addColumn<double>("range");
        QTest::addColumn<int>("count");
        QTest::addColumn<double>("size");
        QTest::addRow("100/30") << 100.0 << 30 << 4.0;
        QTest::addRow("1/30") << 1.0 << 30 << 0.04;
        QTest::addRow("60/30-skips-2.5") << 60.0 << 30 << 4.0;
        QTest::addRow("45/30") << 45.0 << 30 << 2.0;
        QTest::addRow("1000/10") << 1000.0 << 10 << 200.0;
        QTest::addRow("empty-range") << 0.0 << 30 << 1.0;
    }
    void autoBucketSize()
    {
        QFETCH(double, range);
        QFETCH(int, count);
        QFETCH(double, size);
        QCOMPARE(ui::histogram::autoBucketSize(range, count), size);
    }

    void bins_data()
    {
        QTest::addColumn<QJsonObject>("options");
        QTest::addColumn<QList<double>>("starts");
        QTest::addColumn<QList<double>>("counts"); // per bucket, first series (or combined)
        const QList<double> values { 1, 5, 12, 15, 19, 35, query::NullValue };
        QTest::addRow("size-10") << QJsonObject { { u"bucketSize"_s, 10 } } << QList<double> { 0, 10, 20, 30 }
                                 << QList<double> { 2, 3, 0, 1 };
        QTest::addRow("offset-5") << QJsonObject { { u"bucketSize"_s, 10 }, { u"bucketOffset"_s, 5 } }
                                  << QList<double> { -5, 5, 15, 25, 35 } << QList<double> { 1, 2, 2, 0, 1 };
        QTest::addRow("size-as-string") << QJsonObject { { u"bucketSize"_s, u"20"_s } } << QList<double> { 0, 20 }
                                        << QList<double> { 5, 1 };
        QTest::addRow("auto-count-10") << QJsonObject { { u"bucketCount"_s, 10 } }
                                       << QList<double> { 0, 4, 8, 12, 16, 20, 24, 28, 32 }
                                       << QList<double> { 1, 1, 0, 2, 1, 0, 0, 0, 1 };
        QTest::addRow("combined") << QJsonObject { { u"bucketSize"_s, 10 }, { u"combine"_s, true } }
                                  << QList<double> { 0, 10, 20, 30 } << QList<double> { 3, 4, 0, 1 };
    }
    void bins()
    {
        QFETCH(QJsonObject, options);
        QFETCH(QList<double>, starts);
        QFETCH(QList<double>, counts);
        const std::vector<query::SeriesFrame> data { series(u"a"_s, { 1, 5, 12, 15, 19, 35, query::NullValue }),
            series(u"b"_s, { 2, 11 }) };
        const auto h = ui::histogram::buildHistogram(data, ui::histogram::Options::fromJson(options));
        QCOMPARE(QList<double>(h.starts.begin(), h.starts.end()), starts);
        QCOMPARE(QList<double>(h.counts[0].begin(), h.counts[0].end()), counts);
        const bool combined = options.value(u"combine"_s).toBool();
        QCOMPARE(h.counts.size(), combined ? std::size_t(1) : std::size_t(2));
        if (!combined) { // the second series shares the buckets
            QCOMPARE(h.counts[1].size(), h.starts.size());
            QCOMPARE(std::accumulate(h.counts[1].begin(), h.counts[1].end(), 0.0), 2.0);
        }
    }

    void barColour()
    {
        ui::histogram::HistogramView view;
        view.resize(500, 300);
        view.setPanel(panel({ { u"bucketSize"_s, 10 } }));
        query::PanelData data;
        data.series = { series(u"a"_s, { 1, 2, 3, 15 }) };
        view.setData(data);
        QCOMPARE(view.summary(), u"2 buckets, 1 series"_s);
        const QImage img = view.grab().toImage();
        const QColor shown(img.pixel(int(view.xOf(3.3)), int(view.yOf(1.3))));
        const QColor bg = ui::paint::panelBackground();
        QVERIFY2(test::isBlendOf(shown, ui::paint::paletteColor(0), 0.8, bg), qPrintable(shown.name()));
        // Above the bar: the panel.
        QCOMPARE(QColor(img.pixel(int(view.xOf(13.3)), int(view.yOf(2.3)))), bg);
        const auto bucket = view.bucketAt(QPointF(view.xOf(15), view.yOf(0.5)));
        QVERIFY(bucket);
        QCOMPARE(*bucket, std::size_t(1));
    }

    void noData()
    {
        ui::histogram::HistogramView view;
        test::verifyNoData(view, panel({}));
    }

    void paintTime()
    {
        std::mt19937 rng(5);
        std::normal_distribution<double> dist(250, 40);
        query::PanelData data;
        data.series = test::denseSeries(
            1000, 1440, 0, 60'000, [](int s) { return u"s%1"_s.arg(s); },
            [&](int s, int) { return dist(rng) + s % 7 * 10; });
        ui::histogram::HistogramView view;
        view.resize(1200, 500);
        view.setPanel(panel({}, uR"({"unit":"ms"})"_s));
        const test::PaintTimes times = test::measurePaint(view, data, QPoint(9, 0));
        qInfo().noquote() << u"histogram 1000x1440: %1 | %2"_s.arg(view.summary(), times.toString());
    }

    void screenshot()
    {
        std::mt19937 rng(9);
        std::normal_distribution<double> a(0.25, 0.06);
        std::normal_distribution<double> b(0.4, 0.05);
        QList<double> va, vb;
        for (int i = 0; i < 500; ++i) {
            va << a(rng);
            vb << b(rng);
        }
        query::PanelData data;
        data.series = { series(u"GET /api"_s, va), series(u"POST /api"_s, vb) };
        ui::histogram::HistogramView view;
        view.resize(800, 320);
        view.setPanel(panel(ui::makeHistogramPlugin()->defaultOptions(), uR"({"unit":"s"})"_s));
        view.setData(data);
        QImage img = view.grab().toImage();
        test::hoverAt(view, QPoint(int(view.xOf(0.3)), int(view.plotRect().center().y())));
        view.grab().save(u"/tmp/sg_histogram.png"_s);
    }
};

QTEST_MAIN(TestHistogram)
#include "tst_histogram.moc"
