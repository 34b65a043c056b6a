#include "pipeline_stages.h"
#include "stages_internal.h"

#include "core/common/duration_limits.h"

#include <charconv>
#include <cmath>

namespace sg::ingest {

using namespace detail;

Error configError(const std::string& file, const YAML::Node& node, const std::string& message)
{
    const int line = node.Mark().is_null() ? 0 : node.Mark().line + 1;
    return Error { ErrorCode::Parse, file + ":" + std::to_string(line) + ": " + message, {} };
}

std::optional<DurationMs> parseDuration(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    if (text == "0")
        return 0;
    double total = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        double value = 0;
        auto [ptr, ec] = std::from_chars(text.data() + i, text.data() + text.size(), value);
        if (ec != std::errc())
            return std::nullopt;
        i = std::size_t(ptr - text.data());
        std::size_t j = i;
        while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j])))
            ++j;
        const std::string_view unit = text.substr(i, j - i);
        double scale = 0;
        if (unit == "ns")
            scale = 1e-6;
        else if (unit == "us" || unit == "µs")
            scale = 1e-3;
        else if (unit == "ms")
            scale = 1;
        else if (unit == "s")
            scale = 1e3;
        else if (unit == "m")
            scale = 60e3;
        else if (unit == "h")
            scale = 3600e3;
        else if (unit == "d")
            scale = 86400e3;
        else if (unit == "w")
            scale = 7 * 86400e3;
        else if (unit == "y")
            scale = 365 * 86400e3;
        else
            return std::nullopt;
        total += value * scale;
        i = j;
    }
    // Go's time.Duration holds int64 nanoseconds; a value past it (or `1e400s`) is not a duration, not undefined
    // behaviour in the conversion below
    if (!std::isfinite(total) || std::abs(total) > double(MaxDurationMs))
        return std::nullopt;
    return DurationMs(total);
}

Result<std::shared_ptr<Stage>> makeStage(const YAML::Node& stage, const std::string& file)
{
    if (!stage.IsMap() || stage.size() != 1)
        return configError(file, stage, "a pipeline stage is a map with exactly one key (the stage name)");
    const auto kv = *stage.begin();
    const std::string name = kv.first.as<std::string>();
    const YAML::Node config = kv.second;
    using Factory = StageResult (*)(const YAML::Node&, const std::string&);
    static const std::pair<const char*, Factory> Factories[] {
        { "docker", makeDocker }, { "cri", makeCri }, { "json", makeJson }, { "logfmt", makeLogfmt },
        { "regex", makeRegex }, { "labels", makeLabels }, { "static_labels", makeStaticLabels },
        { "labeldrop", makeLabelDrop }, { "labelallow", makeLabelAllow }, { "timestamp", makeTimestamp },
        { "output", makeOutput }, { "drop", makeDrop }, { "match", makeMatch }, { "template", makeTemplate },
        { "replace", makeReplace }, { "multiline", makeMultiline }, { "limit", makeLimit },
        { "decolorize", makeDecolorize },
    };
    for (const auto& [stageName, factory] : Factories)
        if (name == stageName) {
            try {
                return factory(config, file);
            } catch (const YAML::Exception& e) {
                return configError(file, config, "stage " + name + ": " + e.msg);
            } catch (const std::exception& e) { // a number field that does not parse
                return configError(file, config, "stage " + name + ": invalid number (" + e.what() + ")");
            }
        }
    return configError(file, kv.first, "unknown pipeline stage \"" + name + "\"");
}

Result<Pipeline> Pipeline::build(const YAML::Node& stages, const std::string& file)
{
    Pipeline pipeline;
    if (!stages || stages.IsNull())
        return pipeline;
    if (!stages.IsSequence())
        return configError(file, stages, "pipeline_stages must be a list");
    for (const auto& node : stages) {
        auto stage = makeStage(node, file);
        if (!stage.ok())
            return stage.error();
        pipeline.m_stages.push_back(std::move(stage.value()));
    }
    return pipeline;
}

void Pipeline::run(std::size_t index, Entry&& entry, const Emit& out)
{
    if (index == m_stages.size()) {
        out(std::move(entry));
        return;
    }
    m_stages[index]->process(std::move(entry), [&](Entry&& e) { run(index + 1, std::move(e), out); });
}

void Pipeline::process(Entry entry, const Emit& out) { run(0, std::move(entry), out); }

void Pipeline::flush(TimestampNs now, bool force, const Emit& out)
{
    for (std::size_t i = 0; i < m_stages.size(); ++i)
        m_stages[i]->flush(now, force, [&](Entry&& e) { run(i + 1, std::move(e), out); });
}

} // namespace sg::ingest
