#pragma once

#include <string>
#include <string_view>

namespace sg::ui {

/// Grafana's log deduplication strategies: consecutive lines that compare equal under the strategy fold into the
/// first with a count.
enum class DedupMode {
    None,
    Exact,     ///< equal once ISO 8601 timestamps are removed
    Numbers,   ///< equal once every digit is removed
    Signature, ///< equal once every letter, digit and underscore is removed (only punctuation and spaces left)
};

/// The text two lines are compared by under `mode` (Grafana's isDuplicateRow).
std::string dedupKey(std::string_view line, DedupMode mode);

/// "None", "Exact", "Numbers", "Signature".
const char* dedupModeName(DedupMode mode);

} // namespace sg::ui
