#pragma once

// The one HTTP/1.1 response parser of the clients that speak HTTP over their own sockets: the Docker Engine API
// (core/ingest) and the remote-write sender (core/remotewrite).

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace sg {

/// Incremental HTTP/1.1 response parser: status line, headers, then a body framed by Content-Length, chunked
/// transfer encoding or the end of the connection. Body bytes are handed out as they arrive (chunk framing
/// removed), so a following stream can be consumed while it is open. Interim 1xx responses (but 101) are skipped.
/// What a peer sends is bounded where it would otherwise be kept whole: a line (status, header, chunk size) to
/// 64 KiB and the head to 256 KiB; the body is the caller's to bound.
class HttpResponseParser
{
public:
    enum class State { StatusLine, Headers, Body, Done, Failed };

    /// Consumes `data`; body bytes are appended to `body`. Returns false once the response is malformed. `used`
    /// gets how much of `data` belongs to this response: all of it, unless the response ended inside it.
    bool feed(std::string_view data, std::string& body, std::size_t* used = nullptr);
    /// The connection closed: a body read until the end is complete; anything else unfinished fails.
    void finishAtEof();

    State state() const { return m_state; }
    bool headersDone() const { return m_state == State::Body || m_state == State::Done; }
    int status() const { return m_status; }
    /// Header value by lower-case name ("" when absent); repeated headers are joined with ", ".
    std::string header(const std::string& lowerName) const;
    const std::string& error() const { return m_error; }

private:
    enum class BodyMode { Length, Chunked, UntilClose };
    enum class ChunkState { Size, Data, DataEnd, Trailers };
    bool fail(std::string message);
    bool startBody();

    State m_state = State::StatusLine;
    BodyMode m_mode = BodyMode::UntilClose;
    ChunkState m_chunk = ChunkState::Size;
    std::string m_buffer; ///< unconsumed bytes of the head or of a chunk-size line
    std::map<std::string, std::string> m_headers;
    std::size_t m_headBytes = 0; ///< of the head so far
    std::uint64_t m_remaining = 0; ///< of the body (Length) or of the current chunk
    int m_status = 0;
    std::string m_error;
};

} // namespace sg
