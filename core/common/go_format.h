#pragma once

// Text as Go's standard library writes it. Prometheus and Loki print queries with these functions, so a formatter
// that must give the same text as theirs uses them too.

#include "time.h"

#include <string>
#include <string_view>

namespace sg {

/// A float as Go's `fmt.Sprint` writes it (`%v`): the shortest digits that read back as `v`, in exponent form
/// when the decimal exponent is below -4 or at least 6 (`1e+06`, `1.5e-05`, `123456`, `0.001`); `+Inf`,
/// `-Inf`, `NaN`.
std::string goFloat(double v);

/// A float as Go's `strconv.FormatFloat(v, 'f', -1, 64)` writes it: the shortest digits, never an exponent.
std::string goFixedFloat(double v);
/// goFixedFloat appended to `out`, without allocating beyond `out`'s growth.
void appendGoFixedFloat(std::string& out, double v);

/// A double-quoted string as Go's `strconv.Quote` writes it: `\"` and `\\`, `\a \b \f \n \r \t \v`, `\xNN` for other
/// control bytes and bytes that are not well-formed UTF-8, `\uNNNN`/`\UNNNNNNNN` for code points Go does not count
/// as printable (the C1 controls, spaces other than U+0020, format characters, private use, non-characters).
std::string goQuote(std::string_view s);

/// A duration as Prometheus' `model.Duration.String()` writes it: `1h30m`, `90d` (years and weeks only when
/// they divide the duration), `0s` for zero; a negative duration gets a leading `-`.
std::string modelDuration(DurationMs d);

} // namespace sg
