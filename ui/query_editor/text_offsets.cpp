#include "text_offsets.h"

#include <algorithm>

namespace sg::ui {

Utf8Offsets::Utf8Offsets(const QString& text)
{
    m_charOfByte.reserve(std::size_t(text.size()) + 1);
    m_byteOfChar.reserve(std::size_t(text.size()) + 1);
    for (int i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        m_byteOfChar.push_back(int(m_utf8.size()));
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && QChar::isLowSurrogate(text.at(i + 1).unicode())) {
            // A surrogate pair is one code point: four bytes for two characters.
            m_byteOfChar.push_back(int(m_utf8.size()));
            m_utf8 += QStringView(text).mid(i, 2).toUtf8().toStdString();
            m_charOfByte.insert(m_charOfByte.end(), 4, i);
            ++i;
            continue;
        }
        const std::string bytes = QStringView(text).mid(i, 1).toUtf8().toStdString();
        m_utf8 += bytes;
        m_charOfByte.insert(m_charOfByte.end(), bytes.size(), i);
    }
    m_charOfByte.push_back(int(text.size()));
    m_byteOfChar.push_back(int(m_utf8.size()));
}

int Utf8Offsets::toChar(int byte) const
{
    return m_charOfByte[std::size_t(std::clamp(byte, 0, int(m_utf8.size())))];
}

int Utf8Offsets::toByte(int ch) const
{
    return m_byteOfChar[std::size_t(std::clamp(ch, 0, int(m_byteOfChar.size()) - 1))];
}

SourceRange Utf8Offsets::toChars(SourceRange bytes) const
{
    const int begin = toChar(bytes.begin);
    return { begin, std::max(begin, toChar(bytes.end)) };
}

} // namespace sg::ui
