// Explore as Grafana's: query rows added, typed, hidden, duplicated and removed, all run by Run query and
// Ctrl+Enter into the graph, the table and the log list; Split with time sync and a shared crosshair; Copy link
// restored into a new Explore; Add to dashboard; the query history drawer.
// SG_SCREENSHOT_DIR=DIR keeps pictures of Explore with two panes and several rows, to look at.
#include "core/dashboards/dashboard_store.h"
#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/tsdb/memory_store.h"
#include "ui/charts/time_series_panel.h"
#include "ui/dashboard/link_opener.h"
#include "ui/logs/log_lines_model.h"
#include "ui/logs/logs_panel.h"
#include "ui/pages/explore_add_to_dashboard.h"
#include "ui/pages/explore_history.h"
#include "ui/pages/explore_page.h"
#include "ui/pages/explore_pane.h"
#include "ui/pages/explore_row.h"
#include "ui/query_editor/query_history.h"
#include "ui/theme.h"
#include "ui/widgets/query_editor.h"
#include "ui/widgets/time_range_picker.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSplitter>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace sg;
using namespace Qt::StringLiterals;

class TestExplorePanes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        ui::applyDarkTheme(*qApp);
        m_history = std::make_unique<ui::QueryHistory>(QString());
        ui::QueryHistory::setShared(m_history.get());
        const qint64 end = nowMs();
        auto metrics = std::make_shared<tsdb::MemoryStore>(365LL * 24 * 3600 * 1000);
        tsdb::AppendBatch batch;
        for (qint64 t = end - 7'200'000; t <= end; t += 15'000) {
            int k = 1;
            for (const char* job : { "a", "b", "c" })
                batch.samples.push_back({ Labels { { "__name__", "requests_total" }, { "job", job } }, t,
                    double(k++ * (t - end + 7'200'000)) / 1000 });
        }
        metrics->append(batch);
        auto logStore = std::make_shared<logs::MemoryLogStore>();
        logs::PushBatch lines;
        for (const char* app : { "a", "b" }) {
            logs::Stream stream { Labels { { "app", app } }, {} };
            for (int i = 0; i < 300; ++i)
                stream.entries.push_back({ msToNs(end - 3'000'000 + i * 10'000),
                    std::string("level=") + (i % 10 == 0 ? "error" : "info") + " msg=\"request " + std::to_string(i) + "\"", {} });
            lines.streams.push_back(std::move(stream));
        }
        logStore->push(lines);
        m_client = std::make_unique<services::QueryClient>(metrics, logStore);
    }

    void rowsRunTogether()
    {
        ui::ExplorePage page(m_client.get());
        page.resize(1500, 1000);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        ui::ExplorePane* pane = page.pane(0);
        QCOMPARE(pane->rowCount(), 2); // a metric row and a log row to begin with
        QVERIFY(!pane->row(0)->isLoki());
        QVERIFY(pane->row(1)->isLoki());

        type(pane->row(0), u"requests_total"_s);
        pane->row(1)->editor()->setText(u"{app=\"a\"}"_s);
        QTest::mouseClick(pane->addQueryButton(), Qt::LeftButton);
        QCOMPARE(pane->rowCount(), 3);
        QCOMPARE(pane->row(2)->refId(), u"C"_s);
        type(pane->row(2), u"sum(requests_total)"_s);
        QTest::mouseClick(pane->addQueryButton(), Qt::LeftButton);
        ui::ExploreRow* instant = pane->row(3);
        type(instant, u"requests_total"_s);
        pickIndex(instant->typePicker(), 1); // Instant: one value per series, in the table

        QSignalSpy metrics(pane, &ui::ExplorePane::metricsFinished);
        QSignalSpy logs(pane, &ui::ExplorePane::logsFinished);
        QTest::mouseClick(pane->runButton(), Qt::LeftButton);
        QVERIFY(metrics.wait(10'000));
        QVERIFY(logs.count() > 0 || logs.wait(10'000));
        QCOMPARE(pane->chart()->seriesCount(), 4); // three jobs of A and C's sum
        QCOMPARE(pane->table()->rowCount(), 3);     // D's three series at the range's end
        QCOMPARE(pane->table()->item(0, 0)->text(), u"D"_s);
        QCOMPARE(pane->logsPanel()->model()->rowCount(), 300);
        QVERIFY(pane->table()->isVisible());

        // Hidden rows do not run; Ctrl+Enter in any editor runs the others.
        QTest::mouseClick(pane->row(0)->hideButton(), Qt::LeftButton);
        metrics.clear();
        QTest::keyClick(pane->row(2)->editor()->editor(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(metrics.wait(10'000));
        QCOMPARE(pane->chart()->seriesCount(), 1);
        QCOMPARE(pane->chart()->legendTexts().front(), u"sum(requests_total)"_s);

        // A second log row: its lines join the first's in one list.
        QTest::mouseClick(pane->row(1)->duplicateButton(), Qt::LeftButton);
        QCOMPARE(pane->rowCount(), 5);
        ui::ExploreRow* copy = pane->row(2);
        QCOMPARE(copy->refId(), u"E"_s);
        QCOMPARE(copy->editor()->text(), u"{app=\"a\"}"_s);
        copy->editor()->setText(u"{app=\"b\"} |= \"error\""_s);
        logs.clear();
        QTest::mouseClick(pane->runButton(), Qt::LeftButton);
        QVERIFY(logs.wait(10'000));
        QCOMPARE(pane->logsPanel()->model()->rowCount(), 330);
        QTest::mouseClick(copy->removeButton(), Qt::LeftButton);
        QCOMPARE(pane->rowCount(), 4);

        // Every run went into the editors' history.
        QVERIFY(m_history->isStarred(langsvc::Language::PromQL, u"sum(requests_total)"_s) == false);
        QVERIFY(!m_history->entries(langsvc::Language::PromQL, u"sum(requests_total)"_s).isEmpty());
        QVERIFY(!m_history->entries(langsvc::Language::LogQL, u"{app=\"b\"}"_s).isEmpty());
    }

    void rowDatasourceNamesRemoteOnes()
    {
        // Remote datasources join the registry later; a row on one names it in its requests, embedded ones do not.
        auto registry = dashboards::DatasourceRegistry::embedded();
        registry.add({ u"remote-prom"_s, u"Team Prometheus"_s, u"prometheus"_s, false });
        registry.add({ u"remote-loki"_s, u"Team Loki"_s, u"loki"_s, false });
        ui::ExplorePage page(m_client.get());
        page.setDatasources(registry);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        ui::ExploreRow* row = page.pane(0)->addQuery();
        QCOMPARE(row->datasourcePicker()->count(), 4);
        QVERIFY(row->request().datasourceUid.isEmpty());
        pickIndex(row->datasourcePicker(), 3); // Team Loki
        QVERIFY(row->isLoki());
        QCOMPARE(row->editor()->language(), langsvc::Language::LogQL);
        row->editor()->setText(u"{app=\"a\"}"_s);
        const services::QueryRequest request = row->request();
        QCOMPARE(request.datasourceUid, u"remote-loki"_s);
        QCOMPARE(request.language, services::QueryLanguage::LogQL);
        QCOMPARE(request.kind, services::QueryKind::Logs);
        QCOMPARE(row->query().datasourceUid, u"remote-loki"_s);
        row->editor()->setText(u"sum(count_over_time({app=\"a\"}[1m]))"_s);
        QCOMPARE(row->request().kind, services::QueryKind::Range);
    }

    void historyDrawerStarsAndRuns()
    {
        ui::ExplorePage page(m_client.get());
        page.resize(1500, 1000);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        m_history->add(langsvc::Language::PromQL, u"max(requests_total)"_s);
        QTest::mouseClick(page.historyButton(), Qt::LeftButton);
        ui::ExploreHistory* drawer = page.history();
        QVERIFY(drawer->isVisible());
        QTest::keyClicks(drawer->searchField(), u"max(req"_s);
        QCOMPARE(drawer->list()->topLevelItemCount(), 1);
        QTreeWidget* list = drawer->list();
        QTreeWidgetItem* item = list->topLevelItem(0);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).topLeft() + QPoint(4, 4));
        QVERIFY(m_history->isStarred(langsvc::Language::PromQL, u"max(requests_total)"_s));
        QCOMPARE(list->topLevelItem(0)->text(ui::ExploreHistory::StarColumn), u"★"_s);

        QSignalSpy metrics(page.pane(0), &ui::ExplorePane::metricsFinished);
        QTest::mouseClick(drawer->runButton(), Qt::LeftButton);
        QVERIFY(metrics.wait(10'000));
        QCOMPARE(page.pane(0)->row(0)->editor()->text(), u"max(requests_total)"_s);
        QCOMPARE(page.chart()->seriesCount(), 1);
    }

    void splitSyncsTimeAndCrosshair()
    {
        ui::ExplorePage page(m_client.get());
        page.resize(1600, 1000);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.pane(0)->row(0)->editor()->setText(u"requests_total"_s);
        page.pane(0)->row(1)->editor()->setText(u"{app=\"a\"}"_s);
        QVERIFY(!page.syncButton()->isVisible());
        QTest::mouseClick(page.splitButton(), Qt::LeftButton);
        QCOMPARE(page.paneCount(), 2);
        ui::ExplorePane* left = page.pane(0);
        ui::ExplorePane* right = page.pane(1);
        QCOMPARE(right->rowCount(), 2);
        QCOMPARE(right->row(0)->editor()->text(), u"requests_total"_s);
        QVERIFY(page.syncButton()->isVisible());
        QVERIFY(page.syncButton()->isChecked());
        QVERIFY(right->timePicker()->isVisible());
        QSignalSpy leftMetrics(left, &ui::ExplorePane::metricsFinished);
        QSignalSpy rightMetrics(right, &ui::ExplorePane::metricsFinished);

        // A range picked in the right pane moves the left one too while synced.
        QComboBox* combo = right->timePicker()->rangeCombo();
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Up);
        const TimeRange picked = right->timeRange();
        QCOMPARE(picked.maxMs - picked.minMs, right->timePicker()->relativeSpan());
        QCOMPARE(left->timeRange().minMs, picked.minMs);
        QCOMPARE(left->timeRange().maxMs, picked.maxMs);
        QVERIFY(leftMetrics.wait(10'000));
        QVERIFY(rightMetrics.count() > 0 || rightMetrics.wait(10'000));
        QCOMPARE(left->chart()->seriesCount(), 3);
        QCOMPARE(right->chart()->seriesCount(), 3);

        // The crosshair follows the mouse across both graphs.
        QWidget* viewport = left->chart()->chartView()->viewport();
        const QPoint at = left->chart()->pointPosition(0, picked.minMs + (picked.maxMs - picked.minMs) / 2);
        QTest::mouseMove(viewport, at);
        QTRY_VERIFY(right->chart()->isCrosshairVisible());
        QVERIFY(std::abs(right->chart()->crosshairX() - left->chart()->crosshairX()) < 3.0);
        if (const QString dir = qEnvironmentVariable("SG_SCREENSHOT_DIR"); !dir.isEmpty())
            page.grab().save(dir + u"/explore-split.png"_s);

        // Unlinked, a range picked in one pane stays there.
        QTest::mouseClick(page.syncButton(), Qt::LeftButton);
        QVERIFY(!page.isTimeSynced());
        QTest::keyClick(combo, Qt::Key_Up);
        QVERIFY(right->timeRange().maxMs - right->timeRange().minMs != picked.maxMs - picked.minMs);
        QCOMPARE(left->timeRange().minMs, picked.minMs);

        QTest::mouseClick(right->closeButton(), Qt::LeftButton);
        QCOMPARE(page.paneCount(), 1);
        QVERIFY(!page.syncButton()->isVisible());
    }

    void crosshairFrameTime()
    {
        // Two panes of three rows each; one shared crosshair move repaints both graphs.
        ui::ExplorePage page(m_client.get());
        page.resize(1600, 1000);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        ui::ExplorePane* left = page.pane(0);
        left->row(0)->editor()->setText(u"requests_total"_s);
        left->row(1)->setDatasourceType(u"prometheus"_s);
        left->row(1)->editor()->setText(u"requests_total * 2"_s);
        left->addQuery()->editor()->setText(u"rate(requests_total[5m])"_s);
        page.split();
        QSignalSpy leftMetrics(left, &ui::ExplorePane::metricsFinished);
        QSignalSpy rightMetrics(page.pane(1), &ui::ExplorePane::metricsFinished);
        page.runAll();
        QVERIFY(leftMetrics.count() > 0 || leftMetrics.wait(10'000));
        QVERIFY(rightMetrics.count() > 0 || rightMetrics.wait(10'000));
        QCOMPARE(left->chart()->seriesCount(), 9);
        QCOMPARE(page.pane(1)->chart()->seriesCount(), 9);
        QWidget* viewport = left->chart()->chartView()->viewport();
        QWidget* other = page.pane(1)->chart()->chartView()->viewport();
        const QRectF plot = left->chart()->chartView()->chart()->plotArea();
        constexpr int Moves = 200;
        auto xAt = [&plot](int i) { return int(plot.left() + 5 + (i * 7) % int(plot.width() - 10)); };
        // As the event loop paints: the moved crosshairs' strips (and the tooltip) of both graphs.
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < Moves; ++i) {
            QTest::mouseMove(viewport, QPoint(xAt(i), int(plot.center().y())));
            QApplication::processEvents();
        }
        const double perMove = double(timer.nsecsElapsed()) / 1e6 / Moves;
        // The worst case: both graphs' whole plots repainted on each move.
        timer.restart();
        for (int i = 0; i < Moves; ++i) {
            QTest::mouseMove(viewport, QPoint(xAt(i + 3), int(plot.center().y())));
            viewport->repaint();
            other->repaint();
        }
        const double perFullMove = double(timer.nsecsElapsed()) / 1e6 / Moves;
        qInfo("explore crosshair: %.2f ms per move as painted, %.2f ms with both graphs repainted whole "
              "(two panes x 3 rows, 9 series each)", perMove, perFullMove);
        QVERIFY(page.pane(1)->chart()->isCrosshairVisible());
        QVERIFY2(perMove < 100, qPrintable(QString::number(perMove)));
    }

    void copyLinkRestoresIntoNewExplore()
    {
        QString link;
        {
            ui::ExplorePage page(m_client.get());
            page.resize(1500, 1000);
            page.show();
            QVERIFY(QTest::qWaitForWindowExposed(&page));
            ui::ExplorePane* left = page.pane(0);
            left->row(0)->editor()->setText(u"sum by (job) (requests_total)"_s);
            left->row(1)->editor()->setText(u"{app=\"b\"} |= \"error\""_s);
            QTest::mouseClick(left->addQueryButton(), Qt::LeftButton);
            left->row(2)->editor()->setText(u"requests_total{job=\"c\"}"_s);
            pickIndex(left->row(2)->formatPicker(), 1);
            QTest::mouseClick(left->row(2)->hideButton(), Qt::LeftButton);
            page.split();
            page.pane(1)->row(0)->editor()->setText(u"max(requests_total)"_s);
            QTest::mouseClick(page.syncButton(), Qt::LeftButton); // unlinked
            QTest::mouseClick(page.copyLinkButton(), Qt::LeftButton);
            link = QGuiApplication::clipboard()->text();
            QCOMPARE(link, page.link());
            QVERIFY(page.statusText().contains(u"copied"_s));
        }
        QVERIFY2(link.startsWith(u"sightglass://explore?"_s), qPrintable(link));

        ui::ExplorePage restored(m_client.get());
        restored.resize(1500, 1000);
        restored.show();
        QVERIFY(QTest::qWaitForWindowExposed(&restored));
        QSignalSpy metrics(&restored, &ui::ExplorePage::metricsFinished);
        QTest::mouseClick(restored.openLinkButton(), Qt::LeftButton); // reads the clipboard
        QCOMPARE(restored.paneCount(), 2);
        QVERIFY(!restored.isTimeSynced());
        ui::ExplorePane* left = restored.pane(0);
        QCOMPARE(left->rowCount(), 3);
        QCOMPARE(left->row(0)->editor()->text(), u"sum by (job) (requests_total)"_s);
        QVERIFY(left->row(1)->isLoki());
        QCOMPARE(left->row(1)->editor()->text(), u"{app=\"b\"} |= \"error\""_s);
        QVERIFY(left->row(2)->isHidden());
        QCOMPARE(left->row(2)->formatPicker()->currentIndex(), 1);
        QCOMPARE(restored.pane(1)->row(0)->editor()->text(), u"max(requests_total)"_s);
        QVERIFY(metrics.wait(10'000)); // restoring runs the panes
        QCOMPARE(restored.chart()->seriesCount(), 3);
        QCOMPARE(restored.link(), link);

        // A link clicked in a panel or data link goes to Explore; a dashboard link still opens a dashboard.
        ui::LinkOpener opener;
        QSignalSpy explore(&opener, &ui::LinkOpener::exploreRequested);
        QSignalSpy dashboard(&opener, &ui::LinkOpener::dashboardRequested);
        opener.open(link);
        opener.open(u"/explore?left=%7B%7D"_s);
        opener.open(u"/d/abc/x"_s);
        QCOMPARE(explore.count(), 2);
        QCOMPARE(explore.at(0).at(0).toString(), link);
        QCOMPARE(dashboard.count(), 1);

        // A link that does not read says so and changes nothing.
        QVERIFY(!restored.openLink(u"sightglass://explore?panes=%7Bx"_s));
        QVERIFY(restored.statusText().contains(u"Cannot open"_s));
        QCOMPARE(restored.paneCount(), 2);
    }

    void addToDashboard()
    {
        QTemporaryDir dir;
        dashboards::DashboardStore store(dir.path());
        ui::ExplorePage page(m_client.get());
        page.setDashboardStore(&store);
        page.resize(1500, 1000);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        ui::ExplorePane* pane = page.pane(0);
        pane->row(0)->editor()->setText(u"rate(requests_total[5m])"_s);
        pane->row(1)->editor()->setText(u"{app=\"a\"} |= \"error\""_s);
        QSignalSpy saved(&page, &ui::ExplorePage::dashboardSaved);

        // No dashboard yet: a new one, titled in the dialog.
        QTest::mouseClick(pane->row(0)->addToDashboardButton(), Qt::LeftButton);
        ui::AddToDashboardDialog* dialog = page.addToDashboardDialog();
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY(dialog->newChoice()->isChecked());
        dialog->titleField()->selectAll();
        QTest::keyClicks(dialog->titleField(), u"From Explore"_s);
        QTest::mouseClick(dialog->addButton(), Qt::LeftButton);
        QCOMPARE(saved.count(), 1);
        QVERIFY(!dialog->isVisible());
        auto entries = store.list();
        QCOMPARE(entries.size(), std::size_t(1));
        QCOMPARE(entries[0].title, u"From Explore"_s);

        // The log row into the same dashboard: a logs panel on top.
        QTest::mouseClick(pane->row(1)->addToDashboardButton(), Qt::LeftButton);
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->existingChoice()->isChecked());
        QCOMPARE(dialog->dashboardPicker()->currentText(), u"From Explore"_s);
        QTest::mouseClick(dialog->addButton(), Qt::LeftButton);
        QCOMPARE(saved.count(), 2);
        auto d = store.load(entries[0].uid);
        QVERIFY(d.ok());
        QCOMPARE(d->panels().size(), std::size_t(2));
        QCOMPARE(d->panels()[0].type(), u"logs"_s);
        QCOMPARE(d->panels()[0].targets()[0].expr(), u"{app=\"a\"} |= \"error\""_s);
        QCOMPARE(d->panels()[0].datasource().uid, u"sightglass-loki"_s);
        const dashboards::Panel* graph = nullptr;
        for (const auto& p : d->panels())
            if (p.type() == u"timeseries")
                graph = &p;
        QVERIFY(graph);
        QCOMPARE(graph->targets()[0].expr(), u"rate(requests_total[5m])"_s);
        QCOMPARE(graph->datasource().uid, u"sightglass-prometheus"_s);
    }

    void twoPanesSeveralRows()
    {
        // Two panes of graph, table and log rows side by side with the history drawer open; the picture is kept
        // under SG_SCREENSHOT_DIR.
        ui::ExplorePage page(m_client.get());
        page.resize(1800, 1100);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        ui::ExplorePane* left = page.pane(0);
        left->row(0)->editor()->setText(u"sum by (job) (rate(requests_total[5m]))"_s);
        left->row(1)->editor()->setText(u"{app=\"a\"}"_s);
        left->addQuery()->editor()->setText(u"requests_total"_s);
        pickIndex(left->row(2)->typePicker(), 1);
        ui::ExplorePane* right = page.split();
        right->row(1)->editor()->setText(u"{app=\"b\"} |= \"error\""_s);
        QTest::mouseClick(page.historyButton(), Qt::LeftButton);
        QSignalSpy leftLogs(left, &ui::ExplorePane::logsFinished);
        QSignalSpy rightLogs(right, &ui::ExplorePane::logsFinished);
        page.runAll();
        QVERIFY(leftLogs.count() > 0 || leftLogs.wait(10'000));
        QVERIFY(rightLogs.count() > 0 || rightLogs.wait(10'000));
        QTest::qWait(300);
        QTest::mouseMove(left->chart()->chartView()->viewport(), left->chart()->pointPosition(0, left->timeRange().minMs + 1'800'000));
        QTRY_VERIFY(right->chart()->isCrosshairVisible());
        QCOMPARE(left->table()->rowCount(), 3);
        QTRY_VERIFY(left->table()->height() > 40); // the rows, the graph, the table and the logs all get room
        QVERIFY(left->chart()->height() > 200);
        QCOMPARE(right->logsPanel()->model()->rowCount(), 30);
        QVERIFY(!right->row(1)->typePicker()->isVisible()); // a log query has no Range/Instant or Graph/Table
        QVERIFY(right->row(0)->typePicker()->isVisible());
        if (const QString dir = qEnvironmentVariable("SG_SCREENSHOT_DIR"); !dir.isEmpty())
            page.grab().save(dir + u"/explore-two-panes.png"_s);
    }

private:
    static void type(ui::ExploreRow* row, const QString& text)
    {
        QPlainTextEdit* edit = row->editor()->editor();
        edit->setFocus();
        QTest::keyClicks(edit, text);
        QTest::keyClick(edit, Qt::Key_Escape); // closes a completion popup left open
        QCOMPARE(row->editor()->text(), text);
    }

    static void pickIndex(QComboBox* combo, int index)
    {
        combo->setFocus();
        while (combo->currentIndex() < index)
            QTest::keyClick(combo, Qt::Key_Down);
        QCOMPARE(combo->currentIndex(), index);
    }

    std::unique_ptr<ui::QueryHistory> m_history;
    std::unique_ptr<services::QueryClient> m_client;
};

QTEST_MAIN(TestExplorePanes)
#include "tst_explore_panes.moc"
