#include "docker_target.h"

#include "go_time.h"

#include <QDebug>
#include <QJsonDocument>
#include <QJsonObject>

namespace sg::ingest {

namespace {

constexpr std::size_t MaxPartialLine = 16 << 20; ///< a line longer than this is cut

const std::string& rfc3339NanoLayout()
{
    static const std::string layout = goLayout("RFC3339Nano");
    return layout;
}

} // namespace

// --- DockerLogParser ---

bool DockerLogParser::feed(std::string_view data, std::vector<DockerLine>& out)
{
    if (!m_error.empty())
        return false;
    if (m_tty) {
        addPayload(1, data, out);
        return true;
    }
    while (!data.empty()) {
        if (m_frameRemaining == 0) {
            const std::size_t need = 8 - m_header.size();
            m_header.append(data.substr(0, need));
            data.remove_prefix(std::min(need, data.size()));
            if (m_header.size() < 8)
                return true;
            const auto* h = reinterpret_cast<const unsigned char*>(m_header.data());
            if (h[0] > 3 || h[1] != 0 || h[2] != 0 || h[3] != 0) {
                m_error = "malformed log frame header (is the container a TTY?)";
                return false;
            }
            m_frameStream = h[0] == 0 ? 1 : h[0];
            m_frameRemaining = (std::uint32_t(h[4]) << 24) | (std::uint32_t(h[5]) << 16) | (std::uint32_t(h[6]) << 8) | h[7];
            m_header.clear();
            continue;
        }
        const std::size_t n = std::min<std::size_t>(m_frameRemaining, data.size());
        addPayload(m_frameStream, data.substr(0, n), out);
        data.remove_prefix(n);
        m_frameRemaining -= std::uint32_t(n);
    }
    return true;
}

void DockerLogParser::addPayload(int stream, std::string_view payload, std::vector<DockerLine>& out)
{
    if (stream == 3) {
        m_engineError.append(payload.substr(0, 4096 - std::min<std::size_t>(4096, m_engineError.size())));
        return;
    }
    std::string& partial = m_partial[std::size_t(stream)];
    while (!payload.empty()) {
        const auto nl = payload.find('\n');
        if (nl == std::string_view::npos) {
            partial.append(payload.substr(0, MaxPartialLine - std::min(MaxPartialLine, partial.size())));
            return;
        }
        if (partial.empty()) {
            emitLine(stream, payload.substr(0, nl), out);
        } else {
            partial.append(payload.substr(0, nl));
            emitLine(stream, partial, out);
            partial.clear();
        }
        payload.remove_prefix(nl + 1);
    }
}

void DockerLogParser::emitLine(int stream, std::string_view text, std::vector<DockerLine>& out)
{
    if (!text.empty() && text.back() == '\r')
        text.remove_suffix(1);
    DockerLine line;
    line.isStderr = stream == 2;
    const auto space = text.find(' ');
    auto ts = space == std::string_view::npos ? Result<TimestampNs>(Error {})
                                              : parseGoTime(text.substr(0, space), rfc3339NanoLayout());
    if (ts.ok()) {
        line.ts = ts.value();
        line.line = std::string(text.substr(space + 1));
    } else {
        line.ts = nowNs();
        line.hasTimestamp = false;
        line.line = std::string(text);
    }
    out.push_back(std::move(line));
}

void DockerLogParser::finish(std::vector<DockerLine>& out)
{
    for (std::size_t stream = 1; stream < m_partial.size(); ++stream)
        if (!m_partial[stream].empty()) {
            emitLine(int(stream), m_partial[stream], out);
            m_partial[stream].clear();
        }
}

// --- DockerTarget ---

DockerTarget::DockerTarget(DockerEndpoint endpoint, std::string containerId, TimestampNs after, QObject* parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
    , m_id(std::move(containerId))
    , m_after(after)
{
}

DockerTarget::~DockerTarget() = default;

void DockerTarget::ensureRunning()
{
    if (m_state != State::Idle)
        return;
    m_state = State::Inspecting;
    m_inspect = new QObject(this);
    dockerGet(m_endpoint, "/containers/" + percentEncode(m_id) + "/json", m_inspect, [this](Result<DockerResponse> r) {
        m_inspect->deleteLater();
        m_inspect = nullptr;
        m_state = State::Idle;
        if (!r.ok())
            return setError(r.error().message);
        if (r->status != 200)
            return setError("inspect: HTTP " + std::to_string(r->status) + ": " + dockerErrorMessage(r->body));
        const QJsonObject container = QJsonDocument::fromJson(r->body).object();
        if (container.isEmpty())
            return setError("inspect: invalid JSON");
        const QJsonObject state = container.value(QStringLiteral("State")).toObject();
        if (state.contains(QStringLiteral("Running")) && !state.value(QStringLiteral("Running")).toBool())
            return; // stopped: the next refresh no longer lists it, or it runs again
        m_tty = container.value(QStringLiteral("Config")).toObject().value(QStringLiteral("Tty")).toBool();
        openStream();
    });
}

void DockerTarget::openStream()
{
    m_parser = DockerLogParser(m_tty);
    m_status = 0;
    const std::string path = "/containers/" + percentEncode(m_id)
        + "/logs?stdout=1&stderr=1&follow=1&timestamps=1&since=" + std::to_string(m_after / 1'000'000'000);
    m_request = new DockerRequest(m_endpoint, path, this);
    auto errorBody = std::make_shared<QByteArray>();
    connect(m_request, &DockerRequest::responseStarted, this, [this](int status) {
        m_status = status;
        if (status == 200)
            setError({});
    });
    connect(m_request, &DockerRequest::bodyReceived, this, [this, errorBody](const QByteArray& data) {
        if (m_status == 200)
            onBody(data);
        else if (errorBody->size() < 4096)
            errorBody->append(data);
    });
    connect(m_request, &DockerRequest::finished, this, [this, errorBody](const std::optional<Error>& error) {
        if (!error && m_status != 200)
            return onStreamFinished(Error { ErrorCode::Io, "logs: HTTP " + std::to_string(m_status) + ": " + dockerErrorMessage(*errorBody), {} });
        onStreamFinished(error);
    });
    m_state = State::Streaming;
    ++m_connects;
    m_request->start();
}

void DockerTarget::onBody(const QByteArray& data)
{
    std::vector<DockerLine> lines;
    const bool ok = m_parser.feed(std::string_view(data.constData(), std::size_t(data.size())), lines);
    for (DockerLine& line : lines) {
        if (line.hasTimestamp) {
            if (line.ts <= m_after)
                continue; // already collected: `since` only has whole seconds
            m_after = line.ts;
        }
        m_bufferedBytes += line.line.size();
        m_lines.push_back(std::move(line));
    }
    if (!ok) {
        m_request->abort();
        onStreamFinished(Error { ErrorCode::BadData, "logs: " + m_parser.error(), {} });
        return;
    }
    if (m_bufferedBytes >= m_bufferLimit && m_request)
        m_request->setPaused(true);
}

void DockerTarget::onStreamFinished(const std::optional<Error>& error)
{
    if (m_status == 200 && !error) { // a cleanly ended stream: a last line without newline is complete (after a
                                     // broken connection it is read again, whole, from the resume point)
        std::vector<DockerLine> rest;
        m_parser.finish(rest);
        for (DockerLine& line : rest)
            if (!line.hasTimestamp || line.ts > m_after) {
                m_after = line.hasTimestamp ? line.ts : m_after;
                m_lines.push_back(std::move(line));
            }
    }
    if (error)
        setError(error->message);
    else if (!m_parser.engineError().empty())
        setError("logs: " + m_parser.engineError());
    if (m_request) {
        m_request->deleteLater();
        m_request = nullptr;
    }
    m_state = State::Idle;
}

void DockerTarget::stop()
{
    delete m_inspect;
    m_inspect = nullptr;
    if (m_request) {
        m_request->abort();
        m_request->deleteLater();
        m_request = nullptr;
    }
    m_state = State::Idle;
}

std::vector<DockerLine> DockerTarget::takeLines()
{
    std::vector<DockerLine> out = std::move(m_lines);
    m_lines.clear();
    m_bufferedBytes = 0;
    if (m_request)
        m_request->setPaused(false);
    return out;
}

void DockerTarget::setError(const std::string& message)
{
    if (message == m_lastError)
        return;
    if (!message.empty())
        qWarning().noquote() << QString::fromStdString("docker container " + m_id.substr(0, 12) + ": " + message);
    m_lastError = message;
}

} // namespace sg::ingest
