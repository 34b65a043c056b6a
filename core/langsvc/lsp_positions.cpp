#include "lsp_positions.h"

#include <algorithm>

namespace sg::langsvc {

namespace {

/// The length in bytes of the UTF-8 sequence that starts with `lead` (1 for a byte that cannot start one).
int sequenceLength(unsigned char lead)
{
    if (lead >= 0xF0 && lead <= 0xF4)
        return 4;
    if (lead >= 0xE0)
        return lead <= 0xEF ? 3 : 1;
    if (lead >= 0xC2)
        return 2;
    return 1;
}

/// The bytes of the code point at `i` (1 when the bytes there are not valid UTF-8) and its UTF-16 units.
std::pair<int, int> codePointAt(std::string_view text, std::size_t i)
{
    const int n = sequenceLength(static_cast<unsigned char>(text[i]));
    if (n == 1 || i + std::size_t(n) > text.size())
        return { 1, 1 };
    for (int k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(text[i + std::size_t(k)]) & 0xC0) != 0x80)
            return { 1, 1 };
    return { n, n == 4 ? 2 : 1 };
}

/// The byte where line `line` starts, or text.size() when the text has fewer lines.
std::size_t lineStart(std::string_view text, int line)
{
    std::size_t i = 0;
    for (int l = 0; l < line; ++l) {
        while (i < text.size() && text[i] != '\n' && text[i] != '\r')
            ++i;
        if (i >= text.size())
            return text.size();
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
            ++i;
        ++i;
    }
    return i;
}

} // namespace

int lspToByte(std::string_view text, LspPosition pos)
{
    if (pos.line < 0)
        return 0;
    std::size_t i = lineStart(text, pos.line);
    int units = 0;
    while (i < text.size() && text[i] != '\n' && text[i] != '\r') {
        const auto [bytes, width] = codePointAt(text, i);
        if (units + width > pos.character)
            break;
        units += width;
        i += std::size_t(bytes);
    }
    return int(i);
}

LspPosition byteToLsp(std::string_view text, int offset)
{
    const std::size_t end = std::size_t(std::clamp(offset, 0, int(text.size())));
    LspPosition pos;
    std::size_t i = 0;
    while (i < end) {
        if (text[i] == '\n' || text[i] == '\r') {
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                if (i + 1 == end) // between "\r" and "\n": still on this line
                    break;
                ++i;
            }
            ++i;
            ++pos.line;
            pos.character = 0;
            continue;
        }
        const auto [bytes, width] = codePointAt(text, i);
        if (i + std::size_t(bytes) > end)
            break;
        pos.character += width;
        i += std::size_t(bytes);
    }
    return pos;
}

void applyLspEdit(std::string& text, LspRange range, std::string_view replacement)
{
    int begin = lspToByte(text, range.start);
    int end = lspToByte(text, range.end);
    if (end < begin)
        std::swap(begin, end);
    text.replace(std::size_t(begin), std::size_t(end - begin), replacement);
}

} // namespace sg::langsvc
