#pragma once

#include "core/common/result.h"

#include <QString>

#include <string>
#include <vector>

namespace sg::ui {

/// Converts between byte offsets of a QString's UTF-8 form (what the language services speak) and character
/// (UTF-16 code unit) offsets of the QString (what QTextDocument speaks). Built once per text.
class Utf8Offsets
{
public:
    explicit Utf8Offsets(const QString& text);

    /// The UTF-8 text the offsets refer to.
    const std::string& utf8() const { return m_utf8; }
    /// The character offset of byte `byte` (clamped to the text; a byte inside a sequence maps to its character).
    int toChar(int byte) const;
    /// The byte offset of character `ch` (clamped to the text).
    int toByte(int ch) const;
    /// toChar of both ends; end is never before begin.
    SourceRange toChars(SourceRange bytes) const;

private:
    std::string m_utf8;
    std::vector<int> m_charOfByte; ///< size utf8 + 1
    std::vector<int> m_byteOfChar; ///< size chars + 1
};

} // namespace sg::ui
