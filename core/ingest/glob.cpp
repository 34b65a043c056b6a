#include "glob.h"

#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace sg::ingest {

namespace {

std::string globToRegex(std::string_view g)
{
    std::string re;
    int braces = 0;
    for (std::size_t i = 0; i < g.size(); ++i) {
        const char c = g[i];
        if (c == '*') {
            if (i + 1 < g.size() && g[i + 1] == '*') {
                // `**/` matches zero or more directories; a trailing `**` anything below.
                if (i + 2 < g.size() && g[i + 2] == '/') {
                    re += "(?:.*/)?";
                    i += 2;
                } else {
                    re += ".*";
                    ++i;
                }
            } else {
                re += "[^/]*";
            }
        } else if (c == '?') {
            re += "[^/]";
        } else if (c == '[') {
            const std::size_t close = g.find(']', i + 1);
            if (close == std::string_view::npos) {
                re += "\\[";
                continue;
            }
            std::string_view set = g.substr(i + 1, close - i - 1);
            re += '[';
            if (!set.empty() && (set[0] == '!' || set[0] == '^')) {
                re += '^';
                set.remove_prefix(1);
            }
            for (char s : set)
                re += s == '\\' ? std::string("\\\\") : std::string(1, s);
            re += ']';
            i = close;
        } else if (c == '{') {
            re += "(?:";
            ++braces;
        } else if (c == '}' && braces > 0) {
            re += ')';
            --braces;
        } else if (c == ',' && braces > 0) {
            re += '|';
        } else if (c == '\\' && i + 1 < g.size()) {
            re += RE2::QuoteMeta(std::string(1, g[++i]));
        } else {
            re += RE2::QuoteMeta(std::string(1, c));
        }
    }
    return re;
}

} // namespace

Glob::Glob(std::string pattern)
    : m_pattern(std::move(pattern))
{
    RE2::Options options;
    options.set_log_errors(false);
    options.set_dot_nl(true);
    m_regex = std::make_shared<RE2>("^(?:" + globToRegex(m_pattern) + ")$", options);
}

bool Glob::valid() const { return m_regex->ok(); }

bool Glob::matches(std::string_view path) const
{
    return valid() && RE2::FullMatch(path, *m_regex);
}

std::vector<std::string> Glob::expand() const
{
    namespace fs = std::filesystem;
    std::vector<std::string> out;
    const std::size_t wildcard = m_pattern.find_first_of("*?[{");
    std::error_code ec;
    if (wildcard == std::string::npos) {
        if (fs::is_regular_file(m_pattern, ec))
            out.push_back(m_pattern);
        return out;
    }
    const std::size_t slash = m_pattern.rfind('/', wildcard);
    const std::string base = slash == std::string::npos ? std::string(".") : m_pattern.substr(0, slash == 0 ? 1 : slash);
    const bool recursive = m_pattern.find("**") != std::string::npos
        || m_pattern.find('/', wildcard) != std::string::npos;
    if (!fs::is_directory(base, ec))
        return out;
    auto consider = [&](const fs::directory_entry& e) {
        std::error_code fec;
        if (!e.is_regular_file(fec))
            return;
        std::string p = e.path().string();
        if (slash == std::string::npos && p.starts_with("./"))
            p.erase(0, 2);
        if (matches(p))
            out.push_back(std::move(p));
    };
    if (recursive) {
        for (auto it = fs::recursive_directory_iterator(base, fs::directory_options::skip_permission_denied, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
            consider(*it);
    } else {
        for (auto it = fs::directory_iterator(base, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
            consider(*it);
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace sg::ingest
