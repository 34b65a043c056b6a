#include "remote_write.h"

#include "remote_write.pb.h"

#include "core/scrape/exposition_parser.h"

#include <set>

namespace sg::api {

namespace {

Error bad(std::string message) { return Error { ErrorCode::BadData, std::move(message), {} }; }

ApiResponse text(int status, const std::string& message)
{
    return { status, "text/plain; charset=utf-8", QByteArray::fromStdString(message + "\n") };
}

} // namespace

Result<DecodedWrite> decodeRemoteWrite(const QByteArray& body, std::size_t maxDecodedBytes)
{
    std::string raw;
    if (auto problem = snappyDecode(body, maxDecodedBytes, raw))
        return bad(*problem);
    prometheus::WriteRequest request;
    if (!request.ParseFromString(raw))
        return bad("proto: malformed WriteRequest");
    DecodedWrite out;
    for (auto& series : *request.mutable_timeseries()) {
        std::vector<Label> labels;
        std::set<std::string> names;
        labels.reserve(std::size_t(series.labels_size()));
        for (auto& l : *series.mutable_labels()) {
            if (!scrape::isLegacyLabelName(l.name()))
                return bad("invalid label name \"" + l.name() + "\"");
            if (!names.insert(l.name()).second)
                return bad("duplicate label name \"" + l.name() + "\" in a series");
            labels.push_back({ std::move(*l.mutable_name()), std::move(*l.mutable_value()) });
        }
        const Labels set(std::move(labels));
        if (set.metricName().empty())
            return bad("a series without a metric name (__name__): " + set.toString());
        for (const auto& s : series.samples())
            out.batch.samples.push_back({ set, s.timestamp(), s.value() });
        out.histograms += std::size_t(series.histograms_size());
        out.exemplars += std::size_t(series.exemplars_size());
    }
    return out;
}

ApiResponse receiveRemoteWrite(const ApiRequest& request, const MetricAppender& append, std::size_t maxDecodedBytes)
{
    if (!append)
        return text(404, "remote write receiver needs to be enabled with --web.enable-remote-write-receiver");
    const std::string encoding = request.header("content-encoding");
    if (!encoding.empty() && encoding != "snappy")
        return text(415, "unsupported Content-Encoding \"" + encoding + "\": remote write bodies are snappy");
    auto decoded = decodeRemoteWrite(request.body, maxDecodedBytes);
    if (!decoded.ok())
        return text(400, decoded.error().message);
    const std::size_t samples = decoded->batch.samples.size();
    const tsdb::AppendStats stats = append(std::move(decoded->batch));
    if (!stats.error.empty())
        return text(500, "storing the samples failed: " + stats.error);
    if (stats.outOfOrder > 0)
        return text(400, "out of order sample: " + std::to_string(stats.outOfOrder) + " of " + std::to_string(samples)
                + " samples are older than their series' newest");
    if (stats.duplicates > 0)
        return text(400, "duplicate sample for timestamp: " + std::to_string(stats.duplicates) + " of "
                + std::to_string(samples) + " samples have a different value at a stored timestamp");
    return { 204, {}, {} };
}

} // namespace sg::api
