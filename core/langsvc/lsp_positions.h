#pragma once

// Positions of the Language Server Protocol and the byte offsets of the language services.
//
// LSP addresses text by a zero-based line and a character offset counted in UTF-16 code units (the default
// "utf-16" position encoding); the language services count bytes of UTF-8. A line ends at "\n", "\r\n" or "\r".
// Characters outside the Basic Multilingual Plane (emoji) are two UTF-16 units and four bytes; a byte that is not
// valid UTF-8 counts as one unit.

#include <string>
#include <string_view>

namespace sg::langsvc {

/// An LSP position: zero-based line and UTF-16 code unit within it.
struct LspPosition
{
    int line = 0;
    int character = 0;
    friend bool operator==(const LspPosition&, const LspPosition&) = default;
};

/// An LSP range [start, end).
struct LspRange
{
    LspPosition start;
    LspPosition end;
};

/// The byte offset of `pos` in `text`. A line past the last one means the end of the text; a character past the end
/// of its line means the end of the line (before its line break); a character inside a code point (between the two
/// halves of a surrogate pair) means the start of that code point.
int lspToByte(std::string_view text, LspPosition pos);

/// The LSP position of byte `offset` of `text` (clamped to [0, text.size()]); an offset inside a code point counts
/// from the start of that code point.
LspPosition byteToLsp(std::string_view text, int offset);

/// Replaces `range` of `text` by `replacement` (both UTF-8): an incremental change of `textDocument/didChange`.
void applyLspEdit(std::string& text, LspRange range, std::string_view replacement);

} // namespace sg::langsvc
