#pragma once

// One remote's HTTP POSTs: Remote Write 1.0 headers, auth, custom headers, TLS, timeout. A small blocking
// HTTP/1.1 client over one kept-alive connection with TCP_NODELAY: QNetworkAccessManager writes bodies in 16 KiB
// pieces without TCP_NODELAY, and on loopback the last piece then waits for a delayed ACK (40 ms per request).
// Plain http goes over a socket of its own (one sendmsg per request, no copy into a socket buffer); https over
// QSslSocket.

#include "core/remotewrite/remote_write_config.h"

#include <QByteArray>
#include <QTcpSocket>
#include <QUrl>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace sg::remotewrite {

/// What one POST did.
struct SendResult
{
    int status = 0;             ///< HTTP status; 0 when no answer came (connection refused, timeout, TLS)
    std::string error;          ///< the network error or the start of the remote's answer, for logs and status
    DurationMs retryAfter = -1; ///< the `Retry-After` header in ms (seconds or an HTTP date), -1 when absent

    bool ok() const { return status >= 200 && status < 300; }
    /// The send may be retried: no answer, 5xx, or 429 (when the config retries on 429).
    bool recoverable(bool retryOn429) const { return status == 0 || status >= 500 || (status == 429 && retryOn429); }
};

/// Sends bodies to one remote, blocking; lives on (and is used from) one worker thread.
class HttpSender
{
public:
    explicit HttpSender(const RemoteWriteConfig& config);
    ~HttpSender();

    /// POSTs a snappy-compressed WriteRequest.
    SendResult post(std::string_view body);

private:
    using Deadline = std::chrono::steady_clock::time_point;
    /// Connects (and handshakes TLS) unless connected; an error text when that fails.
    std::string connect(Deadline deadline);
    /// Reads more bytes into m_in; false on timeout or a closed connection.
    bool readMore(Deadline deadline);
    /// Reads one response; fills `result` (status 0 and an error when it could not).
    void readResponse(SendResult& result, Deadline deadline);
    void disconnect();
    bool connected() const;
    /// Plain http: connects the socket m_fd; an error text when that fails.
    std::string connectPlain(Deadline deadline);
    /// Plain http: writes the head and the body; an error text when that fails.
    std::string writePlain(std::string_view head, std::string_view body, Deadline deadline);

    const RemoteWriteConfig& m_config;
    QUrl m_url;
    QByteArray m_head; ///< the request line and fixed headers, without Content-Length
    bool m_tls = false;
    std::unique_ptr<QTcpSocket> m_socket; ///< https
    int m_fd = -1;                        ///< http
    std::string m_lastError;              ///< why the last readMore() failed
    QByteArray m_in;
};

/// Parses a `Retry-After` value (delta seconds or an HTTP-date in any of its three forms) into milliseconds from
/// now; -1 when malformed.
DurationMs parseRetryAfter(const QByteArray& value);

} // namespace sg::remotewrite
