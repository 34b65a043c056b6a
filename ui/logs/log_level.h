#pragma once

#include "core/labels/labels.h"

#include <QColor>
#include <QString>

#include <string_view>

namespace sg::ui {

/// Grafana's log levels, least to most severe.
enum class LogLevel { Unknown, Trace, Debug, Info, Warn, Error, Critical };
/// Every level but Unknown, most severe first (the order of the logs volume's stack and legend).
inline constexpr LogLevel AllLogLevels[] = { LogLevel::Critical, LogLevel::Error, LogLevel::Warn, LogLevel::Info,
    LogLevel::Debug, LogLevel::Trace, LogLevel::Unknown };

/// The level of a log line: the stream's `level` (`detected_level`, `severity`, `lvl`) label when it names a level,
/// else a `level=`/`"level":`/`lvl`/`severity` field of the line, else the earliest standalone level word of the
/// line (any of Grafana's aliases, case-insensitive), as Grafana's getLogLevel does.
LogLevel detectLogLevel(const Labels& labels, std::string_view line);
/// Grafana's aliases: emerg/alert/crit/critical/fatal/panic → Critical, err/eror/error → Error, warn/warning →
/// Warn, info/information/informational/notice → Info, dbug/debug → Debug, trace → Trace; anything else Unknown.
LogLevel parseLogLevel(std::string_view name);
/// "critical", "error", "warn", "info", "debug", "trace" or "".
QString logLevelName(LogLevel level);
/// Grafana's level colours (critical purple, error red, warning yellow, info green, debug blue, trace light blue).
QColor logLevelColor(LogLevel level);

} // namespace sg::ui
