// Frame times of the time series panel: setData, a full repaint (the cached image rebuilt) and a hover frame (the
// overlay over the cached image), against the Qt Charts widget on the same data. Small data by default so it runs
// in ctest; SG_BENCH=1 runs 1,000 series × 1,440 points. Prints figures, asserts only that painting happened.
#include "ui/charts/time_series_panel.h"
#include "ui/panels/timeseries/timeseries_view.h"

#include <QChartView>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 T0 = 1'700'000'000'000;
constexpr qint64 Step = 60'000;

struct Sizes
{
    int series = 10;
    int points = 200;
    int frames = 5;
};

Sizes sizes()
{
    if (qEnvironmentVariableIntValue("SG_BENCH") == 1)
        return { 1000, 1440, 20 };
    return {};
}

query::PanelData makeData(const Sizes& n)
{
    std::mt19937 rng(42);
    std::normal_distribution<double> noise(0, 1);
    query::PanelData d;
    d.fromMs = T0;
    d.toMs = T0 + qint64(n.points - 1) * Step;
    d.intervalMs = Step;
    for (int s = 0; s < n.series; ++s) {
        query::SeriesFrame f;
        f.refId = u"A"_s;
        f.name = u"series %1"_s.arg(s);
        f.labels = { { u"instance"_s, u"host-%1"_s.arg(s) } };
        double v = 50 + s % 40;
        for (int i = 0; i < n.points; ++i) {
            v += noise(rng);
            f.timesMs.push_back(T0 + qint64(i) * Step);
            f.values.push_back(v);
        }
        d.series.push_back(std::move(f));
    }
    return d;
}

struct Stats
{
    double p50 = 0;
    double p95 = 0;
};

Stats measure(int frames, const std::function<void(int)>& frame)
{
    std::vector<double> ms;
    for (int i = 0; i < frames; ++i) {
        QElapsedTimer t;
        t.start();
        frame(i);
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) { return ms[std::min(ms.size() - 1, std::size_t(q * double(ms.size() - 1) + 0.5))]; };
    return { at(0.5), at(0.95) };
}

QString report(const QString& what, const Stats& data, const Stats& full, const Stats& hover, int frames)
{
    return u"%1: data %2/%3ms, full paint %4/%5ms, hover %6/%7ms (p50/p95 over %8 frames)"_s.arg(what)
        .arg(data.p50, 0, 'f', 1)
        .arg(data.p95, 0, 'f', 1)
        .arg(full.p50, 0, 'f', 1)
        .arg(full.p95, 0, 'f', 1)
        .arg(hover.p50, 0, 'f', 1)
        .arg(hover.p95, 0, 'f', 1)
        .arg(frames);
}

} // namespace

class TestTimeSeriesFrames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void painter()
    {
        const Sizes n = sizes();
        const query::PanelData data = makeData(n);
        ui::timeseries::TimeSeriesView view;
        view.setTimeZone(u"utc"_s);
        view.setPanel(dashboards::Panel(QJsonObject { { u"type"_s, u"timeseries"_s } }));
        view.resize(1000, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const Stats dataStats = measure(n.frames, [&](int) { view.setData(data); });
        view.repaint();
        const Stats full = measure(n.frames, [&](int i) {
            view.resize(1000 + (i % 2), 500); // a size change rebuilds the cached image
            view.repaint();
        });
        QVERIFY(view.lastRenderMs() > 0);
        const QRectF plot = view.plotRect();
        const Stats hover = measure(n.frames * 5, [&](int i) {
            QTest::mouseMove(&view, QPoint(int(plot.left() + 5 + (i * 37) % int(plot.width() - 10)), int(plot.center().y())));
            view.repaint();
        });
        qInfo().noquote() << report(u"timeseries"_s, dataStats, full, hover, n.frames)
                          << u"[%1 series x %2 points]"_s.arg(n.series).arg(n.points);
    }

    void qtCharts()
    {
        const Sizes n = sizes();
        const query::PanelData data = makeData(n);
        std::vector<ui::NamedSeries> named;
        for (const auto& f : data.series) {
            ui::NamedSeries s;
            std::vector<Label> labels;
            for (const auto& [k, v] : f.labels)
                labels.push_back({ k.toStdString(), v.toStdString() });
            s.labels = Labels(std::move(labels));
            s.name = f.name;
            for (std::size_t i = 0; i < f.values.size(); ++i)
                s.points.push_back({ f.timesMs[i], f.values[i] });
            named.push_back(std::move(s));
        }
        ui::TimeSeriesPanel chart;
        chart.resize(1000, 500);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        const int frames = std::max(3, n.frames / 4); // Qt Charts takes seconds per frame at the large size
        const Stats dataStats = measure(frames, [&](int) {
            chart.setNamedSeries(named, data.fromMs, data.toMs);
            QCoreApplication::processEvents();
        });
        const Stats full = measure(frames, [&](int i) {
            chart.resize(1000 + (i % 2), 500);
            QCoreApplication::processEvents();
            chart.chartView()->viewport()->repaint();
        });
        QWidget* viewport = chart.chartView()->viewport();
        const Stats hover = measure(frames * 5, [&](int i) {
            QTest::mouseMove(viewport, QPoint(100 + (i * 37) % 800, 200));
            viewport->repaint();
        });
        qInfo().noquote() << report(u"qtcharts"_s, dataStats, full, hover, frames)
                          << u"[%1 series x %2 points]"_s.arg(n.series).arg(n.points);
    }
};

QTEST_MAIN(TestTimeSeriesFrames)
#include "tst_timeseries_frames.moc"
