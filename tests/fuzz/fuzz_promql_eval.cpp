// PromQL evaluation over a small store: instant and range queries of any text.
#include "fuzz_input.h"

#include "core/promql/engine.h"
#include "core/tsdb/memory_store.h"

#include <memory>

namespace {
const sg::tsdb::MemoryStore& store()
{
    static const auto s = [] {
        auto st = std::make_unique<sg::tsdb::MemoryStore>(std::int64_t(1) << 60);
        sg::tsdb::AppendBatch batch;
        for (int t = 0; t < 60; ++t)
            for (int i = 0; i < 4; ++i)
                batch.samples.push_back({ sg::Labels { { "__name__", i % 2 ? "http_requests_total" : "up" },
                                              { "job", i < 2 ? "api" : "db" }, { "instance", std::to_string(i) } },
                    t * 15'000, double(t * (i + 1)) + (t == 30 ? 0.5 : 0) });
        st->append(batch);
        return st;
    }();
    return *s;
}
}

SG_FUZZ_TARGET
{
    const std::string_view query = fuzzText(data, size);
    sg::promql::Engine engine;
    // A server's sample limit, smaller than the default: a subquery of weeks at a 10 s step is as slow here as in
    // Prometheus (work in proportion to what is asked), so it is stopped by the limit as a server would.
    sg::promql::QueryOptions options;
    options.maxSamples = 200'000;
    // and its timeout: a subquery of weeks at a 2 s step over no series loads no samples (found by fuzzing). A
    // twentieth of a second: the corpus grows queries of subqueries of 100,000 steps and more, work in proportion to
    // what they ask (as in Prometheus) that runs to the deadline. At a quarter of a second, one input in sixteen ran
    // to it and those took five sixths of the time (100 inputs a second); the deadline's path is the same at 50 ms.
    options.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(50);
    (void)engine.instantQuery(store(), query, 600'000, options);
    (void)engine.rangeQuery(store(), query, 0, 900'000, 60'000, options);
    return 0;
}
