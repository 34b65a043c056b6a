#pragma once

// A stand-in remote for the remote datasource tests: it records the requests it receives and answers a fixed reply
// (or never answers, to play a remote that hangs).
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>

/// Accepts connections and keeps what arrives (all connections, in order); answers `reply` to each request once its
/// headers and `Content-Length` bytes of body are in (never, if `reply` is empty).
class CapturingServer : public QTcpServer
{
public:
    explicit CapturingServer(QByteArray reply)
        : m_reply(std::move(reply))
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = nextPendingConnection()) {
                auto request = std::make_shared<QByteArray>();
                connect(s, &QTcpSocket::readyRead, s, [this, s, request] {
                    const QByteArray chunk = s->readAll();
                    received += chunk;
                    *request += chunk;
                    if (!m_reply.isEmpty() && complete(*request)) {
                        request->clear();
                        s->write(m_reply);
                        s->disconnectFromHost();
                    }
                });
            }
        });
    }
    QByteArray received;

private:
    static bool complete(const QByteArray& request)
    {
        const qsizetype end = request.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        qsizetype length = 0;
        for (const QByteArray& line : request.left(end).split('\n'))
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        return request.size() >= end + 4 + length;
    }

    QByteArray m_reply;
};

/// An HTTP/1.1 answer carrying `body` as JSON with `status`.
inline QByteArray jsonReply(const QByteArray& body, int status = 200)
{
    return "HTTP/1.1 " + QByteArray::number(status) + (status == 200 ? " OK" : " Error")
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n\r\n" + body;
}
