// SVG export: the headless renderer and the window's panel and File menus write SVG documents that parse, name the
// panels in text, and draw the time series as vector paths (not a picture of the plot).
#include "tst_svg_export.h"

#include "tests/common/svg_summary.h"
#include "core/dashboards/dashboard_json.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/dashboard/panel_frame.h"
#include "ui/export/dashboard_renderer.h"

#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {

dashboards::Dashboard exportDashboard()
{
    const QString json = uR"J({"uid": "svg", "title": "Svg export", "schemaVersion": 42, "time": {"from": "%1", "to": "%2"},
        "panels": [
            {"id": 1, "type": "timeseries", "title": "Request counters", "gridPos": {"x": 0, "y": 0, "w": 16, "h": 8},
             "datasource": {"uid": "sightglass-prometheus"},
             "targets": [{"refId": "A", "expr": "requests_total", "legendFormat": "{{job}}"}]},
            {"id": 2, "type": "gauge", "title": "Total gauge", "gridPos": {"x": 16, "y": 0, "w": 8, "h": 8},
             "datasource": {"uid": "sightglass-prometheus"}, "targets": [{"refId": "A", "expr": "sum(requests_total)"}]}]})J"_s
                             .arg(testing::From)
                             .arg(testing::T0);
    auto d = dashboards::importDashboard(json.toUtf8());
    return d.ok() ? *d : dashboards::Dashboard();
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}


/// The series' lines: long paths stroked in the series' colours (the classic palette's first three).
int seriesPaths(const testing::SvgSummary& svg)
{
    int n = 0;
    for (const QString& colour : { u"#73bf69"_s, u"#fade2a"_s, u"#5794f2"_s })
        n += svg.longPathStrokes.contains(colour) ? 1 : 0;
    return n;
}

} // namespace

void TestSvgExport::initTestCase()
{
    QVERIFY(m_world.start());
    m_world.window->dashboardView()->setEagerLoading(true);
    const dashboards::Dashboard d = exportDashboard();
    QVERIFY(!d.panels().empty());
    QVERIFY(m_world.window->store()->save(d).ok());
}

void TestSvgExport::renderedDashboardIsVector()
{
    ui::RenderOptions options;
    options.size = QSize(1200, 600);
    options.svg = true;
    const ui::RenderResult result = ui::renderDashboard(exportDashboard(), m_world.client.get(), options);
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    const testing::SvgSummary svg = testing::summarizeSvg(result.svg);
    QVERIFY2(svg.error.isEmpty(), qPrintable(svg.error));
    QVERIFY2(svg.texts.contains(u"Request counters"_s), qPrintable(svg.texts.join(u" | "_s)));
    QVERIFY(svg.texts.contains(u"Total gauge"_s));
    QVERIFY2(svg.longPaths >= 3, qPrintable(QString::number(svg.longPaths))); // three series, drawn as paths
    QVERIFY2(seriesPaths(svg) == 3, qPrintable(svg.longPathStrokes.join(u',')));
    QVERIFY(svg.largestImage < 32 * 32); // no cached picture of the plot (the menu buttons' arrows are pictures)
}

void TestSvgExport::panelMenuExportsSvg()
{
    QVERIFY(m_world.window->openDashboard(u"svg"_s));
    QVERIFY(QTest::qWaitFor([this] { return m_world.window->dashboardView()->isSettled(); }, 10'000));
    ui::PanelFrame* frame = m_world.window->dashboardView()->frameById(1);
    QVERIFY(frame && frame->view()->seriesCount() == 3);
    QTemporaryDir out;
    const QString path = out.filePath(u"panel.svg"_s);
    QString asked;
    m_world.window->setSavePathChooser([&](const QString&, const QString& suggested, const QString& filter) {
        asked = suggested + u' ' + filter;
        return path;
    });
    // The panel menu runs its own loop: pick "Export as SVG…" from inside it.
    QTimer::singleShot(200, this, [frame] {
        QMenu* menu = frame->menuButton()->menu();
        for (QAction* a : menu->actions())
            if (a->text() == u"Export as SVG…")
                QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(a).center());
    });
    QTest::mouseClick(frame->menuButton(), Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([&] { return QFile::exists(path); }, 5000));
    QCOMPARE(asked, u"Request counters.svg SVG image (*.svg)"_s);
    const QByteArray bytes = readFile(path);
    const testing::SvgSummary svg = testing::summarizeSvg(bytes);
    QVERIFY2(svg.error.isEmpty(), qPrintable(svg.error));
    QVERIFY(svg.texts.contains(u"Request counters"_s));
    QVERIFY(!svg.texts.contains(u"Total gauge"_s)); // the panel alone
    QVERIFY(svg.longPaths >= 3);
    QCOMPARE(seriesPaths(svg), 3);
    QVERIFY(svg.largestImage < 32 * 32);
}

void TestSvgExport::fileMenuExportsDashboardSvg()
{
    QAction* action = nullptr;
    for (QAction* top : m_world.window->menuBar()->actions())
        if (top->menu() && top->text().remove(u'&') == u"File")
            for (QAction* a : top->menu()->actions())
                if (a->text().remove(u'&') == u"Export dashboard as SVG…")
                    action = a;
    QVERIFY(action);
    QTemporaryDir out;
    const QString path = out.filePath(u"dashboard.svg"_s);
    m_world.window->setSavePathChooser([&](const QString&, const QString&, const QString&) { return path; });
    action->trigger();
    QVERIFY2(QFile::exists(path), qPrintable(m_world.window->statusText()));
    const testing::SvgSummary svg = testing::summarizeSvg(readFile(path));
    QVERIFY2(svg.error.isEmpty(), qPrintable(svg.error));
    QVERIFY(svg.texts.contains(u"Request counters"_s));
    QVERIFY(svg.texts.contains(u"Total gauge"_s));
    QVERIFY(svg.longPaths >= 3);
    if (const QString dir = qEnvironmentVariable("SG_SCREENSHOT_DIR"); !dir.isEmpty())
        QFile::copy(path, dir + u"/dashboard.svg"_s);
}

void TestSvgExport::cleanupTestCase() { m_world.stop(); }

QTEST_MAIN(TestSvgExport)
