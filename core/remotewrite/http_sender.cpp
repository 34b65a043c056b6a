// A blocking HTTP/1.1 POST client over QTcpSocket / QSslSocket (waitFor* calls on a worker thread).
#include "http_sender.h"

#include "core/common/client_tls.h"
#include "core/common/http_response_parser.h"
#include "core/common/saturating.h"

#include <QDateTime>
#include <QLocale>
#include <QSslSocket>
#include <QTimeZone>

#include <cerrno>
#include <cstring>

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace sg::remotewrite {

namespace {

/// What is kept of a response body, for messages: remote-write answers are empty or a line of text.
constexpr std::size_t MaxKeptBody = 64 << 10;

int msLeft(std::chrono::steady_clock::time_point deadline)
{
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return int(std::max<std::int64_t>(0, std::min<std::int64_t>(left.count(), 1 << 30)));
}

/// Waits for `events` on `fd` until the deadline; false on timeout (errno ETIMEDOUT) or error.
bool waitFd(int fd, short events, std::chrono::steady_clock::time_point deadline)
{
    while (true) {
        pollfd p { fd, events, 0 };
        const int n = ::poll(&p, 1, msLeft(deadline));
        if (n > 0)
            return true;
        if (n == 0) {
            errno = ETIMEDOUT;
            return false;
        }
        if (errno != EINTR)
            return false;
    }
}

std::string timeoutText(DurationMs timeout)
{
    return "timeout after " + std::to_string(timeout) + " ms";
}

std::string errnoText(const char* what)
{
    return std::string(what) + ": " + std::strerror(errno);
}

/// An HTTP-date in any of the three forms RFC 9110 has recipients accept: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37
/// GMT`, which Qt's RFC 2822 parser refuses for its "GMT"), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime
/// (`Sun Nov  6 08:49:37 1994`). Invalid when none fits.
QDateTime parseHttpDate(const QByteArray& value)
{
    const QString text = QString::fromLatin1(value).simplified();
    if (text.endsWith(u" GMT")) {
        QDateTime at = QDateTime::fromString(text.chopped(4) + QStringLiteral(" +0000"), Qt::RFC2822Date);
        if (!at.isValid()) {
            // two digits of year, read as 19yy: the 20yy of them is meant unless it lies more than 50 years ahead
            // (the weekday left out: Qt checks it against 19yy)
            at = QLocale::c().toDateTime(text.chopped(4).section(u' ', 1), QStringLiteral("dd-MMM-yy HH:mm:ss"));
            at.setTimeZone(QTimeZone::utc());
            if (at.isValid() && at.addYears(100) <= QDateTime::currentDateTimeUtc().addYears(50))
                at = at.addYears(100);
        }
        at.setTimeZone(QTimeZone::utc());
        return at;
    }
    QDateTime at = QLocale::c().toDateTime(text.section(u' ', 1), QStringLiteral("MMM d HH:mm:ss yyyy"));
    at.setTimeZone(QTimeZone::utc());
    return at;
}

} // namespace

DurationMs parseRetryAfter(const QByteArray& value)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return -1;
    bool ok = false;
    const qint64 seconds = v.toLongLong(&ok);
    if (ok) { // seconds past int64 milliseconds are as good as forever
        if (seconds < 0)
            return -1;
        return saturatingMul(seconds, 1000);
    }
    const QDateTime at = parseHttpDate(v);
    if (!at.isValid())
        return -1;
    return std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(at));
}

HttpSender::HttpSender(const RemoteWriteConfig& config)
    : m_config(config)
    , m_url(QString::fromStdString(config.url))
{
    m_tls = m_url.scheme() == u"https";
    const int defaultPort = m_tls ? 443 : 80;
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

HttpSender::~HttpSender()
{
    disconnect();
}

void HttpSender::disconnect()
{
    if (m_socket)
        m_socket->abort();
    m_socket.reset();
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_in.clear();
}

bool HttpSender::connected() const
{
    return m_tls ? m_socket && m_socket->state() == QAbstractSocket::ConnectedState : m_fd >= 0;
}

std::string HttpSender::connectPlain(Deadline deadline)
{
    const QByteArray host = m_url.host(QUrl::FullyEncoded).toLatin1();
    const QByteArray port = QByteArray::number(m_url.port(80));
    addrinfo hints {};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (const int rc = ::getaddrinfo(host.constData(), port.constData(), &hints, &found); rc != 0)
        return "cannot resolve " + host.toStdString() + ": " + ::gai_strerror(rc);
    std::string error = "cannot connect to " + host.toStdString();
    for (const addrinfo* a = found; a; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            error = errnoText("socket");
            continue;
        }
        int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
        if (rc != 0 && errno == EINPROGRESS) {
            int soError = 0;
            socklen_t len = sizeof soError;
            if (!waitFd(fd, POLLOUT, deadline))
                soError = errno;
            else if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len) != 0)
                soError = errno;
            errno = soError;
            rc = soError == 0 ? 0 : -1;
        }
        if (rc != 0) {
            error = errno == ETIMEDOUT ? "connection timed out" : errnoText("connect");
            ::close(fd);
            continue;
        }
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
        m_fd = fd;
        error.clear();
        break;
    }
    ::freeaddrinfo(found);
    return error;
}

std::string HttpSender::writePlain(std::string_view head, std::string_view body, Deadline deadline)
{
    iovec parts[2] = { { const_cast<char*>(head.data()), head.size() }, { const_cast<char*>(body.data()), body.size() } };
    iovec* next = parts;
    int count = 2;
    while (count > 0) {
        msghdr message {};
        message.msg_iov = next;
        message.msg_iovlen = std::size_t(count);
        const ssize_t n = ::sendmsg(m_fd, &message, MSG_NOSIGNAL); // a closed peer is an error, not SIGPIPE
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN && waitFd(m_fd, POLLOUT, deadline))
                continue;
            return errno == ETIMEDOUT ? timeoutText(m_config.remoteTimeout) : errnoText("write");
        }
        std::size_t done = std::size_t(n);
        while (count > 0 && done >= next->iov_len) {
            done -= next->iov_len;
            ++next;
            --count;
        }
        if (count > 0) {
            next->iov_base = static_cast<char*>(next->iov_base) + done;
            next->iov_len -= done;
        }
    }
    return {};
}

std::string HttpSender::connect(Deadline deadline)
{
    if (connected())
        return {};
    disconnect();
    if (!m_tls)
        return connectPlain(deadline);
    const quint16 port = quint16(m_url.port(443));
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
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    return {};
}

bool HttpSender::readMore(Deadline deadline)
{
    if (m_tls) {
        if (m_socket->bytesAvailable() == 0 && !m_socket->waitForReadyRead(msLeft(deadline))) {
            m_lastError = m_socket->error() == QAbstractSocket::SocketTimeoutError
                ? timeoutText(m_config.remoteTimeout)
                : m_socket->errorString().toStdString();
            return false;
        }
        m_in += m_socket->readAll();
        return true;
    }
    char chunk[16 << 10];
    while (true) {
        const ssize_t n = ::read(m_fd, chunk, sizeof chunk);
        if (n > 0) {
            m_in.append(chunk, n);
            return true;
        }
        if (n == 0) {
            m_lastError = "the remote closed the connection";
            return false;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN || !waitFd(m_fd, POLLIN, deadline)) {
            m_lastError = errno == ETIMEDOUT ? timeoutText(m_config.remoteTimeout) : errnoText("read");
            return false;
        }
    }
}

void HttpSender::readResponse(SendResult& result, Deadline deadline)
{
    HttpResponseParser parser;
    std::string body;
    bool close = false;
    while (true) {
        std::size_t used = 0;
        const bool ok = parser.feed({ m_in.constData(), std::size_t(m_in.size()) }, body, &used);
        m_in.remove(0, qsizetype(used));
        if (body.size() > MaxKeptBody) // read through, not kept: an answer is empty or a line of text
            body.resize(MaxKeptBody);
        if (!ok) {
            result.error = "malformed HTTP response: " + parser.error(); // post() drops the connection
            return;
        }
        if (parser.state() == HttpResponseParser::State::Done)
            break;
        if (!readMore(deadline)) {
            parser.finishAtEof();
            if (parser.state() != HttpResponseParser::State::Done) {
                result.error = m_lastError;
                return;
            }
            close = true; // the body ran to the end of the connection
            break;
        }
    }
    result.status = parser.status();
    result.retryAfter = parseRetryAfter(QByteArray::fromStdString(parser.header("retry-after")));
    if (result.status < 200 || result.status >= 300)
        result.error = "HTTP " + std::to_string(result.status) + ": " + QByteArray::fromStdString(body).trimmed().left(512).toStdString();
    if (close || QByteArray::fromStdString(parser.header("connection")).toLower() == "close")
        disconnect();
}

SendResult HttpSender::post(std::string_view body)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(m_config.remoteTimeout);
    SendResult result;
    for (int attempt = 0; attempt < 2; ++attempt) {
        const bool reused = connected();
        if (std::string error = connect(deadline); !error.empty()) {
            result.error = error;
            return result;
        }
        const QByteArray head = m_head + "Content-Length: " + QByteArray::number(qsizetype(body.size())) + "\r\n\r\n";
        result = SendResult {};
        if (m_tls) {
            // the head and the body go into the socket's buffer as they are: no request-sized copy per batch
            m_socket->write(head);
            m_socket->write(body.data(), qint64(body.size()));
            while (m_socket->bytesToWrite() > 0)
                if (!m_socket->waitForBytesWritten(msLeft(deadline)))
                    break;
        } else if (std::string error = writePlain({ head.constData(), std::size_t(head.size()) }, body, deadline);
                   !error.empty()) {
            result.error = error; // on a reused connection: tried once more on a new one below
            disconnect();
            if (!reused || msLeft(deadline) == 0)
                return result;
            continue;
        }
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
