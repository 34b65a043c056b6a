#pragma once

// Shared by the libFuzzer targets (scripts/fuzz runs them): the input as text, and the entry point's signature.
#include <cstddef>
#include <cstdint>
#include <string_view>

#define SG_FUZZ_TARGET extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)

inline std::string_view fuzzText(const std::uint8_t* data, std::size_t size)
{
    return std::string_view(reinterpret_cast<const char*>(data), size);
}
