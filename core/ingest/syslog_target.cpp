#include "syslog_target.h"

#include "docker_discovery.h"
#include "syslog_parser.h"

#include <QDebug>
#include <QTcpServer>
#include <QNetworkDatagram>
#include <QTcpSocket>
#include <QTimer>
#include <QUdpSocket>

namespace sg::ingest {

namespace {

constexpr qint64 SocketBufferBytes = 1 << 20; ///< what a paused connection leaves in its socket

std::string peerAddress(const QHostAddress& address)
{
    bool v4 = false;
    const quint32 ip = address.toIPv4Address(&v4); // an IPv4-mapped IPv6 peer is written as IPv4
    return (v4 ? QHostAddress(ip) : address).toString().toStdString();
}

} // namespace

struct SyslogTarget::Connection
{
    QTcpSocket* socket = nullptr;
    QTimer* idle = nullptr;
    SyslogFramer framer;
    std::string peer;
};

SyslogTarget::SyslogTarget(const ScrapeJob& job, const std::string& configFile, std::size_t bufferLimit, QObject* parent)
    : QObject(parent)
    , m_job(job)
    , m_config(*job.syslog)
    , m_bufferLimit(bufferLimit)
{
    auto pipeline = Pipeline::build(job.pipelineStages, configFile);
    if (pipeline.ok()) // validated when the config was loaded
        m_pipeline = std::move(pipeline.value());
}

SyslogTarget::~SyslogTarget()
{
    for (auto& c : m_connections)
        c->socket->disconnect(this);
}

std::optional<Error> SyslogTarget::start()
{
    if (m_server && m_server->isListening())
        return std::nullopt;
    const QString hostText = QString::fromStdString(m_config.listenHost);
    const QHostAddress host = hostText == QStringLiteral("localhost") ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(hostText);
    const std::string where = m_config.listenHost + ":" + std::to_string(m_config.listenPort);
    if (host.isNull())
        return Error { ErrorCode::Io, "syslog target " + m_job.name + ": " + where + " is not an IP address", {} };
    if (m_config.udp) {
        if (!m_udp) {
            m_udp = new QUdpSocket(this);
            connect(m_udp, &QUdpSocket::readyRead, this, &SyslogTarget::receiveDatagrams);
        }
        if (m_udp->state() != QAbstractSocket::BoundState && !m_udp->bind(host, quint16(m_config.listenPort)))
            return Error { ErrorCode::Io,
                "syslog target " + m_job.name + ": cannot listen on udp " + where + ": " + m_udp->errorString().toStdString(), {} };
        return std::nullopt;
    }
    if (!m_server) {
        m_server = new QTcpServer(this);
        connect(m_server, &QTcpServer::newConnection, this, &SyslogTarget::accept);
    }
    if (!m_server->listen(host, quint16(m_config.listenPort)))
        return Error { ErrorCode::Io,
            "syslog target " + m_job.name + ": cannot listen on " + where + ": " + m_server->errorString().toStdString(), {} };
    return std::nullopt;
}

void SyslogTarget::stop()
{
    if (m_server)
        m_server->close();
    if (m_udp) {
        receiveDatagrams(); // what already arrived
        m_udp->close();
    }
    while (!m_connections.empty())
        drop(m_connections.back().get());
}

quint16 SyslogTarget::port() const
{
    return m_udp ? m_udp->localPort() : m_server ? m_server->serverPort() : 0;
}

void SyslogTarget::receiveDatagrams()
{
    const TimestampNs now = nowNs();
    // Past the buffer limit datagrams wait in the socket's kernel buffer for drain() (which drops them on overflow).
    while (m_frameBytes < m_bufferLimit && m_udp->hasPendingDatagrams()) {
        const QNetworkDatagram d = m_udp->receiveDatagram();
        std::string text = d.data().toStdString();
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
            text.pop_back();
        if (text.size() > m_config.maxMessageLength) {
            text.resize(m_config.maxMessageLength);
            ++m_truncatedClosed;
        }
        if (text.empty())
            continue;
        m_frameBytes += text.size();
        m_frames.push_back(Frame { peerAddress(d.senderAddress()), now, std::move(text) });
    }
}

std::uint64_t SyslogTarget::truncatedMessages() const
{
    std::uint64_t n = m_truncatedClosed;
    for (const auto& c : m_connections)
        n += c->framer.truncated();
    return n;
}

void SyslogTarget::accept()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        auto c = std::make_unique<Connection>(Connection { socket, new QTimer(this), SyslogFramer(m_config.maxMessageLength), peerAddress(socket->peerAddress()) });
        Connection* raw = c.get();
        socket->setReadBufferSize(SocketBufferBytes);
        raw->idle->setSingleShot(true);
        raw->idle->setInterval(int(std::min<DurationMs>(m_config.idleTimeout, 24 * 3600 * 1000)));
        if (m_config.idleTimeout > 0)
            connect(raw->idle, &QTimer::timeout, this, [this, raw] { drop(raw); });
        connect(socket, &QTcpSocket::readyRead, this, [this, raw] { read(*raw); });
        connect(socket, &QTcpSocket::disconnected, this, [this, raw] { drop(raw); });
        raw->idle->start();
        m_connections.push_back(std::move(c));
        read(*raw); // bytes that came with the connection
    }
}

void SyslogTarget::read(Connection& c)
{
    std::vector<std::string> frames;
    while (m_frameBytes < m_bufferLimit && c.socket->bytesAvailable() > 0) {
        const QByteArray data = c.socket->read(64 * 1024);
        c.idle->start();
        frames.clear();
        const bool ok = c.framer.feed(std::string_view(data.constData(), std::size_t(data.size())), frames);
        const TimestampNs now = nowNs();
        for (std::string& f : frames) {
            m_frameBytes += f.size();
            m_frames.push_back(Frame { c.peer, now, std::move(f) });
        }
        if (!ok) {
            qWarning().noquote() << QString::fromStdString(
                "syslog target " + m_job.name + ": closing the connection from " + c.peer + ": " + c.framer.error());
            drop(&c);
            return;
        }
    }
}

void SyslogTarget::drop(Connection* c)
{
    const auto it = std::find_if(m_connections.begin(), m_connections.end(), [c](const auto& p) { return p.get() == c; });
    if (it == m_connections.end())
        return;
    c->socket->disconnect(this);
    std::vector<std::string> frames;
    while (c->socket->bytesAvailable() > 0) { // what arrived before the close; the buffer limit does not apply
        const QByteArray data = c->socket->readAll();
        if (!c->framer.feed(std::string_view(data.constData(), std::size_t(data.size())), frames))
            break;
    }
    c->framer.finish(frames);
    const TimestampNs now = nowNs();
    for (std::string& f : frames) {
        m_frameBytes += f.size();
        m_frames.push_back(Frame { c->peer, now, std::move(f) });
    }
    m_truncatedClosed += c->framer.truncated();
    c->socket->abort();
    c->socket->deleteLater();
    c->idle->deleteLater();
    m_connections.erase(it);
}

void SyslogTarget::drain(TimestampNs now, bool force, const Emit& sink)
{
    std::vector<Frame> frames = std::move(m_frames);
    m_frames.clear();
    m_frameBytes = 0;
    for (Frame& f : frames)
        handle(std::move(f), sink);
    m_pipeline.flush(now, force, sink);
    for (std::size_t i = 0; i < m_connections.size(); ++i) // resume connections paused at the buffer limit
        if (m_connections[i]->socket->bytesAvailable() > 0)
            read(*m_connections[i]);
    if (m_udp)
        receiveDatagrams();
}

void SyslogTarget::handle(Frame&& frame, const Emit& sink)
{
    auto msg = m_config.rfc3164 ? parseRfc3164(frame.text, frame.received) : parseRfc5424(frame.text);
    if (!msg.ok()) {
        ++m_invalid;
        if (msg.error().message != m_lastError) {
            m_lastError = msg.error().message;
            qWarning().noquote() << QString::fromStdString(
                "syslog target " + m_job.name + ": dropped a message from " + frame.peer + ": " + m_lastError);
        }
        return;
    }
    if (!m_config.useRfc5424Message && msg->message.empty())
        return; // no MSG: nothing to store, as Promtail
    std::vector<Label> raw;
    for (const auto& [k, v] : m_config.labels)
        raw.push_back(Label { k, v });
    raw.push_back(Label { "__syslog_connection_ip_address", frame.peer });
    raw.push_back(Label { "__syslog_message_severity", std::string(syslogSeverityName(msg->severity)) });
    raw.push_back(Label { "__syslog_message_facility", std::string(syslogFacilityName(msg->facility)) });
    raw.push_back(Label { "__syslog_message_hostname", msg->hostname });
    raw.push_back(Label { "__syslog_message_app_name", msg->appName });
    raw.push_back(Label { "__syslog_message_proc_id", msg->procId });
    raw.push_back(Label { "__syslog_message_msg_id", msg->msgId });
    if (m_config.labelStructuredData)
        for (const auto& [id, params] : msg->structuredData)
            for (const auto& [name, value] : params)
                raw.push_back(Label { sanitizeLabelName("__syslog_message_sd_" + id + "_" + name), value });
    auto relabeled = scrape::relabel(Labels(std::move(raw)), m_job.relabelConfigs);
    if (!relabeled)
        return;
    Entry e;
    for (const Label& l : *relabeled)
        if (!l.name.starts_with("__"))
            e.labels[l.name] = l.value;
    e.ts = m_config.useIncomingTimestamp && msg->timestamp ? *msg->timestamp : frame.received;
    e.line = m_config.useRfc5424Message ? std::move(frame.text) : std::move(msg->message);
    m_pipeline.process(std::move(e), sink);
}

} // namespace sg::ingest
