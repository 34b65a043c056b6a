#include "log_level.h"

#include "ui/theme.h"

#include <algorithm>
#include <cctype>
#include <string>

using namespace Qt::StringLiterals;

namespace sg::ui {
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
} // namespace

LogLevel parseLogLevel(std::string_view name)
{
    std::string n(name);
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (n == "critical" || n == "crit" || n == "fatal" || n == "emerg" || n == "alert" || n == "panic")
        return LogLevel::Critical;
    if (n == "error" || n == "err" || n == "eror")
        return LogLevel::Error;
    if (n == "warn" || n == "warning")
        return LogLevel::Warn;
    if (n == "info" || n == "information" || n == "informational" || n == "notice")
        return LogLevel::Info;
    if (n == "debug" || n == "dbug")
        return LogLevel::Debug;
    if (n == "trace")
        return LogLevel::Trace;
    return LogLevel::Unknown;
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
    std::string lower(line.substr(0, ScanLimit));
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    for (std::string_view key : { "level", "lvl", "severity" }) {
        const std::string_view v = valueAfterKey(lower, key);
        if (!v.empty()) {
            const LogLevel l = parseLogLevel(v);
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
        const std::size_t length = i - start;
        if (length < 3 || length > 13)
            continue; // shorter or longer than any alias
        if (const LogLevel l = parseLogLevel(std::string_view(lower).substr(start, length)); l != LogLevel::Unknown)
            return l;
    }
    return LogLevel::Unknown;
}

QString logLevelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Critical:
        return u"critical"_s;
    case LogLevel::Error:
        return u"error"_s;
    case LogLevel::Warn:
        return u"warn"_s;
    case LogLevel::Info:
        return u"info"_s;
    case LogLevel::Debug:
        return u"debug"_s;
    case LogLevel::Trace:
        return u"trace"_s;
    case LogLevel::Unknown:
        break;
    }
    return {};
}

QColor logLevelColor(LogLevel level)
{
    switch (level) {
    case LogLevel::Critical:
        return QColor(0x70, 0x5d, 0xa0);
    case LogLevel::Error:
        return theme::errorColor();
    case LogLevel::Warn:
        return theme::warnColor();
    case LogLevel::Info:
        return theme::infoColor();
    case LogLevel::Debug:
        return theme::debugColor();
    case LogLevel::Trace:
        return QColor(0x6e, 0xd0, 0xe0);
    case LogLevel::Unknown:
        break;
    }
    return theme::mutedText();
}

} // namespace sg::ui
