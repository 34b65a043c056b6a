// The Gorilla XOR chunk, bit-compatible in its sample stream with Prometheus' chunkenc/xor.go
// (our 3-byte header carries the encoding byte in front of the sample count).
#include "chunk.h"
#include "timestamp_codec.h"

#include <algorithm>
#include <bit>

namespace sg::tsdb::chunkenc {

XorAppender::XorAppender()
{
    m_w.writeByte(std::uint8_t(Encoding::Xor));
    m_w.writeByte(0);
    m_w.writeByte(0);
}

std::vector<std::uint8_t> XorAppender::take()
{
    auto bytes = std::move(m_w.bytes());
    *this = XorAppender();
    return bytes;
}

void XorAppender::append(TimestampMs t, double v)
{
    if (m_count == 0) {
        m_w.writeVarint(t);
        m_w.writeBits(std::bit_cast<std::uint64_t>(v), 64);
        m_minT = t;
    } else if (m_count == 1) {
        m_tDelta = t - m_t;
        m_w.writeUvarint(std::uint64_t(m_tDelta));
        writeValue(v);
    } else {
        const std::int64_t delta = t - m_t;
        writeDod(m_w, delta - m_tDelta);
        m_tDelta = delta;
        writeValue(v);
    }
    m_t = t;
    m_v = std::bit_cast<std::uint64_t>(v);
    ++m_count;
    auto& b = m_w.bytes();
    b[1] = std::uint8_t(m_count & 0xff);
    b[2] = std::uint8_t(m_count >> 8);
}

void XorAppender::writeValue(double v)
{
    const std::uint64_t delta = std::bit_cast<std::uint64_t>(v) ^ m_v;
    if (delta == 0) {
        m_w.writeBit(false);
        return;
    }
    m_w.writeBit(true);
    auto leading = std::uint8_t(std::countl_zero(delta));
    const auto trailing = std::uint8_t(std::countr_zero(delta));
    if (leading >= 32)
        leading = 31;
    if (m_leading != 0xff && leading >= m_leading && trailing >= m_trailing) {
        m_w.writeBit(false);
        m_w.writeBits(delta >> m_trailing, 64 - m_leading - m_trailing);
        return;
    }
    m_leading = leading;
    m_trailing = trailing;
    m_w.writeBit(true);
    m_w.writeBits(leading, 5);
    const int sigbits = 64 - leading - trailing;
    m_w.writeBits(std::uint64_t(sigbits), 6); // 64 wraps to 0
    m_w.writeBits(delta >> trailing, sigbits);
}

std::vector<std::uint8_t> encodeXor(std::span<const Sample> samples)
{
    XorAppender a;
    for (const auto& s : samples)
        a.append(s.t, s.v);
    return a.take();
}

bool decodeXor(std::span<const std::uint8_t> payload, std::vector<Sample>& out)
{
    const std::uint16_t n = sampleCount(payload);
    BitReader r(payload.data() + ChunkHeaderBytes, payload.size() - ChunkHeaderBytes);
    TimestampMs t = 0;
    std::int64_t tDelta = 0;
    std::uint64_t v = 0;
    int leading = 0, trailing = 0;
    // a damaged count reserves no more than the bytes can hold
    out.reserve(out.size() + std::min<std::size_t>(n, mostSamplesIn(payload.size() - ChunkHeaderBytes)));
    for (std::uint16_t i = 0; i < n; ++i) {
        if (i == 0) {
            t = r.readVarint();
            v = r.readBits(64);
        } else {
            // sums past int64 only come from a damaged chunk (found by fuzzing): refused, never wrapped
            if (i == 1)
                tDelta = std::int64_t(r.readUvarint());
            else if (__builtin_add_overflow(tDelta, readDod(r), &tDelta))
                return false;
            if (__builtin_add_overflow(t, tDelta, &t))
                return false;
            if (r.readBit()) {
                if (r.readBit()) {
                    leading = int(r.readBits(5));
                    int sigbits = int(r.readBits(6));
                    if (sigbits == 0)
                        sigbits = 64;
                    trailing = 64 - leading - sigbits;
                    if (trailing < 0) // a damaged chunk (found by fuzzing): no shift by a negative count
                        return false;
                }
                const int sig = 64 - leading - trailing;
                if (sig <= 0)
                    return false;
                v ^= r.readBits(sig) << trailing;
            }
        }
        if (r.failed())
            return false;
        out.push_back(Sample { t, std::bit_cast<double>(v) });
    }
    return true;
}

} // namespace sg::tsdb::chunkenc
