#pragma once

#include "core/common/result.h"
#include "core/common/time.h"

#include <QByteArray>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sg::api {

/// A request as the API handlers see it: decoded parameters (URL query and, for form posts, the body), headers
/// and the raw body. Built on the server thread and handed by value to a worker.
struct ApiRequest
{
    std::string path;
    std::multimap<std::string, std::string> params;
    std::map<std::string, std::string> headers; ///< names lower-cased
    QByteArray body;

    /// The first value of `name`, or "" when absent.
    std::string param(const std::string& name) const;
    bool has(const std::string& name) const { return params.count(name) > 0; }
    /// Every value of `name` in order (`match[]`).
    std::vector<std::string> all(const std::string& name) const;
    /// A header value (name lower-case), or "".
    std::string header(const std::string& name) const;
};

/// A handler's answer.
struct ApiResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
};

/// Undoes snappy's block format (Loki push, Prometheus remote write) into `out`; refuses a body whose stated size
/// passes `maxDecodedBytes` before decompressing it. The error says why, for a 400.
std::optional<std::string> snappyDecode(const QByteArray& body, std::size_t maxDecodedBytes, std::string& out);

/// Decodes `application/x-www-form-urlencoded` text (`+` is a space) into `out`.
void parseFormEncoded(std::string_view text, std::multimap<std::string, std::string>& out);

/// Parses a time parameter as Prometheus does: Unix seconds as a float, or RFC 3339 (`2024-01-02T03:04:05.5Z`).
/// Returns milliseconds.
Result<TimestampMs> parsePrometheusTime(const std::string& text);
/// Parses a duration parameter: float seconds or a Prometheus duration (`1m30s`). Returns milliseconds.
Result<DurationMs> parseDurationParam(const std::string& text);
/// Parses a time parameter as Loki does: nanoseconds (or seconds when at most 10 digits), float seconds with a
/// dot, or RFC 3339. Returns nanoseconds.
Result<TimestampNs> parseLokiTime(const std::string& text);

} // namespace sg::api
