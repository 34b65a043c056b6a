#pragma once

#include "core/ingest/pipeline_stages.h"
#include "core/ingest/promtail_config.h"

#include <QObject>

#include <memory>
#include <optional>
#include <string>
#include <vector>

class QTcpServer;
class QUdpSocket;

namespace sg::ingest {

/// Promtail's syslog target for one job: a TCP listener receiving RFC 5424 (or, with `syslog_format: rfc3164`,
/// BSD syslog) messages with RFC 6587 framing (octet counting or LF-terminated, decided per frame), or with
/// `listen_protocol: udp` a UDP socket taking one message per datagram (RFC 5426; past the buffer limit they
/// wait in the socket's kernel buffer until drain(), which drops them when it overflows). Each message gets the `labels` of the config and the
/// `__syslog_connection_ip_address`, `__syslog_message_{severity,facility,hostname,app_name,proc_id,msg_id}`
/// (and with `label_structured_data` the `__syslog_message_sd_<id>_<name>`) labels, then the job's
/// relabel_configs; `__` labels are dropped and the entry runs through the job's pipeline. Connections are
/// driven by their signals on the owner's thread; past the buffer limit they are not read until drain().
class SyslogTarget : public QObject
{
    Q_OBJECT
public:
    SyslogTarget(const ScrapeJob& job, const std::string& configFile, std::size_t bufferLimit, QObject* parent = nullptr);
    ~SyslogTarget() override;

    /// Listens; an error names the address.
    std::optional<Error> start();
    /// Closes the listener and every connection (received frames stay for drain()).
    void stop();
    /// The port listened on (the chosen one when the config says 0).
    quint16 port() const;
    /// Runs the messages received since the last call through relabeling and the pipeline into `sink`.
    void drain(TimestampNs now, bool force, const Emit& sink);
    int connections() const { return int(m_connections.size()); }
    /// Frames that were not RFC 5424 (dropped), and frames cut to max_message_length.
    std::uint64_t invalidMessages() const { return m_invalid; }
    std::uint64_t truncatedMessages() const;

private:
    struct Connection;
    struct Frame
    {
        std::string peer;
        TimestampNs received = 0;
        std::string text;
    };
    void accept();
    void receiveDatagrams();
    void read(Connection& c);
    void drop(Connection* c);
    void handle(Frame&& frame, const Emit& sink);

    const ScrapeJob& m_job;
    const SyslogConfig& m_config;
    Pipeline m_pipeline;
    std::size_t m_bufferLimit;
    QTcpServer* m_server = nullptr;
    QUdpSocket* m_udp = nullptr;
    std::vector<std::unique_ptr<Connection>> m_connections;
    std::vector<Frame> m_frames;
    std::size_t m_frameBytes = 0;
    std::uint64_t m_invalid = 0;
    std::uint64_t m_truncatedClosed = 0; ///< of connections already closed (and of datagrams)
    std::string m_lastError;
};

} // namespace sg::ingest
