// A row repeated by a multi-value variable in the real window: three selected values give three rows, each with
// its title and its panels' queries interpolated with its own value; collapsing shows three collapsed copies.
#include "tst_row_repeat.h"

#include "core/dashboards/dashboard_json.h"
#include "ui/dashboard/dashboard_model.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/dashboard/panel_frame.h"

#include <QTest>
#include <QUndoStack>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {
bool settled(MainWindow& w) { return w.dashboardView()->isSettled(); }
} // namespace

void TestRowRepeat::initTestCase()
{
    QVERIFY(m_world.start());
    m_world.window->dashboardView()->setEagerLoading(true);
    const QString json = uR"J({"uid": "rows", "title": "Rows", "schemaVersion": 42,
        "time": {"from": "%1", "to": "%2"},
        "templating": {"list": [{"name": "job", "type": "custom", "multi": true, "query": "a,b,c",
            "current": {"value": ["a", "b", "c"], "text": ["a", "b", "c"]}}]},
        "panels": [
            {"id": 1, "type": "row", "title": "Job $job", "repeat": "job", "collapsed": false,
             "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}, "panels": []},
            {"id": 2, "type": "timeseries", "title": "Requests", "gridPos": {"x": 0, "y": 1, "w": 16, "h": 6},
             "datasource": {"uid": "sightglass-prometheus"},
             "targets": [{"refId": "A", "expr": "requests_total{job=\"$job\"}", "legendFormat": "{{job}}"}]},
            {"id": 3, "type": "stat", "title": "Per second", "gridPos": {"x": 16, "y": 1, "w": 8, "h": 6},
             "datasource": {"uid": "sightglass-prometheus"},
             "targets": [{"refId": "A", "expr": "rate(requests_total{job=~\"$job\"}[5m])"}]},
            {"id": 4, "type": "row", "title": "Totals", "collapsed": false, "gridPos": {"x": 0, "y": 7, "w": 24, "h": 1}, "panels": []},
            {"id": 5, "type": "stat", "title": "All", "gridPos": {"x": 0, "y": 8, "w": 24, "h": 4},
             "datasource": {"uid": "sightglass-prometheus"}, "targets": [{"refId": "A", "expr": "sum(requests_total)"}]}]})J"_s
                             .arg(testing::From)
                             .arg(testing::T0);
    auto d = dashboards::importDashboard(json.toUtf8());
    QVERIFY(d.ok());
    QVERIFY(m_world.window->store()->save(*d).ok());
    QVERIFY(m_world.window->openDashboard(u"rows"_s));
    QVERIFY(QTest::qWaitFor([this] { return settled(*m_world.window); }, 10'000));
}

void TestRowRepeat::threeValuesThreeRows()
{
    ui::DashboardView* view = m_world.window->dashboardView();
    QStringList titles;
    for (ui::RowHeader* r : view->rowHeaders())
        titles << r->titleText();
    QCOMPARE(titles, (QStringList { u"▾ Job a"_s, u"▾ Job b"_s, u"▾ Job c"_s, u"▾ Totals"_s }));
    // Each copy's panels run with the copy's value, in layout order, below their own row header.
    QStringList requests, rates;
    QList<int> tops;
    for (ui::PanelFrame* f : view->frames()) {
        QCOMPARE(f->lastPlan().queries.size(), std::size_t(1));
        const QString expr = f->lastPlan().queries.front().expr;
        if (f->panelId() == 2) {
            requests << expr;
            tops << f->y();
            QCOMPARE(f->view()->seriesCount(), 1);
            QCOMPARE(f->data().series.front().label(u"job"_s), expr.mid(20, 1));
        } else if (f->panelId() == 3) {
            rates << expr;
        }
    }
    QCOMPARE(requests, (QStringList { u"requests_total{job=\"a\"}"_s, u"requests_total{job=\"b\"}"_s,
                           u"requests_total{job=\"c\"}"_s }));
    QCOMPARE(rates, (QStringList { u"rate(requests_total{job=~\"a\"}[5m])"_s, u"rate(requests_total{job=~\"b\"}[5m])"_s,
                        u"rate(requests_total{job=~\"c\"}[5m])"_s }));
    for (int i = 0; i < 3; ++i)
        QVERIFY(view->rowHeaders()[std::size_t(i)]->y() < tops[i]);
    QVERIFY(tops[0] < tops[1] && tops[1] < tops[2]);
    // The row after the copies comes below the last one; its panel keeps the dashboard's selection.
    QVERIFY(view->rowHeaders()[3]->y() > tops[2]);
    QCOMPARE(view->frameById(5)->lastPlan().queries.front().expr, u"sum(requests_total)"_s);
    if (const QString dir = qEnvironmentVariable("SG_SCREENSHOT_DIR"); !dir.isEmpty())
        m_world.window->grab().save(dir + u"/row-repeat.png"_s);
}

void TestRowRepeat::collapseAndExpandCopies()
{
    ui::DashboardView* view = m_world.window->dashboardView();
    QTest::mouseClick(view->rowHeaders()[1], Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([view] { return view->rowHeaders().size() == 4 && view->rowHeaders()[0]->titleText().startsWith(u"▸"); }, 5000));
    QStringList titles;
    for (ui::RowHeader* r : view->rowHeaders())
        titles << r->titleText();
    QCOMPARE(titles, (QStringList { u"▸ Job a  (2 panels)"_s, u"▸ Job b  (2 panels)"_s, u"▸ Job c  (2 panels)"_s,
                         u"▾ Totals"_s }));
    QVERIFY(!view->frameById(2));
    QTest::mouseClick(view->rowHeaders()[2], Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([view] {
        int copies = 0;
        for (ui::PanelFrame* f : view->frames())
            copies += f->panelId() == 2;
        return copies == 3;
    }, 5000));
    QVERIFY(QTest::qWaitFor([this] { return settled(*m_world.window); }, 10'000));
}

void TestRowRepeat::cleanupTestCase() { m_world.stop(); }

QTEST_MAIN(TestRowRepeat)
