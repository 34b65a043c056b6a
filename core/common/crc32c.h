#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sg {

/// CRC-32C (Castagnoli), the checksum of WAL records and chunks in both stores. Uses the SSE4.2 instruction when the CPU
/// has it, a table otherwise; both give the same value.
std::uint32_t crc32c(const void* data, std::size_t size, std::uint32_t crc = 0);
inline std::uint32_t crc32c(std::string_view s) { return crc32c(s.data(), s.size()); }

} // namespace sg
