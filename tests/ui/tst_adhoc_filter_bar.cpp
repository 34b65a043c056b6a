// An ad hoc filter variable in the real window: "+" offers the label names and then the values of the chosen
// label from the store, "Add" puts the filter into every query of the variable's datasource (the panel then shows
// only the matching series), the filters are saved with the dashboard, and a chip's ✕ removes its filter.
#include "tst_adhoc_filter_bar.h"

#include "core/dashboards/adhoc_filters.h"
#include "core/dashboards/dashboard_json.h"
#include "ui/dashboard/adhoc_filter_bar.h"
#include "ui/dashboard/dashboard_model.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/dashboard/panel_frame.h"
#include "ui/dashboard/variable_bar.h"

#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {

ui::PanelFrame* panel(MainWindow& w) { return w.dashboardView()->frameById(1); }

QString plannedExpr(MainWindow& w)
{
    ui::PanelFrame* f = panel(w);
    return f && !f->lastPlan().queries.empty() ? f->lastPlan().queries.front().expr : QString();
}

bool settled(MainWindow& w, int series)
{
    ui::PanelFrame* f = panel(w);
    return f && f->hasRefreshed() && !f->isLoading() && f->view()->seriesCount() == series;
}

/// Types `text` into an editable combo box, as a person picks or types a label.
void typeInto(QComboBox* combo, const QString& text)
{
    combo->lineEdit()->selectAll();
    QTest::keyClicks(combo->lineEdit(), text);
}

} // namespace

void TestAdhocFilterBar::initTestCase()
{
    QVERIFY(m_world.start());
    const QString json = uR"J({"uid": "adhoc", "title": "Ad hoc", "schemaVersion": 42,
        "time": {"from": "%1", "to": "%2"},
        "templating": {"list": [{"name": "Filters", "type": "adhoc",
            "datasource": {"type": "prometheus", "uid": "sightglass-prometheus"}, "filters": []}]},
        "panels": [{"id": 1, "type": "timeseries", "title": "Requests", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 9},
            "datasource": {"uid": "sightglass-prometheus"},
            "targets": [{"refId": "A", "expr": "requests_total", "legendFormat": "{{job}}"}]}]})J"_s
                             .arg(testing::From)
                             .arg(testing::T0);
    auto d = dashboards::importDashboard(json.toUtf8());
    QVERIFY(d.ok());
    QVERIFY(m_world.window->store()->save(*d).ok());
    QVERIFY(m_world.window->openDashboard(u"adhoc"_s));
    QVERIFY(QTest::qWaitFor([this] { return settled(*m_world.window, 3); }, 10'000));
}

void TestAdhocFilterBar::addFilterWithPickers()
{
    ui::AdhocFilterBar* bar = m_world.window->variableBar()->adhocBar(u"Filters"_s);
    QVERIFY(bar);
    QVERIFY(bar->isVisible());
    QVERIFY(!bar->keyPicker()->isVisible());
    QTest::mouseClick(bar->addButton(), Qt::LeftButton);
    QVERIFY(bar->keyPicker()->isVisible());
    // The store's label names, then the chosen label's values.
    QVERIFY(QTest::qWaitFor([bar] { return bar->keyPicker()->findText(u"job"_s) >= 0; }, 5000));
    QCOMPARE(bar->keyPicker()->findText(u"__name__"_s), -1);
    typeInto(bar->keyPicker(), u"job"_s);
    QVERIFY(QTest::qWaitFor([bar] { return bar->valuePicker()->count() == 3; }, 5000));
    QCOMPARE(bar->valuePicker()->itemText(1), u"b"_s);
    typeInto(bar->valuePicker(), u"b"_s);
    QTest::mouseClick(bar->applyButton(), Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([this] { return settled(*m_world.window, 1); }, 10'000));
    QCOMPARE(plannedExpr(*m_world.window), u"requests_total{job=\"b\"}"_s);
    QCOMPARE(static_cast<ui::PanelFrame*>(panel(*m_world.window))->data().series.front().label(u"job"_s), u"b"_s);
    // The new bar shows the filter as a chip with its remove button.
    QVERIFY(QTest::qWaitFor([this] { return m_world.window->variableBar()->adhocBar(u"Filters"_s)->removeButton(0); }, 2000));
}

void TestAdhocFilterBar::regexFilterAndSave()
{
    ui::AdhocFilterBar* bar = m_world.window->variableBar()->adhocBar(u"Filters"_s);
    QVERIFY(bar);
    QTest::mouseClick(bar->addButton(), Qt::LeftButton);
    typeInto(bar->keyPicker(), u"job"_s);
    bar->operatorPicker()->setCurrentIndex(bar->operatorPicker()->findText(u"!~"_s));
    typeInto(bar->valuePicker(), u"a|c"_s);
    QTest::mouseClick(bar->applyButton(), Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([this] { return plannedExpr(*m_world.window).contains(u"!~"_s); }, 10'000));
    QCOMPARE(plannedExpr(*m_world.window), u"requests_total{job=\"b\",job!~\"a|c\"}"_s);
    QVERIFY(QTest::qWaitFor([this] { return settled(*m_world.window, 1); }, 10'000));

    // Saved with the dashboard in Grafana's shape, and read back the same.
    QVERIFY(m_world.window->save());
    QFile f(m_world.window->model()->filePath());
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject saved = QJsonDocument::fromJson(f.readAll()).object();
    const QJsonArray filters
        = saved.value(u"templating"_s).toObject().value(u"list"_s).toArray().at(0).toObject().value(u"filters"_s).toArray();
    QCOMPARE(filters.size(), 2);
    QCOMPARE(filters.at(1).toObject().value(u"key"_s).toString(), u"job"_s);
    QCOMPARE(filters.at(1).toObject().value(u"operator"_s).toString(), u"!~"_s);
    QCOMPARE(filters.at(1).toObject().value(u"value"_s).toString(), u"a|c"_s);
    auto reread = m_world.window->store()->load(u"adhoc"_s);
    QVERIFY(reread.ok());
    QCOMPARE(dashboards::adhocFilters(reread->variables().front()).size(), std::size_t(2));
    if (const QString dir = qEnvironmentVariable("SG_SCREENSHOT_DIR"); !dir.isEmpty())
        m_world.window->grab().save(dir + u"/adhoc-filters.png"_s);
}

void TestAdhocFilterBar::removeFilter()
{
    ui::AdhocFilterBar* bar = m_world.window->variableBar()->adhocBar(u"Filters"_s);
    QVERIFY(bar && bar->removeButton(1));
    QTest::mouseClick(bar->removeButton(0), Qt::LeftButton); // job="b" goes, job!~"a|c" stays
    QVERIFY(QTest::qWaitFor([this] { return plannedExpr(*m_world.window) == u"requests_total{job!~\"a|c\"}"_s; }, 10'000));
    QVERIFY(QTest::qWaitFor([this] { return settled(*m_world.window, 1); }, 10'000));
    QCOMPARE(panel(*m_world.window)->data().series.front().label(u"job"_s), u"b"_s);
    bar = m_world.window->variableBar()->adhocBar(u"Filters"_s);
    QTest::mouseClick(bar->removeButton(0), Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([this] { return settled(*m_world.window, 3); }, 10'000));
    QCOMPARE(plannedExpr(*m_world.window), u"requests_total"_s);
}

void TestAdhocFilterBar::cleanupTestCase() { m_world.stop(); }

QTEST_MAIN(TestAdhocFilterBar)
