// Loki push bodies in JSON, plain and gzip-encoded.
#include "fuzz_input.h"

#include "core/api/loki_push.h"

SG_FUZZ_TARGET
{
    const QByteArray body(reinterpret_cast<const char*>(data), qsizetype(size));
    sg::api::PushLimits limits;
    limits.maxDecodedBytes = 1 << 20;
    (void)sg::api::decodePush(body, "application/json", "", limits, 1'700'000'000'000'000'000LL);
    (void)sg::api::decodePush(body, "application/json", "gzip", limits, 1'700'000'000'000'000'000LL);
    return 0;
}
