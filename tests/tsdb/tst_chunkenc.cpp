// Chunk encodings round-trip bit-exactly, and the Decimal chunk is chosen only where it is smaller.
#include "core/tsdb/chunkenc/chunk.h"

#include <QTest>

#include <bit>
#include <cmath>
#include <limits>
#include <random>

using namespace sg;
using namespace sg::tsdb;
using Samples = std::vector<Sample>;
Q_DECLARE_METATYPE(Samples)

namespace {
Samples regular(int n, double (*f)(int))
{
    Samples out;
    for (int i = 0; i < n; ++i)
        out.push_back(Sample { 1700000000000 + i * 15000LL, f(i) });
    return out;
}
bool sameBits(const Samples& a, const Samples& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].t != b[i].t || std::bit_cast<std::uint64_t>(a[i].v) != std::bit_cast<std::uint64_t>(b[i].v))
            return false;
    return true;
}
}

class TestChunkenc : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<Samples>("samples");
        QTest::addRow("constant") << regular(120, [](int) { return 1.0; });
        QTest::addRow("counter") << regular(120, [](int i) { return double(i * i * 7); });
        QTest::addRow("2-decimal-gauge") << regular(120, [](int i) { return std::round((20 + std::sin(i) * 3) * 100) / 100; });
        QTest::addRow("noise") << regular(120, [](int i) { return std::sin(i * 0.37) * 1e6 / 3; });
        QTest::addRow("special") << Samples { { 0, std::nan("") }, { 15000, staleNaN() },
            { 30000, std::numeric_limits<double>::infinity() }, { 45000, -std::numeric_limits<double>::infinity() },
            { 60000, -0.0 }, { 75000, 0.0 }, { 90000, std::numeric_limits<double>::denorm_min() },
            { 100000, std::numeric_limits<double>::max() } };
        QTest::addRow("irregular-timestamps") << Samples { { -5000, 1 }, { 1, 2 }, { 2, 3 }, { 900000, 4 },
            { 900001, 5 }, { 50000000000LL, 6 }, { 50000000001LL, 7.25 }, { 50000100000LL, -8.5 } };
        QTest::addRow("single") << Samples { { 42, 0.1 } };
        Samples big;
        for (int i = 0; i < 300; ++i)
            big.push_back({ i * 1000LL, i % 2 ? 1e300 : -1e-300 });
        QTest::addRow("large-count") << big;
    }
    void roundTrip()
    {
        QFETCH(Samples, samples);
        chunkenc::XorAppender a;
        for (const auto& s : samples)
            a.append(s.t, s.v);
        Samples out;
        QVERIFY(chunkenc::decode(a.bytes(), out));
        QVERIFY(sameBits(out, samples));
        QCOMPARE(chunkenc::sampleCount(a.bytes()), std::uint16_t(samples.size()));

        const auto best = chunkenc::encodeBest(samples);
        out.clear();
        QVERIFY(chunkenc::decode(best, out));
        QVERIFY(sameBits(out, samples));
        QVERIFY(best.size() <= a.bytes().size());

        const auto dec = chunkenc::encodeDecimal(samples);
        if (!dec.empty()) {
            out.clear();
            QVERIFY(chunkenc::decode(dec, out));
            QVERIFY(sameBits(out, samples));
        }
    }
    void decimalRefusesInexactValues()
    {
        QVERIFY(chunkenc::encodeDecimal(Samples { { 0, 0.1 }, { 1, 1.0 / 3 } }).empty());
        QVERIFY(chunkenc::encodeDecimal(Samples { { 0, -0.0 } }).empty());
        QVERIFY(chunkenc::encodeDecimal(Samples { { 0, staleNaN() } }).empty());
        QVERIFY(!chunkenc::encodeDecimal(Samples { { 0, 12.34 }, { 1, 12.5 } }).empty());
    }
    void decimalIsSmallerForTwoDecimalGauges()
    {
        std::mt19937 rng(1);
        std::uniform_int_distribution<int> step(-50, 50);
        Samples s;
        int cents = 2000;
        for (int i = 0; i < 120; ++i) {
            cents += step(rng);
            s.push_back({ i * 15000LL, cents / 100.0 });
        }
        const auto x = chunkenc::encodeXor(s);
        const auto d = chunkenc::encodeDecimal(s);
        QVERIFY(!d.empty());
        qInfo("2-decimal gauge, 120 samples: xor %zu bytes, decimal %zu bytes", x.size(), d.size());
        QVERIFY(d.size() * 2 < x.size());
    }
    void truncatedPayloadFails()
    {
        const auto x = chunkenc::encodeXor(regular(120, [](int i) { return i * 1.5; }));
        Samples out;
        QVERIFY(!chunkenc::decode(std::span(x.data(), x.size() / 2), out));
        QVERIFY(!chunkenc::decode(std::span(x.data(), 2), out));
    }
    void damagedPayloadFails()
    {
        // found by fuzzing (scripts/fuzz store_files): a value whose leading and significant bit counts add up to
        // more than 64 shifted by a negative count
        const std::uint8_t damaged[] = { 0x01, 0x01, 0x01, 0x01, 0x00, 0xb7, 0x00, 0x04, 0x24, 0x24, 0x24, 0x24, 0x24, 0xff };
        Samples out;
        QVERIFY(!chunkenc::decode(std::span(damaged, sizeof damaged), out));
        // and a decimal chunk whose value deltas add up past int64
        const std::uint8_t overflowing[] = { 0x02, 0x00, 0x02, 0x00, 0x01, 0xd3, 0xd3, 0xd3, 0x91, 0xff, 0xff, 0xff, 0xff,
            0xff, 0x1e };
        Samples none;
        QVERIFY(!chunkenc::decode(std::span(overflowing, sizeof overflowing), none));
        QVERIFY(none.empty());
    }
    void countPastThePayloadIsRefused()
    {
        // found by fuzzing: a damaged header claiming 65,535 samples sized the output to 1 MiB before any was read
        for (const bool decimal : { false, true }) {
            const Samples in = regular(10, [](int i) { return i * 2.0; });
            auto bytes = decimal ? chunkenc::encodeDecimal(in) : chunkenc::encodeXor(in);
            QVERIFY(!bytes.empty());
            bytes[1] = 0xff;
            bytes[2] = 0xff;
            Samples out;
            QVERIFY(!chunkenc::decode(std::span(bytes.data(), bytes.size()), out));
            QVERIFY(out.empty());
            QVERIFY2(out.capacity() < 1000, qPrintable(QString::number(out.capacity())));
        }
    }
};

QTEST_GUILESS_MAIN(TestChunkenc)
#include "tst_chunkenc.moc"
