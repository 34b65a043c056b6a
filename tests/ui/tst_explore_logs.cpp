// Explore's logs half end to end over a real query path: a line expanded by a click, filter-for on a parsed field
// rewrites and reruns the query, the logs volume counts the whole range by level, and "limit reached" says so.
// SG_SCREENSHOT_DIR=DIR keeps a picture of Explore with a line's details open, to look at.
#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/tsdb/memory_store.h"
#include "ui/logs/log_details.h"
#include "ui/logs/log_lines_model.h"
#include "ui/logs/logs_panel.h"
#include "ui/logs/logs_volume.h"
#include "ui/pages/explore_page.h"
#include "ui/patterns/what_changed_view.h"
#include "ui/theme.h"
#include "ui/widgets/query_editor.h"

#include <QApplication>
#include <QListView>
#include <QSignalSpy>
#include <QSplitter>
#include <QDialog>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace sg;
using namespace Qt::StringLiterals;

class TestExploreLogs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        ui::applyDarkTheme(*qApp);
        m_end = nowMs();
        auto logStore = std::make_shared<logs::MemoryLogStore>();
        static const char* Levels[] = { "info", "info", "info", "warn", "error" };
        static const char* Paths[] = { "/api/users", "/api/orders", "/health" };
        logs::PushBatch batch;
        for (int s = 0; s < 2; ++s) {
            logs::Stream stream { Labels { { "app", "api" }, { "instance", "host-" + std::to_string(s) } }, {} };
            for (int i = 0; i < 1500; ++i) {
                const int k = i * 2 + s;
                const std::string level = Levels[k % 5];
                std::string line = k % 2
                    ? "{\"level\":\"" + level + "\",\"path\":\"" + Paths[k % 3] + "\",\"status\":" + (level == "error" ? "500" : "200")
                        + ",\"msg\":\"request served\"}"
                    : "level=" + level + " path=" + Paths[k % 3] + " status=" + (level == "error" ? "500" : "200")
                        + " msg=\"request served\"";
                std::vector<Label> metadata;
                if (k % 2)
                    metadata.push_back(Label { "trace_id", "t" + std::to_string(k) });
                stream.entries.push_back({ msToNs(m_end - 3'000'000 + k * 1000), std::move(line), std::move(metadata) });
            }
            batch.streams.push_back(std::move(stream));
        }
        // {app="pay"}: the same line before and during the last ten minutes; a gateway timeout only during them.
        logs::Stream pay { Labels { { "app", "pay" } }, {} };
        for (int i = 0; i < 1200; ++i) {
            const qint64 t = m_end - 1'200'000 + i * 1000;
            pay.entries.push_back({ msToNs(t), "payment accepted id=" + std::to_string(1000 + i) + " amount=" + std::to_string(i % 97), {} });
            if (t >= m_end - 600'000 && i % 3 == 0)
                pay.entries.push_back({ msToNs(t) + 1, "payment gateway timeout after " + std::to_string(300 + i) + "ms", {} });
        }
        batch.streams.push_back(std::move(pay));
        logStore->push(batch);
        m_client = std::make_unique<services::QueryClient>(std::make_shared<tsdb::MemoryStore>(), logStore);
    }

    void whatChangedRanksTheNewPatternAndFilters()
    {
        ui::ExplorePage page(m_client.get());
        page.resize(1400, 1000);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSignalSpy finished(&page, &ui::ExplorePage::logsFinished);
        page.showLogs(u"{app=\"pay\"}"_s, m_end - 600'000, m_end);
        QVERIFY(finished.wait(10'000));
        QTest::mouseClick(page.whatChangedButton(), Qt::LeftButton);
        QVERIFY(page.whatChangedDialog() && page.whatChangedDialog()->isVisible());
        auto* view = page.whatChangedDialog()->findChild<ui::WhatChangedView*>();
        QVERIFY(view);
        QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() >= 2, 10'000);
        const auto* top = view->model()->changeAt(0);
        QVERIFY2(QString::fromStdString(top->pattern).contains(u"gateway timeout"_s), top->pattern.c_str());
        QCOMPARE(top->baselineCount, std::uint64_t(0));
        // Its line filter goes into the logs editor and runs.
        view->table()->selectRow(0);
        finished.clear();
        QTest::mouseClick(view->lineFilterButton(), Qt::LeftButton);
        QVERIFY(finished.wait(10'000));
        QVERIFY2(page.logsEditor()->text().contains(u"|>"_s), qPrintable(page.logsEditor()->text()));
        QVERIFY(!page.whatChangedDialog()->isVisible());
        QCOMPARE(page.logsPanel()->model()->rowCount(), 200);
    }

    void expandLineFilterForAndRerun()
    {
        ui::ExplorePage page(m_client.get());
        page.resize(1400, 1000);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.setTimeRange({ m_end - 3600'000, m_end });
        QSignalSpy finished(&page, &ui::ExplorePage::logsFinished);
        page.showLogs(u"{app=\"api\"} |= \"request\""_s, m_end - 3600'000, m_end);
        QVERIFY(finished.wait(10'000));
        ui::LogsPanel* logs = page.logsPanel();
        QCOMPARE(logs->model()->rowCount(), 1000);
        QVERIFY(logs->findChild<QWidget*>(u"logsLoadOlder"_s)->isVisible()); // 3,000 lines, limit 1,000
        // The volume counts every line of the range, not only the 1,000 shown.
        QTRY_VERIFY_WITH_TIMEOUT(logs->volume()->isVisible() && logs->volume()->data().total() > 0, 10'000);
        QCOMPARE(logs->volume()->data().total(), 3000.0);
        // Levels come from the lines' text (logfmt and JSON alike): a fifth of the lines are errors.
        const auto& counts = logs->volume()->data().counts;
        QVERIFY(counts.count(ui::LogLevel::Error));
        double errors = 0;
        for (double v : counts.at(ui::LogLevel::Error))
            errors += v;
        QCOMPARE(errors, 600.0);
        QVERIFY(!counts.count(ui::LogLevel::Unknown));

        // Newest first: row 0 is the last JSON line (k = 2999, an error line).
        QListView* view = logs->view();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(logs->model()->index(0, 0)).center());
        QTRY_VERIFY(logs->details()->isVisible());
        QTreeWidgetItem* trace = logs->details()->fieldItem(u"trace_id"_s);
        QVERIFY(trace);
        QCOMPARE(trace->text(2), u"t2999"_s);
        QCOMPARE(trace->parent()->text(0), u"Structured metadata"_s);
        QTreeWidgetItem* path = logs->details()->fieldItem(u"path"_s);
        QVERIFY(path);
        if (const QString dir = qEnvironmentVariable("SG_SCREENSHOT_DIR"); !dir.isEmpty()) {
            QTest::mouseClick(logs->details()->tree()->itemWidget(path, 1)->findChild<QToolButton*>(u"fieldStats"_s),
                Qt::LeftButton);
            // More room for the logs half, as a person reading details would drag the splitter.
            if (auto* split = page.findChild<QSplitter*>(u"exploreSplitter"_s))
                split->setSizes({ 250, 750 });
            QApplication::processEvents();
            page.grab().save(dir + u"/explore-log-details.png"_s);
        }
        const QString value = path->text(2);
        auto* filterFor = logs->details()->tree()->itemWidget(path, 1)->findChild<QToolButton*>(u"filterFor"_s);
        QTest::mouseClick(filterFor, Qt::LeftButton);
        // The field came from a JSON line and the query has no parser: the filter comes with `| json`.
        const QString expected = u"{app=\"api\"} |= \"request\" | json | path=\""_s + value + u'"';
        QCOMPARE(page.logsEditor()->text(), expected);
        QVERIFY(finished.wait(10'000));
        QVERIFY(logs->model()->rowCount() > 0);
        for (int r = 0; r < logs->model()->rowCount(); ++r)
            QVERIFY(logs->model()->index(r, 0).data(ui::LogLinesModel::LineRole).toString().contains(value));
    }

private:
    qint64 m_end = 0;
    std::unique_ptr<services::QueryClient> m_client;
};

QTEST_MAIN(TestExploreLogs)
#include "tst_explore_logs.moc"
