#pragma once

#include "core/tsdb/chunkenc/bit_stream.h"
#include "core/tsdb/storage.h"

#include <cstdint>
#include <span>
#include <vector>

namespace sg::tsdb::chunkenc {

/// The first byte of every chunk payload. Values are part of the on-disk format (FORMAT.md).
enum class Encoding : std::uint8_t {
    Xor = 1,     ///< Gorilla: delta-of-delta timestamps, XOR floats (Prometheus `chunkenc/xor.go`)
    Decimal = 2, ///< delta-of-delta timestamps, values scaled by 10^k to integers, delta or delta-of-delta coded
};

/// Samples per chunk before the head seals it (as Prometheus).
constexpr std::size_t ChunkSamplesTarget = 120;
/// Bytes before the payload proper: encoding (1) and sample count (2, little endian).
constexpr std::size_t ChunkHeaderBytes = 3;

/// Appends samples to an open XOR chunk, one at a time (the head's open chunk).
class XorAppender
{
public:
    XorAppender();
    void append(TimestampMs t, double v);
    std::uint16_t count() const { return m_count; }
    TimestampMs minT() const { return m_minT; }
    TimestampMs maxT() const { return m_t; }
    /// The payload so far: a complete chunk that decodes to every sample appended.
    const std::vector<std::uint8_t>& bytes() const { return m_w.bytes(); }
    /// Heap bytes held (capacity), for memory accounting.
    std::size_t memoryBytes() const { return m_w.bytes().capacity(); }
    /// Releases the payload and starts over.
    std::vector<std::uint8_t> take();

private:
    void writeValue(double v);
    BitWriter m_w;
    std::uint16_t m_count = 0;
    TimestampMs m_minT = 0;
    TimestampMs m_t = 0;
    std::int64_t m_tDelta = 0;
    std::uint64_t m_v = 0;
    std::uint8_t m_leading = 0xff;
    std::uint8_t m_trailing = 0;
};

/// Decodes any chunk payload, appending its samples to `out`. False when the payload is malformed; then nothing
/// is appended (the store counts the chunk as unreadable).
bool decode(std::span<const std::uint8_t> payload, std::vector<Sample>& out);
/// The sample count stored in a payload header (0 when too short).
std::uint16_t sampleCount(std::span<const std::uint8_t> payload);

/// Encodes samples (sorted, at most 65535) as an XOR chunk.
std::vector<std::uint8_t> encodeXor(std::span<const Sample> samples);
/// Encodes samples as a Decimal chunk when every value is exactly a decimal with at most 6 digits after the
/// point and fits 2^53 once scaled; returns an empty vector otherwise.
std::vector<std::uint8_t> encodeDecimal(std::span<const Sample> samples);
/// The smaller of the XOR and Decimal encodings of `samples`.
std::vector<std::uint8_t> encodeBest(std::span<const Sample> samples);

} // namespace sg::tsdb::chunkenc
