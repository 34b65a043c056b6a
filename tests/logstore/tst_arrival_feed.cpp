// ArrivalFeed: what a tail follows. Entries in arrival order, recorded only while followed, bounded, with a count
// of what a slow follower missed; both stores feed it.
#include "log_store_testing.h"

#include "core/logstore/arrival_feed.h"
#include "core/logstore/memory_log_store.h"
#include "core/logstore/store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace sg;
using namespace sg::logs;
using namespace sg::logs::testing;

namespace {

PushBatch batchOf(const std::string& app, std::vector<std::pair<TimestampNs, std::string>> entries)
{
    Stream s { Labels { { "app", app } }, {} };
    for (auto& [ts, line] : entries)
        s.entries.push_back(LogEntry { Base + ts * Sec, std::move(line), {} });
    return PushBatch { { std::move(s) } };
}

QStringList linesOf(const ArrivalFeed::Read& r)
{
    QStringList out;
    for (const auto& s : r.streams)
        for (const auto& e : s.entries)
            out << QString::fromStdString(s.labels.get("app").data() + std::string(":") + e.line);
    return out;
}

} // namespace

class TestArrivalFeed : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void followsInArrivalOrderWithMatchersAndLimits()
    {
        ArrivalFeed feed;
        std::vector<LogEntry> early { LogEntry { 1, "unseen", {} } };
        std::vector<const LogEntry*> ptrs { &early[0] };
        feed.record(Labels { { "app", "a" } }, ptrs); // nobody follows: not kept
        std::uint64_t cursor = 0;
        auto sub = feed.follow(&cursor);
        QVERIFY(feed.active());
        std::vector<LogEntry> a { { 30, "a1", {} }, { 10, "a2 late", {} } };
        std::vector<LogEntry> b { { 20, "b1", {} } };
        feed.record(Labels { { "app", "a" } }, std::vector<const LogEntry*> { &a[0], &a[1] });
        feed.record(Labels { { "app", "b" } }, std::vector<const LogEntry*> { &b[0] });
        const auto appA = selector("app", "a");
        auto first = feed.since(&cursor, appA, 1);
        QCOMPARE(linesOf(first), QStringList { u"a:a1"_qs });
        auto rest = feed.since(&cursor, appA, 100);
        QCOMPARE(linesOf(rest), QStringList { u"a:a2 late"_qs }); // arrival order, not time order
        QCOMPARE(linesOf(feed.since(&cursor, appA, 100)), QStringList {});
        std::uint64_t other = 0;
        auto sub2 = feed.follow(&other);
        QCOMPARE(linesOf(feed.since(&other, {}, 100)), QStringList {}); // a new follower starts at the end
        sub.reset();
        sub2.reset();
        QVERIFY(!feed.active());
    }

    void slowFollowerIsToldWhatItMissed()
    {
        ArrivalFeed feed(4096); // a few entries' worth
        std::uint64_t cursor = 0;
        auto sub = feed.follow(&cursor);
        std::vector<LogEntry> entries;
        for (int i = 0; i < 200; ++i)
            entries.push_back(LogEntry { i, std::string(100, 'x') + std::to_string(i), {} });
        for (const auto& e : entries)
            feed.record(Labels { { "app", "a" } }, std::vector<const LogEntry*> { &e });
        auto r = feed.since(&cursor, {}, 1000);
        const auto got = std::size_t(linesOf(r).size());
        QVERIFY(got > 0 && got < 200);
        QCOMPARE(r.missed + got, std::uint64_t(200));
        QVERIFY(linesOf(r).last().endsWith(u"199"_qs));
    }

    void storesFeedAcceptedEntriesOnly_data()
    {
        QTest::addColumn<bool>("persistent");
        QTest::addRow("memory") << false;
        QTest::addRow("persistent") << true;
    }
    void storesFeedAcceptedEntriesOnly()
    {
        QFETCH(bool, persistent);
        QTemporaryDir dir;
        std::unique_ptr<Store> disk;
        std::unique_ptr<MemoryLogStore> memory;
        LogQuerier* querier = nullptr;
        if (persistent) {
            auto opened = Store::open(dir.path().toStdString());
            QVERIFY(opened.ok());
            disk = std::move(opened.value());
            querier = disk.get();
        } else {
            memory = std::make_unique<MemoryLogStore>();
            querier = memory.get();
        }
        auto push = [&](PushBatch b) { return persistent ? disk->push(std::move(b)) : memory->push(b); };
        QVERIFY(querier->arrivals());
        push(batchOf("x", { { 5000, "before" } }));
        std::uint64_t cursor = 0;
        auto sub = querier->arrivals()->follow(&cursor);
        push(batchOf("x", { { 5001, "one" }, { 5002, "two" } }));
        const auto stats = push(batchOf("x", { { 1000, "too old" }, { 4999, "late but inside the window" } }));
        QCOMPARE(stats.outOfOrder, std::size_t(1));
        QCOMPARE(linesOf(querier->arrivals()->since(&cursor, selector("app", "x"), 100)),
            (QStringList { u"x:one"_qs, u"x:two"_qs, u"x:late but inside the window"_qs }));
    }
};

QTEST_GUILESS_MAIN(TestArrivalFeed)
#include "tst_arrival_feed.moc"
