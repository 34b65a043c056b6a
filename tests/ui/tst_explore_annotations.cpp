// Explore's log rows shown as annotations: "Show as annotations" on a log row turns its lines into markers (with
// tooltips) on the pane's graph and, while the panes' time is synced, on the other pane's; "Add to dashboard" of
// such a row adds a Loki annotation query to the dashboard's annotations.list instead of a panel.
// SG_SCREENSHOT_DIR=DIR keeps a picture of the pane, to look at.
#include "core/dashboards/dashboard_store.h"
#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/tsdb/memory_store.h"
#include "ui/charts/time_series_panel.h"
#include "ui/logs/log_lines_model.h"
#include "ui/logs/logs_panel.h"
#include "ui/pages/explore_add_to_dashboard.h"
#include "ui/pages/explore_page.h"
#include "ui/pages/explore_pane.h"
#include "ui/pages/explore_row.h"
#include "ui/theme.h"
#include "ui/widgets/query_editor.h"

#include <QApplication>
#include <QChartView>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 End = 1'700'000'000'000;
constexpr qint64 Start = End - 3'600'000;
const qint64 ErrorTimes[] = { Start + 15 * 60'000, Start + 30 * 60'000, Start + 45 * 60'000 };
}

class TestExploreAnnotations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        ui::applyDarkTheme(*qApp);
        auto metrics = std::make_shared<tsdb::MemoryStore>(365LL * 24 * 3600 * 1000);
        tsdb::AppendBatch batch;
        for (qint64 t = Start; t <= End; t += 15'000)
            batch.samples.push_back({ Labels { { "__name__", "requests_total" }, { "job", "api" } }, t, double(t - Start) / 1000 });
        metrics->append(batch);
        auto logStore = std::make_shared<logs::MemoryLogStore>();
        logs::PushBatch push;
        logs::Stream errors { Labels { { "app", "api" }, { "level", "error" } }, {} };
        for (qint64 t : ErrorTimes)
            errors.entries.push_back({ msToNs(t), "payment failed for order " + std::to_string(t % 1000), {} });
        logs::Stream info { Labels { { "app", "api" }, { "level", "info" } }, {} };
        for (qint64 t = Start; t < End; t += 60'000)
            info.entries.push_back({ msToNs(t), "request served", {} });
        push.streams = { errors, info };
        logStore->push(push);
        m_client = std::make_unique<services::QueryClient>(metrics, logStore);
    }

    void logRowAsMarkers()
    {
        QTemporaryDir dir;
        dashboards::DashboardStore store(dir.path());
        ui::ExplorePage page(m_client.get());
        page.setDashboardStore(&store);
        page.resize(1500, 1000);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.setTimeRange({ Start, End });
        ui::ExplorePane* pane = page.pane(0);
        pane->metricsEditor()->setText(u"rate(requests_total[5m])"_s);
        ui::ExploreRow* errorsRow = pane->logsRow();
        errorsRow->editor()->setText(u"{app=\"api\", level=\"error\"}"_s);
        dashboards::ExploreQuery info;
        info.datasourceType = u"loki"_s;
        info.expr = u"{app=\"api\", level=\"info\"}"_s;
        pane->addRow(info);
        QSignalSpy metrics(&page, &ui::ExplorePage::metricsFinished);
        QSignalSpy logs(&page, &ui::ExplorePage::logsFinished);
        QTest::mouseClick(pane->runButton(), Qt::LeftButton);
        QVERIFY(metrics.wait(10'000));
        QTRY_VERIFY_WITH_TIMEOUT(!pane->isLogsLoading(), 10'000);
        QCOMPARE(pane->logsPanel()->model()->rowCount(), 3 + 60);
        QCOMPARE(pane->chart()->annotationCount(), 0);

        // "Show as annotations" on the error row: its three lines become markers; the list keeps the info row's.
        QToolButton* asMarkers = errorsRow->annotationsButton();
        QVERIFY(asMarkers->isVisible());
        QSignalSpy marked(pane, &ui::ExplorePane::annotationsChanged);
        logs.clear();
        QTest::mouseClick(asMarkers, Qt::LeftButton);
        QVERIFY(errorsRow->showsAsAnnotations());
        // ... and the pane's state (its sightglass://explore link) keeps it
        const dashboards::ExploreState state = page.state();
        QVERIFY(state.panes.front().queries.at(1).annotations);
        QVERIFY(!state.panes.front().queries.at(2).annotations);
        QVERIFY(dashboards::parseExploreLink(dashboards::exploreLink(state))->panes.front().queries.at(1).annotations);
        QVERIFY(marked.wait(10'000));
        QTRY_VERIFY_WITH_TIMEOUT(!pane->isLogsLoading(), 10'000);
        ui::TimeSeriesPanel* chart = pane->chart();
        QCOMPARE(chart->annotationCount(), 3);
        QCOMPARE(pane->logsPanel()->model()->rowCount(), 60);
        QCOMPARE(pane->logQueries(), QStringList { u"{app=\"api\", level=\"info\"}"_s });

        // Markers sit at their lines' times, left to right, on the plot's bottom edge; the mouse on one shows the line.
        const QRect first = chart->annotationMarkerRect(0);
        const QRect second = chart->annotationMarkerRect(1);
        QVERIFY(!first.isEmpty() && !second.isEmpty());
        QVERIFY(first.center().x() < second.center().x());
        const QPoint aligned = chart->pointPosition(0, ErrorTimes[1]);
        QVERIFY2(std::abs(aligned.x() - second.center().x()) <= 3, qPrintable(u"%1 vs %2"_s.arg(aligned.x()).arg(second.center().x())));
        QWidget* viewport = chart->chartView()->viewport();
        QTest::mouseMove(viewport, second.center());
        const QStringList tip = chart->annotationTooltipAt(second.center());
        QVERIFY2(tip.size() >= 2, qPrintable(tip.join(u"|"_s)));
        QVERIFY2(tip[1].startsWith(u"payment failed for order"_s), qPrintable(tip.join(u'|')));
        QVERIFY(chart->annotationTooltipAt(second.center() + QPoint(40, 0)).isEmpty());
        // Painted: the marker's pixels carry the annotation colour (red).
        const QImage shot = viewport->grab().toImage();
        bool red = false;
        for (int y = second.top(); y <= second.bottom() && !red; ++y)
            for (int x = second.left(); x <= second.right() && !red; ++x) {
                const QColor c = shot.pixelColor(x, y);
                red = c.red() > 150 && c.green() < 110 && c.blue() < 110;
            }
        QVERIFY(red);
        saveShot(&page, u"explore_annotations.png"_s);

        // Split: the synced right pane shows the left pane's markers on its own graph.
        QTest::mouseClick(page.splitButton(), Qt::LeftButton);
        QCOMPARE(page.paneCount(), 2);
        ui::ExplorePane* right = page.pane(1);
        QTRY_VERIFY_WITH_TIMEOUT(right->chart()->annotationCount() >= 3, 10'000);
        // Unsynced, only its own.
        QTest::mouseClick(page.syncButton(), Qt::LeftButton);
        QVERIFY(!page.isTimeSynced());
        QCOMPARE(right->chart()->annotationCount(), int(right->ownAnnotations().size()));
        QCOMPARE(pane->chart()->annotationCount(), 3);
        page.closePane(1);

        // "Add to dashboard" of the annotation row: the dashboard gets an annotation query, not a panel.
        QSignalSpy saved(&page, &ui::ExplorePage::dashboardSaved);
        QTest::mouseClick(errorsRow->addToDashboardButton(), Qt::LeftButton);
        ui::AddToDashboardDialog* dialog = page.addToDashboardDialog();
        QVERIFY(dialog && dialog->isVisible());
        QTest::mouseClick(dialog->addButton(), Qt::LeftButton);
        QCOMPARE(saved.count(), 1);
        QVERIFY(page.statusText().contains(u"annotation"_s));
        auto d = store.load(saved.at(0).at(0).toString());
        QVERIFY(d.ok());
        QCOMPARE(d->panels().size(), std::size_t(0));
        const QJsonArray list = d->annotations();
        QCOMPARE(list.size(), 1);
        const QJsonObject a = list[0].toObject();
        QCOMPARE(a.value(u"expr"_s).toString(), u"{app=\"api\", level=\"error\"}"_s);
        QCOMPARE(a.value(u"datasource"_s).toObject().value(u"type"_s).toString(), u"loki"_s);
        QCOMPARE(a.value(u"datasource"_s).toObject().value(u"uid"_s).toString(), u"sightglass-loki"_s);
        QCOMPARE(a.value(u"iconColor"_s).toString(), u"red"_s);
        QVERIFY(a.value(u"enable"_s).toBool());

        // With the info row shown as markers too, the list is empty and both rows mark the graph (orange for the second).
        QTest::mouseClick(pane->row(2)->annotationsButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(chart->annotationCount(), 3 + 60, 10'000);
        QCOMPARE(pane->logsPanel()->model()->rowCount(), 0);
        QCOMPARE(chart->annotations().back().color, u"orange"_s);
        QTest::mouseClick(pane->row(2)->annotationsButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!pane->isLogsLoading() && pane->logsPanel()->model()->rowCount() == 60, 10'000);

        // Switched back, the row's lines return to the list and the markers go.
        marked.clear();
        QTest::mouseClick(asMarkers, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(marked.count() > 0, 10'000); // no marker query left: answered at once
        QTRY_VERIFY_WITH_TIMEOUT(!pane->isLogsLoading() && pane->logsPanel()->model()->rowCount() == 63, 10'000);
        QCOMPARE(chart->annotationCount(), 0);
    }

private:
    static void saveShot(QWidget* widget, const QString& name)
    {
        const QString dir = qEnvironmentVariable("SG_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            QVERIFY(widget->grab().save(QDir(dir).filePath(name)));
    }

    std::unique_ptr<services::QueryClient> m_client;
};

QTEST_MAIN(TestExploreAnnotations)
#include "tst_explore_annotations.moc"
