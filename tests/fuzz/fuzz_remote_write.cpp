// Remote write, both ends: the receiver's bodies (`POST /api/v1/write`: snappy, then prometheus.WriteRequest) and the
// sender's configuration (prometheus.yml's `remote_write:` section and `global.external_labels`). The first byte
// picks: even, a body (the rest snappy-compressed first, so the protobuf decoding is explored, and as given, a mostly
// broken snappy block); odd, the rest as configuration text. A body accepted must give what the receiver promises:
// every sample has a metric name and valid, unique, sorted label names with values (an empty value is no label).
#include "fuzz_input.h"

#include "core/api/remote_write.h"
#include "core/remotewrite/remote_write_config.h"
#include "core/scrape/exposition_parser.h"

#include <snappy.h>

#include <cstdlib>

namespace {

void decode(const char* bytes, std::size_t size)
{
    const auto decoded = sg::api::decodeRemoteWrite(QByteArray(bytes, qsizetype(size)), 1 << 20);
    if (!decoded)
        return;
    for (const auto& sample : decoded->batch.samples) {
        if (sample.labels.metricName().empty())
            std::abort();
        const std::string* previous = nullptr;
        for (const auto& label : sample.labels) {
            if (!sg::scrape::isLegacyLabelName(label.name) || label.value.empty()
                || (previous && !(*previous < label.name)))
                std::abort();
            previous = &label.name;
        }
    }
}

} // namespace

SG_FUZZ_TARGET
{
    if (size == 0)
        return 0;
    const bool config = data[0] & 1;
    const auto* rest = reinterpret_cast<const char*>(data + 1);
    const std::size_t restSize = size - 1;
    if (config) {
        (void)sg::remotewrite::parseRemoteWriteConfig(
            std::string(rest, restSize), QStringLiteral("/nonexistent/prometheus.yml"));
        return 0;
    }
    std::string compressed;
    snappy::Compress(rest, restSize, &compressed);
    decode(compressed.data(), compressed.size());
    decode(rest, restSize);
    return 0;
}
