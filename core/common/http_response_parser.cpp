#include "http_response_parser.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace sg {

namespace {

constexpr std::size_t MaxLineBytes = 64 * 1024; ///< of a status, header or chunk-size line
constexpr std::size_t MaxHeadBytes = 256 * 1024; ///< of the status line and headers together

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

} // namespace

bool HttpResponseParser::fail(std::string message)
{
    m_state = State::Failed;
    m_error = std::move(message);
    return false;
}

std::string HttpResponseParser::header(const std::string& lowerName) const
{
    const auto it = m_headers.find(lowerName);
    return it == m_headers.end() ? std::string() : it->second;
}

bool HttpResponseParser::startBody()
{
    if (m_status >= 100 && m_status < 200 && m_status != 101) { // an interim response: the real one follows
        m_headers.clear();
        m_state = State::StatusLine;
        return true;
    }
    m_state = State::Body;
    if (m_status == 204 || m_status == 304) {
        m_state = State::Done;
        return true;
    }
    if (lower(header("transfer-encoding")).find("chunked") != std::string::npos) {
        m_mode = BodyMode::Chunked;
        m_chunk = ChunkState::Size;
        return true;
    }
    const std::string length = header("content-length");
    if (length.empty()) {
        m_mode = BodyMode::UntilClose;
        return true;
    }
    const auto [ptr, ec] = std::from_chars(length.data(), length.data() + length.size(), m_remaining);
    if (ec != std::errc() || ptr != length.data() + length.size())
        return fail("invalid Content-Length \"" + length + "\"");
    m_mode = BodyMode::Length;
    if (m_remaining == 0)
        m_state = State::Done;
    return true;
}

bool HttpResponseParser::feed(std::string_view data, std::string& body, std::size_t* used)
{
    const std::size_t total = data.size();
    if (used)
        *used = total;
    while (m_state != State::Failed && m_state != State::Done) {
        const bool wantsLine = m_state == State::StatusLine || m_state == State::Headers
            || (m_state == State::Body && m_mode == BodyMode::Chunked && m_chunk != ChunkState::Data);
        if (wantsLine) {
            const auto nl = data.find('\n');
            const bool inHead = m_state != State::Body;
            if (nl == std::string_view::npos) {
                m_buffer.append(data);
                if (inHead && m_headBytes + m_buffer.size() > MaxHeadBytes)
                    return fail("response head too long");
                return m_buffer.size() <= MaxLineBytes || fail("response line too long");
            }
            m_buffer.append(data.substr(0, nl));
            data.remove_prefix(nl + 1);
            if (m_buffer.size() > MaxLineBytes)
                return fail("response line too long");
            if (inHead && (m_headBytes += m_buffer.size() + 1) > MaxHeadBytes)
                return fail("response head too long");
            std::string line = std::move(m_buffer);
            m_buffer.clear();
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (m_state == State::StatusLine) {
                // HTTP/1.1 200 OK
                if (!line.starts_with("HTTP/1.") || line.size() < 12 || line[8] != ' ')
                    return fail("invalid status line \"" + line.substr(0, 80) + "\"");
                const auto [ptr, ec] = std::from_chars(line.data() + 9, line.data() + 12, m_status);
                if (ec != std::errc() || ptr != line.data() + 12 || (line.size() > 12 && line[12] != ' ')
                    || m_status < 100 || m_status > 599)
                    return fail("invalid status line \"" + line.substr(0, 80) + "\"");
                m_state = State::Headers;
            } else if (m_state == State::Headers) {
                if (line.empty()) {
                    if (!startBody())
                        return false;
                    continue;
                }
                const auto colon = line.find(':');
                if (colon == std::string::npos || colon == 0)
                    return fail("invalid header line \"" + line.substr(0, 80) + "\"");
                std::string name = lower(trim(std::string_view(line).substr(0, colon)));
                const std::string value(trim(std::string_view(line).substr(colon + 1)));
                auto [it, inserted] = m_headers.try_emplace(std::move(name), value);
                if (!inserted)
                    it->second += ", " + value;
            } else if (m_chunk == ChunkState::Size) {
                std::string_view size = trim(std::string_view(line).substr(0, line.find(';')));
                const auto [ptr, ec] = std::from_chars(size.data(), size.data() + size.size(), m_remaining, 16);
                if (size.empty() || ec != std::errc() || ptr != size.data() + size.size())
                    return fail("invalid chunk size \"" + line.substr(0, 40) + "\"");
                m_chunk = m_remaining == 0 ? ChunkState::Trailers : ChunkState::Data;
            } else if (m_chunk == ChunkState::DataEnd) {
                if (!line.empty())
                    return fail("chunk data longer than its size");
                m_chunk = ChunkState::Size;
            } else if (line.empty()) { // the blank line after the (ignored) trailers
                m_state = State::Done;
            }
            continue;
        }
        if (data.empty())
            return true;
        if (m_mode == BodyMode::UntilClose) {
            body.append(data);
            return true;
        }
        const std::size_t n = std::size_t(std::min<std::uint64_t>(m_remaining, data.size()));
        body.append(data.substr(0, n));
        data.remove_prefix(n);
        m_remaining -= n;
        if (m_remaining == 0) {
            if (m_mode == BodyMode::Length)
                m_state = State::Done;
            else
                m_chunk = ChunkState::DataEnd;
        }
    }
    if (used)
        *used = total - data.size();
    return m_state != State::Failed;
}

void HttpResponseParser::finishAtEof()
{
    if (m_state == State::Body && m_mode == BodyMode::UntilClose)
        m_state = State::Done;
    else if (m_state != State::Done && m_state != State::Failed)
        fail(m_state == State::Body ? "connection closed in the middle of the body"
                                    : "connection closed before a response");
}

} // namespace sg
