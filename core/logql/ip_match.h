#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sg::logql {

/// An IP address as Go's `net/netip` parses it: IPv4 (4 bytes) or IPv6 (16 bytes, an IPv4-mapped address stays
/// IPv6), with an optional IPv6 zone. Strict: no leading zeros in IPv4 octets, at most 4 hex digits a group,
/// one `::`, an embedded IPv4 only as the last 32 bits.
struct IpAddress
{
    std::array<std::uint8_t, 16> bytes {};
    int bits = 0;  ///< 32 or 128
    std::string zone;

    static std::optional<IpAddress> parse(std::string_view text);
    /// Orders by family, then address, then zone (as netip.Addr.Compare).
    int compare(const IpAddress& other) const;
};

/// The argument of LogQL's `ip("...")`: one address, a range `from-to` or a CIDR prefix `addr/bits`, IPv4 or
/// IPv6 (Loki tries them in that order). An address matches only within its own family.
class IpPattern
{
public:
    static std::optional<IpPattern> parse(std::string_view pattern);

    bool contains(const IpAddress& address) const;
    /// True when `text` holds a matching address. Candidates are found the way Loki scans a line: a digit with
    /// a `.` within the next 3 characters starts an IPv4 candidate (the longest run of `0-9.`), a hex group
    /// followed by `:` (or `::` and a hex digit) starts an IPv6 one (the run of `0-9a-fA-F:.`); a candidate
    /// needs at least 4 (IPv4) or 5 (IPv6) characters from its start to the end of the text.
    bool matchesIn(std::string_view text) const;

private:
    IpAddress m_from, m_to;
};

} // namespace sg::logql
