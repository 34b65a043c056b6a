#include "log_dedup.h"

#include <cctype>

namespace sg::ui {
namespace {
bool digit(char c) { return c >= '0' && c <= '9'; }

/// The length of an ISO 8601 timestamp with fractional seconds and zone starting at `i`
/// (`\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-6]\d[,.]\d+([+-][0-2]\d:[0-5]\d|Z)`), or 0.
std::size_t isoDateAt(std::string_view s, std::size_t i)
{
    static constexpr std::string_view Shape = "dddd-dd-ddTdd:dd:dd";
    if (s.size() - i < Shape.size() + 2)
        return 0;
    for (std::size_t k = 0; k < Shape.size(); ++k) {
        const char want = Shape[k];
        if (want == 'd' ? !digit(s[i + k]) : s[i + k] != want)
            return 0;
    }
    std::size_t j = i + Shape.size();
    if (s[j] != '.' && s[j] != ',')
        return 0;
    ++j;
    const std::size_t fraction = j;
    while (j < s.size() && digit(s[j]))
        ++j;
    if (j == fraction || j >= s.size())
        return 0;
    if (s[j] == 'Z')
        return j + 1 - i;
    if ((s[j] == '+' || s[j] == '-') && s.size() - j >= 6 && digit(s[j + 1]) && digit(s[j + 2]) && s[j + 3] == ':'
        && digit(s[j + 4]) && digit(s[j + 5]))
        return j + 6 - i;
    return 0;
}
} // namespace

std::string dedupKey(std::string_view line, DedupMode mode)
{
    std::string out;
    out.reserve(line.size());
    switch (mode) {
    case DedupMode::None:
        return std::string(line);
    case DedupMode::Exact:
        for (std::size_t i = 0; i < line.size();) {
            if (const std::size_t n = digit(line[i]) ? isoDateAt(line, i) : 0) {
                i += n;
                continue;
            }
            out.push_back(line[i++]);
        }
        break;
    case DedupMode::Numbers:
        for (char c : line)
            if (!digit(c))
                out.push_back(c);
        break;
    case DedupMode::Signature:
        for (char c : line)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
                out.push_back(c);
        break;
    }
    return out;
}

const char* dedupModeName(DedupMode mode)
{
    switch (mode) {
    case DedupMode::None:
        return "None";
    case DedupMode::Exact:
        return "Exact";
    case DedupMode::Numbers:
        return "Numbers";
    case DedupMode::Signature:
        return "Signature";
    }
    return "None";
}

} // namespace sg::ui
