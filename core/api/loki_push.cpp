#include "loki_push.h"

#include "api_common.h"
#include "json_writer.h"
#include "loki_push.pb.h"

#include "core/common/saturating.h"
#include "core/logql/parser.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <snappy.h>
#include <zlib.h>

#include <charconv>

namespace sg::api {

namespace {
Error bad(std::string message) { return Error { ErrorCode::BadData, std::move(message), {} }; }

std::string timeText(TimestampNs ns)
{
    return QDateTime::fromMSecsSinceEpoch(nsToMs(ns), Qt::UTC).toString(Qt::ISODateWithMs).toStdString();
}

/// How a push body was encoded: protobuf has checked the UTF-8 of its strings while parsing already.
enum class Utf8 { Unchecked, Checked };

/// Checks one entry against the limits; returns the reason when it is rejected. The stream's label text is only
/// made for a reason.
std::optional<std::string> validate(const Labels& labels, const logs::LogEntry& e, const PushLimits& limits, TimestampNs now,
    Utf8 utf8)
{
    if (e.line.size() > limits.maxLineBytes)
        return "Max entry size '" + std::to_string(limits.maxLineBytes) + "' bytes exceeded for stream '"
            + labels.toString() + "' while adding an entry with length '" + std::to_string(e.line.size()) + "' bytes";
    if (utf8 == Utf8::Unchecked) {
        if (!isValidUtf8(e.line))
            return "entry for stream '" + labels.toString() + "' has invalid UTF-8 in its line";
        for (const auto& m : e.metadata)
            if (!isValidUtf8(m.name) || !isValidUtf8(m.value))
                return "entry for stream '" + labels.toString() + "' has invalid UTF-8 in its structured metadata";
    }
    if (limits.rejectOlderThan > 0 && e.ts < now - msToNs(limits.rejectOlderThan))
        return "entry for stream '" + labels.toString() + "' has timestamp too old: " + timeText(e.ts)
            + ", oldest acceptable timestamp is: " + timeText(now - msToNs(limits.rejectOlderThan));
    if (e.ts > saturatingAdd(now, msToNs(limits.creationGracePeriod)))
        return "entry for stream '" + labels.toString() + "' has timestamp too new: " + timeText(e.ts);
    return std::nullopt;
}

void addEntry(DecodedPush& out, logs::Stream& stream, logs::LogEntry entry, const PushLimits& limits, TimestampNs now,
    Utf8 utf8 = Utf8::Unchecked)
{
    ++out.lines;
    if (auto reason = validate(stream.labels, entry, limits, now, utf8)) {
        out.rejections.push_back(std::move(*reason));
        return;
    }
    stream.entries.push_back(std::move(entry));
}

Result<TimestampNs> parseNs(const QJsonValue& v)
{
    if (v.isString()) {
        const std::string s = v.toString().toStdString();
        TimestampNs ns = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), ns);
        if (ec == std::errc() && p == s.data() + s.size() && !s.empty())
            return ns;
        return bad("invalid timestamp \"" + s + "\": expected nanoseconds since the epoch as a string");
    }
    if (v.isDouble()) {
        // found by fuzzing: a number past int64 nanoseconds was converted as is, undefined behaviour
        const double d = v.toDouble();
        if (!(d >= -9.2233720368547758e18 && d < 9.2233720368547758e18))
            return bad("invalid timestamp " + QByteArray::number(d, 'g', 17).toStdString()
                + ": out of the range of nanoseconds since the epoch");
        return TimestampNs(d);
    }
    return bad("invalid timestamp: expected a string of nanoseconds");
}

Result<DecodedPush> decodeJson(const QByteArray& body, const PushLimits& limits, TimestampNs now)
{
    if (!isValidUtf8(std::string_view(body.constData(), std::size_t(body.size()))))
        return bad("invalid push payload: the body is not valid UTF-8");
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return bad("invalid push payload: JSON: " + parseError.errorString().toStdString() + " at offset "
            + std::to_string(parseError.offset));
    if (!doc.isObject() || !doc.object().value(u"streams").isArray())
        return bad("invalid push payload: expected an object with a \"streams\" array");
    DecodedPush out;
    for (const QJsonValue& sv : doc.object().value(u"streams").toArray()) {
        const QJsonObject so = sv.toObject();
        const QJsonObject labelsObject = so.value(u"stream").toObject();
        std::vector<Label> items;
        for (auto it = labelsObject.begin(); it != labelsObject.end(); ++it) {
            if (!it.value().isString())
                return bad("invalid push payload: label \"" + it.key().toStdString() + "\" is not a string");
            items.push_back(Label { it.key().toStdString(), it.value().toString().toStdString() });
        }
        logs::Stream stream { Labels(std::move(items)), {} };
        if (stream.labels.empty())
            return bad("error at least one label pair is required per stream");
        if (!so.value(u"values").isArray())
            return bad("invalid push payload: stream " + stream.labels.toString() + " has no \"values\" array");
        for (const QJsonValue& ev : so.value(u"values").toArray()) {
            const QJsonArray entry = ev.toArray();
            if (entry.size() < 2 || entry.size() > 3 || !entry.at(1).isString())
                return bad("invalid push payload: a value must be [\"<unix ns>\", \"<line>\"] or [\"<unix ns>\", \"<line>\", {metadata}]");
            auto ts = parseNs(entry.at(0));
            if (!ts.ok())
                return ts.error();
            logs::LogEntry e { *ts, entry.at(1).toString().toStdString(), {} };
            if (entry.size() == 3) {
                if (!entry.at(2).isObject())
                    return bad("invalid push payload: structured metadata must be an object of strings");
                const QJsonObject meta = entry.at(2).toObject();
                for (auto it = meta.begin(); it != meta.end(); ++it) {
                    if (!it.value().isString())
                        return bad("invalid push payload: structured metadata \"" + it.key().toStdString() + "\" is not a string");
                    e.metadata.push_back(Label { it.key().toStdString(), it.value().toString().toStdString() });
                }
            }
            addEntry(out, stream, std::move(e), limits, now);
        }
        if (!stream.entries.empty())
            out.batch.streams.push_back(std::move(stream));
    }
    return out;
}

Result<DecodedPush> decodeProtobuf(const QByteArray& body, const PushLimits& limits, TimestampNs now)
{
    std::string raw;
    if (auto problem = snappyDecode(body, limits.maxDecodedBytes, raw))
        return bad("invalid push payload: " + *problem);
    logproto::PushRequest request;
    if (!request.ParseFromString(raw))
        return bad("invalid push payload: malformed protobuf (or invalid UTF-8 in a string field)");
    DecodedPush out;
    for (auto& s : *request.mutable_streams()) {
        auto labels = parseStreamLabels(s.labels());
        if (!labels.ok())
            return labels.error();
        logs::Stream stream { std::move(*labels), {} };
        stream.entries.reserve(std::size_t(s.entries_size()));
        for (auto& e : *s.mutable_entries()) {
            // The request is ours: lines move out of it.
            logs::LogEntry entry { TimestampNs(e.timestamp().seconds()) * 1'000'000'000 + e.timestamp().nanos(),
                std::move(*e.mutable_line()), {} };
            for (auto& m : *e.mutable_structuredmetadata())
                entry.metadata.push_back(Label { std::move(*m.mutable_name()), std::move(*m.mutable_value()) });
            addEntry(out, stream, std::move(entry), limits, now, Utf8::Checked);
        }
        if (!stream.entries.empty())
            out.batch.streams.push_back(std::move(stream));
    }
    return out;
}
}

namespace {
std::optional<std::string> labelLimitViolation(const Labels& labels, const PushLimits& limits)
{
    if (labels.size() > limits.maxLabelNamesPerSeries)
        return "stream '" + labels.toString() + "' has " + std::to_string(labels.size())
            + " label names; limit " + std::to_string(limits.maxLabelNamesPerSeries);
    for (const auto& l : labels) {
        if (l.name.size() > limits.maxLabelNameLength)
            return "stream has a label name longer than " + std::to_string(limits.maxLabelNameLength) + " bytes: '"
                + l.name.substr(0, 64) + "...'";
        if (l.value.size() > limits.maxLabelValueLength)
            return "stream has label " + l.name + " with a value longer than " + std::to_string(limits.maxLabelValueLength)
                + " bytes";
    }
    return std::nullopt;
}

/// Drops the streams whose labels break the limits; one reason per dropped line, as Loki counts them.
void applyLabelLimits(DecodedPush& push, const PushLimits& limits)
{
    auto& streams = push.batch.streams;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < streams.size(); ++i) {
        if (auto reason = labelLimitViolation(streams[i].labels, limits)) {
            for (std::size_t n = 0; n < streams[i].entries.size(); ++n)
                push.rejections.push_back(*reason);
            continue;
        }
        if (kept != i)
            streams[kept] = std::move(streams[i]);
        ++kept;
    }
    streams.resize(kept);
}
}

Result<Labels> parseStreamLabels(const std::string& text)
{
    if (!isValidUtf8(text))
        return bad("error parsing labels: invalid UTF-8");
    auto expr = logql::parseQuery(text);
    if (!expr.ok())
        return bad("error parsing labels '" + text + "' with error: " + expr.error().message);
    const auto& e = **expr;
    if (e.kind != logql::Expr::Kind::Log || !e.log || !e.log->stages.empty())
        return bad("error parsing labels '" + text + "': expected a label set {name=\"value\", ...}");
    std::vector<Label> items;
    for (const auto& m : e.log->matchers) {
        if (m.type() != MatchType::Equal)
            return bad("error parsing labels '" + text + "': only = is allowed in stream labels");
        items.push_back(Label { m.name(), m.value() });
    }
    return Labels(std::move(items));
}

Result<QByteArray> inflateBody(const QByteArray& compressed, std::size_t maxBytes)
{
    z_stream zs {};
    if (inflateInit2(&zs, 15 + 32) != Z_OK) // 32: detect gzip or zlib headers
        return bad("cannot initialise zlib");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.constData()));
    zs.avail_in = uInt(compressed.size());
    QByteArray out;
    char buffer[64 * 1024];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(buffer);
        zs.avail_out = sizeof buffer;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            return bad("invalid push payload: corrupt gzip body");
        }
        out.append(buffer, qsizetype(sizeof buffer - zs.avail_out));
        if (std::size_t(out.size()) > maxBytes) {
            inflateEnd(&zs);
            return bad("invalid push payload: decompressed body exceeds the limit");
        }
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            inflateEnd(&zs);
            return bad("invalid push payload: truncated gzip body");
        }
    }
    inflateEnd(&zs);
    return out;
}

Result<DecodedPush> decodePush(const QByteArray& body, const std::string& contentType,
    const std::string& contentEncoding, const PushLimits& limits, TimestampNs now)
{
    QByteArray payload = body;
    if (contentEncoding == "gzip" || contentEncoding == "deflate") {
        auto inflated = inflateBody(body, limits.maxDecodedBytes);
        if (!inflated.ok())
            return inflated.error();
        payload = std::move(*inflated);
    } else if (!contentEncoding.empty() && contentEncoding != "identity") {
        return bad("unsupported Content-Encoding " + contentEncoding);
    }
    const std::string type = contentType.substr(0, contentType.find(';'));
    Result<DecodedPush> decoded = (type == "application/x-protobuf" || type.empty()) ? decodeProtobuf(payload, limits, now)
        : type == "application/json" ? decodeJson(payload, limits, now)
                                     : bad("unsupported Content-Type " + contentType);
    if (decoded.ok())
        applyLabelLimits(*decoded, limits);
    return decoded;
}

std::string encodePushProtobuf(const logs::PushBatch& batch)
{
    logproto::PushRequest request;
    for (const auto& s : batch.streams) {
        auto* stream = request.add_streams();
        stream->set_labels(s.labels.toString());
        for (const auto& e : s.entries) {
            auto* entry = stream->add_entries();
            entry->mutable_timestamp()->set_seconds(e.ts / 1'000'000'000);
            entry->mutable_timestamp()->set_nanos(int(e.ts % 1'000'000'000));
            entry->set_line(e.line);
            for (const Label& m : e.metadata) {
                auto* pair = entry->add_structuredmetadata();
                pair->set_name(m.name);
                pair->set_value(m.value);
            }
        }
    }
    const std::string raw = request.SerializeAsString();
    std::string body;
    snappy::Compress(raw.data(), raw.size(), &body);
    return body;
}

} // namespace sg::api
