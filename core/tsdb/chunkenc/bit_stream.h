#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sg::tsdb::chunkenc {

/// Appends bits most-significant first to a byte vector (the layout of Prometheus' `bstream`).
class BitWriter
{
public:
    BitWriter() = default;
    /// Continues writing after existing bytes; `freeBits` is the number of unused low bits in the last byte.
    BitWriter(std::vector<std::uint8_t> bytes, int freeBits)
        : m_bytes(std::move(bytes))
        , m_free(freeBits)
    {
    }

    void writeBit(bool bit) { writeBits(bit ? 1 : 0, 1); }
    /// Writes the low `n` bits of `v` (0 < n <= 64).
    void writeBits(std::uint64_t v, int n)
    {
        while (n > 0) {
            if (m_free == 0) {
                m_bytes.push_back(0);
                m_free = 8;
            }
            const int take = n < m_free ? n : m_free;
            const std::uint64_t bits = (v >> (n - take)) & ((std::uint64_t(1) << take) - 1);
            m_bytes.back() |= std::uint8_t(bits << (m_free - take));
            m_free -= take;
            n -= take;
        }
    }
    void writeByte(std::uint8_t b) { writeBits(b, 8); }
    /// Unsigned LEB128 varint, byte by byte into the bit stream.
    void writeUvarint(std::uint64_t v)
    {
        while (v >= 0x80) {
            writeByte(std::uint8_t(v) | 0x80);
            v >>= 7;
        }
        writeByte(std::uint8_t(v));
    }
    void writeVarint(std::int64_t v) { writeUvarint((std::uint64_t(v) << 1) ^ std::uint64_t(v >> 63)); }

    std::vector<std::uint8_t>& bytes() { return m_bytes; }
    const std::vector<std::uint8_t>& bytes() const { return m_bytes; }
    int freeBits() const { return m_free; }

private:
    std::vector<std::uint8_t> m_bytes;
    int m_free = 0;
};

/// Reads bits written by BitWriter. Reading past the end sets `failed()` and yields zeros.
class BitReader
{
public:
    BitReader(const std::uint8_t* data, std::size_t size)
        : m_data(data)
        , m_bits(size * 8)
    {
    }

    bool readBit() { return readBits(1) != 0; }
    std::uint64_t readBits(int n)
    {
        if (m_pos + std::size_t(n) > m_bits) {
            m_failed = true;
            m_pos = m_bits;
            return 0;
        }
        std::uint64_t v = 0;
        while (n > 0) {
            const std::size_t byte = m_pos >> 3;
            const int offset = int(m_pos & 7);
            const int avail = 8 - offset;
            const int take = n < avail ? n : avail;
            const std::uint64_t bits = (m_data[byte] >> (avail - take)) & ((1u << take) - 1);
            v = (v << take) | bits;
            m_pos += std::size_t(take);
            n -= take;
        }
        return v;
    }
    std::uint64_t readUvarint()
    {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            const auto b = readBits(8);
            v |= (b & 0x7f) << shift;
            if (!(b & 0x80) || m_failed)
                return v;
        }
        m_failed = true;
        return v;
    }
    std::int64_t readVarint()
    {
        const auto u = readUvarint();
        return std::int64_t(u >> 1) ^ -std::int64_t(u & 1);
    }
    bool failed() const { return m_failed; }

private:
    const std::uint8_t* m_data;
    std::size_t m_bits;
    std::size_t m_pos = 0;
    bool m_failed = false;
};

/// Sign-extends the low `n` bits of `v`.
inline std::int64_t signExtend(std::uint64_t v, int n)
{
    if (n == 64)
        return std::int64_t(v);
    const std::uint64_t sign = std::uint64_t(1) << (n - 1);
    return std::int64_t((v ^ sign) - sign);
}

} // namespace sg::tsdb::chunkenc
