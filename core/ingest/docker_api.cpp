#include "docker_api.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <charconv>
#include <memory>

namespace sg::ingest {

namespace {

constexpr qint64 SocketBufferBytes = 1 << 20;  ///< what a paused stream leaves in the socket

} // namespace

Result<std::pair<std::string, quint16>> parseHostPort(std::string_view text, int defaultPort)
{
    std::string_view host = text;
    std::string_view port;
    if (text.starts_with('[')) { // [::1]:2375
        const auto close = text.find(']');
        if (close == std::string_view::npos)
            return Error { ErrorCode::Parse, "unterminated [", {} };
        host = text.substr(1, close - 1);
        if (close + 1 < text.size() && text[close + 1] == ':')
            port = text.substr(close + 2);
    } else if (const auto colon = text.rfind(':'); colon != std::string_view::npos) {
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    } else if (defaultPort < 0) {
        return Error { ErrorCode::Parse, "no port", {} };
    }
    if (host.empty())
        return Error { ErrorCode::Parse, "no host", {} };
    unsigned value = unsigned(std::max(defaultPort, 0));
    if (!port.empty() || defaultPort < 0) {
        const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (port.empty() || ec != std::errc() || ptr != port.data() + port.size() || value > 65535)
            return Error { ErrorCode::Parse, "invalid port", {} };
    }
    return std::pair { std::string(host), quint16(value) };
}

Result<DockerEndpoint> DockerEndpoint::parse(std::string_view url)
{
    DockerEndpoint endpoint;
    if (url.starts_with("unix://")) {
        endpoint.socketPath = std::string(url.substr(7));
        if (endpoint.socketPath.empty() || endpoint.socketPath.front() != '/')
            return Error { ErrorCode::Parse, "docker host \"" + std::string(url) + "\": the socket path must be absolute", {} };
        return endpoint;
    }
    std::string_view rest;
    if (url.starts_with("http://"))
        rest = url.substr(7);
    else if (url.starts_with("tcp://"))
        rest = url.substr(6);
    else
        return Error { ErrorCode::Parse, "docker host \"" + std::string(url) + "\": use unix:///path or http://host:port", {} };
    auto hostPort = parseHostPort(rest.substr(0, rest.find('/')), 80);
    if (!hostPort.ok())
        return Error { ErrorCode::Parse, "docker host \"" + std::string(url) + "\": " + hostPort.error().message, {} };
    if (hostPort->second == 0)
        return Error { ErrorCode::Parse, "docker host \"" + std::string(url) + "\": invalid port", {} };
    endpoint.host = std::move(hostPort->first);
    endpoint.port = hostPort->second;
    return endpoint;
}

std::string DockerEndpoint::describe() const
{
    if (!socketPath.empty())
        return "unix://" + socketPath;
    return "http://" + host + ":" + std::to_string(port);
}

// --- HttpResponseParser ---

// --- DockerRequest ---

DockerRequest::DockerRequest(DockerEndpoint endpoint, std::string pathAndQuery, QObject* parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
    , m_path(std::move(pathAndQuery))
{
}

DockerRequest::~DockerRequest()
{
    m_done = true;
    if (m_socket)
        m_socket->disconnect(this);
}

void DockerRequest::start()
{
    if (m_started)
        return;
    m_started = true;
    // Connecting on the next turn keeps every signal out of the caller's stack (a missing unix socket fails at
    // once inside connectToServer).
    QTimer::singleShot(0, this, [this] {
        if (m_done)
            return;
        if (!m_endpoint.socketPath.empty()) {
            auto* socket = new QLocalSocket(this);
            m_socket = socket;
            socket->setReadBufferSize(SocketBufferBytes);
            connect(socket, &QLocalSocket::connected, this, &DockerRequest::onConnected);
            connect(socket, &QLocalSocket::readyRead, this, &DockerRequest::onReadyRead);
            connect(socket, &QLocalSocket::disconnected, this, &DockerRequest::onClosed);
            connect(socket, &QLocalSocket::errorOccurred, this, [this, socket](QLocalSocket::LocalSocketError e) {
                if (e == QLocalSocket::ServerNotFoundError)
                    onSocketError(QStringLiteral("no socket (is the Docker engine running?)"));
                else if (e == QLocalSocket::ConnectionRefusedError)
                    onSocketError(QStringLiteral("connection refused"));
                else if (e != QLocalSocket::PeerClosedError)
                    onSocketError(socket->errorString());
            });
            socket->connectToServer(QString::fromStdString(m_endpoint.socketPath));
        } else {
            auto* socket = new QTcpSocket(this);
            m_socket = socket;
            socket->setReadBufferSize(SocketBufferBytes);
            connect(socket, &QTcpSocket::connected, this, &DockerRequest::onConnected);
            connect(socket, &QTcpSocket::readyRead, this, &DockerRequest::onReadyRead);
            connect(socket, &QTcpSocket::disconnected, this, &DockerRequest::onClosed);
            connect(socket, &QTcpSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError e) {
                if (e != QAbstractSocket::RemoteHostClosedError)
                    onSocketError(socket->errorString());
            });
            socket->connectToHost(QString::fromStdString(m_endpoint.host), m_endpoint.port);
        }
    });
}

void DockerRequest::onConnected()
{
    const std::string host = m_endpoint.socketPath.empty() ? m_endpoint.host + ":" + std::to_string(m_endpoint.port) : "docker";
    const std::string request = "GET " + m_path + " HTTP/1.1\r\nHost: " + host
        + "\r\nUser-Agent: Sightglass\r\nAccept: */*\r\nConnection: close\r\n\r\n";
    m_socket->write(request.data(), qint64(request.size()));
}

void DockerRequest::onReadyRead()
{
    if (m_done || m_paused || !m_socket)
        return;
    const QPointer<DockerRequest> self(this);
    while (m_socket->bytesAvailable() > 0) {
        const QByteArray data = m_socket->readAll();
        const bool hadHeaders = m_parser.headersDone();
        std::string body;
        m_parser.feed(std::string_view(data.constData(), std::size_t(data.size())), body);
        if (!hadHeaders && m_parser.headersDone()) {
            Q_EMIT responseStarted(m_parser.status());
            if (!self || m_done)
                return;
        }
        if (!body.empty()) {
            Q_EMIT bodyReceived(QByteArray(body.data(), qsizetype(body.size())));
            if (!self || m_done)
                return;
        }
        if (m_parser.state() == HttpResponseParser::State::Failed) {
            finish(Error { ErrorCode::BadData, m_endpoint.describe() + ": " + m_parser.error(), {} });
            return;
        }
        if (m_parser.state() == HttpResponseParser::State::Done) {
            finish(std::nullopt);
            return;
        }
        if (m_paused)
            return;
    }
}

void DockerRequest::onClosed()
{
    if (m_done)
        return;
    if (m_socket && m_socket->bytesAvailable() > 0) {
        if (m_paused)
            return; // setPaused(false) reads the rest and comes back here
        const QPointer<DockerRequest> self(this);
        onReadyRead();
        if (!self || m_done)
            return;
    }
    m_parser.finishAtEof();
    if (m_parser.state() == HttpResponseParser::State::Done)
        finish(std::nullopt);
    else
        finish(Error { ErrorCode::Io, m_endpoint.describe() + ": " + m_parser.error(), {} });
}

void DockerRequest::onSocketError(const QString& message)
{
    if (m_done)
        return;
    finish(Error { ErrorCode::Io, m_endpoint.describe() + ": " + message.toStdString(), {} });
}

void DockerRequest::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (paused || m_done || !m_socket)
        return;
    QTimer::singleShot(0, this, [this] {
        if (m_done || m_paused || !m_socket)
            return;
        const bool closed = [this] {
            if (auto* local = qobject_cast<QLocalSocket*>(m_socket))
                return local->state() == QLocalSocket::UnconnectedState;
            return static_cast<QAbstractSocket*>(m_socket)->state() == QAbstractSocket::UnconnectedState;
        }();
        if (closed)
            onClosed();
        else
            onReadyRead();
    });
}

void DockerRequest::finish(std::optional<Error> error)
{
    if (m_done)
        return;
    m_done = true;
    m_failed = error.has_value();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->close();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    Q_EMIT finished(error);
}

void DockerRequest::abort()
{
    m_done = true;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->close();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
}

// --- one-shot GET ---

void dockerGet(const DockerEndpoint& endpoint, const std::string& pathAndQuery, QObject* context,
    std::function<void(Result<DockerResponse>)> done, int timeoutMs, qsizetype maxBytes)
{
    auto* request = new DockerRequest(endpoint, pathAndQuery, context);
    auto body = std::make_shared<QByteArray>();
    auto complete = std::make_shared<std::function<void(Result<DockerResponse>)>>();
    *complete = [request, done = std::move(done)](Result<DockerResponse> result) mutable {
        request->abort();
        request->deleteLater();
        if (auto callback = std::exchange(done, nullptr))
            callback(std::move(result));
    };
    auto* timer = new QTimer(request);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, request, [complete, endpoint, pathAndQuery, timeoutMs] {
        (*complete)(Error { ErrorCode::Timeout,
            endpoint.describe() + pathAndQuery + ": no response within " + std::to_string(timeoutMs) + " ms", {} });
    });
    QObject::connect(request, &DockerRequest::bodyReceived, request, [complete, body, maxBytes, endpoint](const QByteArray& data) {
        body->append(data);
        if (body->size() > maxBytes)
            (*complete)(Error { ErrorCode::Limit, endpoint.describe() + ": response larger than the limit", {} });
    });
    QObject::connect(request, &DockerRequest::finished, request, [complete, body, request](const std::optional<Error>& error) {
        if (error)
            (*complete)(*error);
        else
            (*complete)(DockerResponse { request->status(), std::move(*body) });
    });
    timer->start(timeoutMs);
    request->start();
}

std::string dockerErrorMessage(const QByteArray& body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject() && doc.object().value(QStringLiteral("message")).isString())
        return doc.object().value(QStringLiteral("message")).toString().toStdString();
    return body.left(200).trimmed().toStdString();
}

std::string percentEncode(std::string_view value)
{
    static constexpr char Hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += Hex[c >> 4];
            out += Hex[c & 15];
        }
    }
    return out;
}

} // namespace sg::ingest
