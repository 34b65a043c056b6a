#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace sg::logs {

/// Appends little-endian integers, varints and length-prefixed strings to a byte string.
class ByteWriter
{
public:
    explicit ByteWriter(std::string& out)
        : m_out(out)
    {
    }
    void u8(std::uint8_t v) { m_out.push_back(char(v)); }
    void u32(std::uint32_t v)
    {
        char b[4];
        std::memcpy(b, &v, 4); // the project targets little-endian hosts
        m_out.append(b, 4);
    }
    void u64(std::uint64_t v)
    {
        char b[8];
        std::memcpy(b, &v, 8);
        m_out.append(b, 8);
    }
    void uvarint(std::uint64_t v)
    {
        char b[10];
        int n = 0;
        while (v >= 0x80) {
            b[n++] = char(v | 0x80);
            v >>= 7;
        }
        b[n++] = char(v);
        m_out.append(b, std::size_t(n));
    }
    void varint(std::int64_t v) { uvarint((std::uint64_t(v) << 1) ^ std::uint64_t(v >> 63)); }
    void bytes(std::string_view s)
    {
        uvarint(s.size());
        m_out.append(s);
    }
    std::string& out() { return m_out; }

private:
    std::string& m_out;
};

/// Reads what ByteWriter wrote. Any overrun sets `failed()` and yields zeros; check once at the end.
class ByteReader
{
public:
    ByteReader(const char* data, std::size_t size)
        : m_p(data)
        , m_end(data + size)
    {
    }
    explicit ByteReader(std::string_view s)
        : ByteReader(s.data(), s.size())
    {
    }
    std::uint8_t u8()
    {
        if (m_p >= m_end)
            return fail();
        return std::uint8_t(*m_p++);
    }
    std::uint32_t u32()
    {
        std::uint32_t v = 0;
        if (m_end - m_p < 4)
            return fail();
        std::memcpy(&v, m_p, 4);
        m_p += 4;
        return v;
    }
    std::uint64_t u64()
    {
        std::uint64_t v = 0;
        if (m_end - m_p < 8)
            return fail();
        std::memcpy(&v, m_p, 8);
        m_p += 8;
        return v;
    }
    std::uint64_t uvarint()
    {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_p >= m_end)
                return fail();
            const auto b = std::uint8_t(*m_p++);
            v |= std::uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80))
                return v;
        }
        return fail();
    }
    std::int64_t varint()
    {
        const auto u = uvarint();
        return std::int64_t(u >> 1) ^ -std::int64_t(u & 1);
    }
    std::string_view bytes()
    {
        const auto n = uvarint();
        return raw(n);
    }
    std::string_view raw(std::uint64_t n)
    {
        if (m_failed || std::uint64_t(m_end - m_p) < n) {
            fail();
            return {};
        }
        std::string_view s(m_p, std::size_t(n));
        m_p += n;
        return s;
    }
    bool failed() const { return m_failed; }
    bool atEnd() const { return m_p == m_end; }
    std::size_t remaining() const { return std::size_t(m_end - m_p); }

private:
    std::uint8_t fail()
    {
        m_failed = true;
        m_p = m_end;
        return 0;
    }
    const char* m_p;
    const char* m_end;
    bool m_failed = false;
};

} // namespace sg::logs
