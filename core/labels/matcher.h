#pragma once

#include "core/common/result.h"
#include "labels.h"

#include <memory>
#include <string>
#include <vector>

namespace re2 {
class RE2;
}

namespace sg {

enum class MatchType { Equal, NotEqual, Regex, NotRegex };

/// A label matcher `name op "value"`. Regexes use RE2 (linear time), fully anchored, `.` matching newlines,
/// as Prometheus and Loki do. A matcher on a missing label matches against "".
class Matcher
{
public:
    /// Builds a matcher; a regex that RE2 rejects yields an Error with RE2's message.
    static Result<Matcher> make(MatchType type, std::string name, std::string value);

    MatchType type() const { return m_type; }
    const std::string& name() const { return m_name; }
    const std::string& value() const { return m_value; }

    bool matches(std::string_view value) const;
    /// True when the matcher accepts the empty string (so it also matches series lacking the label).
    bool matchesEmpty() const { return matches({}); }

    /// `name="value"` with the operator, as printed in queries.
    std::string toString() const;

private:
    MatchType m_type = MatchType::Equal;
    std::string m_name;
    std::string m_value;
    std::shared_ptr<const re2::RE2> m_re;
};

using Matchers = std::vector<Matcher>;

/// True when every matcher accepts the labels.
bool matchesAll(const Matchers& matchers, const Labels& labels);

const char* matchTypeString(MatchType t);

} // namespace sg
