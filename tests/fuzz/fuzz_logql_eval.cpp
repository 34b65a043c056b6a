// LogQL evaluation over a small log store: log and metric queries of any text, with every parser stage.
#include "fuzz_input.h"

#include "core/logql/engine.h"
#include "core/logstore/memory_log_store.h"

#include <memory>

namespace {
const sg::logs::MemoryLogStore& store()
{
    static const auto s = [] {
        auto st = std::make_shared<sg::logs::MemoryLogStore>(3600'000, 0);
        sg::logs::PushBatch batch;
        const char* lines[] = { R"({"level":"error","msg":"boom","status":500,"latency":"12ms","user":{"id":7}})",
            R"(level=info msg="ok" status=200 duration=1.5s path=/api/v1)", "GET /index.html 200 512 0.003",
            "plain text line with ERROR and a number 42", "" };
        for (int s = 0; s < 3; ++s) {
            sg::logs::Stream stream;
            stream.labels = sg::Labels { { "app", "api" }, { "level", s ? "info" : "error" }, { "pod", std::to_string(s) } };
            for (int i = 0; i < 50; ++i)
                stream.entries.push_back({ sg::TimestampNs(1'000'000'000LL * (i * 10 + s)), lines[(i + s) % 5], {} });
            batch.streams.push_back(std::move(stream));
        }
        st->push(batch);
        return st;
    }();
    return *s;
}
}

SG_FUZZ_TARGET
{
    const std::string_view query = fuzzText(data, size);
    sg::logql::Engine engine;
    sg::logql::QueryParams p;
    p.start = 0;
    p.end = 600'000'000'000LL;
    p.limit = 100;
    (void)engine.query(store(), query, p);
    p.step = 60'000;
    (void)engine.query(store(), query, p);
    return 0;
}
