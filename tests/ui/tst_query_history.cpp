#include "ui/query_editor/query_history.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {

constexpr auto PromQL = langsvc::Language::PromQL;
constexpr auto LogQL = langsvc::Language::LogQL;

QStringList queries(const QList<ui::HistoryEntry>& entries)
{
    QStringList out;
    for (const auto& e : entries)
        out << e.query;
    return out;
}

} // namespace

class TestQueryHistory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void newestFirstWithoutDuplicates()
    {
        ui::QueryHistory h({});
        QSignalSpy changed(&h, &ui::QueryHistory::changed);
        h.add(PromQL, u"up"_s, 1000);
        h.add(PromQL, u"sum(up)"_s, 2000);
        h.add(PromQL, u"  up\n"_s, 3000); // the same query again, trimmed
        h.add(PromQL, u"   "_s, 4000);    // nothing to keep
        QCOMPARE(queries(h.entries(PromQL)), (QStringList { u"up"_s, u"sum(up)"_s }));
        QCOMPARE(h.entries(PromQL).front().lastRunMs, 3000);
        QCOMPARE(changed.count(), 3);
    }
    void languagesApart()
    {
        ui::QueryHistory h({});
        h.add(PromQL, u"up"_s);
        h.add(LogQL, u"{app=\"api\"}"_s);
        h.add(LogQL, u"up"_s);
        QCOMPARE(queries(h.entries(PromQL)), (QStringList { u"up"_s }));
        QCOMPARE(queries(h.entries(LogQL)), (QStringList { u"up"_s, u"{app=\"api\"}"_s }));
        h.setStarred(LogQL, u"up"_s, true);
        QVERIFY(!h.isStarred(PromQL, u"up"_s));
    }
    void starredFirstAndSearch()
    {
        ui::QueryHistory h({});
        h.add(PromQL, u"rate(http_requests_total[5m])"_s, 1);
        h.add(PromQL, u"up"_s, 2);
        h.add(PromQL, u"sum by (job) (rate(HTTP_errors_total[5m]))"_s, 3);
        QVERIFY(h.setStarred(PromQL, u"rate(http_requests_total[5m])"_s, true));
        QVERIFY(!h.setStarred(PromQL, u"never ran"_s, true));
        QCOMPARE(queries(h.entries(PromQL)),
            (QStringList { u"rate(http_requests_total[5m])"_s, u"sum by (job) (rate(HTTP_errors_total[5m]))"_s, u"up"_s }));
        QCOMPARE(queries(h.entries(PromQL, u"http_"_s)),
            (QStringList { u"rate(http_requests_total[5m])"_s, u"sum by (job) (rate(HTTP_errors_total[5m]))"_s }));
        // Running a starred query again keeps its star.
        h.add(PromQL, u"rate(http_requests_total[5m])"_s, 4);
        QVERIFY(h.isStarred(PromQL, u"rate(http_requests_total[5m])"_s));
        h.remove(PromQL, u"up"_s);
        QCOMPARE(h.entries(PromQL, u"up"_s).size(), 0);
    }
    void capDropsOldestUnstarred()
    {
        ui::QueryHistory h({});
        h.setCapacity(3);
        h.add(PromQL, u"q0"_s);
        h.setStarred(PromQL, u"q0"_s, true);
        for (int i = 1; i <= 5; ++i)
            h.add(PromQL, u"q%1"_s.arg(i));
        h.add(LogQL, u"l0"_s);
        QCOMPARE(queries(h.entries(PromQL)), (QStringList { u"q0"_s, u"q5"_s, u"q4"_s, u"q3"_s }));
        QCOMPARE(h.entries(LogQL).size(), 1);
    }
    void persistsAcrossInstances()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"sub/history.json"_s);
        {
            ui::QueryHistory h(path);
            h.add(PromQL, u"up"_s, 10);
            h.add(PromQL, u"sum(up)"_s, 20);
            h.add(LogQL, u"{app=\"é\"} |= \"x\""_s, 30);
            h.setStarred(PromQL, u"up"_s, true);
        }
        QVERIFY(QFile::exists(path));
        ui::QueryHistory again(path);
        QCOMPARE(queries(again.entries(PromQL)), (QStringList { u"up"_s, u"sum(up)"_s }));
        QVERIFY(again.isStarred(PromQL, u"up"_s));
        QCOMPARE(again.entries(PromQL).back().lastRunMs, 20);
        QCOMPARE(queries(again.entries(LogQL)), (QStringList { u"{app=\"é\"} |= \"x\""_s }));
        // Another window's run shows after reload.
        ui::QueryHistory other(path);
        other.add(PromQL, u"count(up)"_s, 40);
        QVERIFY(again.reload());
        QCOMPARE(again.entries(PromQL).size(), 3);
    }
    void unreadableFileStartsEmpty()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.json"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{ not json");
        f.close();
        ui::QueryHistory h(path);
        QVERIFY(h.entries(PromQL).isEmpty());
        QVERIFY(!h.reload());
    }
};

QTEST_GUILESS_MAIN(TestQueryHistory)
#include "tst_query_history.moc"
