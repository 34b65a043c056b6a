#pragma once

#include "core/labels/labels.h"

#include <QString>

#include <string_view>

namespace sg::ui {

enum class LogLevel { Unknown, Debug, Info, Warn, Error };

/// The level of a log line: the stream's `level` label when present, else detected in the line
/// (`level=error`, `"level":"error"`, or the words ERROR/WARN/INFO/DEBUG, case-insensitive, earliest wins).
LogLevel detectLogLevel(const Labels& labels, std::string_view line);
/// Parses a level name ("error", "err", "warning", "information", "trace", ...).
LogLevel parseLogLevel(std::string_view name);
/// "error", "warn", "info", "debug" or "".
QString logLevelName(LogLevel level);

} // namespace sg::ui
