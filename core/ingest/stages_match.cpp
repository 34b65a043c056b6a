// Stages that route or buffer entries: match and multiline.

#include "core/labels/labels.h"
#include "core/logql/parser.h"
#include "core/logql/pipeline.h"
#include "stages_internal.h"

#include <re2/re2.h>

namespace sg::ingest::detail {

namespace {

Labels toLabels(const std::map<std::string, std::string>& map)
{
    std::vector<Label> labels;
    labels.reserve(map.size());
    for (const auto& [k, v] : map)
        labels.push_back(Label { k, v });
    return Labels(std::move(labels));
}

class MatchStage : public Stage
{
public:
    std::shared_ptr<logql::Expr> selector;
    std::shared_ptr<logql::Pipeline> lineFilters;
    Pipeline nested;
    bool dropAction = false;

    void process(Entry&& e, const Emit& next) override
    {
        if (!matches(e)) {
            next(std::move(e));
            return;
        }
        if (dropAction)
            return;
        nested.process(std::move(e), next);
    }

    void flush(TimestampNs now, bool force, const Emit& next) override { nested.flush(now, force, next); }

private:
    bool matches(const Entry& e) const
    {
        const Labels labels = toLabels(e.labels);
        if (!matchesAll(selector->log->matchers, labels))
            return false;
        if (lineFilters->empty())
            return true;
        std::string line = e.line;
        logql::LabelsBuilder builder(labels);
        return lineFilters->process(e.ts, line, builder);
    }
};

class MultilineStage : public Stage
{
public:
    MultilineStage(const std::string& firstline, DurationMs maxWait, std::size_t maxLines)
        : m_firstline(firstline, RE2::Quiet)
        , m_maxWait(msToNs(maxWait))
        , m_maxLines(maxLines)
    {
    }
    bool ok() const { return m_firstline.ok(); }
    std::string error() const { return m_firstline.error(); }

    void process(Entry&& e, const Emit& next) override
    {
        Block& block = m_blocks[e.labels];
        const bool first = RE2::PartialMatch(e.line, m_firstline);
        if (first && block.lines > 0)
            release(block, next);
        if (block.lines == 0) {
            block.entry = std::move(e);
        } else {
            block.entry.line += '\n';
            block.entry.line += e.line;
        }
        ++block.lines;
        block.lastAppend = nowNs();
        if (block.lines >= m_maxLines)
            release(block, next);
    }

    void flush(TimestampNs now, bool force, const Emit& next) override
    {
        for (auto& [labels, block] : m_blocks)
            if (block.lines > 0 && (force || now - block.lastAppend >= m_maxWait))
                release(block, next);
    }

private:
    struct Block
    {
        Entry entry;
        std::size_t lines = 0;
        TimestampNs lastAppend = 0;
    };
    static void release(Block& block, const Emit& next)
    {
        block.lines = 0;
        next(std::move(block.entry));
        block.entry = Entry {};
    }

    RE2 m_firstline;
    TimestampNs m_maxWait;
    std::size_t m_maxLines;
    std::map<std::map<std::string, std::string>, Block> m_blocks;
};

} // namespace

StageResult makeMatch(const YAML::Node& config, const std::string& file)
{
    const std::string selector = field(config, "selector");
    if (selector.empty())
        return configError(file, config, "match stage: selector is required");
    auto parsed = logql::parseQuery(selector);
    if (!parsed.ok())
        return configError(file, config["selector"], "match stage: invalid selector: " + parsed.error().message);
    if (parsed.value()->kind != logql::Expr::Kind::Log)
        return configError(file, config["selector"], "match stage: selector must be a log stream selector");
    auto stage = std::make_shared<MatchStage>();
    stage->selector = std::shared_ptr<logql::Expr>(std::move(parsed.value()));
    auto filters = logql::Pipeline::build(stage->selector->log->stages);
    if (!filters.ok())
        return configError(file, config["selector"], "match stage: " + filters.error().message);
    stage->lineFilters = std::make_shared<logql::Pipeline>(std::move(filters.value()));
    const std::string action = field(config, "action", "keep");
    if (action != "keep" && action != "drop")
        return configError(file, config["action"], "match stage: action must be keep or drop");
    stage->dropAction = action == "drop";
    if (!stage->dropAction) {
        if (!config["stages"])
            return configError(file, config, "match stage: stages are required unless action is drop");
        auto nested = Pipeline::build(config["stages"], file);
        if (!nested.ok())
            return nested.error();
        stage->nested = std::move(nested.value());
    }
    return StagePtr(stage);
}

StageResult makeMultiline(const YAML::Node& config, const std::string& file)
{
    const std::string firstline = field(config, "firstline");
    if (firstline.empty())
        return configError(file, config, "multiline stage: firstline is required");
    const auto maxWait = parseDuration(field(config, "max_wait_time", "3s"));
    if (!maxWait)
        return configError(file, config["max_wait_time"], "multiline stage: invalid max_wait_time");
    const std::size_t maxLines = std::stoul(field(config, "max_lines", "128"));
    auto stage = std::make_shared<MultilineStage>(firstline, *maxWait, maxLines == 0 ? 128 : maxLines);
    if (!stage->ok())
        return configError(file, config["firstline"], "multiline stage: could not compile regex: " + stage->error());
    return StagePtr(stage);
}

} // namespace sg::ingest::detail
