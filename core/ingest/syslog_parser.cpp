#include "syslog_parser.h"

#include "go_time.h"

#include <array>
#include <charconv>

namespace sg::ingest {

std::string_view syslogFacilityName(int facility)
{
    static constexpr std::array<std::string_view, 24> Names { "kern", "user", "mail", "daemon", "auth", "syslog",
        "lpr", "news", "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron", "local0",
        "local1", "local2", "local3", "local4", "local5", "local6", "local7" };
    return facility >= 0 && facility < int(Names.size()) ? Names[std::size_t(facility)] : std::string_view();
}

std::string_view syslogSeverityName(int severity)
{
    static constexpr std::array<std::string_view, 8> Names { "emergency", "alert", "critical", "error", "warning",
        "notice", "informational", "debug" };
    return severity >= 0 && severity < int(Names.size()) ? Names[std::size_t(severity)] : std::string_view();
}

namespace {

Error bad(const std::string& what)
{
    return Error { ErrorCode::BadData, "invalid RFC 5424 message: " + what, {} };
}

/// The next header field up to a space (consumed); "-" is nil.
std::optional<std::string_view> field(std::string_view& in)
{
    const auto sp = in.find(' ');
    if (sp == std::string_view::npos || sp == 0)
        return std::nullopt;
    std::string_view value = in.substr(0, sp);
    in.remove_prefix(sp + 1);
    return value == "-" ? std::string_view() : value;
}

} // namespace

Result<SyslogMessage> parseRfc5424(std::string_view in)
{
    SyslogMessage msg;
    if (in.empty() || in.front() != '<')
        return bad("no <PRI>");
    const auto close = in.find('>');
    if (close == std::string_view::npos || close < 2 || close > 4)
        return bad("malformed <PRI>");
    int pri = 0;
    const auto [ptr, ec] = std::from_chars(in.data() + 1, in.data() + close, pri);
    if (ec != std::errc() || ptr != in.data() + close || pri > 191)
        return bad("malformed <PRI>");
    msg.facility = pri / 8;
    msg.severity = pri % 8;
    in.remove_prefix(close + 1);
    const auto version = field(in);
    if (!version || version->empty() || version->size() > 2 || (*version)[0] < '1' || (*version)[0] > '9')
        return bad("unsupported VERSION (is it RFC 3164?)");
    const auto ts = field(in);
    if (!ts)
        return bad("no TIMESTAMP");
    if (!ts->empty()) {
        static const std::string layout = goLayout("RFC3339Nano");
        auto parsed = parseGoTime(*ts, layout);
        if (!parsed.ok())
            return bad("TIMESTAMP \"" + std::string(*ts) + "\"");
        msg.timestamp = parsed.value();
    }
    std::string* header[] = { &msg.hostname, &msg.appName, &msg.procId, &msg.msgId };
    static constexpr const char* Names[] = { "HOSTNAME", "APP-NAME", "PROCID", "MSGID" };
    for (std::size_t i = 0; i < 4; ++i) {
        const auto value = field(in);
        if (!value)
            return bad(std::string("no ") + Names[i]);
        *header[i] = std::string(*value);
    }
    // STRUCTURED-DATA: "-" or one or more [SD-ID *(SP PARAM-NAME="PARAM-VALUE")]
    if (in.starts_with('-')) {
        in.remove_prefix(1);
    } else {
        if (!in.starts_with('['))
            return bad("no STRUCTURED-DATA");
        while (in.starts_with('[')) {
            in.remove_prefix(1);
            const auto idEnd = in.find_first_of(" ]");
            if (idEnd == std::string_view::npos || idEnd == 0)
                return bad("malformed SD-ID");
            auto& element = msg.structuredData.emplace_back(std::string(in.substr(0, idEnd)), std::vector<std::pair<std::string, std::string>> {});
            in.remove_prefix(idEnd);
            while (in.starts_with(' ')) {
                in.remove_prefix(1);
                const auto eq = in.find('=');
                if (eq == std::string_view::npos || eq == 0 || eq + 1 >= in.size() || in[eq + 1] != '"')
                    return bad("malformed SD-PARAM");
                std::string name(in.substr(0, eq));
                in.remove_prefix(eq + 2);
                std::string value;
                bool closed = false;
                while (!in.empty()) {
                    const char c = in.front();
                    in.remove_prefix(1);
                    if (c == '\\' && !in.empty() && (in.front() == '"' || in.front() == '\\' || in.front() == ']')) {
                        value += in.front();
                        in.remove_prefix(1);
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        value += c;
                    }
                }
                if (!closed)
                    return bad("unterminated PARAM-VALUE");
                element.second.emplace_back(std::move(name), std::move(value));
            }
            if (!in.starts_with(']'))
                return bad("malformed SD-ELEMENT");
            in.remove_prefix(1);
        }
    }
    if (!in.empty()) {
        if (in.front() != ' ')
            return bad("no space before MSG");
        in.remove_prefix(1);
        if (in.starts_with("\xEF\xBB\xBF"))
            in.remove_prefix(3);
        while (!in.empty() && (in.back() == '\n' || in.back() == '\r'))
            in.remove_suffix(1);
        msg.message = std::string(in);
    }
    return msg;
}

bool SyslogFramer::feed(std::string_view data, std::vector<std::string>& frames)
{
    if (!m_error.empty())
        return false;
    const auto append = [this](std::string_view part) {
        const std::size_t room = m_maxLength - std::min(m_maxLength, m_frame.size());
        if (part.size() > room && !m_cut) {
            m_cut = true;
            ++m_truncated;
        }
        m_frame.append(part.substr(0, room));
    };
    const auto complete = [&] {
        frames.push_back(std::move(m_frame));
        m_frame.clear();
        m_cut = false;
        m_state = State::Start;
    };
    while (!data.empty()) {
        switch (m_state) {
        case State::Start: {
            const char c = data.front();
            if (c == '\n' || c == '\r' || c == ' ' || c == '\0') {
                data.remove_prefix(1); // between frames
            } else if (c >= '0' && c <= '9') {
                m_state = State::Count;
                m_count.clear();
            } else {
                m_state = State::Line;
            }
            break;
        }
        case State::Count: {
            const char c = data.front();
            data.remove_prefix(1);
            if (c >= '0' && c <= '9' && m_count.size() < 10) {
                m_count += c;
                break;
            }
            std::uint64_t length = 0;
            std::from_chars(m_count.data(), m_count.data() + m_count.size(), length);
            if (c != ' ' || length == 0) {
                m_error = "malformed octet count \"" + m_count + std::string(1, c) + "\"";
                return false;
            }
            m_remaining = std::size_t(length);
            m_state = State::Counted;
            break;
        }
        case State::Counted: {
            const std::size_t n = std::min(m_remaining, data.size());
            append(data.substr(0, n));
            data.remove_prefix(n);
            m_remaining -= n;
            if (m_remaining == 0)
                complete();
            break;
        }
        case State::Line: {
            const auto nl = data.find('\n');
            append(data.substr(0, nl));
            if (nl == std::string_view::npos)
                return true;
            data.remove_prefix(nl + 1);
            if (!m_frame.empty() && m_frame.back() == '\r')
                m_frame.pop_back();
            complete();
            break;
        }
        }
    }
    return true;
}

void SyslogFramer::finish(std::vector<std::string>& frames)
{
    if (m_state == State::Line && !m_frame.empty()) {
        frames.push_back(std::move(m_frame));
        m_frame.clear();
    }
    m_state = State::Start;
}

} // namespace sg::ingest
