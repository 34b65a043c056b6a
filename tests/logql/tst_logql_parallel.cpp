// Range aggregations over many entries run their pipeline on several threads, one stream at a time, and merge
// the streams' series in stream order: answers must be exactly those of one thread, including which of several
// samples at the same timestamp comes first, and errors and cancellation must come back from the workers.
#include "core/logql/engine.h"
#include "core/logstore/memory_log_store.h"

#include <QTest>

#include <atomic>

using namespace sg;

namespace {

constexpr TimestampNs Base = 1'700'000'000'000'000'000;
constexpr TimestampNs Sec = 1'000'000'000;
constexpr int Shards = 4;
constexpr int PerShard = 8'000; // 32,000 entries: above the parallel threshold

std::unique_ptr<logs::MemoryLogStore> makeStore()
{
    auto store = std::make_unique<logs::MemoryLogStore>(3600'000, 30LL * 24 * 3600'000);
    for (int shard = Shards - 1; shard >= 0; --shard) { // created in reverse label order
        logs::Stream s { Labels { { "app", "p" }, { "shard", std::to_string(shard) } }, {} };
        for (int i = 0; i < PerShard; ++i) // every shard has entries at the same timestamps
            s.entries.push_back(logs::LogEntry { Base + TimestampNs(i) * Sec,
                "level=info v=" + std::to_string(shard * 100'000 + i + 1) + " msg=\"request served\"", {} });
        store->push(logs::PushBatch { { std::move(s) } });
    }
    return store;
}

logql::QueryParams at(TimestampNs t)
{
    logql::QueryParams p;
    p.start = p.end = t;
    return p;
}

double single(const logql::QueryResult& r)
{
    return r.value.vector.size() == 1 ? r.value.vector.front().v : -1;
}

} // namespace

class TestLogqlParallel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sameAnswersAsOneThread()
    {
        auto store = makeStore();
        logql::Engine engine;
        const TimestampNs end = Base + TimestampNs(PerShard - 1) * Sec;
        // The order one thread processes streams in: the order select returns them.
        const auto order = store->select({ Matcher::make(MatchType::Equal, "app", "p").value() }, 0, end + 1);
        QCOMPARE(order.size(), std::size_t(Shards));
        const double firstOfFirst = std::stod(order.front().entries.front().line.substr(13));
        const double lastOfLast = std::stod(order.back().entries.back().line.substr(13));

        for (int run = 0; run < 5; ++run) {
            auto first = engine.query(*store, R"(first_over_time({app="p"} | logfmt | unwrap v [3h]) by (app))", at(end));
            QVERIFY2(first.ok(), first.ok() ? "" : first.error().message.c_str());
            QCOMPARE(single(*first), firstOfFirst);
            auto last = engine.query(*store, R"(last_over_time({app="p"} | logfmt | unwrap v [3h]) by (app))", at(end));
            QVERIFY(last.ok());
            QCOMPARE(single(*last), lastOfLast);
        }
        // Counts through a parser and numeric label filters, against a count made here.
        std::size_t expected = 0;
        for (int shard = 0; shard < Shards; ++shard)
            for (int i = 0; i < PerShard; ++i) {
                const int v = shard * 100'000 + i + 1;
                expected += (v > 200'000 && v < 200'500) || (v % 1000 == 7 && v >= 1000); // "7" is no "...007"
            }
        auto count = engine.query(*store,
            R"(sum(count_over_time({app="p"} | logfmt | v > 200000 and v < 200500 or v =~ ".*007" [3h])))", at(end));
        QVERIFY2(count.ok(), count.ok() ? "" : count.error().message.c_str());
        QCOMPARE(single(*count), double(expected));
    }

    void errorsAndCancellationComeBackFromTheWorkers()
    {
        auto store = makeStore();
        logql::Engine engine;
        const TimestampNs end = Base + TimestampNs(PerShard - 1) * Sec;
        // logfmt lines through `json`: every entry gets JSONParserErr, which a metric query reports.
        auto bad = engine.query(*store, R"(sum(count_over_time({app="p"} | json [3h])))", at(end));
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().message.find("JSONParserErr") != std::string::npos, bad.error().message.c_str());
        std::atomic_bool cancel { true };
        auto params = at(end);
        params.cancel = &cancel;
        auto cancelled = engine.query(*store, R"(sum(count_over_time({app="p"} | logfmt [3h])))", params);
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error().code, ErrorCode::Canceled);
    }
};

QTEST_GUILESS_MAIN(TestLogqlParallel)
#include "tst_logql_parallel.moc"
