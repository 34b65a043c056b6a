#pragma once

// A loopback HTTP receiver for remote-write tests: answers each POST from a script (status, Retry-After), then 204;
// decodes what it accepted with Sightglass' own remote-write decoder. Lives on the test's thread.

#include "core/api/remote_write.h"

#include <QElapsedTimer>
#include <QSslConfiguration>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>

#include <deque>
#include <functional>
#include <vector>

struct ScriptedAnswer
{
    int status = 204;
    QByteArray retryAfter; ///< empty: no header
};

class FakeReceiver : public QObject
{
public:
    /// `tls`: serve HTTPS with this configuration (local certificate and key).
    explicit FakeReceiver(quint16 port = 0, const QSslConfiguration* tls = nullptr)
    {
        if (tls) {
            auto* ssl = new QSslServer(this);
            ssl->setSslConfiguration(*tls);
            m_server = ssl;
        } else {
            m_server = new QTcpServer(this);
        }
        m_server->listen(QHostAddress::LocalHost, port);
        m_clock.start();
        m_scheme = tls ? QStringLiteral("https") : QStringLiteral("http");
        connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket* s = m_server->nextPendingConnection()) {
                s->setParent(this); // closed with the receiver
                connect(s, &QTcpSocket::readyRead, this, [this, s] { onData(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    quint16 port() const { return m_server->serverPort(); }
    QString url() const { return QStringLiteral("%1://127.0.0.1:%2/api/v1/write").arg(m_scheme).arg(m_server->serverPort()); }

    std::deque<ScriptedAnswer> script;   ///< answers for the next requests, in order
    /// After the script: the status for a request's samples (unset: 204).
    std::function<int(const std::vector<sg::tsdb::BatchSample>&)> judge;
    std::vector<QByteArray> bodies;      ///< every request's raw (snappy) body
    std::vector<qint64> arrivals;        ///< ms since construction of every request
    std::vector<QByteArray> headers;     ///< the raw header block of every request
    std::vector<sg::tsdb::BatchSample> accepted; ///< samples of the requests answered 2xx
    int requests = 0;

private:
    void onData(QTcpSocket* s)
    {
        QByteArray& buf = m_buffers[s];
        buf += s->readAll();
        while (true) {
            const qsizetype end = buf.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QByteArray head = buf.left(end);
            qsizetype length = 0;
            for (const QByteArray& line : head.split('\n'))
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            if (buf.size() < end + 4 + length)
                return;
            const QByteArray body = buf.mid(end + 4, length);
            buf.remove(0, end + 4 + length);
            ++requests;
            arrivals.push_back(m_clock.elapsed());
            headers.push_back(head);
            bodies.push_back(body);
            auto decoded = sg::api::decodeRemoteWrite(body, 64u << 20);
            ScriptedAnswer answer;
            if (!script.empty()) {
                answer = script.front();
                script.pop_front();
            } else if (judge && decoded.ok()) {
                answer.status = judge(decoded->batch.samples);
            }
            if (answer.status / 100 == 2 && decoded.ok())
                for (auto& sample : decoded->batch.samples)
                    accepted.push_back(std::move(sample));
            // as Go's net/http: a 204 without Content-Length, an error with a body
            const QByteArray reason = answer.status / 100 == 2 ? QByteArray() : "refused by the script\n";
            QByteArray reply = "HTTP/1.1 " + QByteArray::number(answer.status) + " X\r\n";
            if (answer.status != 204)
                reply += "Content-Length: " + QByteArray::number(reason.size()) + "\r\n";
            if (!answer.retryAfter.isEmpty())
                reply += "Retry-After: " + answer.retryAfter + "\r\n";
            s->write(reply + "\r\n" + reason);
        }
    }

    QTcpServer* m_server = nullptr;
    QString m_scheme;
    QElapsedTimer m_clock;
    std::map<QTcpSocket*, QByteArray> m_buffers;
};
