// Log queries: select streams, run the pipeline, merge entries by time and honour limit and direction.

#include "evaluator.h"
#include "line_scan.h"
#include "pipeline.h"

#include <algorithm>
#include <map>
#include <queue>

namespace sg::logql::detail {

void EvalContext::checkCancel() const
{
    if (params.cancel && params.cancel->load(std::memory_order_relaxed))
        throw EvalFailure { Error { ErrorCode::Canceled, "query cancelled", {} } };
}

void throwExecution(const std::string& message, SourceRange where)
{
    throw EvalFailure { Error { ErrorCode::Execution, message, where } };
}

std::vector<logs::Stream> evalLogQuery(const LogSelector& selector, EvalContext& ctx)
{
    // Leading line filters run inside the store's chunk scan when it can (errors surface from the full build).
    const auto* scanner = dynamic_cast<const logs::LineScanQuerier*>(&ctx.querier);
    PushedFilters pushed;
    if (scanner && Pipeline::build(selector.stages).ok())
        pushed = pushableFilters(selector.stages);
    auto pipeline = Pipeline::build(selector.stages, pushed.stages);
    if (!pipeline.ok())
        throw EvalFailure { pipeline.error() };
    const bool backward = ctx.params.direction == logs::Direction::Backward;
    const auto& p = ctx.params;
    // With nothing left to drop entries after the store, the store applies the limit and stops reading early.
    std::vector<logs::Stream> input;
    if (pipeline->empty() && pushed.stages > 0)
        input = scanner->selectLimitedMatching(selector.matchers, p.start, p.end, p.limit, p.direction, pushed.scan);
    else if (pipeline->empty())
        input = ctx.querier.selectLimited(selector.matchers, p.start, p.end, p.limit, p.direction);
    else if (pushed.stages > 0)
        input = scanner->selectMatching(selector.matchers, p.start, p.end, pushed.scan);
    else
        input = ctx.querier.select(selector.matchers, p.start, p.end);

    // K-way merge over the streams in query direction, so that only the entries up to `limit` are processed.
    struct Cursor
    {
        std::size_t stream;
        std::size_t index;  ///< next entry (forward) or one past it (backward)
    };
    auto tsOf = [&](const Cursor& c) {
        const auto& e = input[c.stream].entries;
        return backward ? e[c.index - 1].ts : e[c.index].ts;
    };
    auto later = [&](const Cursor& a, const Cursor& b) {
        TimestampNs ta = tsOf(a), tb = tsOf(b);
        if (ta != tb)
            return backward ? ta < tb : ta > tb;
        return b.stream < a.stream;
    };
    std::priority_queue<Cursor, std::vector<Cursor>, decltype(later)> heap(later);
    for (std::size_t i = 0; i < input.size(); ++i)
        if (!input[i].entries.empty())
            heap.push(Cursor { i, backward ? input[i].entries.size() : 0 });

    std::map<Labels, std::size_t> outIndex;
    std::vector<logs::Stream> out;
    std::size_t taken = 0;
    std::size_t processed = 0;
    while (!heap.empty() && taken < ctx.params.limit) {
        Cursor c = heap.top();
        heap.pop();
        const logs::Stream& s = input[c.stream];
        const logs::LogEntry& e = backward ? s.entries[c.index - 1] : s.entries[c.index];
        if (backward ? c.index > 1 : c.index + 1 < s.entries.size())
            heap.push(Cursor { c.stream, backward ? c.index - 1 : c.index + 1 });
        if ((++processed & 0xFFF) == 0)
            ctx.checkCancel();
        std::string line = e.line;
        LabelsBuilder lb(s.labels);
        lb.addMetadata(e.metadata);
        if (!pipeline->process(e.ts, line, lb))
            continue;
        Labels labels = pipeline->empty() ? s.labels : lb.labelsWithoutMetadata();
        auto [it, inserted] = outIndex.try_emplace(labels, out.size());
        if (inserted)
            out.push_back(logs::Stream { labels, {} });
        out[it->second].entries.push_back(
            logs::LogEntry { e.ts, std::move(line), ctx.params.withMetadata ? e.metadata : std::vector<Label> {} });
        ++taken;
    }
    std::sort(out.begin(), out.end(), [](const logs::Stream& a, const logs::Stream& b) { return a.labels < b.labels; });
    return out;
}

} // namespace sg::logql::detail
