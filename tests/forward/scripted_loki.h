#pragma once

// A loopback HTTP server that answers each request with the next scripted response (then 204) and records what it
// received: the one part of the forwarding tests that stands in for Loki, because a real receiver cannot be told to
// answer 500, 429 or 400 on cue. The end-to-end test pushes to a real `sightglass serve`.

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>

#include <vector>

struct ReceivedRequest
{
    QByteArray head; ///< request line and headers
    QByteArray body;
    qint64 atMs = 0; ///< since the server started
    QByteArray header(const QByteArray& name) const
    {
        for (const QByteArray& line : head.split('\n'))
            if (line.toLower().startsWith(name.toLower() + ':'))
                return line.mid(name.size() + 1).trimmed();
        return {};
    }
};

class ScriptedLoki : public QObject
{
public:
    explicit ScriptedLoki(QList<QByteArray> responses)
        : m_responses(std::move(responses))
    {
        m_server.listen(QHostAddress::LocalHost);
        m_clock.start();
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                    *buffer += socket->readAll();
                    for (;;) {
                        const qsizetype end = buffer->indexOf("\r\n\r\n");
                        if (end < 0)
                            return;
                        ReceivedRequest r;
                        r.head = buffer->left(end);
                        const qsizetype length = r.header("content-length").toLongLong();
                        if (buffer->size() < end + 4 + length)
                            return;
                        r.body = buffer->mid(end + 4, length);
                        buffer->remove(0, end + 4 + length);
                        r.atMs = m_clock.elapsed();
                        requests.push_back(r);
                        socket->write(m_responses.isEmpty() ? QByteArray("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
                                                            : m_responses.takeFirst());
                    }
                });
            }
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/loki/api/v1/push").arg(m_server.serverPort()); }

    std::vector<ReceivedRequest> requests;

private:
    QTcpServer m_server;
    QList<QByteArray> m_responses;
    QElapsedTimer m_clock;
};

inline QByteArray httpAnswer(int status, const QByteArray& extraHeaders = {}, const QByteArray& body = {})
{
    return "HTTP/1.1 " + QByteArray::number(status) + " X\r\n" + extraHeaders + "Content-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}
