#pragma once

#include <string>
#include <string_view>

namespace sg {

/// `value` with the regex metacharacters (`\ . + * ? ( ) | [ ] { } ^ $`) escaped, so a `=~` matcher matches it as
/// written.
std::string regexEscaped(std::string_view value);

} // namespace sg
