#pragma once

#include "core/common/time.h"
#include "core/ingest/docker_api.h"

#include <QObject>

#include <array>
#include <string>
#include <vector>

namespace sg::ingest {

/// One log line of a container, with the timestamp Docker put in front of it.
struct DockerLine
{
    bool isStderr = false;
    TimestampNs ts = 0;
    bool hasTimestamp = true; ///< false: the line had no parseable prefix and carries the read time
    std::string line;
};

/// Turns the body of `GET /containers/{id}/logs?timestamps=1` into lines. Without a TTY the body is Docker's
/// stdcopy multiplexing: frames of an 8-byte header (stream 0/1 stdout, 2 stderr, 3 engine error; three zero
/// bytes; a big-endian u32 payload length) and the payload. With a TTY it is the raw terminal output (stdout).
/// Each line starts with an RFC 3339 timestamp and a space; lines may span frames.
class DockerLogParser
{
public:
    explicit DockerLogParser(bool tty)
        : m_tty(tty)
    {
    }

    /// Appends the complete lines in `data` to `out`. Returns false once a frame header is malformed.
    bool feed(std::string_view data, std::vector<DockerLine>& out);
    /// The stream ended: a last line without its newline is complete.
    void finish(std::vector<DockerLine>& out);
    const std::string& error() const { return m_error; }
    /// Messages the engine sent on its error stream (type 3).
    const std::string& engineError() const { return m_engineError; }

private:
    void addPayload(int stream, std::string_view payload, std::vector<DockerLine>& out);
    void emitLine(int stream, std::string_view text, std::vector<DockerLine>& out);

    bool m_tty;
    std::string m_header;            ///< a frame header being assembled
    std::uint32_t m_frameRemaining = 0;
    int m_frameStream = 1;
    std::array<std::string, 3> m_partial; ///< per stream: a line waiting for its newline
    std::string m_error;
    std::string m_engineError;
};

/// Follows one container's logs: inspects it (`Config.Tty`), then keeps
/// `GET /containers/{id}/logs?stdout=1&stderr=1&follow=1&timestamps=1&since=<s>` open and parses it as it
/// arrives. Lines at or before the resume point are dropped (Docker's `since` has whole seconds). When the
/// stream ends, ensureRunning() opens it again from the last line read. Everything is signal-driven on the
/// owner's thread.
class DockerTarget : public QObject
{
    Q_OBJECT
public:
    /// `after`: the timestamp of the last line already collected (0: from the container's first line).
    DockerTarget(DockerEndpoint endpoint, std::string containerId, TimestampNs after, QObject* parent = nullptr);
    ~DockerTarget() override;

    /// Opens the stream unless it is open or being opened.
    void ensureRunning();
    /// Closes the stream; lines already read stay available to takeLines().
    void stop();
    /// Moves out the lines read since the last call (resuming a stream paused at the buffer limit).
    std::vector<DockerLine> takeLines();
    /// The Docker timestamp of the last line read: the resume point (0 before the first line).
    TimestampNs lastTimestamp() const { return m_after; }
    bool streaming() const { return m_state == State::Streaming; }
    bool tty() const { return m_tty; }
    /// Log streams opened so far.
    int connects() const { return m_connects; }
    const std::string& id() const { return m_id; }
    /// The last error (inspect, stream, protocol), "" once a stream opens again.
    const std::string& lastError() const { return m_lastError; }
    /// Bytes of unread lines at which the stream is paused.
    void setBufferLimit(std::size_t bytes) { m_bufferLimit = bytes; }

private:
    enum class State { Idle, Inspecting, Streaming };
    void openStream();
    void onBody(const QByteArray& data);
    void onStreamFinished(const std::optional<Error>& error);
    void setError(const std::string& message);

    DockerEndpoint m_endpoint;
    std::string m_id;
    TimestampNs m_after = 0;
    State m_state = State::Idle;
    bool m_tty = false;
    DockerRequest* m_request = nullptr;
    QObject* m_inspect = nullptr; ///< context of the inspect request (deleted to cancel it)
    DockerLogParser m_parser { false };
    std::vector<DockerLine> m_lines;
    std::size_t m_bufferedBytes = 0;
    std::size_t m_bufferLimit = 4 << 20;
    int m_connects = 0;
    int m_status = 0;
    std::string m_lastError;
};

} // namespace sg::ingest
