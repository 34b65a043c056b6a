// What the stores read back from disk, as a damaged file would give it: log chunk bodies, log WAL records, metric
// chunks (Gorilla XOR and the decimal encoding) and metric WAL record payloads (series and samples records).
#include "fuzz_input.h"

#include "core/logstore/chunk.h"
#include "core/logstore/wal.h"
#include "core/tsdb/chunkenc/chunk.h"
#include "core/tsdb/wal.h"

#include <limits>
#include <span>
#include <vector>

SG_FUZZ_TARGET
{
    const std::string_view bytes = fuzzText(data, size);
    (void)sg::logs::decodeChunkBody(bytes, 0, std::numeric_limits<sg::TimestampNs>::max());
    std::uint64_t seq = 0;
    (void)sg::logs::decodeWalBatch(bytes, &seq);
    std::vector<sg::tsdb::Sample> samples;
    sg::tsdb::chunkenc::decode(std::span(data, size), samples);
    std::vector<sg::tsdb::WalSample> scratch;
    (void)sg::tsdb::decodeWalRecord(
        data, data + size, [](const sg::tsdb::WalSeries&) {}, [](std::span<const sg::tsdb::WalSample>) {}, scratch);
    return 0;
}
