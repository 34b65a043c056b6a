#pragma once

// Frames, panels, mouse events and pixel checks the panel view tests share. Header-only: every tst_*.cpp here is its
// own executable.

#include "core/dashboards/dashboard.h"
#include "core/query/frame.h"
#include "ui/panels/common/cached_plot_view.h"
#include "ui/panels/panel_plugin.h"

#include <QApplication>
#include <QColor>
#include <QElapsedTimer>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

namespace sg::test {

/// A series named `name` (of query `refId`) holding `values`, the first at `firstMs` and then one every `stepMs`.
inline query::SeriesFrame seriesFrame(
    const QString& name, const QList<double>& values, qint64 firstMs, qint64 stepMs, const QString& refId = {})
{
    query::SeriesFrame s;
    s.name = name;
    s.refId = refId;
    for (qsizetype i = 0; i < values.size(); ++i) {
        s.timesMs.push_back(firstMs + i * stepMs);
        s.values.push_back(values[i]);
    }
    return s;
}

/// A series of query "A" with one sample a minute from time 0: what the value panel tests reduce.
inline query::SeriesFrame valueSeries(const QString& name, const std::vector<double>& values)
{
    return seriesFrame(name, QList<double>(values.begin(), values.end()), 0, 60'000, QStringLiteral("A"));
}

/// `seriesCount` series of `points` samples one `stepMs` apart from `firstMs`, named `name(s)`, holding
/// `value(s, i)`; `value` is called series by series, sample by sample, so that a seeded generator gives the same data
/// every run.
template<class Name, class Value>
std::vector<query::SeriesFrame> denseSeries(
    int seriesCount, int points, qint64 firstMs, qint64 stepMs, Name name, Value value)
{
    std::vector<query::SeriesFrame> out;
    out.reserve(std::size_t(seriesCount));
    for (int s = 0; s < seriesCount; ++s) {
        query::SeriesFrame f;
        f.name = name(s);
        f.timesMs.resize(std::size_t(points));
        f.values.resize(std::size_t(points));
        for (int i = 0; i < points; ++i) {
            f.timesMs[std::size_t(i)] = firstMs + i * stepMs;
            f.values[std::size_t(i)] = value(s, i);
        }
        out.push_back(std::move(f));
    }
    return out;
}

/// A panel of `type` with `options`, `fieldConfig.defaults` read from `defaultsJson` (no overrides) and, when
/// `format` is set, one target "A" of that format.
inline dashboards::Panel panelOf(const QString& type, const QJsonObject& options, const QString& defaultsJson = {},
    const QString& format = {})
{
    QJsonObject json { { QStringLiteral("type"), type }, { QStringLiteral("options"), options },
        { QStringLiteral("fieldConfig"),
            QJsonObject { { QStringLiteral("defaults"), QJsonDocument::fromJson(defaultsJson.toUtf8()).object() },
                { QStringLiteral("overrides"), QJsonArray() } } } };
    if (!format.isEmpty())
        json.insert(QStringLiteral("targets"),
            QJsonArray { QJsonObject { { QStringLiteral("refId"), QStringLiteral("A") },
                { QStringLiteral("format"), format } } });
    return dashboards::Panel(json);
}

/// A mouse move with no button held, delivered whether or not the widget is shown.
inline void hoverAt(QWidget& w, const QPoint& pos)
{
    QMouseEvent move(QEvent::MouseMove, pos, w.mapToGlobal(pos), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(&w, &move);
}

/// What measurePaint timed, and the first (cached) paint.
struct PaintTimes
{
    double dataMs = 0;
    double paintMs = 0;
    double hoverMs = 0;
    QImage image;

    QString toString() const
    {
        return QStringLiteral("data %1 ms, cached paint %2 ms, hover repaint %3 ms")
            .arg(dataMs, 0, 'f', 1)
            .arg(paintMs, 0, 'f', 1)
            .arg(hoverMs, 0, 'f', 1);
    }
};

/// Times `view` taking `data`, painting it once into its cache, and repainting for mouse moves from the plot's
/// centre by `hoverStep`: the best of a few moves, the first one warming fonts and pixmaps up.
inline PaintTimes measurePaint(ui::plot::CachedPlotView& view, const query::PanelData& data, const QPoint& hoverStep)
{
    PaintTimes t;
    QElapsedTimer timer;
    timer.start();
    view.setData(data);
    t.dataMs = double(timer.nsecsElapsed()) / 1e6;
    t.image = view.grab().toImage();
    t.paintMs = view.lastRenderMs();
    t.hoverMs = 1e9;
    for (int i = 0; i < 5; ++i) {
        hoverAt(view, view.plotRect().center().toPoint() + hoverStep * i);
        timer.restart();
        view.grab();
        t.hoverMs = std::min(t.hoverMs, double(timer.nsecsElapsed()) / 1e6);
    }
    return t;
}

/// Checks that a view given a panel and no data says so, and paints.
inline void verifyNoData(ui::PanelView& view, const dashboards::Panel& panel)
{
    view.resize(300, 200);
    view.setPanel(panel);
    view.setData({});
    QCOMPARE(view.summary(), QStringLiteral("No data"));
    QCOMPARE(view.seriesCount(), 0);
    view.grab();
}

/// The summed channel differences of two colours.
inline int colorDistance(const QColor& a, const QColor& b)
{
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue());
}

/// True when two colours are within `tolerance` of each other (summed channel differences).
inline bool isNearColor(const QColor& a, const QColor& b, int tolerance = 30)
{
    return colorDistance(a, b) < tolerance;
}

/// True when `shown` is `color` at `opacity` over `background`, each channel within `tolerance`.
inline bool isBlendOf(const QColor& shown, const QColor& color, double opacity, const QColor& background,
    int tolerance = 2)
{
    auto blend = [opacity](int c, int b) { return int(std::lround(c * opacity + b * (1 - opacity))); };
    return std::abs(shown.red() - blend(color.red(), background.red())) <= tolerance
        && std::abs(shown.green() - blend(color.green(), background.green())) <= tolerance
        && std::abs(shown.blue() - blend(color.blue(), background.blue())) <= tolerance;
}

/// Checks a plugin's id, that it describes options and that it makes a view.
inline void verifyPlugin(const ui::PanelPlugin* plugin, const QString& id)
{
    QVERIFY(plugin);
    QCOMPARE(plugin->id(), id);
    QVERIFY(!plugin->optionDescriptors().empty());
    std::unique_ptr<ui::PanelView> view(plugin->createView(nullptr));
    QVERIFY(view);
}

/// Drags across `plot` of a time-based `view` showing [fromMs, fromMs + spanMs], from fraction `from` to `to` of
/// its width, and checks the one range selected; then checks that a click selects nothing.
inline void verifyDragSelectsRange(
    ui::PanelView& view, const QRectF& plot, double from, double to, qint64 fromMs, qint64 spanMs)
{
    QSignalSpy spy(&view, &ui::PanelView::rangeSelected);
    const int y = int(plot.center().y());
    const int x0 = int(plot.left() + from * plot.width());
    const int x1 = int(plot.left() + to * plot.width());
    QTest::mousePress(&view, Qt::LeftButton, {}, QPoint(x0, y));
    QTest::mouseMove(&view, QPoint((x0 + x1) / 2, y));
    QTest::mouseMove(&view, QPoint(x1, y));
    QTest::mouseRelease(&view, Qt::LeftButton, {}, QPoint(x1, y));
    QCOMPARE(spy.count(), 1);
    auto expected = [&](int x) { return fromMs + qint64(std::llround((x - plot.left()) / plot.width() * double(spanMs))); };
    QCOMPARE(spy[0][0].toLongLong(), expected(std::min(x0, x1)));
    QCOMPARE(spy[0][1].toLongLong(), expected(std::max(x0, x1)));
    QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(x0, y));
    QCOMPARE(spy.count(), 1);
}

} // namespace sg::test
