#include "log_store_testing.h"
#include "tests/common/file_listing.h"

#include "core/logql/engine.h"
#include "core/logstore/store.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <set>

using namespace sg;
using namespace sg::logs;
using namespace sg::logs::testing;

namespace {

PushBatch batchOf(const Labels& labels, TimestampNs from, int count, TimestampNs step, const std::string& prefix = "line")
{
    Stream s { labels, {} };
    for (int i = 0; i < count; ++i)
        s.entries.push_back(LogEntry { from + i * step, prefix + " " + std::to_string(i) + " level=info path=/api/v1", {} });
    return PushBatch { { std::move(s) } };
}

} // namespace

class TestLogStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void streamLimit()
    {
        // New streams beyond maxStreams are rejected and counted, before and after a reopen; existing ones still
        // take entries.
        QTemporaryDir dir;
        StoreOptions o;
        o.maxStreams = 3;
        for (int round = 0; round < 2; ++round) {
            auto store = Store::open(dir.path().toStdString(), o);
            QVERIFY(store.ok());
            PushBatch batch;
            for (int i = 0; i < 5; ++i)
                batch.streams.push_back(
                    batchOf(Labels { { "id", std::to_string(i) } }, Base + round * 100 * Sec, 10, Sec).streams[0]);
            const auto stats = (*store)->push(batch);
            QCOMPARE(stats.accepted, std::size_t(30));
            QCOMPARE(stats.streamLimited, std::size_t(20));
            QCOMPARE((*store)->streamCount(), std::size_t(3));
            QCOMPARE((*store)->stats().rejectedStreamLimit, std::uint64_t(20));
        }
    }

    void walReplayAfterClose()
    {
        QTemporaryDir dir;
        StoreOptions o;
        o.flushOnClose = false; // leave everything in heads: only the WAL carries it
        Labels a { { "app", "api" } };
        {
            auto store = Store::open(dir.path().toStdString(), o);
            QVERIFY(store.ok());
            QCOMPARE((*store)->push(batchOf(a, Base, 100, Sec)).accepted, std::size_t(100));
            QCOMPARE((*store)->push(batchOf(a, Base + 100 * Sec, 50, Sec)).accepted, std::size_t(50));
            QCOMPARE((*store)->stats().chunks, std::size_t(0));
        }
        auto store = Store::open(dir.path().toStdString(), o);
        QVERIFY(store.ok());
        QCOMPARE((*store)->replayReport().records, std::size_t(2));
        QVERIFY((*store)->replayReport().truncationReason.empty());
        auto got = (*store)->select(selector("app", "api"), 0, All);
        QCOMPARE(got.size(), std::size_t(1));
        QCOMPARE(got[0].entries.size(), std::size_t(150));
        QCOMPARE(got[0].entries[149].ts, Base + 149 * Sec);
        QCOMPARE((*store)->labelValues("app"), std::vector<std::string> { "api" });
    }

    void corruptedWalTailTruncated()
    {
        QTemporaryDir dir;
        StoreOptions o;
        o.flushOnClose = false;
        Labels a { { "app", "api" } };
        {
            auto store = Store::open(dir.path().toStdString(), o);
            QVERIFY(store.ok());
            (*store)->push(batchOf(a, Base, 10, Sec));
            (*store)->push(batchOf(a, Base + 10 * Sec, 10, Sec));
        }
        // Tear the last record: drop its final bytes, then add garbage after a valid prefix.
        std::string walFile;
        for (const auto& de : std::filesystem::directory_iterator(dir.path().toStdString() + "/wal"))
            if (std::filesystem::file_size(de.path()) > 0)
                walFile = de.path().string();
        QVERIFY(!walFile.empty());
        const auto size = std::filesystem::file_size(walFile);
        std::filesystem::resize_file(walFile, size - 7);
        {
            std::ofstream out(walFile, std::ios::app | std::ios::binary);
            out << "garbage!";
        }
        auto store = Store::open(dir.path().toStdString(), o);
        QVERIFY(store.ok());
        const auto& rep = (*store)->replayReport();
        QCOMPARE(rep.records, std::size_t(1));
        QVERIFY(!rep.truncationReason.empty());
        QVERIFY(rep.truncatedBytes > 0);
        QCOMPARE(totalEntries((*store)->select(selector("app", "api"), 0, All)), std::size_t(10));
        // The file was cut at the last good record: new pushes append after it and survive.
        QCOMPARE((*store)->push(batchOf(a, Base + 30 * Sec, 5, Sec)).accepted, std::size_t(5));
        store = Error {};
        store = Store::open(dir.path().toStdString(), o);
        QVERIFY(store.ok());
        QVERIFY((*store)->replayReport().truncationReason.empty());
        QCOMPARE(totalEntries((*store)->select(selector("app", "api"), 0, All)), std::size_t(15));
    }

    void readOnlyOpenWritesNothing()
    {
        QTemporaryDir dir;
        StoreOptions o;
        o.flushOnClose = false;
        Labels a { { "app", "api" } };
        Labels b { { "app", "db" } };
        {
            auto store = Store::open(dir.path().toStdString(), o);
            QVERIFY(store.ok());
            (*store)->push(batchOf(a, Base, 10, Sec));
            QVERIFY((*store)->flush().ok()); // into a chunk
            (*store)->push(batchOf(a, Base + 10 * Sec, 5, Sec));
            (*store)->push(batchOf(b, Base, 3, Sec)); // a stream only the WAL knows
        }
        std::string walFile;
        for (const auto& de : std::filesystem::directory_iterator(dir.path().toStdString() + "/wal"))
            if (std::filesystem::file_size(de.path()) > 0)
                walFile = de.path().string();
        {
            std::ofstream out(walFile, std::ios::app | std::ios::binary);
            out << "torn!";
        }
        const auto before = sg::testing::fileListing(dir.path().toStdString());
        StoreOptions ro = o;
        ro.readOnly = true;
        {
            auto store = Store::open(dir.path().toStdString(), ro);
            QVERIFY2(store.ok(), store.ok() ? "" : store.error().message.c_str());
            QVERIFY((*store)->isReadOnly());
            QCOMPARE(totalEntries((*store)->select(selector("app", "api"), 0, All)), std::size_t(15));
            QCOMPARE(totalEntries((*store)->select(selector("app", "db"), 0, All)), std::size_t(3));
            QVERIFY(!(*store)->replayReport().truncationReason.empty());
            const auto pushed = (*store)->push(batchOf(a, Base + 60 * Sec, 4, Sec));
            QCOMPARE(pushed.accepted, std::size_t(0));
            QCOMPARE(pushed.failed, std::size_t(4));
            QVERIFY2(pushed.error.find("read-only") != std::string::npos, pushed.error.c_str());
        }
        QCOMPARE(sg::testing::fileListing(dir.path().toStdString()), before);
        QTemporaryDir empty;
        QVERIFY(!Store::open(empty.path().toStdString(), ro).ok());
        QVERIFY(std::filesystem::is_empty(empty.path().toStdString()));
    }

    void cutChunksReopenQuery()
    {
        QTemporaryDir dir;
        StoreOptions o;
        o.chunkTargetBytes = 4096;
        o.flushOnClose = false;
        Labels a { { "app", "api" }, { "env", "prod" } };
        Labels b { { "app", "web" }, { "env", "prod" } };
        {
            auto store = Store::open(dir.path().toStdString(), o);
            QVERIFY(store.ok());
            for (int i = 0; i < 40; ++i) {
                PushBatch batch = batchOf(a, Base + i * 100 * Sec, 100, Sec, "a" + std::to_string(i));
                batch.streams.push_back(batchOf(b, Base + i * 100 * Sec, 3, Sec, "b").streams[0]);
                QCOMPARE((*store)->push(batch).accepted, std::size_t(103));
            }
            // the cutter runs on its own thread: sealed heads are chunks once it has caught up
            QVERIFY((*store)->waitForCuts().ok());
            const auto st = (*store)->stats();
            QVERIFY(st.chunks > 10);
            QVERIFY(st.headEntries > 0);
            QCOMPARE(st.entries, std::size_t(40 * 103));
        }
        auto store = Store::open(dir.path().toStdString(), o);
        QVERIFY(store.ok());
        QCOMPARE((*store)->entryCount(), std::size_t(40 * 103));
        auto all = (*store)->select(selector("env", "prod"), 0, All);
        QCOMPARE(all.size(), std::size_t(2));
        QCOMPARE(all[0].entries.size(), std::size_t(4000));
        for (std::size_t i = 1; i < all[0].entries.size(); ++i)
            QVERIFY(all[0].entries[i - 1].ts < all[0].entries[i].ts);
        QCOMPARE(all[0].entries.back().line, std::string("a39 99 level=info path=/api/v1"));
        // A window in the middle reads only the chunks that overlap it.
        auto mid = (*store)->select(selector("app", "api"), Base + 1050 * Sec, Base + 1150 * Sec);
        QCOMPARE(totalEntries(mid), std::size_t(100));
        QCOMPARE(mid[0].entries.front().ts, Base + 1050 * Sec);
        // Limited reads, both directions.
        auto newest = (*store)->selectLimited(selector("app", "api"), 0, All, 5, Direction::Backward);
        QCOMPARE(totalEntries(newest), std::size_t(5));
        QCOMPARE(newest[0].entries.back().ts, Base + 3999 * Sec);
        auto oldest = (*store)->selectLimited(selector("app", "api"), 0, All, 5, Direction::Forward);
        QCOMPARE(totalEntries(oldest), std::size_t(5));
        QCOMPARE(oldest[0].entries.front().ts, Base);
        // Through the LogQL engine.
        logql::Engine engine;
        logql::QueryParams p;
        p.start = Base;
        p.end = Base + 4000 * Sec;
        p.limit = 10000;
        auto r = engine.query(**store, R"({app="api"} |= "a7 ")", p);
        QVERIFY(r.ok());
        QCOMPARE(totalEntries(r->streams), std::size_t(100));
    }

    void outOfOrderWindow()
    {
        QTemporaryDir dir;
        StoreOptions o;
        o.outOfOrderWindow = 10'000;
        auto store = Store::open(dir.path().toStdString(), o);
        QVERIFY(store.ok());
        Labels a { { "app", "api" } };
        PushBatch batch { { Stream { a,
            { { Base + 100 * Sec, "newest", {} }, { Base + 95 * Sec, "within window", {} },
                { Base + 80 * Sec, "too old", {} }, { Base + 100 * Sec, "same ts", {} } } } } };
        const auto stats = (*store)->push(batch);
        QCOMPARE(stats.accepted, std::size_t(3));
        QCOMPARE(stats.outOfOrder, std::size_t(1));
        QCOMPARE((*store)->stats().rejectedOutOfOrder, std::uint64_t(1));
        auto got = (*store)->select(selector("app", "api"), 0, All);
        QCOMPARE(got[0].entries.size(), std::size_t(3));
        QCOMPARE(got[0].entries[0].line, std::string("within window"));
        // A different stream has its own newest entry.
        Labels b { { "app", "web" } };
        QCOMPARE((*store)->push(PushBatch { { Stream { b, { { Base, "old but first", {} } } } } }).accepted,
            std::size_t(1));
        // The window also holds after entries moved into chunks and after a reopen.
        QVERIFY((*store)->flush().ok());
        store = Error {};
        store = Store::open(dir.path().toStdString(), o);
        QCOMPARE((*store)->push(PushBatch { { Stream { a, { { Base + 85 * Sec, "late", {} } } } } }).outOfOrder,
            std::size_t(1));
        QCOMPARE((*store)->push(PushBatch { { Stream { a, { { Base + 92 * Sec, "late ok", {} } } } } }).accepted,
            std::size_t(1));
        got = (*store)->select(selector("app", "api"), 0, All);
        QCOMPARE(got[0].entries.size(), std::size_t(4));
        QCOMPARE(got[0].entries[0].line, std::string("late ok"));
    }

    void retention()
    {
        QTemporaryDir dir;
        StoreOptions o;
        o.retention = 3600'000;
        auto store = Store::open(dir.path().toStdString(), o);
        QVERIFY(store.ok());
        Labels a { { "app", "api" } };
        const TimestampNs now = Base + 10 * 3600 * Sec;
        (*store)->push(batchOf(a, Base, 100, Sec, "ancient"));
        QVERIFY((*store)->flush().ok());
        (*store)->push(batchOf(a, now - 60 * Sec, 10, Sec, "recent"));
        QVERIFY((*store)->flush().ok());
        QCOMPARE((*store)->stats().chunks, std::size_t(2));
        QVERIFY((*store)->applyRetention(now).ok());
        QCOMPARE((*store)->stats().chunks, std::size_t(1));
        QCOMPARE((*store)->stats().chunksExpired, std::uint64_t(1));
        auto got = (*store)->select(selector("app", "api"), 0, All);
        QCOMPARE(totalEntries(got), std::size_t(10));
        QVERIFY(got[0].entries[0].line.starts_with("recent"));
        store = Error {};
        store = Store::open(dir.path().toStdString(), o); // the catalog forgot it too
        QCOMPARE((*store)->entryCount(), std::size_t(10));
    }

    void retentionBySize()
    {
        QTemporaryDir dir;
        StoreOptions o;
        o.segmentFileBytes = 1; // one chunk per segment file: expired files are deleted
        auto store = Store::open(dir.path().toStdString(), o);
        QVERIFY(store.ok());
        Labels a { { "app", "api" } };
        for (int i = 0; i < 10; ++i) {
            (*store)->push(batchOf(a, Base + i * 1000 * Sec, 500, Sec, "chunk" + std::to_string(i)));
            QVERIFY((*store)->flush().ok());
        }
        const auto before = (*store)->stats();
        QCOMPARE(before.chunks, std::size_t(10));
        o.retentionBytes = before.chunkBytes / 2;
        store = Error {};
        store = Store::open(dir.path().toStdString(), o);
        QVERIFY((*store)->applyRetention(Base).ok());
        const auto after = (*store)->stats();
        QVERIFY(after.chunkBytes <= o.retentionBytes);
        QVERIFY(after.chunks >= 4 && after.chunks < 10);
        auto got = (*store)->select(selector("app", "api"), 0, All);
        QVERIFY(got[0].entries.back().line.starts_with("chunk9"));
        std::size_t segFiles = 0;
        for (const auto& de : std::filesystem::directory_iterator(dir.path().toStdString() + "/chunks"))
            segFiles += std::filesystem::file_size(de.path()) > 0;
        QCOMPARE(segFiles, after.chunks);
    }

    void structuredMetadataSurvives()
    {
        QTemporaryDir dir;
        Labels a { { "app", "api" } };
        for (bool flushOnClose : { false, true }) {
            StoreOptions o;
            o.flushOnClose = flushOnClose;
            const auto path = dir.path().toStdString() + (flushOnClose ? "/chunked" : "/wal-only");
            {
                auto store = Store::open(path, o);
                QVERIFY(store.ok());
                PushBatch batch { { Stream { a,
                    { { Base, "with metadata", { { "trace_id", "abc123" }, { "user", "42" } } },
                        { Base + 1, "without", {} } } } } };
                QCOMPARE((*store)->push(batch).accepted, std::size_t(2));
            }
            auto store = Store::open(path, o);
            QVERIFY(store.ok());
            QCOMPARE((*store)->stats().chunks, std::size_t(flushOnClose ? 1 : 0));
            auto got = (*store)->select(selector("app", "api"), 0, All);
            QCOMPARE(got[0].entries.size(), std::size_t(2));
            const auto& md = got[0].entries[0].metadata;
            QCOMPARE(md.size(), std::size_t(2));
            QCOMPARE(md[0].name, std::string("trace_id"));
            QCOMPARE(md[0].value, std::string("abc123"));
            QVERIFY(got[0].entries[1].metadata.empty());
        }
    }

    void crashDuringPushStorm_data()
    {
        QTest::addColumn<int>("pushers");
        QTest::addRow("one pusher") << 1;
        QTest::addRow("four pushers, group-committed") << 4;
    }
    void crashDuringPushStorm()
    {
        QFETCH(int, pushers);
        QTemporaryDir dir;
        QProcess child;
        child.start(QStringLiteral(SG_CRASH_HELPER), { dir.path(), QString::number(pushers) });
        QVERIFY(child.waitForStarted(5000));
        std::vector<int> lastAck(std::size_t(pushers), -1);
        QByteArray pending;
        auto readAcks = [&] {
            qsizetype nl;
            while ((nl = pending.indexOf('\n')) >= 0) {
                const auto fields = pending.left(nl).split(' ');
                pending.remove(0, nl + 1);
                if (fields.size() == 3 && fields[0] == "ack")
                    lastAck[std::size_t(fields[1].toInt())] = std::max(lastAck[std::size_t(fields[1].toInt())], fields[2].toInt());
            }
        };
        QElapsedTimer timer;
        timer.start();
        while (*std::min_element(lastAck.begin(), lastAck.end()) < 150 / pushers + 20 && timer.elapsed() < 20'000) {
            if (!child.waitForReadyRead(5000))
                break;
            pending += child.readAllStandardOutput();
            readAcks();
        }
        child.kill(); // SIGKILL, mid-push
        child.waitForFinished(5000);
        // Anything printed before the kill took effect is acknowledged too.
        pending += child.readAllStandardOutput();
        readAcks();
        const int fewest = *std::min_element(lastAck.begin(), lastAck.end());
        QVERIFY2(fewest >= 20, qPrintable(QStringLiteral("only %1 acks; stderr: %2")
                                              .arg(fewest)
                                              .arg(QString::fromUtf8(child.readAllStandardError()))));

        auto store = Store::open(dir.path().toStdString());
        QVERIFY(store.ok());
        auto got = (*store)->select(selector("job", "crash"), 0, All);
        QCOMPARE(got.size(), std::size_t(pushers));
        for (const auto& s : got) {
            std::set<std::string> ids;
            for (const auto& e : s.entries) {
                const auto pos = e.line.find("id=");
                ids.insert(e.line.substr(pos + 3, e.line.find(' ', pos) - pos - 3));
            }
            QVERIFY(ids.size() == s.entries.size()); // nothing replayed twice
            const std::string shard(s.labels.get("shard"));
            for (int b = 0; b <= lastAck[std::size_t(std::stoi(shard))]; ++b)
                for (int i = 0; i < 200; ++i) {
                    const auto id = std::to_string(b) + "-" + shard + "-" + std::to_string(i);
                    QVERIFY2(ids.count(id), id.c_str());
                }
        }
    }
};

QTEST_GUILESS_MAIN(TestLogStore)
#include "tst_log_store.moc"
