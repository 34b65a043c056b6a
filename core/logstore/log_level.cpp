#include "log_level.h"

#include <algorithm>
#include <cctype>

namespace sg::logs {
namespace {
constexpr std::size_t ScanLimit = 1024; // levels sit near the start of a line; bounds the cost per row

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/// The value after `key` followed by `=` or `:` (quotes and spaces allowed around), or "".
std::string_view valueAfterKey(std::string_view lower, std::string_view key)
{
    for (std::size_t pos = lower.find(key); pos != std::string_view::npos; pos = lower.find(key, pos + 1)) {
        if (pos > 0 && isWordChar(lower[pos - 1]))
            continue;
        std::size_t i = pos + key.size();
        if (i < lower.size() && lower[i] == '"')
            ++i;
        while (i < lower.size() && lower[i] == ' ')
            ++i;
        if (i >= lower.size() || (lower[i] != '=' && lower[i] != ':'))
            continue;
        ++i;
        while (i < lower.size() && (lower[i] == ' ' || lower[i] == '"' || lower[i] == '\''))
            ++i;
        const std::size_t start = i;
        while (i < lower.size() && isWordChar(lower[i]))
            ++i;
        if (i > start)
            return lower.substr(start, i - start);
    }
    return {};
}
char lowerAscii(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

/// A lower-case word's level (Grafana's aliases), without allocating: the miner asks this for every line.
LogLevel levelOfLowerWord(std::string_view n)
{
    switch (n.size()) {
    case 3:
        return n == "err" ? LogLevel::Error : LogLevel::Unknown;
    case 4:
        return n == "crit" ? LogLevel::Critical
            : n == "eror"  ? LogLevel::Error
            : n == "warn"  ? LogLevel::Warn
            : n == "info"  ? LogLevel::Info
            : n == "dbug"  ? LogLevel::Debug
                           : LogLevel::Unknown;
    case 5:
        return n == "fatal" || n == "emerg" || n == "alert" || n == "panic" ? LogLevel::Critical
            : n == "error"                                                   ? LogLevel::Error
            : n == "debug"                                                   ? LogLevel::Debug
            : n == "trace"                                                   ? LogLevel::Trace
                                                                             : LogLevel::Unknown;
    case 6:
        return n == "notice" ? LogLevel::Info : LogLevel::Unknown;
    case 7:
        return n == "warning" ? LogLevel::Warn : LogLevel::Unknown;
    case 8:
        return n == "critical" ? LogLevel::Critical : LogLevel::Unknown;
    case 11:
        return n == "information" ? LogLevel::Info : LogLevel::Unknown;
    case 13:
        return n == "informational" ? LogLevel::Info : LogLevel::Unknown;
    default:
        return LogLevel::Unknown;
    }
}

} // namespace

LogLevel parseLogLevel(std::string_view name)
{
    char lower[16];
    if (name.size() > sizeof lower)
        return LogLevel::Unknown; // longer than any alias
    for (std::size_t i = 0; i < name.size(); ++i)
        lower[i] = lowerAscii(name[i]);
    return levelOfLowerWord(std::string_view(lower, name.size()));
}

LogLevel detectLogLevel(const Labels& labels, std::string_view line)
{
    for (const char* key : { "level", "detected_level", "severity", "lvl" }) {
        if (labels.has(key)) {
            const LogLevel l = parseLogLevel(labels.get(key));
            if (l != LogLevel::Unknown)
                return l;
        }
    }
    char buffer[ScanLimit];
    const std::size_t n = std::min(line.size(), ScanLimit);
    for (std::size_t i = 0; i < n; ++i)
        buffer[i] = lowerAscii(line[i]);
    const std::string_view lower(buffer, n);
    for (std::string_view key : { "level", "lvl", "severity" }) {
        const std::string_view v = valueAfterKey(lower, key);
        if (!v.empty()) {
            const LogLevel l = levelOfLowerWord(v);
            if (l != LogLevel::Unknown)
                return l;
        }
    }
    // The earliest standalone level word wins ("INFO retrying after error" is an info line).
    std::size_t i = 0;
    while (i < lower.size()) {
        while (i < lower.size() && !isWordChar(lower[i]))
            ++i;
        const std::size_t start = i;
        while (i < lower.size() && isWordChar(lower[i]))
            ++i;
        if (const LogLevel l = levelOfLowerWord(lower.substr(start, i - start)); l != LogLevel::Unknown)
            return l;
    }
    return LogLevel::Unknown;
}

std::string_view detectedLevelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Critical:
        return "critical";
    case LogLevel::Error:
        return "error";
    case LogLevel::Warn:
        return "warn";
    case LogLevel::Info:
        return "info";
    case LogLevel::Debug:
        return "debug";
    case LogLevel::Trace:
        return "trace";
    case LogLevel::Unknown:
        break;
    }
    return "unknown";
}

} // namespace sg::logs
