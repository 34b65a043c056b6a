// Test helper: pushes batches into a Store as fast as it can and prints "ack N" after each push returns.
// tst_log_store kills it with SIGKILL mid-storm and checks that every acknowledged batch survived.
#include "core/logstore/store.h"

#include <cstdio>
#include <string>

using namespace sg;

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: logstore_crash_helper DIR\n");
        return 2;
    }
    logs::StoreOptions options;
    options.chunkTargetBytes = 64 * 1024; // cut often so the kill also lands during chunk writes
    auto store = logs::Store::open(argv[1], options);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().message.c_str());
        return 1;
    }
    const TimestampNs base = 1'700'000'000'000'000'000;
    for (int batch = 0;; ++batch) {
        logs::PushBatch b;
        for (int s = 0; s < 4; ++s) {
            logs::Stream st { Labels { { "job", "crash" }, { "shard", std::to_string(s) } }, {} };
            for (int i = 0; i < 50; ++i) {
                const auto n = std::to_string(batch) + "-" + std::to_string(s) + "-" + std::to_string(i);
                st.entries.push_back(logs::LogEntry { base + TimestampNs(batch) * 1000 + i,
                    "level=info msg=\"request served\" id=" + n + " padding=" + std::string(64, 'x'), {} });
            }
            b.streams.push_back(std::move(st));
        }
        const auto stats = (*store)->push(b);
        if (stats.accepted != 200)
            return 3;
        std::printf("ack %d\n", batch);
        std::fflush(stdout);
    }
}
