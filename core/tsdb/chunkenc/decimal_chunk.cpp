// The Decimal chunk: for values that are exact decimals (2-decimal gauges, integer counters), store
// round(v * 10^k) as integers. Timestamps use the XOR chunk's delta-of-delta; integers use delta or
// delta-of-delta steps, whichever is smaller for the chunk (counters favour delta-of-delta, gauges delta).
#include "chunk.h"
#include "timestamp_codec.h"

#include <bit>
#include <cmath>

namespace sg::tsdb::chunkenc {

namespace {

constexpr int MaxDecimals = 6;
constexpr double Pow10[MaxDecimals + 1] = { 1, 10, 100, 1e3, 1e4, 1e5, 1e6 };
constexpr double MaxExact = 9007199254740992.0; // 2^53

bool scaleAll(std::span<const Sample> samples, int k, std::vector<std::int64_t>& ints)
{
    ints.clear();
    for (const auto& s : samples) {
        if (!std::isfinite(s.v))
            return false;
        const double x = std::nearbyint(s.v * Pow10[k]);
        if (std::fabs(x) >= MaxExact)
            return false;
        const auto i = std::int64_t(x);
        if (std::bit_cast<std::uint64_t>(double(i) / Pow10[k]) != std::bit_cast<std::uint64_t>(s.v))
            return false;
        ints.push_back(i);
    }
    return true;
}

void encodeInts(BitWriter& w, const std::vector<std::int64_t>& ints, bool dod)
{
    w.writeVarint(ints[0]);
    std::int64_t prevDelta = 0;
    for (std::size_t i = 1; i < ints.size(); ++i) {
        const std::int64_t delta = ints[i] - ints[i - 1];
        writeIntStep(w, dod ? delta - prevDelta : delta);
        prevDelta = delta;
    }
}

/// Bits writeIntStep spends on `x`.
int intStepBits(std::int64_t x)
{
    if (x == 0)
        return 1;
    if (fitsBucket(x, 7))
        return 9;
    if (fitsBucket(x, 14))
        return 17;
    if (fitsBucket(x, 21))
        return 25;
    return fitsBucket(x, 32) ? 37 : 69;
}

/// Whether delta-of-delta steps cost fewer bits than delta steps for `ints` (ties go to delta).
bool dodIsSmaller(const std::vector<std::int64_t>& ints)
{
    std::int64_t deltaBits = 0, dodBits = 0, prevDelta = 0;
    for (std::size_t i = 1; i < ints.size(); ++i) {
        const std::int64_t delta = ints[i] - ints[i - 1];
        deltaBits += intStepBits(delta);
        dodBits += intStepBits(delta - prevDelta);
        prevDelta = delta;
    }
    return dodBits < deltaBits;
}

} // namespace

std::vector<std::uint8_t> encodeDecimal(std::span<const Sample> samples)
{
    if (samples.empty() || samples.size() > 0xffff)
        return {};
    thread_local std::vector<std::int64_t> ints; // scratch, reused
    int k = 0;
    while (k <= MaxDecimals && !scaleAll(samples, k, ints))
        ++k;
    if (k > MaxDecimals)
        return {};
    // the smaller of the two modes, chosen by counting bits and encoded once
    const bool dod = dodIsSmaller(ints);
    {
        BitWriter w;
        w.bytes().reserve(ChunkHeaderBytes + 1 + samples.size() * 2);
        const auto n = std::uint16_t(samples.size());
        w.writeByte(std::uint8_t(Encoding::Decimal));
        w.writeByte(std::uint8_t(n & 0xff));
        w.writeByte(std::uint8_t(n >> 8));
        w.writeByte(std::uint8_t(k | (dod ? 0x80 : 0)));
        w.writeVarint(samples[0].t);
        std::int64_t tDelta = 0;
        for (std::size_t i = 1; i < samples.size(); ++i) {
            const std::int64_t delta = samples[i].t - samples[i - 1].t;
            if (i == 1)
                w.writeUvarint(std::uint64_t(delta));
            else
                writeDod(w, delta - tDelta);
            tDelta = delta;
        }
        encodeInts(w, ints, dod);
        return std::move(w.bytes());
    }
}

bool decodeDecimal(std::span<const std::uint8_t> payload, std::vector<Sample>& out)
{
    const std::uint16_t n = sampleCount(payload);
    if (payload.size() < ChunkHeaderBytes + 1)
        return false;
    const std::uint8_t mode = payload[ChunkHeaderBytes];
    const int k = mode & 0x7f;
    const bool dod = mode & 0x80;
    if (k > MaxDecimals)
        return false;
    BitReader r(payload.data() + ChunkHeaderBytes + 1, payload.size() - ChunkHeaderBytes - 1);
    // a count the bytes cannot hold is a damaged header, refused before it sizes the output (found by fuzzing:
    // 1 MiB per bad chunk)
    if (n > mostSamplesIn(payload.size() - ChunkHeaderBytes - 1))
        return false;
    const std::size_t base = out.size();
    out.resize(base + n);
    auto fail = [&] {
        out.resize(base);
        return false;
    };
    TimestampMs t = 0;
    std::int64_t tDelta = 0;
    for (std::uint16_t i = 0; i < n; ++i) {
        if (i == 0)
            t = r.readVarint();
        else {
            // sums past int64 only come from a damaged chunk (found by fuzzing): refused, never wrapped
            if (i == 1)
                tDelta = std::int64_t(r.readUvarint());
            else if (__builtin_add_overflow(tDelta, readDod(r), &tDelta))
                return fail();
            if (__builtin_add_overflow(t, tDelta, &t))
                return fail();
        }
        out[base + i].t = t;
    }
    std::int64_t x = 0, delta = 0;
    for (std::uint16_t i = 0; i < n; ++i) {
        if (i == 0)
            x = r.readVarint();
        else {
            const std::int64_t step = readIntStep(r);
            if (!dod)
                delta = step;
            else if (__builtin_add_overflow(delta, step, &delta))
                return fail();
            if (__builtin_add_overflow(x, delta, &x))
                return fail();
        }
        out[base + i].v = double(x) / Pow10[k];
    }
    if (r.failed()) {
        out.resize(base);
        return false;
    }
    return true;
}

} // namespace sg::tsdb::chunkenc
