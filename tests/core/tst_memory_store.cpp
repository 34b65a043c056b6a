#include "core/logstore/memory_log_store.h"
#include "core/tsdb/memory_store.h"

#include <QTest>
#include <QThread>

#include <atomic>
#include <thread>

using namespace sg;

namespace {
Matcher eq(const char* n, const char* v) { return Matcher::make(MatchType::Equal, n, v).value(); }
Matcher re(const char* n, const char* v) { return Matcher::make(MatchType::Regex, n, v).value(); }
Labels series(const char* name, const char* status)
{
    return Labels { { "__name__", name }, { "status", status }, { "job", "api" } };
}
}

class TestMemoryStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void appendAndSelect()
    {
        tsdb::MemoryStore store;
        tsdb::AppendBatch b;
        for (int i = 0; i < 10; ++i) {
            b.samples.push_back({ series("req", "2xx"), i * 1000, double(i) });
            b.samples.push_back({ series("req", "5xx"), i * 1000, double(i * 2) });
            b.samples.push_back({ series("other", "2xx"), i * 1000, 1 });
        }
        auto stats = store.append(b);
        QCOMPARE(stats.appended, std::size_t(30));
        QCOMPARE(stats.seriesCreated, std::size_t(3));

        auto all = store.select({ eq("__name__", "req") }, 0, 100000);
        QCOMPARE(all.size(), std::size_t(2));
        auto five = store.select({ eq("__name__", "req"), re("status", "5..") }, 2000, 4000);
        QCOMPARE(five.size(), std::size_t(1));
        QCOMPARE(five[0].samples.size(), std::size_t(3)); // both ends inclusive
        QCOMPARE(five[0].samples.front().v, 4.0);
        // a matcher that accepts "" also matches series without the label
        auto none = store.select({ eq("__name__", "req"), eq("missing", "") }, 0, 100000);
        QCOMPARE(none.size(), std::size_t(2));
        QCOMPARE(store.labelValues("status"), (std::vector<std::string> { "2xx", "5xx" }));
    }
    void rejectsOutOfOrderAndDuplicates()
    {
        tsdb::MemoryStore store;
        tsdb::AppendBatch b;
        b.samples.push_back({ series("x", "a"), 2000, 1 });
        b.samples.push_back({ series("x", "a"), 1000, 1 });
        b.samples.push_back({ series("x", "a"), 2000, 1 });
        b.samples.push_back({ series("x", "a"), 2000, 5 });
        auto stats = store.append(b);
        QCOMPARE(stats.appended, std::size_t(1));
        QCOMPARE(stats.outOfOrder, std::size_t(1));
        QCOMPARE(stats.duplicates, std::size_t(1));
    }
    void readersSeeConsistentStateWhileWriting()
    {
        tsdb::MemoryStore store;
        std::atomic_bool done { false };
        std::atomic_int reads { 0 };
        std::thread writer([&] {
            for (int i = 0; i < 2000; ++i) {
                // interleave with the reader: wait for a read every 200 appends
                while (i % 200 == 0 && reads.load() < i / 200)
                    std::this_thread::yield();
                tsdb::AppendBatch b;
                b.samples.push_back({ series("c", "a"), i * 1000, double(i) });
                b.samples.push_back({ series("c", "b"), i * 1000, double(i) });
                store.append(b);
            }
            done = true;
        });
        while (!done) {
            auto s = store.select({ eq("__name__", "c") }, 0, 1LL << 40);
            for (const auto& x : s)
                for (std::size_t k = 1; k < x.samples.size(); ++k)
                    QVERIFY(x.samples[k].t > x.samples[k - 1].t);
            ++reads;
        }
        writer.join();
        QVERIFY(reads >= 10);
        QCOMPARE(store.sampleCount(), std::size_t(4000));
    }
    void logsOrderAndWindow()
    {
        logs::MemoryLogStore store(60'000);
        Labels l { { "app", "x" } };
        logs::PushBatch b;
        b.streams.push_back({ l, { { msToNs(100'000), "c" }, { msToNs(90'000), "b" }, { msToNs(10'000), "old" } } });
        auto stats = store.push(b);
        QCOMPARE(stats.accepted, std::size_t(2));
        QCOMPARE(stats.outOfOrder, std::size_t(1));
        auto s = store.select({ eq("app", "x") }, 0, msToNs(100'000));
        QCOMPARE(s.size(), std::size_t(1));
        QCOMPARE(s[0].entries.size(), std::size_t(1)); // end is exclusive
        QCOMPARE(s[0].entries[0].line, std::string("b"));
        s = store.select({ eq("app", "x") }, 0, msToNs(200'000));
        QCOMPARE(s[0].entries.size(), std::size_t(2));
        QCOMPARE(store.labelNames(), (std::vector<std::string> { "app" }));
    }
};

QTEST_GUILESS_MAIN(TestMemoryStore)
#include "tst_memory_store.moc"
