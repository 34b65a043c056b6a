// Test helper: pushes batches into a Store from several threads as fast as it can (concurrent pushes are
// group-committed) and prints "ack P N" after pusher P's push N returns. tst_log_store kills it with SIGKILL
// mid-storm and checks that every acknowledged batch survived.
#include "core/logstore/store.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace sg;

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: logstore_crash_helper DIR [PUSHERS]\n");
        return 2;
    }
    const int pushers = argc > 2 ? std::atoi(argv[2]) : 1;
    logs::StoreOptions options;
    options.chunkTargetBytes = 64 * 1024; // cut often so the kill also lands during chunk writes
    auto store = logs::Store::open(argv[1], options);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().message.c_str());
        return 1;
    }
    const TimestampNs base = 1'700'000'000'000'000'000;
    std::mutex out;
    std::vector<std::thread> threads;
    for (int p = 0; p < pushers; ++p)
        threads.emplace_back([&, p] {
            for (int batch = 0;; ++batch) {
                logs::PushBatch b;
                logs::Stream st { Labels { { "job", "crash" }, { "shard", std::to_string(p) } }, {} };
                for (int i = 0; i < 200; ++i) {
                    const auto n = std::to_string(batch) + "-" + std::to_string(p) + "-" + std::to_string(i);
                    st.entries.push_back(logs::LogEntry { base + TimestampNs(batch) * 1000 + i,
                        "level=info msg=\"request served\" id=" + n + " padding=" + std::string(64, 'x'), {} });
                }
                b.streams.push_back(std::move(st));
                const auto stats = (*store)->push(b);
                if (stats.accepted != 200)
                    std::_Exit(3);
                std::lock_guard lock(out);
                std::printf("ack %d %d\n", p, batch);
                std::fflush(stdout);
            }
        });
    for (auto& t : threads)
        t.join();
}
