#pragma once

#include "bit_stream.h"

namespace sg::tsdb::chunkenc {

/// True when `x` fits the `n`-bit bucket of Prometheus' delta-of-delta coding: [-(2^(n-1)-1), 2^(n-1)].
inline bool fitsBucket(std::int64_t x, int n)
{
    return x >= -((std::int64_t(1) << (n - 1)) - 1) && x <= (std::int64_t(1) << (n - 1));
}

inline std::int64_t readBucket(BitReader& r, int n)
{
    std::int64_t bits = std::int64_t(r.readBits(n));
    if (bits > (std::int64_t(1) << (n - 1)))
        bits -= std::int64_t(1) << n;
    return bits;
}

/// Timestamp delta-of-delta: '0' | '10'+14 | '110'+17 | '1110'+20 | '1111'+64 bits (xor.go's buckets).
inline void writeDod(BitWriter& w, std::int64_t dod)
{
    if (dod == 0) {
        w.writeBit(false);
    } else if (fitsBucket(dod, 14)) {
        w.writeBits(0b10, 2);
        w.writeBits(std::uint64_t(dod), 14);
    } else if (fitsBucket(dod, 17)) {
        w.writeBits(0b110, 3);
        w.writeBits(std::uint64_t(dod), 17);
    } else if (fitsBucket(dod, 20)) {
        w.writeBits(0b1110, 4);
        w.writeBits(std::uint64_t(dod), 20);
    } else {
        w.writeBits(0b1111, 4);
        w.writeBits(std::uint64_t(dod), 64);
    }
}

/// The most samples `bodyBytes` after the header can hold: every sample after the first takes at least a bit for
/// its time and one for its value. A larger count in a header is damage.
inline std::size_t mostSamplesIn(std::size_t bodyBytes) { return 1 + bodyBytes * 8 / 2; }

inline std::int64_t readDod(BitReader& r)
{
    int prefix = 0;
    while (prefix < 4 && r.readBit())
        ++prefix;
    switch (prefix) {
    case 0: return 0;
    case 1: return readBucket(r, 14);
    case 2: return readBucket(r, 17);
    case 3: return readBucket(r, 20);
    default: return std::int64_t(r.readBits(64));
    }
}

/// Integer value steps of the Decimal chunk: '0' | '10'+7 | '110'+14 | '1110'+21 | '11110'+32 | '11111'+64.
inline void writeIntStep(BitWriter& w, std::int64_t x)
{
    if (x == 0) {
        w.writeBit(false);
    } else if (fitsBucket(x, 7)) {
        w.writeBits(0b10, 2);
        w.writeBits(std::uint64_t(x), 7);
    } else if (fitsBucket(x, 14)) {
        w.writeBits(0b110, 3);
        w.writeBits(std::uint64_t(x), 14);
    } else if (fitsBucket(x, 21)) {
        w.writeBits(0b1110, 4);
        w.writeBits(std::uint64_t(x), 21);
    } else if (fitsBucket(x, 32)) {
        w.writeBits(0b11110, 5);
        w.writeBits(std::uint64_t(x), 32);
    } else {
        w.writeBits(0b11111, 5);
        w.writeBits(std::uint64_t(x), 64);
    }
}

inline std::int64_t readIntStep(BitReader& r)
{
    int prefix = 0;
    while (prefix < 5 && r.readBit())
        ++prefix;
    switch (prefix) {
    case 0: return 0;
    case 1: return readBucket(r, 7);
    case 2: return readBucket(r, 14);
    case 3: return readBucket(r, 21);
    case 4: return readBucket(r, 32);
    default: return std::int64_t(r.readBits(64));
    }
}

} // namespace sg::tsdb::chunkenc
