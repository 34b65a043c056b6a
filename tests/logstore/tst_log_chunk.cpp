#include "core/logstore/chunk.h"
#include "core/common/crc32c.h"
#include "core/logstore/wal.h"

#include <QTest>

using namespace sg;
using namespace sg::logs;

class TestLogChunk : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void crcKnownValue()
    {
        // The CRC-32C check value of "123456789".
        QCOMPARE(crc32c("123456789"), 0xE3069283u);
        std::string big(100'003, 'a');
        for (std::size_t i = 0; i < big.size(); ++i)
            big[i] = char(i * 131);
        QCOMPARE(crc32c(big.data(), big.size()), crc32c(big.data() + 3, big.size() - 3, crc32c(big.data(), 3)));
    }

    void roundTrip_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<bool>("metadata");
        QTest::addRow("empty") << 0 << false;
        QTest::addRow("one") << 1 << true;
        QTest::addRow("many") << 5000 << false;
        QTest::addRow("many-metadata") << 5000 << true;
    }
    void roundTrip()
    {
        QFETCH(int, count);
        QFETCH(bool, metadata);
        std::vector<LogEntry> in;
        TimestampNs t = 1'700'000'000'000'000'000;
        for (int i = 0; i < count; ++i) {
            t += (i % 7) * 1000 + 1;
            LogEntry e { t, "line " + std::to_string(i) + (i % 3 ? " with some text" : ""), {} };
            if (metadata && i % 2)
                e.metadata = { { "trace_id", std::to_string(i * 77) }, { "user", "u" } };
            in.push_back(e);
        }
        const auto frame = compressChunk(in, 3);
        auto out = decompressChunk(frame, std::numeric_limits<TimestampNs>::min(), std::numeric_limits<TimestampNs>::max());
        QVERIFY(out.ok());
        QCOMPARE(out->size(), in.size());
        for (std::size_t i = 0; i < in.size(); ++i) {
            QCOMPARE((*out)[i].ts, in[i].ts);
            QCOMPARE((*out)[i].line, in[i].line);
            QVERIFY((*out)[i].metadata == in[i].metadata);
        }
        if (count > 10) {
            // Range filter: [ts of 10, ts of 20)
            auto part = decompressChunk(frame, in[10].ts, in[20].ts);
            QVERIFY(part.ok());
            QCOMPARE(part->size(), std::size_t(10));
            QCOMPARE(part->front().line, in[10].line);
        }
    }

    void corruptFrameRejected()
    {
        std::vector<LogEntry> in { { 1, "hello", {} }, { 2, "world", {} } };
        auto frame = compressChunk(in, 3);
        frame[frame.size() - 2] ^= 0x55;
        auto out = decompressChunk(frame, 0, 10);
        QVERIFY(!out.ok());
        QVERIFY(out.error().message.find("checksum") != std::string::npos);
    }

    void walBatchRoundTrip()
    {
        Labels labels { { "app", "api" } };
        LogEntry a { 5, "a", { { "k", "v" } } };
        LogEntry b { 6, "b", {} };
        std::vector<WalStream> streams { WalStream { &labels, { &a, &b } } };
        const auto body = encodeWalBatch(42, streams);
        std::uint64_t seq = 0;
        auto batch = decodeWalBatch(body, &seq);
        QVERIFY(batch.ok());
        QCOMPARE(seq, std::uint64_t(42));
        QCOMPARE(batch->streams.size(), std::size_t(1));
        QVERIFY(batch->streams[0].labels == labels);
        QCOMPARE(batch->streams[0].entries[0].metadata.size(), std::size_t(1));
        QCOMPARE(batch->streams[0].entries[1].line, std::string("b"));
        QVERIFY(!decodeWalBatch(std::string_view(body).substr(0, body.size() - 1), &seq).ok());
    }
};

QTEST_GUILESS_MAIN(TestLogChunk)
#include "tst_log_chunk.moc"
