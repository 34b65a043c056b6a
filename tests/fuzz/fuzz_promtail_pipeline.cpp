// Promtail pipelines on log lines: the input is a `pipeline_stages` list (YAML), a line `---`, then log lines, each
// run through the compiled pipeline (docker and cri framing, json, logfmt and regex extraction, timestamps in Go
// layouts, templates, replace, match selectors, multiline, ...) and flushed at the end. A pipeline holding a `limit`
// stage is skipped: without `drop` it waits for tokens as Promtail's does, which a fuzzer would read as a hang; so is
// one of two or more replace stages that match the empty string (below).
#include "fuzz_input.h"

#include "core/ingest/pipeline_stages.h"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <optional>

namespace {

/// Replace stages whose expression matches the empty string. Each multiplies a line's length by its replacement's
/// (every position matches), so a chain of them grows a line exponentially with the number of stages: work in
/// proportion to the config, as in Promtail, which a fuzzer reads as a hang (found: four such stages after a
/// multiline block ran past 120 s).
int emptyMatchingReplaces(const YAML::Node& node)
{
    int n = 0;
    if (node.IsMap()) {
        for (const auto& kv : node) {
            if (kv.first.IsScalar() && kv.first.Scalar() == "replace" && kv.second.IsMap()) {
                const YAML::Node expression = kv.second["expression"];
                if (expression && expression.IsScalar()) {
                    const RE2 re(expression.Scalar(), RE2::Quiet);
                    n += re.ok() && RE2::FullMatch("", re);
                }
            }
            n += emptyMatchingReplaces(kv.second);
        }
    } else if (node.IsSequence()) {
        for (const auto& item : node)
            n += emptyMatchingReplaces(item);
    }
    return n;
}

bool holdsLimit(const YAML::Node& node)
{
    if (node.IsMap()) {
        for (const auto& kv : node)
            if ((kv.first.IsScalar() && kv.first.Scalar() == "limit") || holdsLimit(kv.second))
                return true;
    } else if (node.IsSequence()) {
        for (const auto& item : node)
            if (holdsLimit(item))
                return true;
    }
    return false;
}

} // namespace

SG_FUZZ_TARGET
{
    const std::string_view text = fuzzText(data, size);
    const auto split = text.find("\n---\n");
    if (split == std::string_view::npos)
        return 0;
    YAML::Node stages;
    try {
        stages = YAML::Load(std::string(text.substr(0, split)));
    } catch (const YAML::Exception&) {
        return 0;
    }
    if (holdsLimit(stages) || emptyMatchingReplaces(stages) > 1)
        return 0;
    // as parsePromtailConfig builds it: what yaml-cpp throws on a malformed node is a config error there
    std::optional<sg::ingest::Pipeline> pipeline;
    try {
        auto built = sg::ingest::Pipeline::build(stages, "/nonexistent/promtail.yaml");
        if (!built)
            return 0;
        pipeline = std::move(built.value());
    } catch (const std::exception&) {
        return 0;
    }
    std::size_t out = 0;
    const sg::ingest::Emit count = [&](sg::ingest::Entry&&) { ++out; };
    std::string_view lines = text.substr(split + 5);
    sg::TimestampNs ts = 1'700'000'000'000'000'000;
    while (!lines.empty()) {
        const auto eol = lines.find('\n');
        sg::ingest::Entry entry;
        entry.labels = { { "job", "app" }, { "filename", "/var/log/app.log" } };
        entry.ts = ts;
        entry.line = std::string(lines.substr(0, eol));
        pipeline->process(std::move(entry), count);
        lines = eol == std::string_view::npos ? std::string_view() : lines.substr(eol + 1);
        ts += 1'000'000;
    }
    pipeline->flush(ts, true, count);
    return 0;
}
