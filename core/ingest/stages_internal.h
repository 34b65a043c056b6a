#pragma once

// Shared by the stage implementations; not part of the library's interface.

#include "pipeline_stages.h"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

namespace sg::ingest::detail {

using StagePtr = std::shared_ptr<Stage>;
using StageResult = Result<StagePtr>;

/// A scalar field of a stage's config (`def` when absent).
inline std::string field(const YAML::Node& config, const char* key, std::string def = {})
{
    const YAML::Node n = config.IsMap() ? config[key] : YAML::Node();
    return n && n.IsScalar() ? n.Scalar() : def;
}

/// The value a stage reads: the extracted value `source`, or the line when `source` is empty.
inline std::optional<std::string> sourceValue(const Entry& entry, const std::string& source)
{
    if (source.empty())
        return entry.line;
    const auto it = entry.extracted.find(source);
    if (it == entry.extracted.end())
        return std::nullopt;
    return it->second;
}

StageResult makeDocker(const YAML::Node& config, const std::string& file);
StageResult makeCri(const YAML::Node& config, const std::string& file);
StageResult makeJson(const YAML::Node& config, const std::string& file);
StageResult makeLogfmt(const YAML::Node& config, const std::string& file);
StageResult makeRegex(const YAML::Node& config, const std::string& file);
StageResult makeLabels(const YAML::Node& config, const std::string& file);
StageResult makeStaticLabels(const YAML::Node& config, const std::string& file);
StageResult makeLabelDrop(const YAML::Node& config, const std::string& file);
StageResult makeLabelAllow(const YAML::Node& config, const std::string& file);
StageResult makeTimestamp(const YAML::Node& config, const std::string& file);
StageResult makeOutput(const YAML::Node& config, const std::string& file);
StageResult makeDrop(const YAML::Node& config, const std::string& file);
StageResult makeMatch(const YAML::Node& config, const std::string& file);
StageResult makeTemplate(const YAML::Node& config, const std::string& file);
StageResult makeReplace(const YAML::Node& config, const std::string& file);
StageResult makeMultiline(const YAML::Node& config, const std::string& file);
StageResult makeLimit(const YAML::Node& config, const std::string& file);
StageResult makeDecolorize(const YAML::Node& config, const std::string& file);

} // namespace sg::ingest::detail
