#include "ui/panels/histogram/histogram_model.h"
#include "ui/panels/histogram/histogram_plugin.h"
#include "ui/panels/histogram/histogram_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>

#include <numeric>
#include <random>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {

query::SeriesFrame series(const QString& name, const QList<double>& values)
{
    query::SeriesFrame s;
    s.name = name;
    for (qsizetype i = 0; i < values.size(); ++i) {
        s.timesMs.push_back(1'700'000'000'000 + i * 60'000);
        s.values.push_back(values[i]);
    }
    return s;
}

dashboards::Panel panel(const QJsonObject& options, const QString& defaultsJson = {})
{
    return dashboards::Panel(QJsonObject { { u"type"_s, u"histogram"_s }, { u"options"_s, options },
        { u"fieldConfig"_s,
            QJsonObject { { u"defaults"_s, QJsonDocument::fromJson(defaultsJson.toUtf8()).object() } } } });
}

void hoverAt(QWidget& w, const QPoint& pos)
{
    QMouseEvent move(QEvent::MouseMove, pos, w.mapToGlobal(pos), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(&w, &move);
}

} // namespace

class TestHistogram : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void plugin()
    {
        const auto p = ui::makeHistogramPlugin();
        QVERIFY(p);
        QCOMPARE(p->id(), u"histogram"_s);
        QCOMPARE(p->defaultOptions().value(u"bucketCount"_s).toInt(), 30);
        QVERIFY(!p->optionDescriptors().empty());
        std::unique_ptr<ui::PanelView> view(p->createView(nullptr));
        QVERIFY(view);
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
        const QColor c = ui::viz::classicColor(0);
        const QColor bg = ui::viz::panelBackground();
        auto blend = [](int a, int b) { return int(std::lround(a * 0.8 + b * 0.2)); };
        QVERIFY2(std::abs(shown.red() - blend(c.red(), bg.red())) <= 2, qPrintable(shown.name()));
        QVERIFY2(std::abs(shown.green() - blend(c.green(), bg.green())) <= 2, qPrintable(shown.name()));
        QVERIFY2(std::abs(shown.blue() - blend(c.blue(), bg.blue())) <= 2, qPrintable(shown.name()));
        // Above the bar: the panel.
        QCOMPARE(QColor(img.pixel(int(view.xOf(13.3)), int(view.yOf(2.3)))), bg);
        const auto bucket = view.bucketAt(QPointF(view.xOf(15), view.yOf(0.5)));
        QVERIFY(bucket);
        QCOMPARE(*bucket, std::size_t(1));
    }

    void noData()
    {
        ui::histogram::HistogramView view;
        view.resize(300, 200);
        view.setPanel(panel({}));
        view.setData({});
        QCOMPARE(view.summary(), u"No data"_s);
        view.grab();
    }

    void paintTime()
    {
        std::mt19937 rng(5);
        std::normal_distribution<double> dist(250, 40);
        query::PanelData data;
        for (int s = 0; s < 1000; ++s) {
            query::SeriesFrame f;
            f.name = u"s%1"_s.arg(s);
            f.values.resize(1440);
            f.timesMs.resize(1440);
            for (int i = 0; i < 1440; ++i) {
                f.values[std::size_t(i)] = dist(rng) + s % 7 * 10;
                f.timesMs[std::size_t(i)] = i * 60'000;
            }
            data.series.push_back(std::move(f));
        }
        ui::histogram::HistogramView view;
        view.resize(1200, 500);
        view.setPanel(panel({}, uR"({"unit":"ms"})"_s));
        QElapsedTimer timer;
        timer.start();
        view.setData(data);
        const double buildMs = double(timer.nsecsElapsed()) / 1e6;
        view.grab();
        const double paintMs = view.lastRenderMs();
        double hoverMs = 1e9;
        for (int i = 0; i < 5; ++i) {
            hoverAt(view, view.plotRect().center().toPoint() + QPoint(i * 9, 0));
            timer.restart();
            view.grab();
            hoverMs = std::min(hoverMs, double(timer.nsecsElapsed()) / 1e6);
        }
        qInfo().noquote() << u"histogram 1000x1440: %1 | data %2 ms, cached paint %3 ms, hover repaint %4 ms"_s
                                 .arg(view.summary())
                                 .arg(buildMs, 0, 'f', 1)
                                 .arg(paintMs, 0, 'f', 1)
                                 .arg(hoverMs, 0, 'f', 1);
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
        hoverAt(view, QPoint(int(view.xOf(0.3)), int(view.plotRect().center().y())));
        view.grab().save(u"/tmp/sg_histogram.png"_s);
    }
};

QTEST_MAIN(TestHistogram)
#include "tst_histogram.moc"
