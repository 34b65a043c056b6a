#include "ui/panels/common/panel_paint.h"
#include "ui/panels/heatmap/heatmap_model.h"
#include "ui/panels/heatmap/heatmap_plugin.h"
#include "ui/panels/heatmap/heatmap_view.h"

#include "panel_test_helpers.h"

#include <cmath>
#include <random>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 T0 = 1'700'000'040'000; // a multiple of 2 minutes
constexpr qint64 Step = 60'000;

// Samples at the end of each step from T0, labelled with their bucket's upper bound `le` (if any).
query::SeriesFrame series(const QString& name, const QString& le, const QList<double>& values, qint64 step = Step)
{
    query::SeriesFrame s = test::seriesFrame(name, values, T0 + step, step);
    if (!le.isEmpty())
        s.labels = { { u"le"_s, le } };
    return s;
}

dashboards::Panel panel(const QJsonObject& options, const QString& format = u"time_series"_s)
{
    return test::panelOf(u"heatmap"_s, options, {}, format);
}

// Rows "le:v1,v2;le:v1,v2" in any order.
std::vector<query::SeriesFrame> leSeries(const QString& spec)
{
    std::vector<query::SeriesFrame> out;
    for (const auto& row : spec.split(u';')) {
        const auto parts = row.split(u':');
        QList<double> values;
        for (const auto& v : parts[1].split(u','))
            values << (v == u"null" ? query::NullValue : v.toDouble());
        out.push_back(series(parts[0], parts[0], values));
    }
    return out;
}

// Counts as "r0c0,r0c1;r1c0,r1c1" (rows bottom to top).
QString dumpCounts(const ui::heatmap::Grid& g)
{
    QStringList rows;
    for (std::size_t r = 0; r < g.rowCount(); ++r) {
        QStringList cells;
        for (std::size_t c = 0; c < g.columnCount(); ++c) {
            const double v = g.count(c, r);
            cells << (std::isnan(v) ? u"null"_s : QString::number(v));
        }
        rows << cells.join(u',');
    }
    return rows.join(u';');
}

QStringList dumpLabels(const ui::heatmap::Grid& g)
{
    QStringList out;
    for (const auto& b : g.rows)
        out << b.label;
    return out;
}

} // namespace

class TestHeatmap : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void plugin()
    {
        const auto p = ui::makeHeatmapPlugin();
        test::verifyPlugin(p.get(), u"heatmap"_s);
        QCOMPARE(p->defaultOptions().value(u"color").toObject().value(u"scheme").toString(), u"Oranges"_s);
    }

    void leBuckets_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QStringList>("labels");
        QTest::addColumn<QString>("counts");
        QTest::addRow("prometheus-heatmap-format") << u"heatmap"_s << u"+Inf:4,9;0.1:1,2;0.5:3,5"_s
                                                   << QStringList { u"0.1"_s, u"0.5"_s, u"+Inf"_s } << u"1,2;2,3;1,4"_s;
        QTest::addRow("cumulative-detected") << u"time_series"_s << u"1:0,10;2.5:5,10;5:7,30"_s
                                             << QStringList { u"1"_s, u"2.5"_s, u"5"_s } << u"0,10;5,0;2,20"_s;
        QTest::addRow("already-per-bucket") << u"time_series"_s << u"1:4,1;2:1,1;4:3,0"_s
                                            << QStringList { u"1"_s, u"2"_s, u"4"_s } << u"4,1;1,1;3,0"_s;
        QTest::addRow("reset-clamped") << u"heatmap"_s << u"1:5,5;2:3,6"_s << QStringList { u"1"_s, u"2"_s }
                                       << u"5,5;0,1"_s;
        QTest::addRow("same-le-summed") << u"heatmap"_s << u"1:1,1;1:2,2;+Inf:5,6"_s
                                        << QStringList { u"1"_s, u"+Inf"_s } << u"3,3;2,3"_s;
        QTest::addRow("null-kept") << u"heatmap"_s << u"1:1,null;+Inf:3,4"_s << QStringList { u"1"_s, u"+Inf"_s }
                                   << u"1,null;2,4"_s;
    }
    void leBuckets()
    {
        QFETCH(QString, format);
        QFETCH(QString, input);
        QFETCH(QStringList, labels);
        QFETCH(QString, counts);
        query::PanelData data;
        data.series = leSeries(input);
        data.intervalMs = Step;
        const auto grid = ui::heatmap::buildGrid(panel({}, format), data);
        QCOMPARE(grid.layout, ui::heatmap::RowLayout::UpperBound);
        QCOMPARE(dumpLabels(grid), labels);
        QCOMPARE(dumpCounts(grid), counts);
        QCOMPARE(grid.columnCount(), std::size_t(2));
        QCOMPARE(grid.endMs[0], T0 + Step);
        QCOMPARE(grid.startMs[0], T0);
    }

    void calculated_data()
    {
        QTest::addColumn<QJsonObject>("calculation");
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<QList<double>>("lowerBounds");
        QTest::addColumn<QList<double>>("totals"); // per row, summed over columns
        QTest::addRow("linear-size") << QJsonObject { { u"yBuckets"_s,
            QJsonObject { { u"mode"_s, u"size"_s }, { u"value"_s, u"10"_s } } } }
                                     << QList<double> { 1, 5, 12, 15, 19, 35, query::NullValue }
                                     << QList<double> { 0, 10, 20, 30 } << QList<double> { 2, 3, 0, 1 };
        QTest::addRow("linear-count") << QJsonObject { { u"yBuckets"_s,
            QJsonObject { { u"mode"_s, u"count"_s }, { u"value"_s, u"5"_s } } } }
                                      << QList<double> { 0, 1, 2, 3, 4, 5, 6, 7, 8 }
                                      << QList<double> { 0, 2, 4, 6, 8 } << QList<double> { 2, 2, 2, 2, 1 };
        QTest::addRow("log10") << QJsonObject { { u"yBuckets"_s,
            QJsonObject { { u"scale"_s, QJsonObject { { u"type"_s, u"log"_s }, { u"log"_s, 10 } } } } } }
                               << QList<double> { 1, 3, 5, 10, 100, 0, -2 } << QList<double> { 1, 10, 100 }
                               << QList<double> { 3, 1, 1 };
        QTest::addRow("log2-split") << QJsonObject { { u"yBuckets"_s,
            QJsonObject { { u"value"_s, u"2"_s },
                { u"scale"_s, QJsonObject { { u"type"_s, u"log"_s }, { u"log"_s, 2 } } } } } }
                                    << QList<double> { 1, 1.5, 2, 3.9 }
                                    << QList<double> { 1, std::sqrt(2.0), 2, 2 * std::sqrt(2.0) }
                                    << QList<double> { 1, 1, 1, 1 };
    }
    void calculated()
    {
        QFETCH(QJsonObject, calculation);
        QFETCH(QList<double>, values);
        QFETCH(QList<double>, lowerBounds);
        QFETCH(QList<double>, totals);
        query::PanelData data;
        // Two series sharing the values: every count doubles, spread over the time columns.
        data.series = { series(u"a"_s, {}, values), series(u"b"_s, {}, values) };
        data.fromMs = T0;
        data.toMs = T0 + 60 * Step;
        QJsonObject options { { u"calculate"_s, true }, { u"calculation"_s, calculation } };
        const auto grid = ui::heatmap::buildGrid(panel(options), data);
        QCOMPARE(grid.layout, ui::heatmap::RowLayout::LowerBound);
        QCOMPARE(grid.rowCount(), std::size_t(lowerBounds.size()));
        for (std::size_t r = 0; r < grid.rowCount(); ++r) {
            QVERIFY2(std::abs(grid.rows[r].lower - lowerBounds[qsizetype(r)]) < 1e-9,
                qPrintable(u"row %1 lower %2"_s.arg(r).arg(grid.rows[r].lower)));
            double total = 0;
            for (std::size_t c = 0; c < grid.columnCount(); ++c)
                total += grid.count(c, r);
            QCOMPARE(total, 2 * totals[qsizetype(r)]);
        }
        // About 20 columns across the hour, snapped down to a nice step: 2 minutes each.
        QCOMPARE(grid.endMs[0] - grid.startMs[0], qint64(120'000));
    }

    void xBucketSize()
    {
        query::PanelData data;
        data.series = { series(u"a"_s, {}, { 1, 1, 1, 1, 1, 1 }) };
        data.fromMs = T0;
        data.toMs = T0 + 6 * Step;
        QJsonObject options { { u"calculate"_s, true },
            { u"calculation"_s,
                QJsonObject { { u"xBuckets"_s, QJsonObject { { u"mode"_s, u"size"_s }, { u"value"_s, u"2m"_s } } } } } };
        const auto grid = ui::heatmap::buildGrid(panel(options), data);
        QCOMPARE(grid.rowCount(), std::size_t(1));
        QCOMPARE(grid.endMs[0] - grid.startMs[0], qint64(120'000));
        QCOMPARE(dumpCounts(grid), u"1,2,2,1"_s);
    }

    void cellColours_data()
    {
        QTest::addColumn<QJsonObject>("color");
        QTest::addColumn<QColor>("hot");
        QTest::addColumn<QColor>("cold");
        const QColor bg = ui::paint::panelBackground();
        // Grafana inverts the single-hue schemes on the dark theme: the hottest cell is the lightest.
        QTest::addRow("oranges") << QJsonObject { { u"mode"_s, u"scheme"_s }, { u"scheme"_s, u"Oranges"_s } }
                                 << QColor(0xff, 0xf5, 0xeb) << QColor(0x7f, 0x27, 0x04);
        QTest::addRow("spectral") << QJsonObject { { u"mode"_s, u"scheme"_s }, { u"scheme"_s, u"Spectral"_s } }
                                  << QColor(0x5e, 0x4f, 0xa2) << QColor(0x9e, 0x01, 0x42);
        QTest::addRow("rdylbu-reversed")
            << QJsonObject { { u"mode"_s, u"scheme"_s }, { u"scheme"_s, u"RdYlBu"_s }, { u"reverse"_s, true } }
            << QColor(0xa5, 0x00, 0x26) << QColor(0x31, 0x36, 0x95);
        QTest::addRow("opacity") << QJsonObject { { u"mode"_s, u"opacity"_s }, { u"fill"_s, u"green"_s } }
                                 << QColor(0x73, 0xbf, 0x69) << bg;
    }
    void cellColours()
    {
        QFETCH(QJsonObject, color);
        QFETCH(QColor, hot);
        QFETCH(QColor, cold);
        ui::heatmap::HeatmapView view;
        view.resize(600, 300);
        view.setPanel(panel({ { u"color"_s, color } }, u"heatmap"_s));
        query::PanelData data;
        data.series = leSeries(u"1:1,50;+Inf:101,51"_s); // de-accumulated: le=1 → 1, 50; +Inf → 100, 1
        data.fromMs = T0;
        data.toMs = T0 + 2 * Step;
        data.intervalMs = Step;
        view.setData(data);
        const QImage img = view.grab().toImage();
        const QRectF plot = view.plotRect();
        QVERIFY(plot.width() > 100);
        const double rowH = plot.height() / 2;
        auto pixel = [&](std::size_t col, std::size_t row) {
            const auto& g = view.grid();
            const double x = view.xAt((g.startMs[col] + g.endMs[col]) / 2);
            const double y = plot.bottom() - (double(row) + 0.5) * rowH;
            return QColor(img.pixel(int(x), int(y)));
        };
        QCOMPARE(view.grid().count(0, 1), 100.0);
        QCOMPARE(pixel(0, 1), hot); // +Inf bucket, first column: 100
        QCOMPARE(pixel(1, 1), cold); // +Inf bucket, second column: 1
        QCOMPARE(view.summary(), u"2 buckets x 2 steps"_s);
    }

    void dragSelectsRange_data()
    {
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addRow("left-to-right") << 0.25 << 0.75;
        QTest::addRow("right-to-left") << 0.9 << 0.1;
    }
    void dragSelectsRange()
    {
        QFETCH(double, from);
        QFETCH(double, to);
        ui::heatmap::HeatmapView view;
        view.resize(640, 320);
        view.setPanel(panel({}, u"heatmap"_s));
        query::PanelData data;
        data.series = leSeries(u"1:1,2,3,4;+Inf:2,3,4,5"_s);
        data.fromMs = T0;
        data.toMs = T0 + 4 * Step;
        view.setData(data);
        view.grab(); // lays out the plot
        test::verifyDragSelectsRange(view, view.plotRect(), from, to, T0, 4 * Step);
    }

    void noData()
    {
        ui::heatmap::HeatmapView view;
        test::verifyNoData(view, panel({}));
    }

    void hoverShowsTooltip()
    {
        ui::heatmap::HeatmapView view;
        view.resize(600, 300);
        view.setPanel(panel({}, u"heatmap"_s));
        query::PanelData data;
        data.series = leSeries(u"0.5:1,2;+Inf:3,9"_s);
        data.fromMs = T0;
        data.toMs = T0 + 2 * Step;
        view.setData(data);
        const QImage before = view.grab().toImage();
        const QRectF plot = view.plotRect();
        const QPoint pos(int(plot.left() + plot.width() * 0.75), int(plot.top() + plot.height() * 0.25));
        const auto cell = view.cellAt(pos);
        QVERIFY(cell);
        QCOMPARE(cell->first, std::size_t(1));
        QCOMPARE(cell->second, std::size_t(1));
        QSignalSpy hover(&view, &ui::PanelView::hoverTimeChanged);
        test::hoverAt(view, pos);
        QCOMPARE(hover.count(), 1);
        const QImage after = view.grab().toImage();
        QVERIFY(before != after);
        after.save(u"/tmp/sg_heatmap_hover.png"_s);
    }

    // Frame time on dense data: printed, not asserted.
    void paintTime_data()
    {
        QTest::addColumn<bool>("calculate");
        QTest::addRow("le-buckets-1000x1440") << false;
        QTest::addRow("calculated-1000-series-x1440") << true;
    }
    void paintTime()
    {
        QFETCH(bool, calculate);
        constexpr int SeriesCount = 1000;
        constexpr int Points = 1440;
        std::mt19937 rng(7);
        std::normal_distribution<double> noise(0, 1);
        query::PanelData data;
        data.fromMs = T0;
        data.toMs = T0 + Points * Step;
        data.intervalMs = Step;
        data.series = test::denseSeries(
            SeriesCount, Points, T0 + Step, Step, [](int s) { return u"s%1"_s.arg(s); },
            [&](int s, int i) {
                const double wave = std::sin(i / 120.0) * 20 + 50;
                return calculate ? wave + noise(rng) * 8 : double(s) * (1 + i % 17);
            });
        if (!calculate)
            for (std::size_t s = 0; s < data.series.size(); ++s)
                data.series[s].labels = { { u"le"_s, QString::number(0.001 * double(s + 1)) } };
        ui::heatmap::HeatmapView view;
        view.resize(1200, 500);
        view.setPanel(panel(calculate ? QJsonObject { { u"calculate"_s, true },
                                            { u"calculation"_s,
                                                QJsonObject { { u"xBuckets"_s,
                                                    QJsonObject { { u"mode"_s, u"size"_s }, { u"value"_s, u"1m"_s } } } } } }
                                      : QJsonObject {},
            u"heatmap"_s));
        const test::PaintTimes times = test::measurePaint(view, data, QPoint(7, 3));
        qInfo().noquote() << u"heatmap %1: %2 | %3"_s.arg(
            QString::fromLatin1(QTest::currentDataTag()), view.summary(), times.toString());
        times.image.save(calculate ? u"/tmp/sg_heatmap_calculated.png"_s : u"/tmp/sg_heatmap_le.png"_s);
    }

    void prometheusScreenshot()
    {
        // A latency histogram: buckets from 5 ms to 10 s, a shifting peak.
        const QStringList les { u"0.005"_s, u"0.01"_s, u"0.025"_s, u"0.05"_s, u"0.1"_s, u"0.25"_s, u"0.5"_s, u"1"_s,
            u"2.5"_s, u"5"_s, u"10"_s, u"+Inf"_s };
        query::PanelData data;
        constexpr int Points = 120;
        data.fromMs = T0;
        data.toMs = T0 + Points * 30'000;
        data.intervalMs = 30'000;
        for (qsizetype b = 0; b < les.size(); ++b) {
            QList<double> values;
            for (int i = 0; i < Points; ++i) {
                double cumulative = 0;
                const double peak = 4 + 2 * std::sin(i / 15.0);
                for (qsizetype k = 0; k <= b; ++k)
                    cumulative += 100 * std::exp(-std::pow(double(k) - peak, 2) / 2);
                values << cumulative;
            }
            data.series.push_back(series(les[b], les[b], values, 30'000));
        }
        ui::heatmap::HeatmapView view;
        view.resize(900, 360);
        view.setTimeZone(u"utc"_s);
        QJsonObject options = ui::makeHeatmapPlugin()->defaultOptions();
        options.insert(u"yAxis"_s, QJsonObject { { u"unit"_s, u"s"_s } });
        view.setPanel(panel(options, u"heatmap"_s));
        view.setData(data);
        QCOMPARE(view.summary(), u"12 buckets x 120 steps"_s);
        view.grab().save(u"/tmp/sg_heatmap_prometheus.png"_s);
    }
};

QTEST_MAIN(TestHeatmap)
#include "tst_heatmap.moc"
