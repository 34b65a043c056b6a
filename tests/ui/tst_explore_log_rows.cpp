// Explore with two log rows: their lines merge by time in one list, the logs volume sums both rows by level, "limit
// reached" names the rows that stopped at the limit and "Load older lines" continues each of them, and What changed
// mines the lines of both rows.
// SG_SCREENSHOT_DIR=DIR keeps a picture of the pane, to look at.
#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/tsdb/memory_store.h"
#include "ui/logs/log_lines_model.h"
#include "ui/logs/logs_panel.h"
#include "ui/logs/logs_volume.h"
#include "ui/pages/explore_page.h"
#include "ui/pages/explore_pane.h"
#include "ui/pages/explore_row.h"
#include "ui/patterns/what_changed_view.h"
#include "ui/theme.h"
#include "ui/widgets/query_editor.h"

#include <QApplication>
#include <numeric>
#include <QDialog>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {
constexpr int ApiLines = 3000; // over the last 50 minutes, one every second, info and error
constexpr int PayLines = 1400; // over the last 20 minutes: 1,200 checkouts, 200 declined in the last 10
}

class TestExploreLogRows : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        ui::applyDarkTheme(*qApp);
        m_end = nowMs();
        auto logStore = std::make_shared<logs::MemoryLogStore>();
        logs::PushBatch batch;
        for (const char* level : { "info", "error" }) {
            logs::Stream api { Labels { { "app", "api" }, { "level", level } }, {} };
            for (int i = 0; i < ApiLines / 2; ++i)
                api.entries.push_back({ msToNs(m_end - 3'000'000 + i * 2000 + (level[0] == 'e' ? 1000 : 0)),
                    std::string("level=") + level + " msg=\"request served\" path=/api/" + std::to_string(i % 7), {} });
            batch.streams.push_back(std::move(api));
        }
        // Checkouts every second for 20 minutes; in the last 10, every third second one declines too.
        logs::Stream pay { Labels { { "app", "pay" } }, {} };
        const qint64 payStart = m_end - 1'200'000;
        for (qint64 t = payStart; t < m_end; t += 1000) {
            const std::string cart = std::to_string((t - payStart) / 1000);
            pay.entries.push_back({ msToNs(t), "level=info checkout ok cart=" + cart, {} });
            const bool declines = t >= m_end - 600'000 && (t - payStart) / 1000 % 3 == 0;
            if (declines)
                pay.entries.push_back({ msToNs(t) + 1, "level=warn checkout declined: card expired for cart " + cart, {} });
        }
        batch.streams.push_back(std::move(pay));
        logStore->push(batch);
        m_client = std::make_unique<services::QueryClient>(std::make_shared<tsdb::MemoryStore>(), logStore);
    }

    void twoLogRows()
    {
        ui::ExplorePage page(m_client.get());
        page.resize(1400, 1000);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.setTimeRange({ m_end - 3'600'000, m_end });
        ui::ExplorePane* pane = page.pane(0);
        // Row B (the pane's log row) and a second log row C.
        QVERIFY(pane->logsRow()->refId() == u"B"_s);
        pane->logsEditor()->setText(u"{app=\"api\"}"_s);
        dashboards::ExploreQuery pay;
        pay.datasourceType = u"loki"_s;
        pay.expr = u"{app=\"pay\"}"_s;
        ui::ExploreRow* rowC = pane->addRow(pay);
        QCOMPARE(rowC->refId(), u"C"_s);
        QCOMPARE(pane->logQueries(), (QStringList { u"{app=\"api\"}"_s, u"{app=\"pay\"}"_s }));

        QSignalSpy finished(&page, &ui::ExplorePage::logsFinished);
        QTest::mouseClick(pane->runButton(), Qt::LeftButton);
        QVERIFY(finished.wait(10'000));
        ui::LogsPanel* logs = pane->logsPanel();
        // 1,000 lines of each row, one list, newest first across both.
        QCOMPARE(logs->model()->rowCount(), 2000);
        QSet<QString> apps;
        bool ordered = true;
        for (int r = 0; r < logs->model()->rowCount(); ++r) {
            apps.insert(QString::fromStdString(std::string(logs->model()->streamAt(r).labels.get("app"))));
            if (r > 0)
                ordered = ordered && logs->model()->entryAt(r).ts <= logs->model()->entryAt(r - 1).ts;
        }
        QCOMPARE(apps, (QSet<QString> { u"api"_s, u"pay"_s }));
        QVERIFY(ordered);
        // The two newest minutes hold lines of both rows, interleaved.
        QVERIFY(logs->model()->streamAt(0).labels.get("app") != logs->model()->streamAt(3).labels.get("app")
            || logs->model()->streamAt(1).labels.get("app") != logs->model()->streamAt(2).labels.get("app"));
        QVERIFY2(logs->headerText().startsWith(u"B {app=\"api\"}  +  C {app=\"pay\"}  ·  merged by time"_s), qPrintable(logs->headerText()));
        QCOMPARE(logs->limitText(),
            u"Limit reached: queries B and C each returned their limit of 1,000 lines; their older lines were not loaded."_s);

        // The volume counts every line of both rows, summed by level.
        QTRY_VERIFY_WITH_TIMEOUT(logs->volume()->isVisible() && logs->volume()->data().total() > 0, 10'000);
        QCOMPARE(logs->volume()->data().total(), double(ApiLines + PayLines));
        const auto& counts = logs->volume()->data().counts;
        auto sum = [&](ui::LogLevel level) {
            const auto it = counts.find(level);
            return it == counts.end() ? 0.0 : std::accumulate(it->second.begin(), it->second.end(), 0.0);
        };
        QCOMPARE(sum(ui::LogLevel::Info), double(ApiLines / 2 + 1200));
        QCOMPARE(sum(ui::LogLevel::Error), double(ApiLines / 2));
        QCOMPARE(sum(ui::LogLevel::Warn), 200.0);
        saveShot(&page, u"explore_two_log_rows.png"_s);

        // Older lines: row B's next 1,000 and row C's last 400; only B is still at its limit.
        auto* older = logs->findChild<QPushButton*>(u"logsLoadOlder"_s);
        QVERIFY(older && older->isVisible());
        finished.clear();
        QTest::mouseClick(older, Qt::LeftButton);
        QVERIFY(finished.wait(10'000));
        QCOMPARE(logs->model()->rowCount(), 2000 + 1000 + (PayLines - 1000));
        QCOMPARE(logs->limitText(), u"Limit reached: query B returned its limit of 1,000 lines; its older lines were not loaded."_s);
        finished.clear();
        QTest::mouseClick(older, Qt::LeftButton);
        QVERIFY(finished.wait(10'000));
        QCOMPARE(logs->model()->rowCount(), ApiLines + PayLines);

        // What changed mines both rows' lines.
        QTest::mouseClick(pane->whatChangedButton(), Qt::LeftButton);
        QDialog* dialog = pane->whatChangedDialog();
        QVERIFY(dialog && dialog->isVisible());
        auto* view = dialog->findChild<ui::WhatChangedView*>();
        QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() >= 3, 10'000);
        QStringList patterns;
        std::uint64_t lines = 0;
        for (int r = 0; r < view->model()->rowCount(); ++r) {
            patterns << QString::fromStdString(view->model()->changeAt(r)->pattern);
            lines += view->model()->changeAt(r)->count;
        }
        QCOMPARE(lines, std::uint64_t(ApiLines + PayLines));
        QVERIFY2(patterns.filter(u"request served"_s).size() >= 1, qPrintable(patterns.join(u'\n')));
        QVERIFY2(patterns.filter(u"checkout declined"_s).size() == 1, qPrintable(patterns.join(u'\n')));
        QVERIFY(dialog->findChild<QLabel*>(u"whatChangedStatus"_s)->text().contains(u"2 log rows"_s));
        // A pattern's line filter goes into both rows (each keeps only its matching lines) and runs them.
        const int declined = patterns.indexOf(patterns.filter(u"checkout declined"_s).front());
        const QModelIndex cell = view->model()->index(declined, 0);
        view->table()->scrollTo(cell);
        QTest::mouseClick(view->table()->viewport(), Qt::LeftButton, {}, view->table()->visualRect(cell).center());
        finished.clear();
        QTest::mouseClick(view->lineFilterButton(), Qt::LeftButton);
        QVERIFY(finished.wait(10'000));
        QVERIFY(pane->logsEditor()->text().startsWith(u"{app=\"api\"} |> `"_s));
        QVERIFY(rowC->editor()->text().startsWith(u"{app=\"pay\"} |> `"_s));
        QCOMPARE(logs->model()->rowCount(), 200);
        QCOMPARE(logs->limitText(), QString());
    }

private:
    static void saveShot(QWidget* widget, const QString& name)
    {
        const QString dir = qEnvironmentVariable("SG_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            QVERIFY(widget->grab().save(QDir(dir).filePath(name)));
    }

    qint64 m_end = 0;
    std::unique_ptr<services::QueryClient> m_client;
};

QTEST_MAIN(TestExploreLogRows)
#include "tst_explore_log_rows.moc"
