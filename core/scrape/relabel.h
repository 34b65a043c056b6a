#pragma once

#include "core/common/result.h"
#include "core/labels/labels.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace re2 {
class RE2;
}

namespace sg::scrape {

/// The relabeling actions of Prometheus' `model/relabel`.
enum class RelabelAction { Replace, Keep, Drop, KeepEqual, DropEqual, HashMod, LabelMap, LabelDrop, LabelKeep, Lowercase, Uppercase };

/// The action for its configuration name (`replace`, `keep`, ..., case-insensitive as in Prometheus).
std::optional<RelabelAction> relabelActionFromName(std::string_view name);
const char* relabelActionName(RelabelAction action);

/// One `relabel_configs` / `metric_relabel_configs` entry. Build it with makeRelabelConfig(), which compiles and
/// anchors the regex and checks the fields the action needs.
struct RelabelConfig
{
    std::vector<std::string> sourceLabels;
    std::string separator = ";";
    std::string regex = "(.*)"; ///< as written; matched fully anchored (`^(?:regex)$`)
    std::uint64_t modulus = 0;
    std::string targetLabel;
    std::string replacement = "$1";
    RelabelAction action = RelabelAction::Replace;
    std::shared_ptr<const re2::RE2> compiled; ///< set by makeRelabelConfig()
};

/// Validates `config` as Prometheus does (regex compiles; `target_label` present for replace, hashmod, lowercase,
/// uppercase, keepequal and dropequal; `modulus` for hashmod; labeldrop/labelkeep only take `regex`) and compiles
/// its regex. The error message names the offending key.
Result<RelabelConfig> makeRelabelConfig(RelabelConfig config);

/// Applies `configs` in order. Returns nullopt when a keep/drop/keepequal/dropequal step drops the label set.
/// Semantics follow Prometheus' `relabel.Process`: `replace` expands `$1`, `${1}`, `$name` in target_label and
/// replacement (a name runs as far as letters, digits and `_` go, so `$1_x` is the group `1_x`), does nothing
/// when the regex does not match or the target is not a valid label name, and deletes the target when the
/// result is empty; `hashmod` uses the last 8 bytes of the MD5 of the joined value, big-endian, modulo `modulus`.
std::optional<Labels> relabel(const Labels& labels, const std::vector<RelabelConfig>& configs);

} // namespace sg::scrape
