#include "tokenizer.h"

#include <array>

namespace sg::patterns {

namespace {

enum CharClass : std::uint8_t { Word = 0, Space = 1, Punct = 2 };

constexpr std::array<std::uint8_t, 256> makeClasses()
{
    std::array<std::uint8_t, 256> c {};
    c[' '] = Space;
    // Go's unicode.IsPunct for ASCII, less the delimiters Loki keeps inside tokens (_ - . : /), plus '='.
    for (unsigned char p : std::string_view("!\"#%&'()*,;?@[\\]{}="))
        c[p] = Punct;
    return c;
}

constexpr std::array<std::uint8_t, 256> Classes = makeClasses();

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

} // namespace

bool hasDigit(std::string_view token)
{
    for (char c : token)
        if (isDigit(c))
            return true;
    return false;
}

bool looksVariable(std::string_view token)
{
    if (token.empty())
        return false;
    if (isDigit(token[0]))
        return true;
    if ((token[0] == '-' || token[0] == '+') && token.size() > 1 && isDigit(token[1]))
        return true;
    if (token.size() < 12)
        return false;
    bool digit = false;
    for (char c : token) {
        if (!isHex(c) && c != '-')
            return false;
        digit = digit || isDigit(c);
    }
    return digit;
}

void tokenizeLine(std::string_view line, TokenizedLine& out)
{
    out.tokens.clear();
    out.spacesAfter.clear();
    out.leadingSpaces = 0;
    auto push = [&](std::string_view t) {
        out.tokens.push_back(looksVariable(t) ? ParamToken : t);
        out.spacesAfter.push_back(0);
    };
    const char* data = line.data();
    const std::size_t n = line.size();
    std::size_t start = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t cls = Classes[static_cast<unsigned char>(data[i])];
        if (cls == Word)
            continue;
        if (out.tokens.size() >= MaxTokens - 1) {
            // Loki stops splitting at its token limit; what is left is one last token.
            start = i;
            break;
        }
        if (i > start)
            push(line.substr(start, i - start));
        if (cls == Space) {
            if (out.tokens.empty()) {
                if (out.leadingSpaces < 255)
                    ++out.leadingSpaces;
            } else if (out.spacesAfter.back() < 255) {
                ++out.spacesAfter.back();
            }
        } else {
            out.tokens.push_back(line.substr(i, 1));
            out.spacesAfter.push_back(0);
        }
        start = i + 1;
    }
    if (start < n)
        push(line.substr(start));
}

} // namespace sg::patterns
