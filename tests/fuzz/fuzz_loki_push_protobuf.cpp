// Loki push bodies in protobuf: the input is snappy-compressed first, so the protobuf decoding is what is
// explored; the raw input is also tried as a (mostly broken) snappy block.
#include "fuzz_input.h"

#include "core/api/loki_push.h"

#include <snappy.h>

SG_FUZZ_TARGET
{
    sg::api::PushLimits limits;
    limits.maxDecodedBytes = 1 << 20;
    std::string compressed;
    snappy::Compress(reinterpret_cast<const char*>(data), size, &compressed);
    (void)sg::api::decodePush(QByteArray::fromStdString(compressed), "application/x-protobuf", "", limits,
        1'700'000'000'000'000'000LL);
    (void)sg::api::decodePush(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)), "application/x-protobuf",
        "", limits, 1'700'000'000'000'000'000LL);
    return 0;
}
