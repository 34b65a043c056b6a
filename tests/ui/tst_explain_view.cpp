// The Explain pane: the tree appears at once, the evaluation fills the series/lines and time columns from a worker
// thread, a click on a node reports its range in the query, and a newer query replaces a running one.

#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/tsdb/memory_store.h"
#include "tests/common/explain_data.h"
#include "ui/query_editor/explain_view.h"

#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace sg;
using namespace Qt::StringLiterals;

class TestExplainView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        auto metrics = std::make_shared<tsdb::MemoryStore>();
        QVERIFY(metrics->append(testing::explainMetrics()).error.empty());
        auto logStore = std::make_shared<logs::MemoryLogStore>();
        logStore->push(testing::explainLogs());
        m_client = std::make_unique<services::QueryClient>(metrics, logStore);
    }

    void evaluatesAndReportsClicks()
    {
        ui::ExplainView view;
        view.resize(1000, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setQueryClient(m_client.get());
        QSignalSpy evaluated(&view, &ui::ExplainView::evaluated);
        view.explain(logql::QueryLanguage::PromQL, u"a / on(job) b"_s, testing::ExplainAt - 3'600'000, testing::ExplainAt);
        // The tree is there before the evaluation comes back.
        QTreeWidgetItem* root = view.tree()->topLevelItem(0);
        QVERIFY(root);
        QCOMPARE(root->text(ui::ExplainView::ExpressionColumn), u"a / on (job) b"_s);
        QCOMPARE(root->text(ui::ExplainView::DescriptionColumn), u"left divided by right, matching on job"_s);
        QCOMPARE(root->childCount(), 2);
        QVERIFY(evaluated.wait(10'000));
        root = view.tree()->topLevelItem(0);
        QCOMPARE(root->text(ui::ExplainView::ResultColumn), u"1 series, matched 1/2 ↔ 1/2"_s);
        QVERIFY(root->text(ui::ExplainView::TimeColumn).endsWith(u" ms"_s));
        QVERIFY(root->toolTip(ui::ExplainView::ResultColumn).contains(u"unmatched left: a{job=\"db\"}"_s));
        QCOMPARE(root->child(1)->text(ui::ExplainView::ResultColumn), u"2 series"_s);

        QSignalSpy activated(&view, &ui::ExplainView::nodeActivated);
        const QRect rect = view.tree()->visualItemRect(root->child(1));
        QTest::mouseClick(view.tree()->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).toInt(), 12);
        QCOMPARE(activated.at(0).at(1).toInt(), 13);
    }

    void newerQueryWins()
    {
        ui::ExplainView view;
        view.setQueryClient(m_client.get());
        QSignalSpy evaluated(&view, &ui::ExplainView::evaluated);
        view.explain(logql::QueryLanguage::PromQL, u"sum(rate(http_requests_total[5m]))"_s, 0, testing::ExplainAt);
        view.explain(logql::QueryLanguage::LogQL, u"{app=\"api\"} | json"_s, testing::ExplainAt - 3'600'000,
            testing::ExplainAt);
        QVERIFY(evaluated.wait(10'000));
        QTest::qWait(100); // a stale answer, had it been delivered, would have come by now
        QCOMPARE(evaluated.size(), 1);
        QTreeWidgetItem* root = view.tree()->topLevelItem(0);
        QCOMPARE(root->text(ui::ExplainView::ExpressionColumn), u"{app=\"api\"} | json"_s);
        QCOMPARE(root->text(ui::ExplainView::ResultColumn), u"7 → 7 lines"_s);
        QVERIFY(root->toolTip(ui::ExplainView::ResultColumn).contains(u"__error__=JSONParserErr: 2 lines"_s));
        QCOMPARE(root->child(0)->text(ui::ExplainView::ResultColumn), u"7 lines"_s);
        QVERIFY(!view.isEvaluating());
    }

    void parseErrorShownInTree()
    {
        ui::ExplainView view;
        view.setQueryClient(m_client.get());
        view.explain(logql::QueryLanguage::PromQL, u"sum(rate(x[5m])"_s, 0, testing::ExplainAt);
        QCOMPARE(view.tree()->topLevelItemCount(), 1);
        QCOMPARE(view.tree()->topLevelItem(0)->text(0), u"Parse error: unclosed left parenthesis"_s);
        QVERIFY(!view.isEvaluating());
    }

private:
    std::unique_ptr<services::QueryClient> m_client;
};

QTEST_MAIN(TestExplainView)
#include "tst_explain_view.moc"
