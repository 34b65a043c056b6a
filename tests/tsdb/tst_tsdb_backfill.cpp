// The store's backfill path on real files: series by ref, samples without the WAL, persisted on demand,
// readable after reopen; nothing is kept when the backfill is not persisted.
#include "core/tsdb/store.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

using namespace sg;
using namespace sg::tsdb;

namespace {
Labels series(int i)
{
    return Labels { { "__name__", "temp" }, { "instance", "host" + std::to_string(i) } };
}
StoreOptions backfillOptions()
{
    StoreOptions o;
    o.backfill = true;
    o.persistOnClose = false;
    o.retention = 0;
    return o;
}
}

class TestTsdbBackfill : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void backfillSeriesBySeriesThenPersist()
    {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString();
        {
            auto store = Store::open(path, backfillOptions());
            QVERIFY(store.ok());
            // grouped by series, each spanning 10 h: no block range cut, one persistence at the end
            for (int i = 0; i < 3; ++i) {
                bool created = false;
                const SeriesRef ref = store.value()->backfillSeries(series(i), created);
                QVERIFY(created);
                std::vector<WalSample> samples;
                for (int step = 0; step < 2400; ++step)
                    samples.push_back({ ref, step * 15000LL, double(step + i) / 100 });
                samples.push_back({ ref, 0, 7.0 }); // out of order
                const AppendStats stats = store.value()->backfill(samples);
                QCOMPARE(stats.appended, std::size_t(2400));
                QCOMPARE(stats.outOfOrder + stats.duplicates, std::size_t(1));
                QVERIFY(stats.error.empty());
            }
            bool created = true;
            QCOMPARE(store.value()->backfillSeries(series(1), created), SeriesRef(1));
            QVERIFY(!created);
            QCOMPARE(store.value()->stats().walBytes, std::uint64_t(0));
            QVERIFY(!store.value()->persist());
        }
        auto store = Store::open(path);
        QVERIFY(store.ok());
        QCOMPARE(store.value()->sampleCount(), std::size_t(3 * 2400));
        const auto got = store.value()->select({ Matcher::make(MatchType::Equal, "instance", "host2").value() }, 0,
            std::numeric_limits<TimestampMs>::max());
        QCOMPARE(got.size(), std::size_t(1));
        QCOMPARE(got[0].samples.size(), std::size_t(2400));
        QCOMPARE(got[0].samples[100].t, TimestampMs(1500000));
        QCOMPARE(got[0].samples[100].v, 1.02);
    }

    void unknownRefIsAnError()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.path().toStdString(), backfillOptions());
        QVERIFY(store.ok());
        const AppendStats stats = store.value()->backfill({ WalSample { 5, 1000, 1.0 } });
        QVERIFY(!stats.error.empty());
        QCOMPARE(stats.appended, std::size_t(0));
    }

    void notPersistedLeavesNothing()
    {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString();
        {
            auto store = Store::open(path, backfillOptions());
            QVERIFY(store.ok());
            bool created = false;
            const SeriesRef ref = store.value()->backfillSeries(series(0), created);
            QCOMPARE(store.value()->backfill({ WalSample { ref, 1000, 1.0 } }).appended, std::size_t(1));
        }
        auto store = Store::open(path);
        QVERIFY(store.ok());
        QCOMPARE(store.value()->sampleCount(), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestTsdbBackfill)
#include "tst_tsdb_backfill.moc"
