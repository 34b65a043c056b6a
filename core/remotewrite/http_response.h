#pragma once

// An HTTP/1.1 response as the remote-write sender reads it off its kept-alive connection, apart from the socket so
// that any bytes a remote sends can be tried on it (tests, the small_inputs fuzz target).

#include "core/common/time.h"

#include <QByteArray>

#include <functional>
#include <string>

namespace sg::remotewrite {

/// One response read.
struct HttpResponse
{
    int status = 0; ///< 100-599; 0 when none was read (error says why, or the connection ended first)
    DurationMs retryAfter = -1; ///< the `Retry-After` header in ms, -1 when absent or malformed
    bool close = false; ///< the server closes the connection after it (`Connection: close`, or no length)
    QByteArray body; ///< the body's first MaxKeptBody bytes (for messages); the rest is read and dropped
    std::string error; ///< a malformed head or framing: the connection cannot be used further
    bool ended = false; ///< the connection ended (or timed out) before the response was whole
};

/// What a response may hold before it is refused: the head (status line and headers) and a chunk-size or trailer line.
constexpr qsizetype MaxResponseHead = 64 << 10;
constexpr qsizetype MaxChunkLine = 1 << 10;
/// What is kept of a body: remote-write answers are empty or a line of text.
constexpr qsizetype MaxKeptBody = 64 << 10;

/// Reads one response from `in`, calling `more` whenever it needs bytes (it appends to `in`; false: none will come).
/// The response's bytes are taken off `in`; what follows stays (the next answer on a kept-alive connection). Framing
/// as RFC 9112 gives it: no body for 1xx, 204 and 304; chunked transfer coding (extensions and trailers skipped);
/// Content-Length; or else until the connection closes. Interim 1xx responses (other than 101) are skipped. A
/// malformed status line, Content-Length or chunk size, or a head past MaxResponseHead, sets `error`.
HttpResponse readHttpResponse(QByteArray& in, const std::function<bool()>& more);

/// Parses a `Retry-After` value (delta seconds or an HTTP date) into milliseconds from now; -1 when malformed.
DurationMs parseRetryAfter(const QByteArray& value);

} // namespace sg::remotewrite
