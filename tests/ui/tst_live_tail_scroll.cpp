// Live tail keeps the reader's place: scrolled away from the newest lines, new lines do not move the first visible
// line; at the newest end the list follows them. Newest first and oldest first, scrolled with the keyboard.
#include "core/logstore/memory_log_store.h"
#include "ui/logs/log_lines_model.h"
#include "ui/logs/log_tail.h"
#include "ui/logs/logs_panel.h"

#include <QComboBox>
#include <QListView>
#include <QScrollBar>
#include <QTest>
#include <QToolButton>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {

/// The line at the top of the list's viewport and its top edge.
std::pair<QString, int> firstVisible(const QListView* view)
{
    const QModelIndex top = view->indexAt(QPoint(1, 1));
    return { top.data(ui::LogLinesModel::LineRole).toString(), view->visualRect(top).top() };
}

QString lastVisible(const QListView* view)
{
    return view->indexAt(QPoint(1, view->viewport()->height() - 2)).data(ui::LogLinesModel::LineRole).toString();
}

} // namespace

class TestLiveTailScroll : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_store = std::make_shared<logs::MemoryLogStore>();
        m_panel = std::make_unique<ui::LogsPanel>();
        m_panel->resize(1000, 600);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
        m_panel->setTailSource(m_store);
        m_panel->setQueryText(u"{app=\"api\"}"_s);
        m_next = nowNs();
        m_count = 0;
        auto* live = m_panel->findChild<QToolButton*>(u"logsLive"_s);
        QVERIFY(live);
        QTest::mouseClick(live, Qt::LeftButton);
        QVERIFY(m_panel->tail()->isRunning());
        feed(300);
        QCOMPARE(m_panel->model()->rowCount(), 300);
    }
    void cleanup() { m_panel.reset(); }

    void newestFirstKeepsPlaceThenFollows()
    {
        QListView* view = m_panel->view();
        // At the top (the newest end): new lines come in above and the list follows them.
        QCOMPARE(firstVisible(view).first, u"line 299"_s);
        feed(5);
        QCOMPARE(firstVisible(view).first, u"line 304"_s);

        // Scrolled away from the newest lines: the first visible line stays, at the same height.
        view->setFocus();
        QTest::keyClick(view, Qt::Key_PageDown);
        QTest::keyClick(view, Qt::Key_PageDown);
        QVERIFY(view->verticalScrollBar()->value() > 0);
        const auto before = firstVisible(view);
        QVERIFY(before.first != u"line 304"_s);
        feed(40);
        QCOMPARE(m_panel->model()->rowCount(), 345);
        QCOMPARE(firstVisible(view), before);
        feed(1);
        QCOMPARE(firstVisible(view), before);

        // Back at the newest end, it follows again.
        QTest::keyClick(view, Qt::Key_Home);
        QCOMPARE(view->verticalScrollBar()->value(), view->verticalScrollBar()->minimum());
        feed(3);
        QCOMPARE(firstVisible(view).first, u"line 348"_s);
    }

    void oldestFirstKeepsPlaceThenFollows()
    {
        QListView* view = m_panel->view();
        auto* order = m_panel->findChild<QComboBox*>(u"logsOrder"_s);
        QVERIFY(order);
        order->setFocus();
        QTest::keyClick(order, Qt::Key_Down); // Oldest first
        QCOMPARE(m_panel->model()->sortOrder(), ui::LogLinesModel::SortOrder::OldestFirst);

        // At the bottom (the newest end): new lines come in below and the list follows them.
        view->setFocus();
        QTest::keyClick(view, Qt::Key_End);
        QCOMPARE(lastVisible(view), u"line 299"_s);
        feed(5);
        QCOMPARE(lastVisible(view), u"line 304"_s);

        // Scrolled up: the first visible line stays.
        QTest::keyClick(view, Qt::Key_PageUp);
        QTest::keyClick(view, Qt::Key_PageUp);
        const auto before = firstVisible(view);
        const QString current = view->currentIndex().data(ui::LogLinesModel::LineRole).toString();
        feed(40);
        QCOMPARE(firstVisible(view), before);
        QVERIFY(lastVisible(view) != u"line 344"_s);
        // The keyboard's current line stays too, so the next key moves from it.
        QCOMPARE(view->currentIndex().data(ui::LogLinesModel::LineRole).toString(), current);

        QTest::keyClick(view, Qt::Key_End);
        QCOMPARE(lastVisible(view), u"line 344"_s);
        feed(2);

        QCOMPARE(lastVisible(view), u"line 346"_s);
    }

private:
    /// Pushes `n` lines ("line N", one millisecond apart) and lets the tail deliver them.
    void feed(int n)
    {
        logs::PushBatch batch { { { Labels { { "app", "api" } }, {} } } };
        for (int i = 0; i < n; ++i) {
            batch.streams[0].entries.push_back({ m_next, "line " + std::to_string(m_count++), {} });
            m_next += 1'000'000;
        }
        m_store->push(batch);
        m_panel->tail()->poll();
    }

    std::shared_ptr<logs::MemoryLogStore> m_store;
    std::unique_ptr<ui::LogsPanel> m_panel;
    TimestampNs m_next = 0;
    int m_count = 0;
};

QTEST_MAIN(TestLiveTailScroll)
#include "tst_live_tail_scroll.moc"
