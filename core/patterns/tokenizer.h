#pragma once

// Splits a log line into the tokens the Drain miner clusters, as Loki's pattern ingester's punctuation tokenizer
// does, and masks the tokens that are numbers or identifiers before clustering.

#include <cstdint>
#include <string_view>
#include <vector>

namespace sg::patterns {

/// The characters of the placeholder a pattern shows for a variable part (Loki's `<_>`).
inline constexpr char ParamChars[] = "<_>";
/// The placeholder token. Tokens are compared with it by address (see isParam), so a line that happens to hold
/// the text `<_>` keeps it as a literal.
inline constexpr std::string_view ParamToken { ParamChars, 3 };
/// True when `token` is the placeholder (a masked token or a template position that varies).
inline bool isParam(std::string_view token) { return token.data() == ParamChars; }

/// At most this many tokens per line; the rest of a longer line becomes the last token (as in Loki).
inline constexpr std::size_t MaxTokens = 127;

/// A line split into tokens: views into the line, or ParamToken for a masked token.
struct TokenizedLine
{
    std::vector<std::string_view> tokens;
    /// Spaces that followed each token in the line (so a pattern prints as the line was spaced).
    std::vector<std::uint8_t> spacesAfter;
    /// Spaces before the first token.
    std::uint8_t leadingSpaces = 0;
};

/// Splits `line` into `out` (its vectors are reused): spaces separate tokens and are dropped; the punctuation
/// ``!"#%&'()*,;?@[\]{}`` and `=` each become a one-character token; letters, digits, bytes above 127 and
/// `_ - . : /` (and the other ASCII symbols) stay inside tokens, so `/items/42`, `09:30:00.123Z` and
/// `app.api` are one token each. Tokens that looksVariable() are replaced by ParamToken.
void tokenizeLine(std::string_view line, TokenizedLine& out);

/// True for a token that is a value rather than a word: it starts with a digit (or `-`/`+` and a digit), as
/// numbers, durations, dates, times and IP addresses do, or it is a long hexadecimal identifier (12 or more
/// characters of hex digits and `-` with a digit among them: trace ids, UUIDs, hashes).
bool looksVariable(std::string_view token);

/// True when `token` holds an ASCII digit (Loki routes such tokens to the placeholder branch of the tree).
bool hasDigit(std::string_view token);

} // namespace sg::patterns
