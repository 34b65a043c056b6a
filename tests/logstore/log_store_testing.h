// Helpers shared by the log store tests.
#pragma once

#include "core/logstore/log_store.h"

#include <limits>
#include <string>
#include <vector>

namespace sg::logs::testing {

constexpr TimestampNs Base = 1'700'000'000'000'000'000;
constexpr TimestampNs Sec = 1'000'000'000;
constexpr TimestampNs All = std::numeric_limits<TimestampNs>::max();

inline Matchers selector(std::string name, std::string value)
{
    return { Matcher::make(MatchType::Equal, std::move(name), std::move(value)).value() };
}

inline std::size_t totalEntries(const std::vector<Stream>& streams)
{
    std::size_t n = 0;
    for (const auto& s : streams)
        n += s.entries.size();
    return n;
}

} // namespace sg::logs::testing
