// The remote_write queue's WAL reader: records in order across segments, a segment deleted before it was opened
// skipped and counted, a segment deleted while open read to its end, and what is written later followed.
#include "core/remotewrite/wal_tail.h"
#include "core/tsdb/wal.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

using namespace sg;
using namespace sg::remotewrite;

namespace {

/// Writes `records` sample records of `perRecord` samples, timestamps counting on from `firstT`; one commit each.
void writeRecords(tsdb::WalWriter& wal, int records, int perRecord, TimestampMs& nextT)
{
    for (int r = 0; r < records; ++r) {
        std::vector<tsdb::WalSample> samples;
        for (int i = 0; i < perRecord; ++i)
            samples.push_back(tsdb::WalSample { 1, nextT++, 1.0 });
        wal.addSamples(samples);
        QVERIFY(!wal.commit());
    }
}

/// Polls until a poll reads nothing; returns the sample timestamps read.
std::vector<TimestampMs> drain(WalTail& tail, std::size_t maxBytes = 4u << 20)
{
    std::vector<TimestampMs> out;
    std::vector<tsdb::WalSample> scratch;
    const auto sink = [&](const std::uint8_t* p, std::size_t n, WalPosition) {
        tsdb::decodeWalRecord(
            p, p + n, [](const tsdb::WalSeries&) {},
            [&](std::span<const tsdb::WalSample> samples) {
                for (const auto& s : samples)
                    out.push_back(s.t);
            },
            scratch);
    };
    // an idle poll looks for a newer segment by name, and lists the folder every tenth time
    for (int idle = 0; idle < 12;)
        idle = tail.poll(sink, maxBytes) == 0 ? idle + 1 : 0;
    return out;
}

std::vector<TimestampMs> range(TimestampMs from, TimestampMs to)
{
    std::vector<TimestampMs> out;
    for (TimestampMs t = from; t < to; ++t)
        out.push_back(t);
    return out;
}

} // namespace

class TestWalTail : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsAcrossSegmentsInOrder()
    {
        QTemporaryDir dir;
        auto wal = tsdb::WalWriter::open(dir.path().toStdString(), 4096, tsdb::WalSync::Never);
        QVERIFY(wal.ok());
        TimestampMs t = 0;
        writeRecords(**wal, 200, 10, t);
        QVERIFY((*wal)->segment() > 5);
        WalTail tail(dir.path().toStdString(), {});
        QCOMPARE(drain(tail), range(0, t));
        QCOMPARE(tail.skippedSegments(), std::uint64_t(0));
        QCOMPARE(tail.position().segment, (*wal)->segment());
    }

    void segmentDeletedBeforeItWasOpenedIsSkipped()
    {
        QTemporaryDir dir;
        auto wal = tsdb::WalWriter::open(dir.path().toStdString(), 4096, tsdb::WalSync::Never);
        QVERIFY(wal.ok());
        TimestampMs t = 0;
        writeRecords(**wal, 200, 10, t);
        const auto segments = tsdb::walSegments(dir.path().toStdString());
        QVERIFY(segments.size() > 3);
        std::filesystem::remove(segments[1].second);
        WalTail tail(dir.path().toStdString(), {});
        const auto read = drain(tail);
        QCOMPARE(tail.skippedSegments(), std::uint64_t(1));
        QVERIFY(read.size() < std::size_t(t));
        QVERIFY(std::is_sorted(read.begin(), read.end()));
        QCOMPARE(read.back(), t - 1); // everything after the gap arrives
    }

    void segmentDeletedWhileOpenIsReadToItsEnd()
    {
        QTemporaryDir dir;
        auto wal = tsdb::WalWriter::open(dir.path().toStdString(), 1u << 20, tsdb::WalSync::Never);
        QVERIFY(wal.ok());
        TimestampMs t = 0;
        writeRecords(**wal, 400, 50, t); // several 64 KiB reads of one segment
        const auto segments = tsdb::walSegments(dir.path().toStdString());
        QCOMPARE(segments.size(), std::size_t(1));
        WalTail tail(dir.path().toStdString(), {});
        std::size_t first = 0;
        QVERIFY(tail.poll([&](const std::uint8_t*, std::size_t, WalPosition) { ++first; }, 1) > 0);
        QVERIFY(first < 400);
        std::filesystem::remove(segments[0].second);
        const auto rest = drain(tail, 1);
        QCOMPARE(first * 50 + rest.size(), std::size_t(t));
        QCOMPARE(tail.skippedSegments(), std::uint64_t(0));
    }

    void followsWhatIsWrittenLater()
    {
        QTemporaryDir dir;
        auto wal = tsdb::WalWriter::open(dir.path().toStdString(), 4096, tsdb::WalSync::Never);
        QVERIFY(wal.ok());
        TimestampMs t = 0;
        writeRecords(**wal, 5, 10, t);
        WalTail tail(dir.path().toStdString(), {});
        QCOMPARE(drain(tail), range(0, 50));
        writeRecords(**wal, 100, 10, t); // rolls over into new segments
        QCOMPARE(drain(tail), range(50, t));
        QCOMPARE(tail.skippedSegments(), std::uint64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestWalTail)
#include "tst_wal_tail.moc"
