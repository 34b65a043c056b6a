#include "chunk.h"

namespace sg::tsdb::chunkenc {

bool decodeXor(std::span<const std::uint8_t> payload, std::vector<Sample>& out);
bool decodeDecimal(std::span<const std::uint8_t> payload, std::vector<Sample>& out);

std::uint16_t sampleCount(std::span<const std::uint8_t> payload)
{
    if (payload.size() < ChunkHeaderBytes)
        return 0;
    return std::uint16_t(payload[1] | (payload[2] << 8));
}

bool decode(std::span<const std::uint8_t> payload, std::vector<Sample>& out)
{
    if (payload.size() < ChunkHeaderBytes)
        return false;
    // all or nothing: a damaged chunk adds no samples
    const std::size_t before = out.size();
    bool ok = false;
    switch (Encoding(payload[0])) {
    case Encoding::Xor: ok = decodeXor(payload, out); break;
    case Encoding::Decimal: ok = decodeDecimal(payload, out); break;
    }
    if (!ok)
        out.resize(before);
    return ok;
}

std::vector<std::uint8_t> encodeBest(std::span<const Sample> samples)
{
    auto x = encodeXor(samples);
    auto d = encodeDecimal(samples);
    if (!d.empty() && d.size() < x.size())
        return d;
    return x;
}

} // namespace sg::tsdb::chunkenc
