// A blocking HTTP/1.1 POST client over QTcpSocket / QSslSocket (waitFor* calls on a worker thread).
#include "http_sender.h"

#include "core/common/client_tls.h"

#include <QDateTime>
#include <QSslSocket>

namespace sg::remotewrite {

namespace {

int msLeft(std::chrono::steady_clock::time_point deadline)
{
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return int(std::max<std::int64_t>(0, std::min<std::int64_t>(left.count(), 1 << 30)));
}

} // namespace

DurationMs parseRetryAfter(const QByteArray& value)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return -1;
    bool ok = false;
    const qint64 seconds = v.toLongLong(&ok);
    if (ok)
        return seconds >= 0 ? seconds * 1000 : -1;
    const QDateTime at = QDateTime::fromString(QString::fromLatin1(v), Qt::RFC2822Date);
    if (!at.isValid())
        return -1;
    return std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(at));
}

HttpSender::HttpSender(const RemoteWriteConfig& config)
    : m_config(config)
    , m_url(QString::fromStdString(config.url))
{
    const int defaultPort = m_url.scheme() == u"https" ? 443 : 80;
    QByteArray path = m_url.path(QUrl::FullyEncoded).toLatin1();
    if (path.isEmpty())
        path = "/";
    if (m_url.hasQuery())
        path += "?" + m_url.query(QUrl::FullyEncoded).toLatin1();
    m_head = "POST " + path + " HTTP/1.1\r\nHost: " + m_url.host(QUrl::FullyEncoded).toLatin1();
    if (m_url.port(defaultPort) != defaultPort)
        m_head += ":" + QByteArray::number(m_url.port());
    m_head += "\r\nContent-Encoding: snappy\r\nContent-Type: application/x-protobuf\r\n"
              "X-Prometheus-Remote-Write-Version: 0.1.0\r\nUser-Agent: Sightglass/" SIGHTGLASS_VERSION "\r\n";
    if (!m_url.userName().isEmpty() && config.authorization.isEmpty())
        m_head += "Authorization: Basic " + (m_url.userName() + u':' + m_url.password()).toUtf8().toBase64() + "\r\n";
    if (!config.authorization.isEmpty())
        m_head += "Authorization: " + config.authorization + "\r\n";
    for (const auto& [name, value] : config.headers)
        m_head += QByteArray::fromStdString(name) + ": " + QByteArray::fromStdString(value) + "\r\n";
}

HttpSender::~HttpSender() = default;

void HttpSender::disconnect()
{
    if (m_socket)
        m_socket->abort();
    m_socket.reset();
    m_in.clear();
}

std::string HttpSender::connect(Deadline deadline)
{
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        return {};
    disconnect();
    const bool tls = m_url.scheme() == u"https";
    const quint16 port = quint16(m_url.port(tls ? 443 : 80));
    if (tls) {
        auto* ssl = new QSslSocket;
        m_socket.reset(ssl);
        const TlsConfig& tls = m_config.tls;
        const Result<QSslConfiguration> config
            = clientSslConfiguration({ tls.caFile, {}, tls.certFile, {}, tls.keyFile, {}, tls.insecureSkipVerify });
        if (!config.ok()) {
            disconnect();
            return "TLS configuration: " + config.error().message;
        }
        ssl->setSslConfiguration(*config);
        ssl->connectToHostEncrypted(m_url.host(), port,
            m_config.tls.serverName.isEmpty() ? m_url.host() : m_config.tls.serverName);
        if (!ssl->waitForEncrypted(msLeft(deadline))) {
            std::string error = ssl->errorString().toStdString();
            for (const auto& e : ssl->sslHandshakeErrors())
                error += "; " + e.errorString().toStdString();
            disconnect();
            return error;
        }
    } else {
        m_socket = std::make_unique<QTcpSocket>();
        m_socket->connectToHost(m_url.host(), port);
        if (!m_socket->waitForConnected(msLeft(deadline))) {
            std::string error = m_socket->errorString().toStdString();
            disconnect();
            return error;
        }
    }
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    return {};
}

bool HttpSender::readMore(Deadline deadline)
{
    if (m_socket->bytesAvailable() == 0 && !m_socket->waitForReadyRead(msLeft(deadline)))
        return false;
    m_in += m_socket->readAll();
    return true;
}

void HttpSender::readResponse(SendResult& result, Deadline deadline)
{
    qsizetype headEnd;
    while ((headEnd = m_in.indexOf("\r\n\r\n")) < 0)
        if (!readMore(deadline)) {
            result.error = m_socket->error() == QAbstractSocket::SocketTimeoutError
                ? "timeout after " + std::to_string(m_config.remoteTimeout) + " ms"
                : m_socket->errorString().toStdString();
            return;
        }
    const QList<QByteArray> lines = m_in.left(headEnd).split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    const int status = statusLine.value(1).toInt();
    qint64 length = -1;
    bool chunked = false;
    bool close = false;
    for (const QByteArray& line : lines.mid(1)) {
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length")
            length = value.toLongLong();
        else if (name == "transfer-encoding" && value.toLower().contains("chunked"))
            chunked = true;
        else if (name == "connection" && value.toLower() == "close")
            close = true;
        else if (name == "retry-after")
            result.retryAfter = parseRetryAfter(value);
    }
    m_in.remove(0, headEnd + 4);
    QByteArray body;
    if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
        // no body, whatever the headers say (Go's servers send a 204 without Content-Length)
    } else if (chunked) {
        while (true) {
            qsizetype eol;
            while ((eol = m_in.indexOf("\r\n")) < 0)
                if (!readMore(deadline))
                    return;
            const qint64 size = m_in.left(eol).split(';').value(0).trimmed().toLongLong(nullptr, 16);
            while (m_in.size() < eol + 2 + size + 2)
                if (!readMore(deadline))
                    return;
            body += m_in.mid(eol + 2, size);
            m_in.remove(0, eol + 2 + size + 2);
            if (size == 0)
                break; // (trailers are not used by remote-write receivers)
        }
    } else if (length >= 0) {
        while (m_in.size() < length)
            if (!readMore(deadline))
                return;
        body = m_in.left(length);
        m_in.remove(0, length);
    } else {
        while (readMore(deadline)) { }
        body = m_in;
        m_in.clear();
        close = true;
    }
    result.status = status;
    if (status < 200 || status >= 300)
        result.error = "HTTP " + std::to_string(status) + ": " + body.left(512).trimmed().toStdString();
    if (close)
        disconnect();
}

SendResult HttpSender::post(std::string_view body)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(m_config.remoteTimeout);
    SendResult result;
    for (int attempt = 0; attempt < 2; ++attempt) {
        const bool reused = m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
        if (std::string error = connect(deadline); !error.empty()) {
            result.error = error;
            return result;
        }
        // the head and the body go into the socket's buffer as they are: no request-sized copy per batch
        const QByteArray head = m_head + "Content-Length: " + QByteArray::number(qsizetype(body.size())) + "\r\n\r\n";
        m_socket->write(head);
        m_socket->write(body.data(), qint64(body.size()));
        while (m_socket->bytesToWrite() > 0)
            if (!m_socket->waitForBytesWritten(msLeft(deadline)))
                break;
        result = SendResult {};
        readResponse(result, deadline);
        if (result.status != 0)
            return result;
        disconnect();
        // a kept-alive connection the server had closed meanwhile: once more on a new one
        if (!reused || msLeft(deadline) == 0)
            break;
    }
    if (result.error.empty())
        result.error = "no answer";
    return result;
}

} // namespace sg::remotewrite
