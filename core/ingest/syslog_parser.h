#pragma once

#include "core/common/result.h"
#include "core/common/time.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sg::ingest {

/// One RFC 5424 message. Nil fields (`-`) are empty.
struct SyslogMessage
{
    int facility = 0;
    int severity = 0;
    std::optional<TimestampNs> timestamp;
    std::string hostname;
    std::string appName;
    std::string procId;
    std::string msgId;
    /// SD-ID → its params in order (`[exampleSDID@32473 iut="3" eventSource="App"]`).
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> structuredData;
    std::string message; ///< MSG, a leading UTF-8 BOM removed
};

/// Parses `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]` (RFC 5424 section 6).
Result<SyslogMessage> parseRfc5424(std::string_view text);

/// Parses a BSD syslog message, `<PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG` (RFC 3164 section 4.1, as
/// go-syslog's rfc3164 parser reads it): the TAG is the app name, the PID the proc id. The timestamp has no year
/// and no zone: it is taken as UTC in the year of `now`, or the year before when that would put it more than a
/// day after `now` (a December message read in January).
Result<SyslogMessage> parseRfc3164(std::string_view text, TimestampNs now);

/// syslog(3) keyword of a facility (`kern`, `user`, ..., `local7`) and the RFC 5424 name of a severity
/// (`emergency`, ..., `informational`, `debug`), as go-syslog (and so Promtail) names them.
std::string_view syslogFacilityName(int facility);
std::string_view syslogSeverityName(int severity);

/// RFC 6587 framing of a syslog TCP stream, decided per frame: a frame starting with a digit is octet-counted
/// (`LEN SP MSG`), one starting otherwise ends at LF (non-transparent framing; a trailing CR is removed).
/// Frames longer than `maxLength` are cut to it.
class SyslogFramer
{
public:
    explicit SyslogFramer(std::size_t maxLength)
        : m_maxLength(maxLength)
    {
    }

    /// Appends the complete frames in `data` to `frames`. Returns false on a malformed octet count.
    bool feed(std::string_view data, std::vector<std::string>& frames);
    /// The connection closed: a last LF-less frame is complete.
    void finish(std::vector<std::string>& frames);
    const std::string& error() const { return m_error; }
    /// Frames cut to maxLength so far.
    std::uint64_t truncated() const { return m_truncated; }

private:
    enum class State { Start, Count, Counted, Line };
    std::size_t m_maxLength;
    State m_state = State::Start;
    std::string m_frame;
    std::size_t m_remaining = 0; ///< of a counted frame
    std::string m_count;
    bool m_cut = false; ///< the current frame hit maxLength
    std::uint64_t m_truncated = 0;
    std::string m_error;
};

} // namespace sg::ingest
