// The log store's write path: group commit of concurrent pushes, heads sealed and cut in the background while
// queries run, compressed WAL records (and the uncompressed ones of earlier versions), WAL clean-up, backpressure.
#include "log_store_testing.h"

#include "core/common/crc32c.h"
#include "core/logstore/store.h"

#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

using namespace sg;
using namespace sg::logs;
using namespace sg::logs::testing;

namespace {

/// `count` entries of stream {app="api", pusher=P} numbered from `first`; lines are about 120 bytes.
PushBatch batchOf(int pusher, int first, int count)
{
    Stream s { Labels { { "app", "api" }, { "pusher", std::to_string(pusher) } }, {} };
    for (int i = first; i < first + count; ++i)
        s.entries.push_back(LogEntry { Base + TimestampNs(i) * 1000,
            "level=info n=" + std::to_string(i) + " msg=\"request served\" path=/api/v1/orders trace=0123456789abcdef", {} });
    return PushBatch { { std::move(s) } };
}

std::uint64_t dirBytes(const std::string& dir)
{
    std::uint64_t n = 0;
    for (const auto& de : std::filesystem::directory_iterator(dir))
        n += de.is_regular_file() ? de.file_size() : 0;
    return n;
}

} // namespace

class TestLogStoreWrites : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void concurrentPushesAreGroupCommitted()
    {
        QTemporaryDir dir;
        StoreOptions o;
        o.chunkTargetBytes = 32 * 1024; // many cuts while pushing
        constexpr int Pushers = 8, Pushes = 100, PerPush = 20;
        {
            auto store = Store::open(dir.path().toStdString(), o);
            QVERIFY(store.ok());
            std::atomic<std::size_t> accepted { 0 };
            std::vector<std::thread> threads;
            for (int p = 0; p < Pushers; ++p)
                threads.emplace_back([&, p] {
                    for (int k = 0; k < Pushes; ++k)
                        accepted += (*store)->push(batchOf(p, k * PerPush, PerPush)).accepted;
                });
            for (auto& t : threads)
                t.join();
            QCOMPARE(accepted.load(), std::size_t(Pushers * Pushes * PerPush));
            const auto st = (*store)->stats();
            QCOMPARE(st.pushes, std::uint64_t(Pushers * Pushes));
            // Pushers that wait while a sync runs share the next one.
            qInfo("%llu pushes, %llu WAL syncs", qulonglong(st.pushes), qulonglong(st.walSyncs));
            QVERIFY2(st.walSyncs < st.pushes, qPrintable(QString::number(st.walSyncs)));
            // Every acknowledged entry is readable, once, in order.
            for (int p = 0; p < Pushers; ++p) {
                auto got = (*store)->select(selector("pusher", std::to_string(p)), 0, All);
                QCOMPARE(got.size(), std::size_t(1));
                QCOMPARE(got[0].entries.size(), std::size_t(Pushes * PerPush));
                for (std::size_t i = 0; i < got[0].entries.size(); ++i)
                    QCOMPARE(got[0].entries[i].ts, Base + TimestampNs(i) * 1000);
            }
        }
        auto reopened = Store::open(dir.path().toStdString(), o);
        QVERIFY(reopened.ok());
        QCOMPARE((*reopened)->entryCount(), std::size_t(Pushers * Pushes * PerPush));
        QCOMPARE((*reopened)->replayReport().records, std::size_t(0)); // everything was cut on close
    }

    void queriesSeeEveryAcknowledgedEntryWhileHeadsAreCut()
    {
        QTemporaryDir dir;
        StoreOptions o;
        o.chunkTargetBytes = 16 * 1024;
        auto store = Store::open(dir.path().toStdString(), o);
        QVERIFY(store.ok());
        std::atomic<std::size_t> acknowledged { 0 };
        std::atomic<bool> stop { false };
        std::atomic<int> violations { 0 }, reads { 0 };
        std::thread reader([&] {
            std::size_t last = 0;
            while (!stop) {
                const std::size_t before = acknowledged;
                const auto n = totalEntries((*store)->select(selector("app", "api"), 0, All));
                // Nothing acknowledged before the read may be missing, and nothing read may vanish later.
                if (n < before || n < last)
                    ++violations;
                last = n;
                ++reads;
            }
        });
        for (int k = 0; k < 400; ++k) {
            const auto stats = (*store)->push(batchOf(0, k * 25, 25));
            acknowledged += stats.accepted;
        }
        QTRY_VERIFY_WITH_TIMEOUT(reads > 20, 10000);
        stop = true;
        reader.join();
        QCOMPARE(violations.load(), 0);
        QVERIFY((*store)->waitForCuts().ok());
        const auto st = (*store)->stats();
        QVERIFY(st.chunks > 10);
        QCOMPARE(st.pendingCutBytes, std::size_t(0));
        QCOMPARE(totalEntries((*store)->select(selector("app", "api"), 0, All)), std::size_t(400 * 25));
    }

    void walRecordsAreCompressedAndReplayed()
    {
        QTemporaryDir dir;
        StoreOptions o;
        o.flushOnClose = false; // the next open must replay the WAL
        const auto batch = batchOf(1, 0, 2000);
        std::size_t raw = 0;
        for (const auto& e : batch.streams[0].entries)
            raw += e.line.size();
        {
            auto store = Store::open(dir.path().toStdString(), o);
            QVERIFY(store.ok());
            QCOMPARE((*store)->push(batch).accepted, std::size_t(2000));
        }
        const auto walBytes = dirBytes(dir.path().toStdString() + "/wal");
        qInfo("%zu bytes of lines, %llu bytes of WAL", raw, qulonglong(walBytes));
        QVERIFY(walBytes > 0);
        QVERIFY2(walBytes < raw / 4, qPrintable(QString::number(walBytes)));
        auto store = Store::open(dir.path().toStdString(), o);
        QVERIFY(store.ok());
        QCOMPARE((*store)->replayReport().records, std::size_t(1));
        QVERIFY((*store)->replayReport().truncationReason.empty());
        auto got = (*store)->select(selector("pusher", "1"), 0, All);
        QCOMPARE(got.size(), std::size_t(1));
        QCOMPARE(got[0].entries.size(), std::size_t(2000));
        QCOMPARE(got[0].entries[1234].line, batch.streams[0].entries[1234].line);
    }

    void uncompressedRecordsOfEarlierVersionsReplay()
    {
        QTemporaryDir dir;
        const auto batch = batchOf(2, 0, 300);
        WalStream ws { &batch.streams[0].labels, {} };
        for (const auto& e : batch.streams[0].entries)
            ws.entries.push_back(&e);
        const std::string body = encodeWalBatch(7, { ws });
        std::filesystem::create_directories(dir.path().toStdString() + "/wal");
        {
            std::ofstream f(dir.path().toStdString() + "/wal/00000001.wal", std::ios::binary);
            const auto len = std::uint32_t(body.size());
            const auto crc = crc32c(body);
            f.write(reinterpret_cast<const char*>(&len), 4);
            f.write(reinterpret_cast<const char*>(&crc), 4);
            f.write(body.data(), std::streamsize(body.size()));
        }
        auto store = Store::open(dir.path().toStdString());
        QVERIFY(store.ok());
        QCOMPARE((*store)->replayReport().records, std::size_t(1));
        QCOMPARE((*store)->replayReport().lastSeq, std::uint64_t(7));
        auto got = (*store)->select(selector("pusher", "2"), 0, All);
        QCOMPARE(got.size(), std::size_t(1));
        QCOMPARE(got[0].entries.size(), std::size_t(300));
        // New records continue the sequence.
        QCOMPARE((*store)->push(batchOf(2, 300, 10)).accepted, std::size_t(10));
    }

    void walIsEmptyOnceEverythingIsInChunks()
    {
        QTemporaryDir dir;
        StoreOptions o;
        o.walSegmentBytes = 64 * 1024; // several segments, the last one still open at close
        {
            auto store = Store::open(dir.path().toStdString(), o);
            QVERIFY(store.ok());
            for (int k = 0; k < 50; ++k)
                QCOMPARE((*store)->push(batchOf(3, k * 200, 200)).accepted, std::size_t(200));
            QVERIFY(dirBytes(dir.path().toStdString() + "/wal") > 0);
        }
        QCOMPARE(dirBytes(dir.path().toStdString() + "/wal"), std::uint64_t(0));
        auto store = Store::open(dir.path().toStdString(), o);
        QVERIFY(store.ok());
        QCOMPARE((*store)->entryCount(), std::size_t(50 * 200));
    }

    void pushesWaitForTheCutterBeyondThePendingLimit()
    {
        QTemporaryDir dir;
        StoreOptions o;
        o.chunkTargetBytes = 8 * 1024;
        o.maxPendingCutBytes = 1; // every push that seals a head waits until it is in a chunk
        auto store = Store::open(dir.path().toStdString(), o);
        QVERIFY(store.ok());
        std::size_t chunks = 0;
        for (int k = 0; k < 20; ++k) {
            QCOMPARE((*store)->push(batchOf(4, k * 100, 100)).accepted, std::size_t(100));
            const auto st = (*store)->stats();
            QCOMPARE(st.pendingCutBytes, std::size_t(0));
            QVERIFY(st.chunks > chunks); // each push of ~12 KiB seals and cuts before it returns
            chunks = st.chunks;
        }
    }
};

QTEST_GUILESS_MAIN(TestLogStoreWrites)
#include "tst_log_store_writes.moc"
