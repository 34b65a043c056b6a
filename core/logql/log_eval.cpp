// Log queries: select streams, run the pipeline, merge entries by time and honour limit and direction.

#include "evaluator.h"
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
    auto pipeline = Pipeline::build(selector.stages);
    if (!pipeline.ok())
        throw EvalFailure { pipeline.error() };
    const bool backward = ctx.params.direction == logs::Direction::Backward;
    std::vector<logs::Stream> input = ctx.querier.select(selector.matchers, ctx.params.start, ctx.params.end);

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
        if (!pipeline->process(e.ts, line, lb))
            continue;
        Labels labels = pipeline->empty() ? s.labels : lb.labels();
        auto [it, inserted] = outIndex.try_emplace(labels, out.size());
        if (inserted)
            out.push_back(logs::Stream { labels, {} });
        out[it->second].entries.push_back(logs::LogEntry { e.ts, std::move(line) });
        ++taken;
    }
    std::sort(out.begin(), out.end(), [](const logs::Stream& a, const logs::Stream& b) { return a.labels < b.labels; });
    return out;
}

} // namespace sg::logql::detail
