// The label bridge in the real window, with the mouse: on a small world whose metrics say instance/job and whose
// logs say host/app, a panel's badge counts the log streams its series map to and opens them, a point click opens
// the logs of the mapped labels, a Shift+drag's "Show logs" opens the logs of the range (with the padding), "Rate by level" graphs
// a log query per level, and the mapping editor's entries are saved in the data dir and used.
#include "tst_label_bridge_gui.h"

#include "app/main_window.h"
#include "core/correlation/label_mapping.h"
#include "core/dashboards/dashboard_json.h"
#include "core/datadir/layout.h"
#include "ui/charts/time_series_panel.h"
#include "ui/correlation/label_bridge_state.h"
#include "ui/correlation/label_mapping_dialog.h"
#include "ui/correlation/log_lens.h"
#include "ui/correlation/log_streams_badge.h"
#include "ui/logs/log_lines_model.h"
#include "ui/dashboard/dashboard_model.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/dashboard/panel_frame.h"
#include "ui/pages/explore_page.h"
#include "ui/panels/timeseries/timeseries_view.h"
#include "ui/widgets/grafana_time_picker.h"
#include "ui/widgets/query_editor.h"

#include <QApplication>
#include <QChartView>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListView>
#include <QToolButton>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {
using testing::From;
using testing::T0;

/// requests_total{job, instance} for job a on h1 and job b on h2; logs {app, host, level}: app a on h1 at info and
/// error, app b on h2 at info, a line every 30 s.
std::unique_ptr<services::QueryClient> bridgeClient()
{
    auto metrics = std::make_shared<tsdb::MemoryStore>(365LL * 24 * 3600 * 1000);
    tsdb::AppendBatch batch;
    for (qint64 t = From; t <= T0; t += 15'000) {
        batch.samples.push_back({ Labels { { "__name__", "requests_total" }, { "job", "a" },
                                      { "instance", "h1.example.com:9100" }, { "region", "eu" } },
            t, double(t - From) / 1000 });
        batch.samples.push_back({ Labels { { "__name__", "requests_total" }, { "job", "b" },
                                      { "instance", "h2.example.com:9100" }, { "region", "us" } },
            t, double(t - From) / 500 });
    }
    metrics->append(batch);
    auto logStore = std::make_shared<logs::MemoryLogStore>();
    logs::PushBatch push;
    const Labels streams[] = { { { "app", "a" }, { "host", "h1" }, { "level", "info" } },
        { { "app", "a" }, { "host", "h1" }, { "level", "error" } }, { { "app", "b" }, { "host", "h2" }, { "level", "info" } } };
    for (const Labels& labels : streams) {
        logs::Stream stream { labels, {} };
        for (qint64 t = From; t <= T0; t += 30'000)
            stream.entries.push_back({ msToNs(t), "GET /api " + std::string(labels.get("level")), {} });
        push.streams.push_back(std::move(stream));
    }
    logStore->push(push);
    return std::make_unique<services::QueryClient>(metrics, logStore);
}

QString dashboardJson()
{
    return uR"J({"uid": "bridge", "title": "bridge", "schemaVersion": 42, "graphTooltip": 1,
        "time": {"from": "%1", "to": "%2"},
        "annotations": {"list": [
          {"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"}, "enable": true, "name": "Annotations & Alerts"},
          {"datasource": {"type": "loki", "uid": "sightglass-loki"}, "enable": true, "name": "Errors",
           "expr": "{level=\"error\"}", "iconColor": "red", "titleFormat": "{{app}} on {{host}}", "tagKeys": "app,level",
           "maxLines": 30}]},
        "panels": [
        {"id": 1, "type": "timeseries", "title": "Job a", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 9},
         "datasource": {"uid": "sightglass-prometheus"},
         "targets": [{"refId": "A", "expr": "requests_total{job=\"a\"}", "legendFormat": "{{job}}"}]},
        {"id": 2, "type": "timeseries", "title": "All jobs", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 9},
         "datasource": {"uid": "sightglass-prometheus"},
         "targets": [{"refId": "A", "expr": "requests_total", "legendFormat": "{{job}}"}]}
        ]})J"_s.arg(QString::number(From), QString::number(T0));
}

ui::LogStreamsBadge* badgeOf(ui::PanelFrame* frame) { return frame ? frame->findChild<ui::LogStreamsBadge*>() : nullptr; }

ui::timeseries::TimeSeriesView* chartOf(ui::PanelFrame* frame)
{
    return frame ? qobject_cast<ui::timeseries::TimeSeriesView*>(frame->view()) : nullptr;
}

/// Panel `panelId`'s chart once it shows `series` series; null when it does not within 10 s.
ui::timeseries::TimeSeriesView* settledChart(MainWindow* window, int panelId, int series)
{
    ui::PanelFrame* frame = window->dashboardView()->frameById(panelId);
    auto* chart = chartOf(frame);
    if (!chart)
        return nullptr;
    const bool ready = QTest::qWaitFor([&] { return frame->hasRefreshed() && chart->seriesCount() == series; }, 10'000);
    return ready ? chart : nullptr;
}

/// Drags from `a` to `b` over `chart` with the left button and `modifiers`.
void drag(QWidget* chart, QPoint a, QPoint b, Qt::KeyboardModifiers modifiers)
{
    QTest::mousePress(chart, Qt::LeftButton, modifiers, a);
    QTest::mouseMove(chart, (a + b) / 2);
    QTest::mouseRelease(chart, Qt::LeftButton, modifiers, b);
}

/// Clicks entry `name` of the menu a Shift+drag opens (Show logs, What changed, Zoom); false when it does not open.
bool chooseRangeAction(const QString& name)
{
    if (!QTest::qWaitFor([] { return qobject_cast<QMenu*>(QApplication::activePopupWidget()); }, 5'000))
        return false;
    auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
    QAction* action = menu->findChild<QAction*>(name);
    if (!action)
        return false;
    QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(action).center());
    return true;
}

} // namespace

void TestLabelBridgeGui::initTestCase()
{
    QVERIFY(m_dataDir.isValid());
    QVERIFY(m_world.start(bridgeClient()));
    m_world.window->setLabelMappingDataDir(m_dataDir.path());
    auto d = dashboards::importDashboard(dashboardJson().toUtf8());
    QVERIFY2(d.ok(), d.ok() ? "" : d.error().message.c_str());
    QVERIFY(m_world.window->store()->save(*d).ok());
    QVERIFY(openSettled());
    // The bridge infers over the dashboard's range once it opens: instance → host (port and domain dropped), job → app.
    ui::LabelBridgeState* bridge = m_world.window->labelBridge();
    QTRY_VERIFY_WITH_TIMEOUT(bridge->mapping().target("job").has_value(), 10'000);
    QCOMPARE(bridge->mapping().target("job")->logLabel, "app");
    QCOMPARE(bridge->mapping().target("instance"), (correlation::LogLabelTarget { "host", true }));
    QVERIFY(!bridge->mapping().target("region"));
}

bool TestLabelBridgeGui::openSettled()
{
    m_world.window->tabs()->setCurrentIndex(1);
    if (!m_world.window->openDashboard(u"bridge"_s))
        return false;
    return QTest::qWaitFor([this] { return m_world.window->dashboardView()->isSettled(); }, 10'000);
}

void TestLabelBridgeGui::badgeCountsMatchingStreams()
{
    ui::LogStreamsBadge* one = badgeOf(m_world.window->dashboardView()->frameById(1));
    ui::LogStreamsBadge* all = badgeOf(m_world.window->dashboardView()->frameById(2));
    QVERIFY(one && all);
    QTRY_COMPARE_WITH_TIMEOUT(one->count(), 2, 10'000); // app a on h1: info and error
    QTRY_COMPARE_WITH_TIMEOUT(all->count(), 3, 10'000);
    QCOMPARE(one->text(), u"2 log streams match"_s);
    QVERIFY(one->isVisible());
    QCOMPARE(one->selector(), u"{app=\"a\", host=\"h1\"}"_s);
    QCOMPARE(all->selector(), u"{app=~\"a|b\", host=~\"h1|h2\"}"_s);
}

void TestLabelBridgeGui::badgeOpensItsLogs()
{
    ui::PanelFrame* frame = m_world.window->dashboardView()->frameById(1);
    ui::LogStreamsBadge* badge = badgeOf(frame);
    QVERIFY(badge && badge->isVisible());
    QSignalSpy logs(m_world.window->explorePage(), &ui::ExplorePage::logsFinished);
    QTest::mouseClick(badge, Qt::LeftButton);
    QCOMPARE(m_world.window->tabs()->currentWidget(), m_world.window->explorePage());
    QCOMPARE(m_world.window->explorePage()->logsEditor()->text(), u"{app=\"a\", host=\"h1\"}"_s);
    QCOMPARE(m_world.window->explorePage()->logsRange().minMs, frame->data().fromMs);
    QCOMPARE(m_world.window->explorePage()->logsRange().maxMs, frame->data().toMs);
    QVERIFY(logs.wait(10'000));
}

void TestLabelBridgeGui::pointClickUsesMappedLabels()
{
    QVERIFY(openSettled());
    auto* chart = settledChart(m_world.window.get(), 1, 1);
    QVERIFY(chart);
    m_world.window->explorePage()->logsEditor()->setText({});
    QTest::mouseClick(chart, Qt::LeftButton, {}, chart->pointPosition(0, From + 30 * 60'000));
    // The series {job="a", instance="h1.example.com:9100", region="eu"} becomes the logs' {app, host}; region, which
    // maps to nothing, is dropped.
    QTRY_COMPARE_WITH_TIMEOUT(m_world.window->explorePage()->logsEditor()->text(), u"{app=\"a\", host=\"h1\"}"_s, 10'000);
    QCOMPARE(m_world.window->tabs()->currentWidget(), m_world.window->explorePage());
    // The moment: two minutes (at least the step) before the clicked sample, the padding (30 s) after it.
    const TimeRange window = m_world.window->explorePage()->logsRange();
    QVERIFY(std::abs(window.maxMs - window.minMs - (2 * 60'000 + 30'000)) <= 15'000);
    QVERIFY(std::abs(window.minMs + 2 * 60'000 - (From + 30 * 60'000)) <= 60'000);
}

void TestLabelBridgeGui::shiftDragOpensRangeLogs()
{
    QVERIFY(openSettled());
    auto* chart = settledChart(m_world.window.get(), 2, 2);
    QVERIFY(chart);
    const auto pickedBefore = m_world.window->timePicker()->resolve();
    const qint64 t1 = From + 20 * 60'000;
    const qint64 t2 = From + 35 * 60'000;
    drag(chart, chart->pointPosition(0, t1), chart->pointPosition(0, t2), Qt::ShiftModifier);
    QVERIFY(chooseRangeAction(u"rangeShowLogs"_s));

    ui::ExplorePage* explore = m_world.window->explorePage();
    QCOMPARE(m_world.window->tabs()->currentWidget(), explore);
    QCOMPARE(explore->logsEditor()->text(), u"{app=~\"a|b\", host=~\"h1|h2\"}"_s);
    // The range dragged, widened by the default padding of 30 s; a pixel is a few seconds of this hour.
    const qint64 padding = m_world.window->labelBridge()->paddingMs();
    QCOMPARE(padding, 30'000);
    QVERIFY2(std::abs(explore->logsRange().minMs - (t1 - padding)) < 20'000, qPrintable(QString::number(explore->logsRange().minMs - t1)));
    QVERIFY2(std::abs(explore->logsRange().maxMs - (t2 + padding)) < 20'000, qPrintable(QString::number(explore->logsRange().maxMs - t2)));
    // Shift+drag shows logs; it does not zoom.
    QCOMPARE(m_world.window->timePicker()->resolve().fromMs, pickedBefore.fromMs);
    QCOMPARE(m_world.window->timePicker()->resolve().toMs, pickedBefore.toMs);
}

void TestLabelBridgeGui::plainDragStillZooms()
{
    QVERIFY(openSettled());
    auto* chart = settledChart(m_world.window.get(), 2, 2);
    QVERIFY(chart);
    drag(chart, chart->pointPosition(0, From + 20 * 60'000), chart->pointPosition(0, From + 35 * 60'000), {});
    QCOMPARE(m_world.window->tabs()->currentIndex(), 1);
    const auto zoomed = m_world.window->timePicker()->resolve();
    QVERIFY(std::abs(zoomed.fromMs - (From + 20 * 60'000)) < 20'000);
    QVERIFY(std::abs(zoomed.toMs - (From + 35 * 60'000)) < 20'000);
}

void TestLabelBridgeGui::exploreShiftDragOpensRangeLogs()
{
    ui::ExplorePage* explore = m_world.window->explorePage();
    m_world.window->tabs()->setCurrentWidget(explore);
    explore->setTimeRange({ From, T0 });
    QSignalSpy metrics(explore, &ui::ExplorePage::metricsFinished);
    explore->showMetrics(u"requests_total{job=\"b\"}"_s);
    QVERIFY(metrics.wait(10'000));
    QCOMPARE(explore->chart()->seriesCount(), 1);
    const qint64 t1 = From + 10 * 60'000;
    const qint64 t2 = From + 25 * 60'000;
    QWidget* viewport = explore->chart()->chartView()->viewport();
    drag(viewport, explore->chart()->pointPosition(0, t1), explore->chart()->pointPosition(0, t2), Qt::ShiftModifier);
    QVERIFY(chooseRangeAction(u"rangeShowLogs"_s));
    QCOMPARE(explore->logsEditor()->text(), u"{app=\"b\", host=\"h2\"}"_s);
    const qint64 padding = m_world.window->labelBridge()->paddingMs();
    QVERIFY(std::abs(explore->logsRange().minMs - (t1 - padding)) < 20'000);
    QVERIFY(std::abs(explore->logsRange().maxMs - (t2 + padding)) < 20'000);
}

void TestLabelBridgeGui::rateByLevelFillsAndRunsMetrics()
{
    ui::ExplorePage* explore = m_world.window->explorePage();
    m_world.window->tabs()->setCurrentWidget(explore);
    explore->setTimeRange({ From, T0 });
    explore->logsEditor()->setText(u"{app=\"a\"} |= \"GET\""_s);
    QSignalSpy metrics(explore, &ui::ExplorePage::metricsFinished);
    QTest::mouseClick(explore->rateByLevelButton(), Qt::LeftButton);
    QCOMPARE(explore->metricsEditor()->text(), u"sum by (level) (count_over_time({app=\"a\"} |= \"GET\" [$__auto]))"_s);
    QVERIFY(metrics.wait(10'000));
    QVERIFY2(explore->chart()->errorText().isEmpty(), qPrintable(explore->chart()->errorText()));
    QCOMPARE(explore->chart()->seriesCount(), 2);
    QStringList levels;
    for (int i = 0; i < explore->chart()->seriesCount(); ++i)
        levels << QString::fromStdString(std::string(explore->chart()->seriesLabels(i).get("level")));
    levels.sort();
    QCOMPARE(levels, (QStringList { u"error"_s, u"info"_s }));

    // A query that does not parse says so in the logs half and leaves the metrics alone.
    explore->logsEditor()->setText(u"{app="_s);
    QTest::mouseClick(explore->rateByLevelButton(), Qt::LeftButton);
    QCOMPARE(explore->metricsEditor()->text(), u"sum by (level) (count_over_time({app=\"a\"} |= \"GET\" [$__auto]))"_s);
}

void TestLabelBridgeGui::metricPanelsOfALogQuery()
{
    QVERIFY(openSettled());
    ui::ExplorePage* explore = m_world.window->explorePage();
    m_world.window->tabs()->setCurrentWidget(explore);
    explore->logsEditor()->setText(u"{app=\"a\", host=\"h1\"} |= \"GET\""_s);
    QTest::mouseClick(explore->relatedPanelsButton(), Qt::LeftButton);
    auto* menu = m_world.window->findChild<QMenu*>(u"relatedPanelsMenu"_s);
    QVERIFY(menu);
    QTRY_VERIFY(menu->isVisible());
    QStringList entries;
    for (QAction* a : menu->actions())
        entries << a->text();
    // Job a's selector agrees through job → app; requests_total alone could select them too.
    QCOMPARE(entries, (QStringList { u"Job a (1 label agrees)"_s, u"All jobs"_s }));
    QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(menu->actions().front()).center());
    QCOMPARE(m_world.window->tabs()->currentIndex(), 1);

    // App b's logs: job a's panel contradicts them.
    m_world.window->tabs()->setCurrentWidget(explore);
    explore->logsEditor()->setText(u"{app=\"b\"}"_s);
    QTest::mouseClick(explore->relatedPanelsButton(), Qt::LeftButton);
    QTRY_VERIFY(menu->isVisible());
    QCOMPARE(menu->actions().size(), 1);
    QCOMPARE(menu->actions().front()->text(), u"All jobs"_s);
    menu->close();
}

void TestLabelBridgeGui::mappingEditorSavesUserEntries()
{
    ui::LabelMappingDialog* dialog = m_world.window->editLabelMapping();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QTableWidget* table = dialog->table();
    int jobRow = -1;
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->item(r, 0)->text() == u"job"_s)
            jobRow = r;
    QVERIFY(jobRow >= 0);
    QCOMPARE(table->item(jobRow, 1)->text(), u"app"_s); // the inferred default, shown
    // Type over the log label: job's values are the logs' `service` from now on.
    QTableWidgetItem* log = table->item(jobRow, 2);
    table->scrollToItem(log);
    const QRect cell = table->visualItemRect(log);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QLineEdit* editor = nullptr;
    QTRY_VERIFY((editor = table->viewport()->findChild<QLineEdit*>()) && editor->isVisible());
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(editor, u"service"_s);
    QTest::keyClick(editor, Qt::Key_Tab); // commits the cell (Return would press the dialog's default button)
    QCOMPARE(log->text(), u"service"_s);
    dialog->padding()->setValue(60);
    QVERIFY(dialog->save());
    dialog->close();

    ui::LabelBridgeState* bridge = m_world.window->labelBridge();
    QCOMPARE(bridge->mapping().target("job")->logLabel, "service");
    QCOMPARE(bridge->paddingMs(), 60'000);
    correlation::LabelMappingFile file(datadir::labelMappingPath(m_dataDir.path()));
    QVERIFY(!file.load());
    const auto user = file.mapping(correlation::datasourcePairKey({}, {})).user();
    QCOMPARE(user.size(), std::size_t(1)); // only what differs from the inferred defaults
    QCOMPARE(user.at("job").logLabel, "service");
    QCOMPARE(file.paddingSeconds(), 60);

    // The badge follows the edited mapping: no log stream has a `service` label, so job a's are now those of h1.
    ui::LogStreamsBadge* badge = badgeOf(m_world.window->dashboardView()->frameById(1));
    QVERIFY(badge);
    QTRY_COMPARE_WITH_TIMEOUT(badge->selector(), u"{host=\"h1\", service=\"a\"}"_s, 5'000);
    QTRY_COMPARE_WITH_TIMEOUT(badge->count(), 0, 5'000);

    // Back to the default: the entry removed, the file without it.
    ui::LabelMappingDialog* again = m_world.window->editLabelMapping();
    QTableWidget* t2 = again->table();
    for (int r = 0; r < t2->rowCount(); ++r)
        if (t2->item(r, 0)->text() == u"job"_s)
            t2->item(r, 2)->setText(u"app"_s);
    QVERIFY(again->save());
    again->close();
    QCOMPARE(bridge->mapping().target("job")->logLabel, "app");
    QVERIFY(!file.load());
    QVERIFY(file.mapping(correlation::datasourcePairKey({}, {})).user().empty());
}

void TestLabelBridgeGui::lensFollowsTheCrosshair()
{
    while (QWidget* popup = QApplication::activePopupWidget()) // an earlier test's menu would take the mouse
        popup->close();
    m_world.window->activateWindow(); // the mapping editor's dialog had the focus
    QVERIFY(QTest::qWaitForWindowActive(m_world.window.get()));
    QVERIFY(openSettled());
    ui::PanelFrame* frame = m_world.window->dashboardView()->frameById(1);
    auto* chart = settledChart(m_world.window.get(), 1, 1);
    QVERIFY(chart);
    QAction* toggle = frame->menuButton()->menu()->findChild<QAction*>(u"logLensAction"_s);
    QVERIFY(toggle);
    toggle->trigger();
    auto* lens = frame->findChild<ui::LogLens*>();
    QVERIFY(lens);
    QVERIFY(lens->isVisible());
    // Job a on h1 maps to app="a" on host h1: its info and error streams, a line each every 30 s. Before any hover
    // the lens holds the end of the range: a 40th of the hour, at least a minute, either side of its end.
    QTRY_VERIFY_WITH_TIMEOUT(lens->lineCount() > 0, 10'000);
    QCOMPARE(lens->selector(), uR"({app="a", host="h1"})"_s);
    QCOMPARE(lens->loadedToMs(), T0);
    QCOMPARE(lens->loadedFromMs(), T0 - 90'000);
    QCOMPARE(lens->lineCount(), 2 * 4); // T0 - 90 s, - 60 s, - 30 s and T0

    // Hovering a moment with lines scrolls the lens to them and highlights that second's two lines.
    const qint64 t = From + 40 * 30'000;
    const QPoint at = chart->pointPosition(0, t);
    QVERIFY(at.x() >= 0);
    // The mapping editor's double click leaves Qt Test's button state pressed, which would send the moves to that
    // dialog's grab: a release outside the plot ends it.
    QTest::mouseRelease(chart, Qt::LeftButton, {}, QPoint(1, 1));
    QTest::mouseMove(chart, at - QPoint(6, 0)); // from beside it (an earlier test may have left the cursor on it)
    QTest::mouseMove(chart, at);
    // the crosshair rests there: that moment's window is loaded
    QTRY_VERIFY_WITH_TIMEOUT(lens->loadedFromMs() <= t && t <= lens->loadedToMs(), 5'000);
    QTRY_VERIFY2(lens->highlightedLines() == 2, qPrintable(lens->statusText() + u" row "_s + QString::number(lens->currentRow()) + u" lines "_s + QString::number(lens->lineCount())));
    QVERIFY(lens->currentRow() >= 0);
    const qint64 rowTs = lens->model()->entryAt(lens->currentRow()).ts;
    QVERIFY2(std::abs(rowTs - msToNs(t)) < msToNs(30'000), qPrintable(QString::number(rowTs - msToNs(t))));
    QVERIFY2(lens->statusText().contains(u"2 lines at"_s), qPrintable(lens->statusText()));
    // the row is scrolled into view
    const QRect rowRect = lens->list()->visualRect(lens->model()->index(lens->currentRow()));
    QVERIFY(lens->list()->viewport()->rect().intersects(rowRect));
    if (!qEnvironmentVariableIsEmpty("SG_LENS_SHOT"))
        m_world.window->grab().save(qEnvironmentVariable("SG_LENS_SHOT"));

    // The shared crosshair from the other panel moves it as well, over all of the panel's streams.
    auto* other = settledChart(m_world.window.get(), 2, 2);
    QVERIFY(other);
    const qint64 t2 = From + 100 * 30'000;
    QTest::mouseMove(other, other->pointPosition(0, t2) - QPoint(6, 0));
    QTest::mouseMove(other, other->pointPosition(0, t2));
    QTRY_VERIFY_WITH_TIMEOUT(lens->loadedFromMs() <= t2 && t2 <= lens->loadedToMs(), 5'000);
    QTRY_VERIFY(lens->currentRow() >= 0 && std::abs(lens->model()->entryAt(lens->currentRow()).ts - msToNs(t2)) < msToNs(30'000));
    QCOMPARE(lens->highlightedLines(), 2);
    QVERIFY2(lens->statusText().contains(lens->selector()), qPrintable(lens->statusText()));

    toggle->trigger();
    QTRY_VERIFY(!frame->findChild<ui::LogLens*>());
}

void TestLabelBridgeGui::annotationsMarkErrorLines()
{
    QVERIFY(openSettled());
    auto* chart = settledChart(m_world.window.get(), 2, 2);
    QVERIFY(chart);
    // The error stream has a line every 30 s; the annotation keeps its newest 30 as markers on every time series.
    QTRY_COMPARE_WITH_TIMEOUT(chart->annotationCount(), 30, 10'000);
    QCOMPARE(settledChart(m_world.window.get(), 1, 1)->annotationCount(), 30);
    // Hovering a marker shows its tooltip: the time and title, the line, the tags.
    int newest = -1;
    for (int i = 0; i < 30; ++i)
        if (!chart->annotationMarkerRect(i).isEmpty())
            newest = i;
    QVERIFY(newest >= 0);
    const QPoint marker = chart->annotationMarkerRect(newest).center();
    QTest::mouseRelease(chart, Qt::LeftButton, {}, QPoint(1, 1)); // Qt Test's button state from earlier clicks
    QTest::mouseMove(chart, marker - QPoint(0, 30));
    QTest::mouseMove(chart, marker);
    QTRY_VERIFY(!chart->annotationTooltipLines().isEmpty());
    const QStringList lines = chart->annotationTooltipLines();
    QVERIFY2(lines.value(0).endsWith(u" · a on h1"_s), qPrintable(lines.join(u'|')));
    QCOMPARE(lines.value(1), u"GET /api error"_s);
    QCOMPARE(lines.value(2), u"tags: a, error"_s);
    if (!qEnvironmentVariableIsEmpty("SG_ANNOTATION_SHOT"))
        m_world.window->grab().save(qEnvironmentVariable("SG_ANNOTATION_SHOT"));
    // away from the markers, the series' own tooltip is back
    QTest::mouseMove(chart, chart->plotRect().center().toPoint());
    QVERIFY(chart->annotationTooltipLines().isEmpty());
}

void TestLabelBridgeGui::cleanupTestCase()
{
    m_world.window->labelBridge()->waitForDone();
    m_world.stop();
}

QTEST_MAIN(TestLabelBridgeGui)
