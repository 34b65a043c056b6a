#pragma once

// Internal to sg_demo: the log lines the simulated service writes.

#include "core/common/time.h"

#include <string>
#include <utility>
#include <vector>

namespace sg::demo {

/// One structured log record before formatting.
struct LogRecord
{
    TimestampNs ts = 0;
    std::string level; ///< INFO, WARN or ERROR
    std::string logger;
    std::string message;
    std::string handler; ///< empty for application lines not about a request
    std::string method;
    std::string path;
    int status = 0;
    double durationMs = 0;
    std::string traceId;
    std::vector<std::pair<std::string, std::string>> extra;
};

/// RFC 3339 UTC time with milliseconds, e.g. 2024-06-11T09:30:00.123Z.
std::string isoTime(TimestampNs ts);
/// `{"ts":"…","level":"INFO",…}` (one line, fields escaped).
std::string formatJson(const LogRecord& r);
/// `ts=… level=INFO logger=… msg="…" …` (values quoted when needed).
std::string formatLogfmt(const LogRecord& r);

} // namespace sg::demo
