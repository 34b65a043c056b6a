#pragma once

#include "core/common/http_response_parser.h"
#include "core/common/result.h"

#include <QByteArray>
#include <QObject>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

class QIODevice;
class QTimer;

namespace sg::ingest {

/// `host:port` or `[v6]:port`; without a port `defaultPort` (negative: the port is required). Port 0 is allowed.
Result<std::pair<std::string, quint16>> parseHostPort(std::string_view text, int defaultPort);

/// Where the Docker Engine API listens: a unix socket (`unix:///var/run/docker.sock`) or TCP
/// (`http://127.0.0.1:2375`, `tcp://127.0.0.1:2375`; port 80 when the URL has none).
struct DockerEndpoint
{
    std::string socketPath; ///< set for unix sockets
    std::string host;       ///< set for TCP
    quint16 port = 80;

    static Result<DockerEndpoint> parse(std::string_view url);
    /// `unix:///path` or `http://host:port`, for messages.
    std::string describe() const;
};

/// One GET against the Docker Engine API on its own connection (`Connection: close`), driven by the socket's
/// signals on the calling thread: never blocks. The body is delivered as it arrives, so it serves both
/// one-shot requests and following log streams.
class DockerRequest : public QObject
{
    Q_OBJECT
public:
    DockerRequest(DockerEndpoint endpoint, std::string pathAndQuery, QObject* parent = nullptr);
    ~DockerRequest() override;

    void start();
    /// Closes the connection; no signal follows.
    void abort();
    /// While paused, received bytes stay in the socket (whose buffer is bounded), so the peer is slowed down.
    void setPaused(bool paused);
    bool finishedOk() const { return m_done && !m_failed; }
    int status() const { return m_parser.status(); }

Q_SIGNALS:
    /// The status line and headers are in.
    void responseStarted(int status);
    /// Body bytes with the transfer framing removed.
    void bodyReceived(const QByteArray& data);
    /// The response is complete (error empty) or the connection or protocol failed.
    void finished(const std::optional<sg::Error>& error);

private:
    void onConnected();
    void onReadyRead();
    void onClosed();
    void onSocketError(const QString& message);
    void finish(std::optional<Error> error);

    DockerEndpoint m_endpoint;
    std::string m_path;
    QIODevice* m_socket = nullptr;
    HttpResponseParser m_parser;
    bool m_started = false;
    bool m_paused = false;
    bool m_done = false;
    bool m_failed = false;
};

/// A complete small response.
struct DockerResponse
{
    int status = 0;
    QByteArray body;
};

/// GETs `pathAndQuery` and calls `done` exactly once (on the calling thread) with the whole body, unless
/// `context` is destroyed first. Fails after `timeoutMs` or past `maxBytes` of body.
void dockerGet(const DockerEndpoint& endpoint, const std::string& pathAndQuery, QObject* context,
    std::function<void(Result<DockerResponse>)> done, int timeoutMs = 10'000, qsizetype maxBytes = 64 << 20);

/// `message` of a Docker error body (`{"message": "..."}`), or the body itself.
std::string dockerErrorMessage(const QByteArray& body);

/// Percent-encodes a query parameter value.
std::string percentEncode(std::string_view value);

} // namespace sg::ingest
