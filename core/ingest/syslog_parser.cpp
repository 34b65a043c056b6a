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

namespace {

Error bad3164(const std::string& what)
{
    return Error { ErrorCode::BadData, "invalid RFC 3164 message: " + what, {} };
}

/// Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's days_from_civil).
std::int64_t daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return std::int64_t(era) * 146097 + doe - 719468;
}

int yearOf(TimestampNs ts)
{
    std::int64_t days = ts / 86'400'000'000'000;
    // civil_from_days, year only
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t doe = days - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    return int(yoe + era * 400 + (month <= 2));
}

bool twoDigits(std::string_view s, std::size_t at, int& out)
{
    if (at + 2 > s.size() || s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9')
        return false;
    out = (s[at] - '0') * 10 + (s[at + 1] - '0');
    return true;
}

} // namespace

Result<SyslogMessage> parseRfc3164(std::string_view in, TimestampNs now)
{
    SyslogMessage msg;
    if (in.empty() || in.front() != '<')
        return bad3164("no <PRI>");
    const auto close = in.find('>');
    if (close == std::string_view::npos || close < 2 || close > 4)
        return bad3164("malformed <PRI>");
    int pri = 0;
    const auto [ptr, ec] = std::from_chars(in.data() + 1, in.data() + close, pri);
    if (ec != std::errc() || ptr != in.data() + close || pri > 191)
        return bad3164("malformed <PRI>");
    msg.facility = pri / 8;
    msg.severity = pri % 8;
    in.remove_prefix(close + 1);
    // TIMESTAMP: "Mmm dd hh:mm:ss", the day space-padded ("Oct  1") or not ("Oct 1").
    static constexpr std::array<std::string_view, 12> Months { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
        "Aug", "Sep", "Oct", "Nov", "Dec" };
    int month = 0;
    while (month < 12 && !in.starts_with(Months[std::size_t(month)]))
        ++month;
    if (month == 12 || in.size() < 4 || in[3] != ' ')
        return bad3164("no TIMESTAMP (Mmm dd hh:mm:ss)");
    std::size_t pos = 4;
    if (in.size() > pos && in[pos] == ' ')
        ++pos;
    int day = 0;
    if (in.size() > pos + 1 && in[pos + 1] == ' ' && in[pos] >= '1' && in[pos] <= '9') {
        day = in[pos] - '0';
        pos += 1;
    } else if (twoDigits(in, pos, day)) {
        pos += 2;
    } else {
        return bad3164("TIMESTAMP day");
    }
    int hh = 0, mm = 0, ss = 0;
    if (in.size() < pos + 9 || in[pos] != ' ' || !twoDigits(in, pos + 1, hh) || in[pos + 3] != ':'
        || !twoDigits(in, pos + 4, mm) || in[pos + 6] != ':' || !twoDigits(in, pos + 7, ss) || day < 1 || day > 31
        || hh > 23 || mm > 59 || ss > 60)
        return bad3164("TIMESTAMP time");
    pos += 9;
    auto at = [&](int year) {
        return (daysFromCivil(year, month + 1, day) * 86'400 + hh * 3600 + mm * 60 + ss) * 1'000'000'000LL;
    };
    TimestampNs ts = at(yearOf(now));
    if (ts > now + 86'400'000'000'000LL)
        ts = at(yearOf(now) - 1);
    msg.timestamp = ts;
    in.remove_prefix(pos);
    if (!in.empty() && in.front() == ' ')
        in.remove_prefix(1);
    // HOSTNAME, then TAG[PID]: — both optional in what real senders write; a message without them keeps its text.
    const auto sp = in.find(' ');
    if (sp != std::string_view::npos && sp > 0) {
        msg.hostname = std::string(in.substr(0, sp));
        in.remove_prefix(sp + 1);
    }
    std::size_t tagEnd = 0;
    while (tagEnd < in.size() && tagEnd < 48 && in[tagEnd] != '[' && in[tagEnd] != ':' && in[tagEnd] != ' ')
        ++tagEnd;
    std::string_view rest = in.substr(tagEnd);
    std::string_view pid;
    if (rest.starts_with('[')) {
        const auto end = rest.find(']');
        if (end != std::string_view::npos) {
            pid = rest.substr(1, end - 1);
            rest.remove_prefix(end + 1);
        }
    }
    if (tagEnd > 0 && rest.starts_with(':')) {
        msg.appName = std::string(in.substr(0, tagEnd));
        msg.procId = std::string(pid);
        rest.remove_prefix(1);
        if (rest.starts_with(' '))
            rest.remove_prefix(1);
        in = rest;
    }
    while (!in.empty() && (in.back() == '\n' || in.back() == '\r'))
        in.remove_suffix(1);
    msg.message = std::string(in);
    return msg;
}

} // namespace sg::ingest
