// What remote Prometheus-compatible and Loki datasources send back, and the files that name them. The first byte
// picks what the rest is:
//   0: a query answer (forward or backward as the byte / 5 is even or odd), decoded both ways RemoteClient::query
//      can take it: streamed (ResultStreamSplitter fed in pieces of the second byte's size, each series or stream
//      decoded as it completes, then the rest) and whole. When the whole answer decodes, the streamed decoding must
//      give the same frames and rows, bit for bit;
//   1: label names or values (`["a", ...]`); 2: series label sets (`[{...}, ...]`); 3: metric metadata;
//   4: a datasources file (Sightglass's `datasources:` section or a Grafana provisioning file).
#include "fuzz_input.h"

#include "core/remote/datasource_config.h"
#include "core/remote/remote_decode.h"
#include "core/remote/result_stream.h"

#include <cstdlib>
#include <cstring>
#include <optional>

namespace {

using namespace sg::remote;

bool sameValue(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

bool sameAnswer(const RemoteAnswer& a, const RemoteAnswer& b)
{
    if (a.isLogs != b.isLogs || a.isScalar != b.isScalar || a.warnings != b.warnings
        || a.series.size() != b.series.size() || a.logs.size() != b.logs.size())
        return false;
    for (std::size_t i = 0; i < a.series.size(); ++i) {
        const auto& x = a.series[i];
        const auto& y = b.series[i];
        if (x.labels != y.labels || x.timesMs != y.timesMs || x.values.size() != y.values.size())
            return false;
        for (std::size_t j = 0; j < x.values.size(); ++j)
            if (!sameValue(x.values[j], y.values[j]))
                return false;
    }
    for (std::size_t i = 0; i < a.logs.size(); ++i) {
        const auto& x = a.logs[i];
        const auto& y = b.logs[i];
        if (x.timeNs != y.timeNs || x.line != y.line || x.labels != y.labels || x.metadata != y.metadata)
            return false;
    }
    return true;
}

/// The answer decoded whole; nullopt when it is malformed.
std::optional<RemoteAnswer> decodeWhole(std::string_view body, sg::logs::Direction direction)
{
    RemoteAnswer answer;
    try {
        const Envelope e
            = decodeEnvelope(body, [&](JsonCursor& c) { decodeQueryData(c, answer, QStringLiteral("A"), direction); });
        answer.warnings = e.warnings;
    } catch (const JsonError&) {
        return std::nullopt;
    }
    return answer;
}

/// The answer as it arrives in pieces of `piece` bytes, as RemoteClient::query decodes it; nullopt when malformed.
std::optional<RemoteAnswer> decodeStreamed(std::string_view body, std::size_t piece, sg::logs::Direction direction)
{
    RemoteAnswer answer;
    std::optional<std::string> elementError;
    ResultStreamSplitter stream(resultElementDecoder(answer, QStringLiteral("A"), elementError));
    for (std::size_t at = 0; at < body.size(); at += piece)
        stream.feed(body.substr(at, piece));
    try {
        const Envelope e = decodeEnvelope(
            stream.rest(), [&](JsonCursor& c) { decodeQueryData(c, answer, QStringLiteral("A"), direction); });
        answer.warnings = e.warnings;
    } catch (const JsonError&) {
        return std::nullopt;
    }
    if (elementError)
        return std::nullopt;
    return answer;
}

template <class Decode> void decodeData(std::string_view body, Decode&& decode)
{
    try {
        (void)decodeEnvelope(body, [&](JsonCursor& c) { (void)decode(c); });
    } catch (const JsonError&) {
    }
}

} // namespace

SG_FUZZ_TARGET
{
    if (size < 2)
        return 0;
    const std::uint8_t kind = data[0];
    const std::size_t piece = std::size_t(data[1]) + 1;
    const std::string_view body = fuzzText(data + 2, size - 2);
    switch (kind % 5) {
    case 0: {
        const auto direction = (kind / 5) & 1 ? sg::logs::Direction::Backward : sg::logs::Direction::Forward;
        const auto whole = decodeWhole(body, direction);
        const auto streamed = decodeStreamed(body, piece, direction);
        if (whole && (!streamed || !sameAnswer(*whole, *streamed)))
            std::abort();
        break;
    }
    case 1:
        decodeData(body, [](JsonCursor& c) { return c.readNull() ? QStringList() : decodeStringList(c); });
        break;
    case 2:
        decodeData(body, [](JsonCursor& c) { return decodeLabelSets(c); });
        break;
    case 3:
        decodeData(body, [](JsonCursor& c) { return decodeMetadata(c); });
        break;
    default:
        (void)parseDatasources(std::string(body), QStringLiteral("/nonexistent/datasources.yml"));
        break;
    }
    return 0;
}
