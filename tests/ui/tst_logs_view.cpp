// The log list as a user drives it: clicks expand a line, filter-for rewrites the query, dedup folds lines, the
// volume's legend filters by level and live tail pauses and resumes. Offscreen, real clicks and keys.
#include "core/logstore/memory_log_store.h"
#include "ui/logs/log_context.h"
#include "ui/logs/log_details.h"
#include "ui/logs/log_lines_model.h"
#include "ui/logs/log_tail.h"
#include "ui/logs/logs_panel.h"
#include "ui/logs/logs_volume.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {
std::vector<logs::Stream> apiStreams()
{
    logs::Stream api { Labels { { "app", "api" }, { "env", "prod" } }, {} };
    api.entries = {
        { 1'000'000'000, "{\"level\":\"info\",\"status\":\"200\",\"path\":\"/a\"}" },
        { 2'000'000'000, "{\"level\":\"error\",\"status\":\"500\",\"path\":\"/b\"}" },
        { 3'000'000'000, "{\"level\":\"error\",\"status\":\"500\",\"path\":\"/b\"}" },
        { 4'000'000'000, "{\"level\":\"warn\",\"status\":\"429\",\"path\":\"/c\"}" },
    };
    api.entries[1].metadata = { Label { "trace_id", "abc" } };
    return { api };
}

void clickRow(QListView* view, int row)
{
    const QRect r = view->visualRect(view->model()->index(row, 0));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, r.center());
}

QToolButton* fieldButton(ui::LogDetails* details, const QString& field, const QString& button)
{
    QTreeWidgetItem* item = details->fieldItem(field);
    if (!item)
        return nullptr;
    QWidget* w = details->tree()->itemWidget(item, 1);
    return w ? w->findChild<QToolButton*>(button) : nullptr;
}
} // namespace

class TestLogsView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void clickExpandsLineAndFilterForRewritesQuery()
    {
        ui::LogsPanel panel;
        panel.resize(1000, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setQueryText(u"{app=\"api\"} | json"_s);
        panel.setStreams(apiStreams(), logs::Direction::Backward);
        QVERIFY(panel.details()->isHidden());
        clickRow(panel.view(), 2); // newest first: the line at 2 s
        QVERIFY(panel.details()->isVisible());
        QCOMPARE(panel.details()->row(), 2);
        // Stream labels, structured metadata and the json fields, each with its buttons.
        QStringList sections;
        for (int i = 0; i < panel.details()->tree()->topLevelItemCount(); ++i)
            sections << panel.details()->tree()->topLevelItem(i)->text(0);
        QCOMPARE(sections, (QStringList { u"Stream labels"_s, u"Structured metadata"_s, u"Fields (json)"_s }));
        QCOMPARE(panel.details()->fieldItem(u"status"_s)->text(2), u"500"_s);
        QCOMPARE(panel.details()->fieldItem(u"trace_id"_s)->text(2), u"abc"_s);

        QSignalSpy changed(&panel, &ui::LogsPanel::queryChangeRequested);
        QToolButton* filterFor = fieldButton(panel.details(), u"status"_s, u"filterFor"_s);
        QVERIFY(filterFor);
        QTest::mouseClick(filterFor, Qt::LeftButton);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), u"{app=\"api\"} | json | status=\"500\""_s);

        // With the filter in the query, the same click removes it (toggle); filter-out on a stream label edits the
        // selector.
        panel.setQueryText(changed.at(0).at(0).toString());
        QTest::mouseClick(fieldButton(panel.details(), u"status"_s, u"filterFor"_s), Qt::LeftButton);
        QCOMPARE(changed.at(1).at(0).toString(), u"{app=\"api\"} | json"_s);
        QTest::mouseClick(fieldButton(panel.details(), u"env"_s, u"filterOut"_s), Qt::LeftButton);
        QCOMPARE(changed.at(2).at(0).toString(), u"{app=\"api\", env!=\"prod\"} | json | status=\"500\""_s);
    }
    void fieldStatsOverShownLines()
    {
        ui::LogsPanel panel;
        panel.resize(1000, 700);
        panel.show();
        panel.setStreams(apiStreams(), logs::Direction::Backward);
        clickRow(panel.view(), 0);
        QTreeWidgetItem* status = panel.details()->fieldItem(u"status"_s);
        QTest::mouseClick(fieldButton(panel.details(), u"status"_s, u"fieldStats"_s), Qt::LeftButton);
        QCOMPARE(status->childCount(), 3);
        QCOMPARE(status->child(0)->text(1), u"50.0%"_s);
        QVERIFY(status->child(0)->text(2).startsWith(u"500"_s));
    }
    void dedupComboFoldsLines()
    {
        ui::LogsPanel panel;
        panel.resize(1000, 700);
        panel.show();
        panel.setStreams(apiStreams(), logs::Direction::Backward);
        QCOMPARE(panel.view()->model()->rowCount(), 4);
        auto* dedup = panel.findChild<QComboBox*>(u"logsDedup"_s);
        QVERIFY(dedup);
        dedup->setFocus();
        QTest::keyClick(dedup, Qt::Key_Down); // None → Exact
        QCOMPARE(panel.model()->dedupMode(), ui::DedupMode::Exact);
        QCOMPARE(panel.view()->model()->rowCount(), 3);
        QCOMPARE(panel.model()->index(1, 0).data(ui::LogLinesModel::DuplicatesRole).toInt(), 2);
        QVERIFY(panel.headerText().contains(u"1 duplicates hidden"_s));
        QTest::keyClick(dedup, Qt::Key_Up);
        QCOMPARE(panel.view()->model()->rowCount(), 4);
    }
    void prettifyAndWrapGiveRowsTheirHeights()
    {
        ui::LogsPanel panel;
        panel.resize(900, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto streams = apiStreams();
        streams[0].entries.push_back({ 5'000'000'000, std::string(400, 'x') + " tail" });
        streams[0].entries.push_back({ 6'000'000'000, "first\\nsecond" });
        panel.setQueryText(u"{app=\"api\"} |= \"path\""_s);
        panel.setStreams(streams, logs::Direction::Backward);
        QListView* view = panel.view();
        const int single = view->sizeHintForRow(0);
        QVERIFY(view->uniformItemSizes());
        QTest::mouseClick(panel.findChild<QCheckBox*>(u"logsPrettify"_s), Qt::LeftButton);
        QVERIFY(!view->uniformItemSizes());
        QVERIFY(view->sizeHintForRow(2) > 3 * single); // a JSON line over several rows
        QCOMPARE(view->sizeHintForRow(1), single);      // the long plain line stays on one
        QTest::mouseClick(panel.findChild<QCheckBox*>(u"logsWrap"_s), Qt::LeftButton);
        QVERIFY(view->sizeHintForRow(1) > single);      // now wrapped
        QCOMPARE(view->sizeHintForRow(0), single);
        QTest::mouseClick(panel.findChild<QCheckBox*>(u"logsEscape"_s), Qt::LeftButton);
        QVERIFY(view->sizeHintForRow(0) > single && view->sizeHintForRow(0) < 3 * single); // `\n` shown as a new line
        if (const QString dir = qEnvironmentVariable("SG_SCREENSHOT_DIR"); !dir.isEmpty()) {
            QApplication::processEvents();
            panel.grab().save(dir + u"/logs-wrap-prettify.png"_s);
        }
    }
    void orderComboReverses()
    {
        ui::LogsPanel panel;
        panel.show();
        panel.setStreams(apiStreams(), logs::Direction::Backward);
        auto* order = panel.findChild<QComboBox*>(u"logsOrder"_s);
        order->setFocus();
        QTest::keyClick(order, Qt::Key_Down);
        QCOMPARE(panel.model()->index(0, 0).data(ui::LogLinesModel::TimeNsRole).toLongLong(), qint64(1'000'000'000));
    }
    void volumeLegendFiltersLevels()
    {
        ui::LogsPanel panel;
        panel.resize(1000, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setStreams(apiStreams(), logs::Direction::Backward);
        ui::LogsVolume* volume = panel.volume();
        QVERIFY(volume->isVisible());
        QCOMPARE(volume->data().total(), 4.0);
        const QRect error = volume->legendRect(ui::LogLevel::Error);
        QVERIFY(!error.isEmpty());
        QTest::mouseClick(volume, Qt::LeftButton, {}, error.center());
        QCOMPARE(panel.view()->model()->rowCount(), 2);
        QTest::mouseClick(volume, Qt::LeftButton, {}, error.center());
        QCOMPARE(panel.view()->model()->rowCount(), 4);
        // A drag across the bars selects a range.
        QSignalSpy zoom(volume, &ui::LogsVolume::rangeSelected);
        const int y = volume->height() / 2 + 10;
        QTest::mousePress(volume, Qt::LeftButton, {}, QPoint(volume->xOf(1500), y));
        QMouseEvent move(QEvent::MouseMove, QPointF(volume->xOf(3500), y), volume->mapToGlobal(QPointF(volume->xOf(3500), y)),
            Qt::NoButton, Qt::LeftButton, {});
        QApplication::sendEvent(volume, &move);
        QTest::mouseRelease(volume, Qt::LeftButton, {}, QPoint(volume->xOf(3500), y));
        QCOMPARE(zoom.count(), 1);
        QVERIFY(std::abs(zoom.at(0).at(0).toLongLong() - 1500) < 100);
        QVERIFY(std::abs(zoom.at(0).at(1).toLongLong() - 3500) < 100);
    }
    void liveTailPausesAndResumes()
    {
        auto store = std::make_shared<logs::MemoryLogStore>();
        ui::LogsPanel panel;
        panel.resize(1000, 700);
        panel.show();
        panel.setTailSource(store);
        panel.setQueryText(u"{app=\"api\"} != \"skip\""_s);
        auto* live = panel.findChild<QToolButton*>(u"logsLive"_s);
        auto* pause = panel.findChild<QToolButton*>(u"logsPause"_s);
        auto* clear = panel.findChild<QToolButton*>(u"logsClear"_s);
        QVERIFY(live && live->isVisible());
        QTest::mouseClick(live, Qt::LeftButton);
        QVERIFY(panel.tail()->isRunning());
        QVERIFY(pause->isVisible());
        const TimestampNs now = nowNs();
        auto push = [&](TimestampNs ts, const char* line) {
            store->push(logs::PushBatch { { { Labels { { "app", "api" } }, { { ts, line } } },
                { Labels { { "app", "other" } }, { { ts, "not this stream" } } } } });
        };
        push(now, "first");
        push(now + 1, "skip me");
        panel.tail()->poll();
        QCOMPARE(panel.view()->model()->rowCount(), 1);
        QTest::mouseClick(pause, Qt::LeftButton);
        QVERIFY(panel.tail()->isPaused());
        QCOMPARE(pause->text(), u"Resume"_s);
        push(now + 2, "while paused");
        panel.tail()->poll();
        QCOMPARE(panel.view()->model()->rowCount(), 1);
        QCOMPARE(panel.tail()->heldLines(), std::size_t(1));
        QVERIFY2(panel.headerText().contains(u"paused, 1 new lines held"_s), qPrintable(panel.headerText()));
        QTest::mouseClick(pause, Qt::LeftButton);
        QVERIFY(!panel.tail()->isPaused());
        QCOMPARE(panel.view()->model()->rowCount(), 2);
        QCOMPARE(panel.model()->index(0, 0).data(ui::LogLinesModel::LineRole).toString(), u"while paused"_s);
        QTest::mouseClick(clear, Qt::LeftButton);
        QCOMPARE(panel.view()->model()->rowCount(), 0);
        QTest::mouseClick(live, Qt::LeftButton);
        QVERIFY(!panel.tail()->isRunning());
    }
    void limitBarLoadsOlder()
    {
        ui::LogsPanel panel;
        panel.resize(1000, 700);
        panel.show();
        panel.setStreams(apiStreams(), logs::Direction::Backward);
        panel.setLimitReached(true, 4);
        auto* older = panel.findChild<QWidget*>(u"logsLoadOlder"_s);
        QVERIFY(older && older->isVisible());
        QSignalSpy spy(&panel, &ui::LogsPanel::loadOlderRequested);
        QTest::mouseClick(older, Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toLongLong(), qint64(1'000'000'000));
    }
    void copyLines()
    {
        ui::LogsPanel panel;
        panel.resize(1000, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setStreams(apiStreams(), logs::Direction::Backward);
        clickRow(panel.view(), 0);
        QTest::keyClick(panel.view(), Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(), QString::fromStdString(apiStreams()[0].entries[3].line));
        // The details' button copies the expanded line.
        clickRow(panel.view(), 3);
        auto* copy = panel.details()->findChild<QWidget*>(u"logDetailsCopy"_s);
        QTRY_VERIFY(copy->isVisible() && copy->height() > 0);
        QTest::mouseClick(copy, Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), QString::fromStdString(apiStreams()[0].entries[0].line));
    }
    void downloadsTextAndJson()
    {
        ui::LogsPanel panel;
        panel.setStreams(apiStreams(), logs::Direction::Backward);
        QTemporaryDir dir;
        QVERIFY(panel.saveLines(dir.filePath(u"l.txt"_s)));
        QVERIFY(panel.saveLines(dir.filePath(u"l.json"_s)));
        QFile txt(dir.filePath(u"l.txt"_s));
        QVERIFY(txt.open(QIODevice::ReadOnly));
        QCOMPARE(txt.readAll().count('\n'), 4);
        QFile json(dir.filePath(u"l.json"_s));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonArray rows = QJsonDocument::fromJson(json.readAll()).array();
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows.at(0).toObject().value(u"timestamp"_s).toString(), u"4000000000"_s);
    }
    void contextShowsNeighbours()
    {
        ui::LogsPanel panel;
        panel.resize(1000, 700);
        panel.show();
        panel.setStreams(apiStreams(), logs::Direction::Backward);
        clickRow(panel.view(), 1);
        QSignalSpy asked(&panel, &ui::LogsPanel::contextRequested);
        auto* context = panel.details()->findChild<QWidget*>(u"logDetailsContext"_s);
        QTRY_VERIFY(context->isVisible() && context->height() > 0);
        QTest::mouseClick(context, Qt::LeftButton);
        QCOMPARE(asked.count(), 1);
        QCOMPARE(asked.at(0).at(0).toInt(), 1);

        // The dialog queries the stream's exact selector on both sides of the line.
        auto store = std::make_shared<logs::MemoryLogStore>(3600'000LL * 24 * 365 * 100, 3600'000LL * 24 * 365 * 100);
        logs::Stream s { Labels { { "app", "api" } }, {} };
        for (int i = 0; i < 50; ++i)
            s.entries.push_back({ TimestampNs(i) * 1'000'000'000, "line " + std::to_string(i) });
        store->push(logs::PushBatch { { s } });
        QStringList selectors;
        auto fetch = [&](const QString& selector, qint64 fromMs, qint64 toMs, int limit, logs::Direction direction,
                         std::function<void(std::vector<logs::Stream>)> done) {
            selectors << selector;
            done(store->selectLimited({ *Matcher::make(MatchType::Equal, "app", "api") }, msToNs(fromMs),
                msToNs(toMs) + 1'000'000, std::size_t(limit), direction));
        };
        ui::LogContextDialog dialog(s.labels, s.entries[25], fetch);
        QCOMPARE(selectors, (QStringList { u"{app=\"api\"}"_s, u"{app=\"api\"}"_s }));
        QCOMPARE(dialog.lines()->model()->rowCount(), 21);
        QCOMPARE(dialog.anchorRow(), 10);
        QTest::mouseClick(dialog.findChild<QWidget*>(u"logContextMore"_s), Qt::LeftButton);
        QCOMPARE(dialog.size(), 20);
        QCOMPARE(dialog.lines()->model()->rowCount(), 41);
        QCOMPARE(dialog.anchorRow(), 20);
    }
};

QTEST_MAIN(TestLogsView)
#include "tst_logs_view.moc"
