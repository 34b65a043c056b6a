#pragma once

// Shared by the scrape tests: a raw HTTP server on 127.0.0.1 (fixed or generated bodies, any framing, gzip on the
// fly), a ScrapeManager on its own thread with its output collected, and memory probes.
#include "core/scrape/scrape_config.h"
#include "core/scrape/scrape_manager.h"
#include "core/scrape/target_discovery.h"

#include <QFile>
#include <QHash>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <zlib.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sg::scrape::testing {

/// A minimal HTTP/1.1 server: answers every request with `status`, `headers` and `body`, or streams a body that
/// `generator` produces piece by piece (as much as the client reads, at most `streamLimit` bytes), framed by a
/// Content-Length, chunked, or by closing the connection, and gzip-compressed on the fly when asked.
class RawServer : public QObject
{
public:
    enum class Framing { ContentLength, Chunked, Close };

    QByteArray status = "200 OK";
    QByteArray headers; ///< extra response header lines, each ending in \r\n
    QByteArray body;
    /// When set, the body is streamed: each call returns the next piece of the uncompressed body.
    std::function<QByteArray()> generator;
    Framing framing = Framing::ContentLength;
    qint64 contentLength = -1; ///< the Content-Length sent for a streamed body (-1: none)
    qint64 streamLimit = 512LL << 20; ///< a streamed body ends after this many uncompressed bytes
    bool gzipStream = false; ///< compress the streamed body (and send Content-Encoding: gzip)

    QByteArray lastRequest;
    int requests = 0;
    qint64 produced = 0; ///< uncompressed bytes the generator produced, over all connections
    qint64 streamed = 0; ///< body bytes handed to the socket (compressed when gzip), over all connections
    bool cutByClient = false; ///< a streamed connection was closed by the client before its body ended

    /// Streams 'x' until the client hangs up (at most 512 MiB, no Content-Length).
    void streamEndless()
    {
        const QByteArray chunk(64 * 1024, 'x');
        generator = [chunk] { return chunk; };
        framing = Framing::Close;
    }

    ~RawServer() override
    {
        // the sockets die with m_server, after the other members: they must not call back into them
        for (QTcpSocket* s : m_server.findChildren<QTcpSocket*>())
            s->disconnect(this);
    }

    bool listen()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = m_server.nextPendingConnection()) {
                connect(s, &QTcpSocket::disconnected, this, [this, s] {
                    if (auto st = m_streams.take(s); st && !st->ended)
                        cutByClient = true;
                    m_buffers.remove(s);
                    s->deleteLater();
                });
                connect(s, &QTcpSocket::readyRead, this, [this, s] { onRead(s); });
            }
        });
        return m_server.listen(QHostAddress::LocalHost);
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(m_server.serverPort())); }
    quint16 port() const { return m_server.serverPort(); }

private:
    struct Stream
    {
        z_stream zs {};
        bool deflating = false;
        bool ended = false;
        qint64 produced = 0;
        ~Stream()
        {
            if (deflating)
                deflateEnd(&zs);
        }
    };

    void onRead(QTcpSocket* s)
    {
        QByteArray& buffer = m_buffers[s];
        buffer += s->readAll();
        if (!buffer.contains("\r\n\r\n"))
            return;
        lastRequest = buffer;
        buffer.clear();
        ++requests;
        QByteArray response = "HTTP/1.1 " + status + "\r\nConnection: close\r\n" + headers;
        if (!generator) {
            response += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
            s->write(response);
            s->disconnectFromHost();
            return;
        }
        if (gzipStream)
            response += "Content-Encoding: gzip\r\n";
        if (framing == Framing::Chunked)
            response += "Transfer-Encoding: chunked\r\n";
        else if (framing == Framing::ContentLength && contentLength >= 0)
            response += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
        s->write(response + "\r\n");
        auto st = std::make_shared<Stream>();
        if (gzipStream) {
            deflateInit2(&st->zs, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
            st->deflating = true;
        }
        m_streams.insert(s, st);
        connect(s, &QTcpSocket::bytesWritten, this, [this, s, st] { pump(s, *st); });
        pump(s, *st);
    }

    /// Keeps about 1 MiB queued in the socket until the body ends or the client hangs up.
    void pump(QTcpSocket* s, Stream& st)
    {
        while (!st.ended && s->state() == QAbstractSocket::ConnectedState && s->bytesToWrite() < (1 << 20)) {
            QByteArray piece;
            bool last = st.produced >= streamLimit;
            if (!last) {
                piece = generator();
                piece.truncate(qsizetype(std::min<qint64>(piece.size(), streamLimit - st.produced)));
                st.produced += piece.size();
                produced += piece.size();
                last = piece.isEmpty();
            }
            if (st.deflating)
                piece = deflatePiece(st, piece, last);
            if (!piece.isEmpty()) {
                streamed += piece.size();
                s->write(framing == Framing::Chunked ? QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n" : piece);
            }
            if (last) {
                st.ended = true;
                if (framing == Framing::Chunked)
                    s->write("0\r\n\r\n");
                s->disconnectFromHost();
            }
        }
    }

    static QByteArray deflatePiece(Stream& st, const QByteArray& in, bool last)
    {
        QByteArray out;
        char buffer[64 * 1024];
        st.zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.constData()));
        st.zs.avail_in = uInt(in.size());
        int rc = Z_OK;
        do {
            st.zs.next_out = reinterpret_cast<Bytef*>(buffer);
            st.zs.avail_out = sizeof buffer;
            rc = deflate(&st.zs, last ? Z_FINISH : Z_NO_FLUSH);
            out.append(buffer, qsizetype(sizeof buffer - st.zs.avail_out));
        } while (st.zs.avail_out == 0 || (last && rc != Z_STREAM_END));
        return out;
    }

    QTcpServer m_server;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    QHash<QTcpSocket*, std::shared_ptr<Stream>> m_streams;
};

/// A RawServer with a fixed body on its own thread, so that it answers at once whatever the test thread is busy
/// with (such as compressing another server's stream).
class ServerThread
{
public:
    explicit ServerThread(const QByteArray& body)
    {
        m_context.moveToThread(&m_thread);
        m_thread.start();
        QMetaObject::invokeMethod(
            &m_context,
            [this, body] {
                m_server = new RawServer;
                m_server->body = body;
                m_listening = m_server->listen();
                m_url = m_server->url();
            },
            Qt::BlockingQueuedConnection);
    }
    ~ServerThread()
    {
        QMetaObject::invokeMethod(&m_context, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    bool isListening() const { return m_listening; }
    QUrl url() const { return m_url; }

private:
    QThread m_thread;
    QObject m_context;
    RawServer* m_server = nullptr;
    bool m_listening = false;
    QUrl m_url;
};

/// `in` compressed as one gzip member.
inline QByteArray gzip(const QByteArray& in)
{
    z_stream zs {};
    deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&zs, uLong(in.size()))), Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.constData()));
    zs.avail_in = uInt(in.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = uInt(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(qsizetype(zs.total_out));
    deflateEnd(&zs);
    return out;
}

/// A field of /proc/self/status in KiB ("VmRSS", "VmHWM").
inline qint64 procStatusKiB(const char* field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').first().toLongLong();
    return 0;
}

inline qint64 rssKiB() { return procStatusKiB("VmRSS"); }

/// Resets the peak RSS (VmHWM) to the current RSS and returns it, so that peakRssKiB() - baseline is the peak
/// growth from now on. Returns -1 where the kernel does not allow the reset.
inline qint64 resetPeakRss()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    if (!f.open(QIODevice::WriteOnly) || f.write("5") != 1)
        return -1;
    f.close();
    return procStatusKiB("VmHWM");
}

inline qint64 peakRssKiB() { return procStatusKiB("VmHWM"); }

/// A ScrapeManager on its own thread, with its batches and statuses collected on the test thread.
class Harness
{
public:
    explicit Harness(metrics::Registry* registry = nullptr, DurationMs initialOffsetCap = 0)
    {
        m_manager = new ScrapeManager(registry);
        m_manager->setInitialOffsetCap(initialOffsetCap);
        m_manager->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::finished, m_manager, &QObject::deleteLater);
        QObject::connect(m_manager, &ScrapeManager::samplesScraped, &m_context,
            [this](const tsdb::AppendBatch& b) { batches.push_back(b); });
        QObject::connect(m_manager, &ScrapeManager::targetScraped, &m_context,
            [this](const TargetStatus& s) { statuses.push_back(s); });
        m_thread.start();
    }
    ~Harness()
    {
        QMetaObject::invokeMethod(m_manager, &ScrapeManager::stop, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    void setTargets(std::vector<TargetConfig> targets)
    {
        QMetaObject::invokeMethod(
            m_manager, [m = m_manager, targets] { m->setTargets(targets); }, Qt::QueuedConnection);
    }
    ScrapeManager* manager() const { return m_manager; }

    /// The statuses of one job, in the order they arrived.
    std::vector<TargetStatus> statusesOf(const QString& job) const
    {
        std::vector<TargetStatus> out;
        for (const auto& s : statuses)
            if (s.job == job)
                out.push_back(s);
        return out;
    }
    /// The batches whose `up` sample belongs to `job` (stale-marker-only batches of removed targets excluded).
    std::vector<tsdb::AppendBatch> batchesOf(std::string_view job) const
    {
        std::vector<tsdb::AppendBatch> out;
        for (const auto& b : batches)
            for (const auto& s : b.samples)
                if (s.labels.metricName() == "up" && s.labels.get("job") == job) {
                    out.push_back(b);
                    break;
                }
        return out;
    }

    std::vector<tsdb::AppendBatch> batches;
    std::vector<TargetStatus> statuses;

private:
    QThread m_thread;
    QObject m_context;
    ScrapeManager* m_manager = nullptr;
};

inline const tsdb::BatchSample* findSample(const tsdb::AppendBatch& batch, std::string_view name)
{
    for (const auto& s : batch.samples)
        if (s.labels.metricName() == name)
            return &s;
    return nullptr;
}

/// Targets of a one-job prometheus.yml pointing at `url`, with extra scrape-config lines.
inline std::vector<TargetConfig> targetsFor(const QUrl& url, const std::string& extra, const std::string& job = "t",
    const std::string& interval = "1s")
{
    const std::string yaml = "scrape_configs:\n  - job_name: " + job + "\n    scrape_interval: " + interval + "\n"
        + extra + "    static_configs:\n      - targets: ['127.0.0.1:" + std::to_string(url.port()) + "']\n";
    auto config = parsePrometheusConfig(yaml, QStringLiteral("inline.yml"));
    if (!config.ok())
        qFatal("%s", config.error().message.c_str());
    return resolveAllTargets(*config).active;
}

} // namespace sg::scrape::testing
