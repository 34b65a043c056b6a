#pragma once

// The level of a log line as Grafana shows it and Loki 3.x detects it (`detected_level`): from the stream's labels,
// else a level field of the line, else a level word in it.

#include "core/labels/labels.h"

#include <string_view>

namespace sg::logs {

/// Grafana's log levels, least to most severe.
enum class LogLevel { Unknown, Trace, Debug, Info, Warn, Error, Critical };
/// Every level but Unknown, most severe first, then Unknown (the order of the logs volume's stack and legend).
inline constexpr LogLevel AllLogLevels[] = { LogLevel::Critical, LogLevel::Error, LogLevel::Warn, LogLevel::Info,
    LogLevel::Debug, LogLevel::Trace, LogLevel::Unknown };

/// The level of a log line: the stream's `level` (`detected_level`, `severity`, `lvl`) label when it names a level,
/// else a `level=`/`"level":`/`lvl`/`severity` field of the line, else the earliest standalone level word of the
/// line (any of Grafana's aliases, case-insensitive), as Grafana's getLogLevel does.
LogLevel detectLogLevel(const Labels& labels, std::string_view line);
/// Grafana's aliases: emerg/alert/crit/critical/fatal/panic → Critical, err/eror/error → Error, warn/warning →
/// Warn, info/information/informational/notice → Info, dbug/debug → Debug, trace → Trace; anything else Unknown.
LogLevel parseLogLevel(std::string_view name);
/// Loki's `detected_level` values: "critical", "error", "warn", "info", "debug", "trace" or "unknown".
std::string_view detectedLevelName(LogLevel level);

} // namespace sg::logs
