// Promtail pipelines on log lines: the input is a `pipeline_stages` list (YAML), a line `---`, then log lines, each
// run through the compiled pipeline (docker and cri framing, json, logfmt and regex extraction, timestamps in Go
// layouts, templates, replace, match selectors, multiline, ...) and flushed at the end. A pipeline holding a `limit`
// stage is skipped: without `drop` it waits for tokens as Promtail's does, which a fuzzer would read as a hang.
#include "fuzz_input.h"

#include "core/ingest/pipeline_stages.h"

#include <yaml-cpp/yaml.h>

#include <optional>

namespace {

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
    if (holdsLimit(stages))
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
