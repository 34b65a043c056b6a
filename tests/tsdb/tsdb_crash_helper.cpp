// Appends batches to a store forever, printing "ack STEP" after each acknowledged batch.
// tst_tsdb_crash kills it with SIGKILL mid-ingest.
#include "core/tsdb/store.h"

#include <cstdio>
#include <string>

using namespace sg;

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: tsdb_crash_helper DIR SERIES\n");
        return 2;
    }
    tsdb::StoreOptions o;
    o.blockRange = 600 * 1000; // persist every 40 steps, so kills also land during persistence
    auto opened = tsdb::Store::open(argv[1], o);
    if (!opened) {
        std::fprintf(stderr, "open: %s\n", opened.error().message.c_str());
        return 1;
    }
    auto& store = opened.value();
    const int seriesCount = std::stoi(argv[2]);
    for (int step = 0;; ++step) {
        tsdb::AppendBatch b;
        for (int i = 0; i < seriesCount; ++i)
            b.samples.push_back({ Labels { { "__name__", "crash_test" }, { "i", std::to_string(i) } },
                step * 15000LL, double(step) + i / 100.0 });
        const auto st = store->append(b);
        if (!st.error.empty() || st.appended != std::size_t(seriesCount)) {
            std::fprintf(stderr, "append failed: %s\n", st.error.c_str());
            return 1;
        }
        std::printf("ack %d\n", step);
        std::fflush(stdout);
    }
}
