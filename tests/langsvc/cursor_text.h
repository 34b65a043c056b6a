#pragma once

// Test queries mark the cursor with `‸`: the query without it, and the cursor's byte offset.

#include <string>

namespace sg::testing {

struct CursorText
{
    std::string text;
    int cursor = 0;
};

inline CursorText cursorText(const std::string& marked)
{
    static const std::string Marker = "‸";
    const auto at = marked.find(Marker);
    if (at == std::string::npos)
        return { marked, int(marked.size()) };
    return { marked.substr(0, at) + marked.substr(at + Marker.size()), int(at) };
}

} // namespace sg::testing
