// A stored chunk that cannot be read (a bit flipped, a file cut short) is never dropped without a word: the
// store counts it and every PromQL or LogQL query that meets it answers with a warning.
#include "core/logql/engine.h"
#include "core/logstore/chunk.h"
#include "core/logstore/store.h"
#include "core/promql/engine.h"
#include "core/tsdb/store.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {

/// The files of `dir` whose names end in `suffix`, largest first.
QStringList filesIn(const QString& dir, const QString& suffix)
{
    QStringList out;
    for (const auto& info : QDir(dir).entryInfoList({ u"*"_s + suffix }, QDir::Files, QDir::Size))
        out << info.filePath();
    return out;
}

bool flipByte(const QString& path, qint64 offset)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadWrite) || !f.seek(offset))
        return false;
    char c = 0;
    f.getChar(&c);
    f.seek(offset);
    return f.putChar(char(c ^ 0x5a));
}

/// Damages the largest file ending in `suffix` under `dir` in its middle: cut short there, or one byte flipped.
bool damageLargest(const QString& dir, const QString& suffix, bool truncate)
{
    const QStringList files = filesIn(dir, suffix);
    if (files.isEmpty())
        return false;
    const qint64 size = QFileInfo(files.first()).size();
    return truncate ? QFile(files.first()).resize(size / 2) : flipByte(files.first(), size / 2);
}

bool hasUnreadableWarning(const std::vector<std::string>& warnings)
{
    for (const auto& w : warnings)
        if (w.find("could not be read") != std::string::npos)
            return true;
    return false;
}

/// A metric store with 20 series x 3 h at 15 s, persisted into a block.
void writeMetrics(const QString& dir)
{
    tsdb::StoreOptions options;
    options.retention = 0;
    auto store = tsdb::Store::open(dir.toStdString(), options);
    QVERIFY(store.ok());
    for (TimestampMs t = 0; t < 3 * 3600'000; t += 15'000) {
        tsdb::AppendBatch batch;
        for (int s = 0; s < 20; ++s)
            batch.samples.push_back(
                { Labels { { "__name__", "m" }, { "s", std::to_string(s) } }, 1'700'000'000'000 + t, double(t % 977 + s) });
        store.value()->append(batch);
    }
    QVERIFY(!store.value()->persist());
}

void writeLogs(const QString& dir)
{
    auto store = logs::Store::open(dir.toStdString());
    QVERIFY(store.ok());
    logs::PushBatch batch;
    for (int s = 0; s < 4; ++s) {
        logs::Stream stream;
        stream.labels = Labels { { "job", "a" }, { "s", std::to_string(s) } };
        for (int i = 0; i < 2000; ++i)
            stream.entries.push_back(
                { TimestampNs(1'700'000'000'000'000'000LL + i * 1'000'000LL), "line " + std::to_string(i * 7919 % 10007), {} });
        batch.streams.push_back(std::move(stream));
    }
    QCOMPARE(store.value()->push(std::move(batch)).accepted, std::size_t(8000));
    // closing cuts the heads into chunks in the segment files
}

} // namespace

class TestCorruptChunks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void metricChunks_data()
    {
        QTest::addColumn<bool>("truncate");
        QTest::newRow("bit flipped") << false;
        QTest::newRow("file cut short") << true;
    }
    void metricChunks()
    {
        QFETCH(bool, truncate);
        QTemporaryDir dir;
        writeMetrics(dir.path());
        QVERIFY2(damageLargest(dir.path() + u"/blocks"_s, u".chunks"_s, truncate), "no block file to damage");

        tsdb::StoreOptions options;
        options.retention = 0;
        auto store = tsdb::Store::open(dir.path().toStdString(), options);
        QVERIFY(store.ok());
        promql::Engine engine;
        const auto r = engine.instantQuery(**store, "count_over_time(m[4h])", 1'700'000'000'000 + 3 * 3600'000);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QVERIFY2(hasUnreadableWarning(r.value().warnings), "a query over an unreadable chunk did not warn");
        QVERIFY(store.value()->unreadableChunks() > 0);
        // a query that does not touch the stored block stays quiet
        const auto head = engine.instantQuery(**store, "m", 1'700'000'000'000 + 3 * 3600'000);
        QVERIFY(head.ok());
        QVERIFY(!hasUnreadableWarning(head.value().warnings));
    }

    void logChunks_data()
    {
        QTest::addColumn<bool>("truncate");
        QTest::addColumn<bool>("filtered"); // a line filter takes the store's scanning path
        QTest::newRow("bit flipped") << false << false;
        QTest::newRow("bit flipped, line filter") << false << true;
        QTest::newRow("file cut short") << true << false;
    }
    void logChunks()
    {
        QFETCH(bool, truncate);
        QFETCH(bool, filtered);
        QTemporaryDir dir;
        writeLogs(dir.path());
        QVERIFY2(damageLargest(dir.path() + u"/chunks"_s, u".seg"_s, truncate), "no segment file to damage");

        auto store = logs::Store::open(dir.path().toStdString());
        QVERIFY(store.ok());
        logql::Engine engine;
        logql::QueryParams p;
        p.start = 1'600'000'000'000'000'000LL;
        p.end = 1'800'000'000'000'000'000LL;
        p.limit = 100'000;
        const auto r = engine.query(**store, filtered ? R"({job="a"} |= "line")" : R"({job="a"})", p);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QVERIFY2(hasUnreadableWarning(r.value().warnings), "a query over an unreadable chunk did not warn");
        QVERIFY(store.value()->unreadableChunks() > 0);
    }

    void damagedChunkBodiesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("body");
        // found by fuzzing (scripts/fuzz store_files): timestamp deltas that add up past int64
        QTest::newRow("timestamps overflow") << QByteArray::fromBase64("ARL//wH///////////8jdv8A6P/+/wL/N/f39/c=");
        QTest::newRow("unknown version") << QByteArray("\x07\x01", 2);
        QTest::newRow("entry count past the body") << QByteArray("\x01\x7f", 2);
    }
    void damagedChunkBodiesAreRefused()
    {
        QFETCH(QByteArray, body);
        const auto r = logs::decodeChunkBody(std::string_view(body.constData(), std::size_t(body.size())), 0,
            std::numeric_limits<TimestampNs>::max());
        QVERIFY(!r.ok());
    }
};

QTEST_GUILESS_MAIN(TestCorruptChunks)
#include "tst_corrupt_chunks.moc"
