// "What changed" from a drag: on the demo's hour (two error bursts), a Shift+drag over the first burst on a dashboard
// panel, then "What changed in the logs" from the menu, opens Explore's what-changed view for the streams the
// panel's series map to, and the burst's failed requests rank first; the baseline switches to a day earlier; the
// same from Explore's graph, whose menu also zooms.
// SG_SCREENSHOT_DIR=DIR keeps a picture of the range menu and of the view, to look at.
#include "tst_what_changed_drag.h"

#include "core/dashboards/dashboard_json.h"
#include "core/demo/demo_service.h"
#include "ui/charts/time_series_panel.h"
#include "ui/correlation/label_bridge_state.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/dashboard/panel_frame.h"
#include "ui/pages/explore_page.h"
#include "ui/pages/explore_pane.h"
#include "ui/panels/timeseries/timeseries_view.h"
#include "ui/patterns/what_changed_view.h"
#include "ui/theme.h"
#include "ui/widgets/grafana_time_picker.h"
#include "ui/widgets/query_editor.h"

#include <QApplication>
#include <QChartView>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {
using testing::T0;
constexpr qint64 Span = 3'600'000;
constexpr qint64 Begin = T0 - Span;

/// The demo's backfilled hour before T0 (bursts at a third and three quarters of it) in memory.
std::unique_ptr<services::QueryClient> demoClient()
{
    auto metrics = std::make_shared<tsdb::MemoryStore>(365LL * 24 * 3600 * 1000);
    auto logStore = std::make_shared<logs::MemoryLogStore>();
    demo::DemoService demo;
    QObject::connect(&demo, &demo::DemoService::historyProduced, [&](const tsdb::AppendBatch& samples, const logs::PushBatch& lines) {
        metrics->append(samples);
        logStore->push(lines);
    });
    demo.backfill(T0, Span);
    return std::make_unique<services::QueryClient>(metrics, logStore);
}

QString dashboardJson()
{
    return uR"J({"uid": "errors", "title": "errors", "schemaVersion": 42,
        "time": {"from": "%1", "to": "%2"},
        "panels": [
        {"id": 1, "type": "timeseries", "title": "5xx per second", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 10},
         "datasource": {"uid": "sightglass-prometheus"},
         "targets": [{"refId": "A", "expr": "sum by (job) (rate(http_requests_total{status=\"5xx\"}[1m]))", "legendFormat": "{{job}}"}]}
        ]})J"_s.arg(QString::number(Begin), QString::number(T0));
}

void shiftDrag(QWidget* widget, QPoint a, QPoint b)
{
    QTest::mousePress(widget, Qt::LeftButton, Qt::ShiftModifier, a);
    QTest::mouseMove(widget, (a + b) / 2);
    QTest::mouseMove(widget, b);
    QTest::mouseRelease(widget, Qt::LeftButton, Qt::ShiftModifier, b);
}

QMenu* rangeMenu()
{
    if (!QTest::qWaitFor([] { return qobject_cast<QMenu*>(QApplication::activePopupWidget()); }, 5'000))
        return nullptr;
    auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
    return menu && menu->objectName() == u"rangeMenu"_s ? menu : nullptr;
}

bool choose(QMenu* menu, const QString& name)
{
    QAction* action = menu ? menu->findChild<QAction*>(name) : nullptr;
    if (!action)
        return false;
    QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(action).center());
    return true;
}

void saveShot(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("SG_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(widget->grab().save(QDir(dir).filePath(name)));
}

ui::WhatChangedView* whatChangedView(ui::ExplorePage* explore)
{
    QDialog* dialog = explore->whatChangedDialog();
    return dialog && dialog->isVisible() ? dialog->findChild<ui::WhatChangedView*>() : nullptr;
}

/// True when the view's first row is a failed request of the burst, absent from the baseline.
bool burstRanksFirst(const ui::WhatChangedView* view)
{
    const auto* top = view->model()->changeAt(0);
    return top && !top->samples.empty() && top->samples.front().find("request failed") != std::string::npos
        && top->baselineCount == 0 && top->count >= 10;
}

} // namespace

void TestWhatChangedDrag::initTestCase()
{
    ui::applyDarkTheme(*qApp);
    QVERIFY(m_dataDir.isValid());
    QVERIFY(m_world.start(demoClient()));
    m_world.window->setLabelMappingDataDir(m_dataDir.path());
    m_burstStart = Begin + Span / 3;
    m_burstEnd = m_burstStart + 38'000;
    auto d = dashboards::importDashboard(dashboardJson().toUtf8());
    QVERIFY2(d.ok(), d.ok() ? "" : d.error().message.c_str());
    QVERIFY(m_world.window->store()->save(*d).ok());
    m_world.window->tabs()->setCurrentIndex(1);
    QVERIFY(m_world.window->openDashboard(u"errors"_s));
    QTRY_VERIFY_WITH_TIMEOUT(m_world.window->dashboardView()->isSettled(), 10'000);
    // The demo's metrics say job="fastapi", its logs app="fastapi": the bridge pairs them.
    QTRY_VERIFY_WITH_TIMEOUT(m_world.window->labelBridge()->mapping().target("job").has_value(), 10'000);
    QCOMPARE(m_world.window->labelBridge()->mapping().target("job")->logLabel, "app");
}

void TestWhatChangedDrag::panelDragWhatChangedRanksTheBurstFirst()
{
    ui::PanelFrame* frame = m_world.window->dashboardView()->frameById(1);
    auto* chart = frame ? qobject_cast<ui::timeseries::TimeSeriesView*>(frame->view()) : nullptr;
    QVERIFY(chart);
    QTRY_VERIFY_WITH_TIMEOUT(frame->hasRefreshed() && chart->seriesCount() == 1, 10'000);
    const auto pickedBefore = m_world.window->timePicker()->resolve();

    // Over the burst, 20 s either side.
    shiftDrag(chart, chart->pointPosition(0, m_burstStart - 20'000), chart->pointPosition(0, m_burstEnd + 20'000));
    QMenu* menu = rangeMenu();
    QVERIFY(menu);
    QStringList entries;
    for (QAction* a : menu->actions())
        entries << a->text();
    QCOMPARE(entries, (QStringList { u"Show logs"_s, u"What changed in the logs"_s, u"Zoom to range"_s }));
    saveShot(menu, u"range_menu.png"_s);
    QVERIFY(choose(menu, u"rangeWhatChanged"_s));

    ui::ExplorePage* explore = m_world.window->explorePage();
    QCOMPARE(m_world.window->tabs()->currentWidget(), explore);
    QCOMPARE(explore->logsEditor()->text(), u"{app=\"fastapi\"}"_s);
    ui::WhatChangedView* view = whatChangedView(explore);
    QVERIFY(view);
    QCOMPARE(view->baseline(), ui::BaselineKind::Preceding);
    QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() > 5, 20'000);
    QVERIFY2(burstRanksFirst(view), view->model()->changeAt(0)->pattern.c_str());
    // The window is the one dragged, without the logs' padding: about 78 s of a 3,600 px-wide hour.
    const TimeRange window = explore->logsRange();
    QVERIFY2(std::abs(window.minMs - (m_burstStart - 20'000)) < 15'000, qPrintable(QString::number(window.minMs - m_burstStart)));
    QVERIFY2(std::abs(window.maxMs - (m_burstEnd + 20'000)) < 15'000, qPrintable(QString::number(window.maxMs - m_burstEnd)));
    // What changed does not zoom the dashboard.
    QCOMPARE(m_world.window->timePicker()->resolve().fromMs, pickedBefore.fromMs);
    saveShot(explore->whatChangedDialog(), u"what_changed_from_drag.png"_s);
}

void TestWhatChangedDrag::baselineSwitchesToADayEarlier()
{
    ui::WhatChangedView* view = whatChangedView(m_world.window->explorePage());
    QVERIFY(view);
    QVERIFY(view->model()->rowCount() > 0);
    bool hadBaseline = false;
    for (int r = 0; r < view->model()->rowCount(); ++r)
        hadBaseline = hadBaseline || view->model()->changeAt(r)->baselineCount > 0;
    QVERIFY(hadBaseline);
    // Pick "a day earlier" with the keyboard in the combo box: the store holds nothing then, so every pattern is new.
    QComboBox* combo = view->baselineCombo();
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Down);
    QCOMPARE(view->baseline(), ui::BaselineKind::DayEarlier);
    QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() > 0, 20'000);
    for (int r = 0; r < view->model()->rowCount(); ++r)
        QCOMPARE(view->model()->changeAt(r)->baselineCount, std::uint64_t(0));
    auto* status = view->window()->findChild<QLabel*>(u"whatChangedStatus"_s);
    QVERIFY(status);
    QVERIFY(!status->text().contains(u"Mining"_s));
    // Back to the preceding window for the next tests.
    QTest::keyClick(combo, Qt::Key_Up);
    QCOMPARE(view->baseline(), ui::BaselineKind::Preceding);
    QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() > 0 && burstRanksFirst(view), 20'000);
    view->window()->close();
}

void TestWhatChangedDrag::exploreGraphDragWhatChanged()
{
    ui::ExplorePage* explore = m_world.window->explorePage();
    m_world.window->tabs()->setCurrentWidget(explore);
    explore->setTimeRange({ Begin, T0 });
    QSignalSpy metrics(explore, &ui::ExplorePage::metricsFinished);
    explore->showMetrics(u"sum by (job) (rate(http_requests_total{status=\"5xx\"}[1m]))"_s);
    QVERIFY(metrics.wait(10'000));
    QCOMPARE(explore->chart()->seriesCount(), 1);
    explore->logsEditor()->setText({});
    QWidget* viewport = explore->chart()->chartView()->viewport();
    shiftDrag(viewport, explore->chart()->pointPosition(0, m_burstStart - 20'000),
        explore->chart()->pointPosition(0, m_burstEnd + 20'000));
    QVERIFY(choose(rangeMenu(), u"rangeWhatChanged"_s));
    QCOMPARE(explore->logsEditor()->text(), u"{app=\"fastapi\"}"_s);
    ui::WhatChangedView* view = whatChangedView(explore);
    QVERIFY(view);
    QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() > 5, 20'000);
    QVERIFY2(burstRanksFirst(view), view->model()->changeAt(0)->pattern.c_str());
    view->window()->close();
}

void TestWhatChangedDrag::exploreGraphDragZooms()
{
    ui::ExplorePage* explore = m_world.window->explorePage();
    m_world.window->tabs()->setCurrentWidget(explore);
    explore->setTimeRange({ Begin, T0 });
    QSignalSpy metrics(explore, &ui::ExplorePage::metricsFinished);
    explore->runMetrics();
    QVERIFY(metrics.wait(10'000));
    const qint64 a = Begin + 10 * 60'000;
    const qint64 b = Begin + 25 * 60'000;
    QWidget* viewport = explore->chart()->chartView()->viewport();
    shiftDrag(viewport, explore->chart()->pointPosition(0, a), explore->chart()->pointPosition(0, b));
    metrics.clear();
    QVERIFY(choose(rangeMenu(), u"rangeZoom"_s));
    QVERIFY(std::abs(explore->timeRange().minMs - a) < 20'000);
    QVERIFY(std::abs(explore->timeRange().maxMs - b) < 20'000);
    QVERIFY(metrics.wait(10'000)); // and runs again over it
}

void TestWhatChangedDrag::rightPaneDragUsesItsOwnSeries()
{
    ui::ExplorePage* explore = m_world.window->explorePage();
    m_world.window->tabs()->setCurrentWidget(explore);
    explore->setTimeRange({ Begin, T0 });
    // the left pane's graph has no series; the right pane's has the fastapi one
    QSignalSpy left(explore, &ui::ExplorePage::metricsFinished);
    explore->showMetrics(u"no_such_metric_anywhere"_s);
    QVERIFY(left.wait(10'000));
    QCOMPARE(explore->chart()->seriesCount(), 0);
    ui::ExplorePane* right = explore->paneCount() > 1 ? explore->pane(1) : explore->split();
    QSignalSpy rightDone(right, &ui::ExplorePane::metricsFinished);
    right->showMetrics(u"sum by (job) (rate(http_requests_total{status=\"5xx\"}[1m]))"_s);
    QVERIFY(rightDone.wait(10'000));
    QCOMPARE(right->chart()->seriesCount(), 1);
    explore->logsEditor()->setText({});
    shiftDrag(right->chart()->chartView()->viewport(), right->chart()->pointPosition(0, m_burstStart - 20'000),
        right->chart()->pointPosition(0, m_burstEnd + 20'000));
    QVERIFY(choose(rangeMenu(), u"rangeShowLogs"_s));
    QCOMPARE(explore->rangeChart(), right->chart());
    QCOMPARE(explore->logsEditor()->text(), u"{app=\"fastapi\"}"_s);
}

void TestWhatChangedDrag::cleanupTestCase()
{
    m_world.stop();
}

QTEST_MAIN(TestWhatChangedDrag)
