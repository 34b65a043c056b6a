#include "demo_logs.h"

#include <cstdio>
#include <ctime>

namespace sg::demo {

namespace {

void appendJsonString(std::string& out, std::string_view s)
{
    out += '"';
    for (char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void appendLogfmtValue(std::string& out, std::string_view v)
{
    bool quote = v.empty();
    for (char c : v)
        if (c == ' ' || c == '"' || c == '=' || c == '\\' || c == '\n')
            quote = true;
    if (!quote) {
        out += v;
        return;
    }
    out += '"';
    for (char c : v) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c == '\n' ? ' ' : c;
    }
    out += '"';
}

std::string formatDuration(double ms)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", ms);
    return buf;
}

} // namespace

std::string isoTime(TimestampNs ts)
{
    const std::time_t secs = std::time_t(ts / 1'000'000'000);
    const int millis = int((ts / 1'000'000) % 1000);
    std::tm tm {};
    gmtime_r(&secs, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
        tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
    return buf;
}

std::string formatJson(const LogRecord& r)
{
    std::string out;
    out.reserve(256);
    auto field = [&](const char* key, std::string_view value) {
        out += out.size() > 1 ? ",\"" : "\"";
        out += key;
        out += "\":";
        appendJsonString(out, value);
    };
    out += '{';
    field("ts", isoTime(r.ts));
    field("level", r.level);
    field("logger", r.logger);
    field("msg", r.message);
    if (!r.handler.empty()) {
        field("method", r.method);
        field("handler", r.handler);
        field("path", r.path);
        out += ",\"status\":" + std::to_string(r.status);
        out += ",\"duration_ms\":" + formatDuration(r.durationMs);
    }
    for (const auto& [k, v] : r.extra)
        field(k.c_str(), v);
    if (!r.traceId.empty())
        field("trace_id", r.traceId);
    out += '}';
    return out;
}

std::string formatLogfmt(const LogRecord& r)
{
    std::string out;
    out.reserve(256);
    auto field = [&](std::string_view key, std::string_view value) {
        if (!out.empty())
            out += ' ';
        out += key;
        out += '=';
        appendLogfmtValue(out, value);
    };
    field("ts", isoTime(r.ts));
    field("level", r.level);
    field("logger", r.logger);
    field("msg", r.message);
    if (!r.handler.empty()) {
        field("method", r.method);
        field("handler", r.handler);
        field("path", r.path);
        field("status", std::to_string(r.status));
        field("duration_ms", formatDuration(r.durationMs));
    }
    for (const auto& [k, v] : r.extra)
        field(k, v);
    if (!r.traceId.empty())
        field("trace_id", r.traceId);
    return out;
}

} // namespace sg::demo
