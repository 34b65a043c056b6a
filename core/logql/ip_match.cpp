#include "ip_match.h"
#include "core/common/utf8.h"

#include <algorithm>

namespace sg::logql {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

/// Four dotted decimal octets, each 0-255 without a leading zero.
bool parseIpv4(std::string_view s, std::uint8_t* out)
{
    int value = 0, digits = 0, field = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (isDigit(c)) {
            if (digits == 1 && value == 0)
                return false;
            value = value * 10 + (c - '0');
            if (++digits > 3 || value > 255)
                return false;
        } else if (c == '.') {
            if (i == 0 || i + 1 == s.size() || s[i - 1] == '.' || field == 3)
                return false;
            out[field++] = std::uint8_t(value);
            value = 0;
            digits = 0;
        } else {
            return false;
        }
    }
    if (field != 3 || digits == 0)
        return false;
    out[3] = std::uint8_t(value);
    return true;
}

/// Colon-separated hex groups with at most one `::` and an optional trailing embedded IPv4.
bool parseIpv6(std::string_view s, std::uint8_t* ip)
{
    int ellipsis = -1;
    if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
        ellipsis = 0;
        s.remove_prefix(2);
        if (s.empty())
            return true;
    }
    int i = 0;
    while (i < 16) {
        std::size_t off = 0;
        unsigned acc = 0;
        for (; off < s.size(); ++off) {
            const int h = hexDigitValue(s[off]);
            if (h < 0)
                break;
            if (off > 3)
                return false;
            acc = (acc << 4) | unsigned(h);
        }
        if (off == 0)
            return false;
        if (off < s.size() && s[off] == '.') {
            // The embedded IPv4 replaces the last two groups.
            if ((ellipsis < 0 && i != 12) || i + 4 > 16 || !parseIpv4(s, ip + i))
                return false;
            s = {};
            i += 4;
            break;
        }
        ip[i] = std::uint8_t(acc >> 8);
        ip[i + 1] = std::uint8_t(acc);
        i += 2;
        s.remove_prefix(off);
        if (s.empty())
            break;
        if (s[0] != ':' || s.size() == 1)
            return false;
        s.remove_prefix(1);
        if (s[0] == ':') {
            if (ellipsis >= 0)
                return false;
            ellipsis = i;
            s.remove_prefix(1);
            if (s.empty())
                break;
        }
    }
    if (!s.empty())
        return false;
    if (i < 16) {
        if (ellipsis < 0)
            return false;
        const int n = 16 - i;
        for (int j = i - 1; j >= ellipsis; --j)
            ip[j + n] = ip[j];
        std::fill(ip + ellipsis, ip + ellipsis + n, std::uint8_t(0));
    } else if (ellipsis >= 0) {
        return false;  // `::` must stand for at least one group
    }
    return true;
}

/// Netmask bits of a prefix: digits without a leading zero (a lone "0" is fine).
std::optional<int> parsePrefixBits(std::string_view s)
{
    if (s.empty() || s.size() > 3 || (s.size() > 1 && s[0] == '0'))
        return std::nullopt;
    int v = 0;
    for (char c : s) {
        if (!isDigit(c))
            return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

bool ipv4Hint(std::string_view t, std::size_t i)
{
    return isDigit(t[i]) && (t[i + 1] == '.' || t[i + 2] == '.' || t[i + 3] == '.');
}

bool ipv6Hint(std::string_view t, std::size_t i)
{
    auto hex = [&](std::size_t k) { return hexDigitValue(t[i + k]) >= 0; };
    return (t[i] == ':' && t[i + 1] == ':' && hex(2)) || (hex(0) && t[i + 1] == ':')
        || (hex(0) && hex(1) && t[i + 2] == ':') || (hex(0) && hex(1) && hex(2) && t[i + 3] == ':')
        || (hex(0) && hex(1) && hex(2) && hex(3) && t[i + 4] == ':');
}

std::size_t spanOf(std::string_view t, std::size_t i, std::string_view charset)
{
    std::size_t j = i;
    while (j < t.size() && charset.find(t[j]) != std::string_view::npos)
        ++j;
    return j - i;
}

} // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text)
{
    // The first '.', ':' or '%' decides the family, as in netip.ParseAddr.
    const std::size_t k = text.find_first_of(".:%");
    if (k == std::string_view::npos || text[k] == '%')
        return std::nullopt;
    IpAddress a;
    if (text[k] == '.') {
        if (!parseIpv4(text, a.bytes.data()))
            return std::nullopt;
        a.bits = 32;
        return a;
    }
    if (auto z = text.find('%'); z != std::string_view::npos) {
        a.zone = std::string(text.substr(z + 1));
        if (a.zone.empty())
            return std::nullopt;
        text = text.substr(0, z);
    }
    if (!parseIpv6(text, a.bytes.data()))
        return std::nullopt;
    a.bits = 128;
    return a;
}

int IpAddress::compare(const IpAddress& other) const
{
    if (bits != other.bits)
        return bits < other.bits ? -1 : 1;
    const std::size_t n = std::size_t(bits / 8);
    for (std::size_t i = 0; i < n; ++i)
        if (bytes[i] != other.bytes[i])
            return bytes[i] < other.bytes[i] ? -1 : 1;
    return zone < other.zone ? -1 : zone > other.zone ? 1 : 0;
}

std::optional<IpPattern> IpPattern::parse(std::string_view pattern)
{
    IpPattern p;
    if (auto a = IpAddress::parse(pattern)) {
        p.m_from = p.m_to = *a;
        return p;
    }
    if (auto slash = pattern.rfind('/'); slash != std::string_view::npos) {
        auto a = IpAddress::parse(pattern.substr(0, slash));
        auto bits = parsePrefixBits(pattern.substr(slash + 1));
        if (a && a->zone.empty() && bits && *bits <= a->bits) {
            p.m_from = p.m_to = *a;
            for (int b = *bits; b < a->bits; ++b) {
                const auto mask = std::uint8_t(0x80u >> (b % 8));
                p.m_from.bytes[std::size_t(b / 8)] &= std::uint8_t(~mask);
                p.m_to.bytes[std::size_t(b / 8)] |= mask;
            }
            return p;
        }
    }
    if (auto dash = pattern.find('-'); dash != std::string_view::npos) {
        auto from = IpAddress::parse(pattern.substr(0, dash));
        auto to = IpAddress::parse(pattern.substr(dash + 1));
        if (from && to && from->bits == to->bits && from->zone == to->zone && from->compare(*to) <= 0) {
            p.m_from = *from;
            p.m_to = *to;
            return p;
        }
    }
    return std::nullopt;
}

bool IpPattern::contains(const IpAddress& address) const
{
    return m_from.compare(address) <= 0 && address.compare(m_to) <= 0;
}

bool IpPattern::matchesIn(std::string_view text) const
{
    static constexpr std::string_view Ipv4Chars = "0123456789.";
    static constexpr std::string_view Ipv6Chars = "0123456789abcdefABCDEF:.";
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n; ++i) {
        std::string_view charset;
        if (i + 3 < n && ipv4Hint(text, i))
            charset = Ipv4Chars;
        else if (i + 4 < n && ipv6Hint(text, i))
            charset = Ipv6Chars;
        else
            continue;
        const std::size_t len = spanOf(text, i, charset);
        if (auto a = IpAddress::parse(text.substr(i, len)); a && contains(*a))
            return true;
        i += len;  // a candidate that does not match is skipped whole, with the character after it
    }
    return false;
}

} // namespace sg::logql
