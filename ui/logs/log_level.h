#pragma once

#include "core/logstore/log_level.h"

#include <QColor>
#include <QString>

#include <string_view>

namespace sg::ui {

// The levels and their detection live in core (the pattern miner groups lines by them too).
using logs::AllLogLevels;
using logs::detectLogLevel;
using logs::LogLevel;
using logs::parseLogLevel;

/// "critical", "error", "warn", "info", "debug", "trace" or "".
QString logLevelName(LogLevel level);
/// Grafana's level colours (critical purple, error red, warning yellow, info green, debug blue, trace light blue).
QColor logLevelColor(LogLevel level);

} // namespace sg::ui
