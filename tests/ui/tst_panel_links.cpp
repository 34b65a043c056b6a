// Panel links and data links, clicked with the mouse in the real window: a point of a time series, a table cell
// and a stat value open a menu of their field's links; the chosen link's URL (variables, labels, value, range
// interpolated and encoded) goes to the URL opener, or opens a dashboard of the library with the link's state.
#include "tst_panel_links.h"

#include "app/main_window.h"
#include "core/dashboards/dashboard_json.h"
#include "ui/dashboard/dashboard_model.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/dashboard/link_opener.h"
#include "ui/dashboard/panel_frame.h"
#include "ui/panels/stat/stat_view.h"
#include "ui/panels/table/table_view.h"
#include "ui/panels/timeseries/timeseries_view.h"

#include <QApplication>
#include <QMenu>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QUrlQuery>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {
using testing::From;
using testing::T0;

QString dashboardJson(const QString& uid, const QString& panelsJson)
{
    return uR"J({"uid": "%1", "title": "%1", "schemaVersion": 42,
        "time": {"from": "%2", "to": "%3"},
        "templating": {"list": [
            {"name": "env", "type": "custom", "query": "prod eu,dev", "current": {"value": "prod eu", "text": "prod eu"}},
            {"name": "job", "type": "custom", "query": "a,b,c", "current": {"value": "a", "text": "a"}}]},
        "panels": %4})J"_s.arg(uid, QString::number(From), QString::number(T0), panelsJson);
}

QAction* actionNamed(QMenu* menu, const QString& text)
{
    for (QAction* a : menu->actions())
        if (a->text() == text)
            return a;
    return nullptr;
}

/// Clicks `text` in `menu` with the mouse, as a person picks a menu entry.
bool clickMenuEntry(QMenu* menu, const QString& text)
{
    QAction* action = actionNamed(menu, text);
    if (!action || !menu->isVisible())
        return false;
    QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(action).center());
    return true;
}
} // namespace

void TestPanelLinks::initTestCase()
{
    QVERIFY(m_world.start());
    m_world.window->linkOpener()->setUrlOpener([this](const QUrl& url) { m_opened << url; });

    const QString panels = uR"J([
        {"id": 1, "type": "timeseries", "title": "Requests", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 9},
         "datasource": {"uid": "sightglass-prometheus"},
         "links": [{"title": "Runbook", "url": "https://runbook.test/$env?${__url_time_range}"}],
         "fieldConfig": {"defaults": {"links": [{"title": "Job details",
             "url": "https://example.test/job/${__field.labels.job}?v=${__value.raw}&t=${__value.time}&${env:queryparam}"}]},
             "overrides": []},
         "targets": [{"refId": "A", "expr": "requests_total{job=\"$job\"}", "legendFormat": "{{job}}"}]},
        {"id": 2, "type": "timeseries", "title": "No links", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 9},
         "datasource": {"uid": "sightglass-prometheus"},
         "targets": [{"refId": "A", "expr": "requests_total{job=\"b\"}"}]},
        {"id": 3, "type": "table", "title": "Jobs", "gridPos": {"x": 0, "y": 9, "w": 12, "h": 8},
         "datasource": {"uid": "sightglass-prometheus"},
         "fieldConfig": {"defaults": {}, "overrides": [{"matcher": {"id": "byName", "options": "job"},
             "properties": [{"id": "links", "value": [{"title": "Open job",
                 "url": "/d/target/jobs?var-job=${__data.fields.job}&${__url_time_range}"}]}]}]},
         "targets": [{"refId": "A", "expr": "requests_total", "instant": true, "format": "table"}]},
        {"id": 4, "type": "stat", "title": "Total", "gridPos": {"x": 12, "y": 9, "w": 12, "h": 8},
         "datasource": {"uid": "sightglass-prometheus"},
         "fieldConfig": {"defaults": {"unit": "short", "links": [{"title": "Stat link",
             "url": "https://example.test/stat?text=${__value.text}&calc=${__value.calc}&name=${__series.name}"}]},
             "overrides": []},
         "targets": [{"refId": "A", "expr": "sum(requests_total)", "legendFormat": "all jobs"}]}
    ])J"_s;
    for (const auto& [uid, json] : { std::pair { u"source"_s, panels }, std::pair { u"target"_s, u"[]"_s } }) {
        auto d = dashboards::importDashboard(dashboardJson(uid, json).toUtf8());
        QVERIFY(d.ok());
        QVERIFY(m_world.window->store()->save(*d).ok());
    }
}

bool TestPanelLinks::openSettled(const QString& uid)
{
    if (!m_world.window->openDashboard(uid))
        return false;
    return QTest::qWaitFor([this] { return m_world.window->dashboardView()->isSettled(); }, 10'000);
}

void TestPanelLinks::pointClickOffersFieldLinks()
{
    QVERIFY(openSettled(u"source"_s));
    ui::PanelFrame* frame = m_world.window->dashboardView()->frameById(1);
    QVERIFY(frame);
    QVERIFY(QTest::qWaitFor([frame] { return frame->hasRefreshed() && !frame->isLoading(); }, 10'000));
    auto* chart = qobject_cast<ui::timeseries::TimeSeriesView*>(frame->view());
    QVERIFY(chart);
    QCOMPARE(chart->seriesCount(), 1);
    const qint64 t = From + 40 * 60'000; // job a has counted 2400 by then
    const QPoint pos = chart->pointPosition(0, t);
    QVERIFY(pos.x() >= 0);
    QSignalSpy logs(m_world.window->dashboardView(), &ui::DashboardView::seriesClicked);
    m_opened.clear();
    QTest::mouseClick(chart, Qt::LeftButton, {}, pos);
    QMenu* menu = frame->dataLinkMenu();
    QVERIFY(menu);
    QVERIFY(QTest::qWaitFor([menu] { return menu->isVisible(); }, 2000));
    QCOMPARE(logs.count(), 0); // the click opened the menu; the logs wait for its entry
    QVERIFY(actionNamed(menu, u"Show logs"_s));
    QVERIFY(clickMenuEntry(menu, u"Job details"_s));
    QTRY_COMPARE(m_opened.size(), 1);
    // The nearest sample to the click, whatever pixel rounding picked: its time and value are in the URL.
    const QUrlQuery query(m_opened.front());
    const qint64 clickedT = query.queryItemValue(u"t"_s).toLongLong();
    QVERIFY(std::abs(clickedT - t) <= 60'000);
    // The step's value is the last sample at or before it (a sample every 15 s, counting 1/s).
    const qint64 value = (clickedT - From) / 15'000 * 15;
    QCOMPARE(query.queryItemValue(u"v"_s), QString::number(value));
    QCOMPARE(m_opened.front().toString(QUrl::FullyEncoded),
        u"https://example.test/job/a?v=%1&t=%2&var-env=prod%20eu"_s.arg(value).arg(clickedT));

    // The menu's other entry is the click-through to logs, with the clicked series.
    QTest::mouseClick(chart, Qt::LeftButton, {}, pos);
    menu = frame->dataLinkMenu();
    QVERIFY(QTest::qWaitFor([menu] { return menu->isVisible(); }, 2000));
    QVERIFY(clickMenuEntry(menu, u"Show logs"_s));
    QCOMPARE(logs.count(), 1);
    QCOMPARE(logs.front().at(0).toInt(), 1);
}

void TestPanelLinks::pointClickWithoutLinksOpensLogs()
{
    ui::PanelFrame* frame = m_world.window->dashboardView()->frameById(2);
    QVERIFY(frame);
    QVERIFY(QTest::qWaitFor([frame] { return frame->hasRefreshed() && !frame->isLoading(); }, 10'000));
    auto* chart = qobject_cast<ui::timeseries::TimeSeriesView*>(frame->view());
    QVERIFY(chart && chart->seriesCount() == 1);
    QSignalSpy logs(m_world.window->dashboardView(), &ui::DashboardView::seriesClicked);
    QTest::mouseClick(chart, Qt::LeftButton, {}, chart->pointPosition(0, From + 30 * 60'000));
    QCOMPARE(logs.count(), 1); // no data links: the click goes straight to the logs, as before
    QVERIFY(!frame->linksButton()->isVisible());
    m_world.window->tabs()->setCurrentIndex(1);
}

void TestPanelLinks::tableCellLinkOpensDashboard()
{
    QVERIFY(openSettled(u"source"_s));
    ui::PanelFrame* frame = m_world.window->dashboardView()->frameById(3);
    QVERIFY(frame);
    QVERIFY(QTest::qWaitFor([frame] { return frame->hasRefreshed() && !frame->isLoading(); }, 10'000));
    auto* table = qobject_cast<ui::TableView*>(frame->view());
    QVERIFY(table);
    QTableView* grid = table->tableView();
    int jobColumn = -1;
    for (int c = 0; c < grid->model()->columnCount(); ++c)
        if (grid->model()->headerData(c, Qt::Horizontal).toString() == u"job")
            jobColumn = c;
    QVERIFY2(jobColumn >= 0, "the instant table has a job column");
    int rowB = -1;
    for (int r = 0; r < grid->model()->rowCount(); ++r)
        if (grid->model()->index(r, jobColumn).data().toString() == u"b")
            rowB = r;
    QVERIFY(rowB >= 0);
    const QModelIndex cell = grid->model()->index(rowB, jobColumn);
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, grid->visualRect(cell).center());
    QMenu* menu = frame->dataLinkMenu();
    QVERIFY(menu);
    QVERIFY(QTest::qWaitFor([menu] { return menu->isVisible(); }, 2000));
    QVERIFY(!actionNamed(menu, u"Show logs"_s)); // a table cell has no click-through
    QVERIFY(clickMenuEntry(menu, u"Open job"_s));
    // The link is a dashboard of the library: it opens with the row's job and the range of the link.
    QTRY_COMPARE(m_world.window->model()->dashboard().uid(), u"target"_s);
    const auto vars = m_world.window->model()->dashboard().variables();
    QString job;
    for (const auto& v : vars)
        if (v.name() == u"job")
            job = v.currentValues().value(0);
    QCOMPARE(job, u"b"_s);
    QCOMPARE(m_world.window->model()->dashboard().timeFrom(), QString::number(From));
    QCOMPARE(m_world.window->model()->dashboard().timeTo(), QString::number(T0));
}

void TestPanelLinks::statValueLink()
{
    QVERIFY(openSettled(u"source"_s));
    ui::PanelFrame* frame = m_world.window->dashboardView()->frameById(4);
    QVERIFY(frame);
    QVERIFY(QTest::qWaitFor([frame] { return frame->hasRefreshed() && !frame->isLoading(); }, 10'000));
    auto* stat = qobject_cast<ui::StatView*>(frame->view());
    QVERIFY(stat);
    QCOMPARE(stat->values().size(), std::size_t(1));
    const QString text = stat->values().front().display.toString();
    m_opened.clear();
    QTest::mouseClick(stat, Qt::LeftButton, {}, stat->cellRects().front().center().toPoint());
    QMenu* menu = frame->dataLinkMenu();
    QVERIFY(menu);
    QVERIFY(QTest::qWaitFor([menu] { return menu->isVisible(); }, 2000));
    QVERIFY(clickMenuEntry(menu, u"Stat link"_s));
    QTRY_COMPARE(m_opened.size(), 1);
    // 1+2+3 per second over the hour: about 21.6 K at the last step, shown with the unit and encoded in the URL.
    QVERIFY2(text.startsWith(u"21.") && text.endsWith(u" K"), qPrintable(text));
    QCOMPARE(m_opened.front().toString(QUrl::FullyEncoded),
        u"https://example.test/stat?text=%1&calc=lastNotNull&name=all%20jobs"_s.arg(QString(text).replace(u' ', u"%20"_s)));
}

void TestPanelLinks::panelHeaderLinks()
{
    QVERIFY(openSettled(u"source"_s));
    ui::PanelFrame* frame = m_world.window->dashboardView()->frameById(1);
    QVERIFY(frame);
    QToolButton* button = frame->linksButton();
    QVERIFY(button->isVisible());
    QVERIFY(!m_world.window->dashboardView()->frameById(2)->linksButton()->isVisible());
    m_opened.clear();
    // The button's menu runs its own loop: pick the entry from inside it.
    bool picked = false;
    QTimer::singleShot(200, this, [&] {
        picked = clickMenuEntry(button->menu(), u"Runbook"_s);
        if (!picked)
            button->menu()->close();
    });
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([&] { return !button->menu()->isVisible(); }, 3000));
    QVERIFY(picked);
    QTRY_COMPARE(m_opened.size(), 1);
    QCOMPARE(m_opened.front().toString(QUrl::FullyEncoded),
        u"https://runbook.test/prod%20eu?from=%1&to=%2"_s.arg(From).arg(T0));
}

void TestPanelLinks::cleanupTestCase() { m_world.stop(); }

QTEST_MAIN(TestPanelLinks)
