#include "matcher.h"
#include "regex_escape.h"

#include <re2/re2.h>

namespace sg {

Result<Matcher> Matcher::make(MatchType type, std::string name, std::string value)
{
    Matcher m;
    m.m_type = type;
    m.m_name = std::move(name);
    m.m_value = std::move(value);
    if (type == MatchType::Regex || type == MatchType::NotRegex) {
        RE2::Options opts;
        opts.set_dot_nl(true);
        opts.set_log_errors(false);
        auto re = std::make_shared<const re2::RE2>("^(?:" + m.m_value + ")$", opts);
        if (!re->ok())
            return Error { ErrorCode::Parse, "invalid regular expression \"" + m.m_value + "\": " + re->error(), {} };
        m.m_re = std::move(re);
    }
    return m;
}

bool Matcher::matches(std::string_view value) const
{
    switch (m_type) {
    case MatchType::Equal: return value == m_value;
    case MatchType::NotEqual: return value != m_value;
    case MatchType::Regex: return RE2::FullMatch(value, *m_re);
    case MatchType::NotRegex: return !RE2::FullMatch(value, *m_re);
    }
    return false;
}

std::string regexEscaped(std::string_view value)
{
    std::string out;
    for (char c : value) {
        if (std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos)
            out += '\\';
        out += c;
    }
    return out;
}

const char* matchTypeString(MatchType t)
{
    switch (t) {
    case MatchType::Equal: return "=";
    case MatchType::NotEqual: return "!=";
    case MatchType::Regex: return "=~";
    case MatchType::NotRegex: return "!~";
    }
    return "?";
}

std::string Matcher::toString() const
{
    return m_name + matchTypeString(m_type) + "\"" + escapeLabelValue(m_value) + "\"";
}

bool matchesAll(const Matchers& matchers, const Labels& labels)
{
    for (const auto& m : matchers)
        if (!m.matches(labels.get(m.name())))
            return false;
    return true;
}

} // namespace sg
