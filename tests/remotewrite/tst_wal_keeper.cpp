// WAL truncation keeps the segments a reader (a remote-write queue) still needs, within a byte bound, and the
// store resolves a ref whose series record was truncated away.

#include "core/tsdb/store.h"
#include "core/tsdb/wal.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace sg;

namespace {

std::vector<std::uint32_t> indexes(const std::string& dir)
{
    std::vector<std::uint32_t> out;
    for (const auto& [index, path] : tsdb::walSegments(dir))
        out.push_back(index);
    return out;
}

/// Writes `count` samples records of about 1 KiB each (one per segment with 1 KiB segments).
void fill(tsdb::WalWriter& wal, int count)
{
    for (int k = 0; k < count; ++k) {
        std::vector<tsdb::WalSample> samples;
        for (int s = 0; s < 60; ++s)
            samples.push_back(tsdb::WalSample { tsdb::SeriesRef(s), k * 1000 + s, double(k) });
        wal.addSamples(samples);
        QVERIFY(!wal.commit());
    }
}

} // namespace

class TestWalKeeper : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keepsWhatTheReaderNeeds();
    void boundDropsTheOldest();
    void storeKeepsAndResolves();
};

void TestWalKeeper::keepsWhatTheReaderNeeds()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(u"wal"_s).toStdString();
    auto wal = tsdb::WalWriter::open(path, 1024, tsdb::WalSync::Never);
    QVERIFY(wal.ok());
    fill(**wal, 5);
    QCOMPARE(indexes(path), (std::vector<std::uint32_t> { 1, 2, 3, 4, 5 }));
    std::atomic<std::uint32_t> needed { 3 };
    (*wal)->setKeeper([&] { return needed.load(); }, 1u << 20);
    QVERIFY(!(*wal)->truncate());
    QCOMPARE(indexes(path), (std::vector<std::uint32_t> { 3, 4, 5, 6 }));
    QVERIFY((*wal)->keptBytes() > 0);
    needed = UINT32_MAX; // the reader caught up
    QVERIFY(!(*wal)->truncate());
    QCOMPARE(indexes(path), (std::vector<std::uint32_t> { 7 }));
    QCOMPARE((*wal)->droppedKeptSegments(), std::uint64_t(0));
}

void TestWalKeeper::boundDropsTheOldest()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(u"wal"_s).toStdString();
    auto wal = tsdb::WalWriter::open(path, 1024, tsdb::WalSync::Never);
    QVERIFY(wal.ok());
    fill(**wal, 6);
    // a dead reader that needs everything, but only the last two segments' bytes may be kept
    std::uint64_t lastTwo = 0;
    for (const auto& [index, file] : tsdb::walSegments(path))
        if (index >= 5)
            lastTwo += QFileInfo(QString::fromStdString(file)).size();
    (*wal)->setKeeper([] { return 0u; }, lastTwo);
    QVERIFY(!(*wal)->truncate());
    QCOMPARE(indexes(path), (std::vector<std::uint32_t> { 5, 6, 7 }));
    QCOMPARE((*wal)->droppedKeptSegments(), std::uint64_t(4));
}

void TestWalKeeper::storeKeepsAndResolves()
{
    QTemporaryDir dir;
    auto store = tsdb::Store::open(dir.path().toStdString());
    QVERIFY(store.ok());
    tsdb::AppendBatch batch;
    batch.samples.push_back(tsdb::BatchSample { Labels { { "__name__", "up" }, { "job", "a" } }, 1000, 1 });
    (*store)->append(batch);
    const auto before = indexes((*store)->walDir());
    (*store)->setWalKeeper([first = before.front()] { return first; }, 1u << 30);
    QVERIFY(!(*store)->persist());
    const auto after = indexes((*store)->walDir());
    QCOMPARE(after.front(), before.front()); // the segment holding the series record is still there
    QCOMPARE(after.size(), before.size() + 1);
    const auto labels = (*store)->seriesLabels(0);
    QVERIFY(labels.has_value());
    QCOMPARE(labels->get("job"), std::string_view("a"));
    QVERIFY(!(*store)->seriesLabels(99).has_value());
}

QTEST_GUILESS_MAIN(TestWalKeeper)
#include "tst_wal_keeper.moc"
