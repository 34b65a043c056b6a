#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace sg::ingest {

/// A doublestar glob as Promtail's `__path__` accepts: `*` and `?` within one path segment, `[abc]`, `{a,b}`,
/// and `**` for any number of segments (zero included).
class Glob
{
public:
    explicit Glob(std::string pattern);
    bool valid() const;
    bool matches(std::string_view path) const;
    /// The existing files matching the pattern, sorted. Walks from the longest directory prefix without
    /// wildcards; a pattern without wildcards yields the file itself when it exists.
    std::vector<std::string> expand() const;
    const std::string& pattern() const { return m_pattern; }

private:
    std::string m_pattern;
    std::shared_ptr<const re2::RE2> m_regex;
};

} // namespace sg::ingest
