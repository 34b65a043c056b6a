#pragma once

// The tolerant token stream of a query as typed, shared by highlighting, completion and hover: the languages' own
// lexers run over the text with template variables replaced by placeholders; where a lexer stops (an unterminated
// string, a character it does not know), the rest is read on after it. Comments and variables are tokens too.

#include "language_service.h"

#include <string>
#include <string_view>
#include <vector>

namespace sg::langsvc {

/// What a scanned token is, across both languages.
enum class ScanKind { Identifier, String, Number, Duration, Symbol, Variable, Comment, Error };

struct ScanToken
{
    ScanKind kind = ScanKind::Identifier;
    SourceRange where;  ///< bytes of the query as typed
    std::string text;   ///< the text as typed (a string with its quotes; a symbol such as `(`, `=~`, `|=`)
    bool unterminated = false; ///< a string without its closing quote (it runs to the end of the text)

    bool is(std::string_view symbol) const { return kind == ScanKind::Symbol && text == symbol; }
};

/// The tokens of `text` in order of position; blanks are not tokens.
std::vector<ScanToken> scanQuery(Language language, std::string_view text);

/// The highlighting class of each token (highlight.cpp).
std::vector<TokenClass> classifyTokens(Language language, const std::vector<ScanToken>& tokens);

/// The body of a string token without its quotes (not unescaped).
std::string_view stringBody(const ScanToken& token);

} // namespace sg::langsvc
