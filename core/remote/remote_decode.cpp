#include "remote_decode.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace sg::remote {

namespace {

query::LabelPairs decodeLabelObject(JsonCursor& c, std::string& key, std::string& value)
{
    query::LabelPairs out;
    c.beginObject();
    while (c.nextKey(key)) {
        c.readString(value);
        out.emplace_back(QString::fromStdString(key), QString::fromStdString(value));
    }
    std::sort(out.begin(), out.end());
    return out;
}

qint64 secondsToMs(double seconds) { return qint64(std::llround(seconds * 1000.0)); }

/// The rest of a sample after its `[`: `1700000000.123, "1.5"]`.
void decodePointBody(JsonCursor& c, std::string& scratch, query::SeriesFrame& frame)
{
    frame.timesMs.push_back(secondsToMs(c.readNumber()));
    if (!c.nextElement())
        throw JsonError("malformed sample: no value");
    c.readString(scratch);
    frame.values.push_back(parseSampleValue(scratch));
    while (c.nextElement())
        c.skipValue();
}

/// The rest of a Loki entry after its `[`: `"1700000000123456789", "line", {metadata}?]`. The metadata is flat
/// `{name: value}`, or categorized `{structuredMetadata: {...}, parsed: {...}}` (its structured metadata kept).
void decodeEntryBody(JsonCursor& c, std::string& scratch, query::LogRow& row)
{
    c.readString(scratch);
    std::int64_t ns = 0;
    if (std::from_chars(scratch.data(), scratch.data() + scratch.size(), ns).ec != std::errc())
        throw JsonError("malformed log entry timestamp \"" + scratch + "\"");
    row.timeNs = ns;
    if (!c.nextElement())
        throw JsonError("malformed log entry: no line");
    c.readString(scratch);
    row.line = QString::fromStdString(scratch);
    if (!c.nextElement())
        return;
    std::string key, inner, value;
    c.beginObject();
    while (c.nextKey(key)) {
        if (c.peek() != '{') {
            c.readString(value);
            row.metadata.emplace_back(QString::fromStdString(key), QString::fromStdString(value));
            continue;
        }
        const bool keep = key == "structuredMetadata";
        c.beginObject();
        while (c.nextKey(inner)) {
            c.readString(value);
            if (keep)
                row.metadata.emplace_back(QString::fromStdString(inner), QString::fromStdString(value));
        }
    }
    std::sort(row.metadata.begin(), row.metadata.end());
    while (c.nextElement())
        c.skipValue();
}

} // namespace

void decodeResultElement(JsonCursor& c, RemoteAnswer& answer, const QString& refId)
{
    std::string key, scratch, value;
    query::SeriesFrame frame;
    std::vector<query::LogRow> rows;
    bool isStream = false;
    query::LabelPairs streamLabels;
    c.beginObject();
    while (c.nextKey(key)) {
        if (key == "metric") {
            frame.labels = decodeLabelObject(c, scratch, value);
        } else if (key == "stream") {
            isStream = true;
            streamLabels = decodeLabelObject(c, scratch, value);
        } else if (key == "value") {
            c.beginArray();
            if (!c.nextElement())
                throw JsonError("malformed sample: empty");
            decodePointBody(c, scratch, frame);
        } else if (key == "values") {
            c.beginArray();
            while (c.nextElement()) {
                c.beginArray();
                if (!c.nextElement())
                    throw JsonError("malformed sample: empty");
                if (c.peek() == '"') { // a log entry starts with its timestamp as a string, a sample with a number
                    rows.emplace_back();
                    decodeEntryBody(c, scratch, rows.back());
                } else {
                    decodePointBody(c, scratch, frame);
                }
            }
        } else {
            c.skipValue(); // histograms, stats
        }
    }
    if (isStream) {
        answer.isLogs = true;
        for (query::LogRow& row : rows) {
            row.labels = streamLabels;
            row.refId = refId;
            answer.logs.push_back(std::move(row));
        }
    } else {
        frame.refId = refId;
        answer.series.push_back(std::move(frame));
    }
}

ResultStreamSplitter::ElementSink resultElementDecoder(
    RemoteAnswer& answer, QString refId, std::optional<std::string>& error)
{
    return [&answer, refId = std::move(refId), &error](std::string_view element) {
        if (error)
            return;
        try {
            JsonCursor c(element);
            decodeResultElement(c, answer, refId);
        } catch (const JsonError& json) {
            error = json.what();
        }
    };
}

double parseSampleValue(std::string_view text)
{
    if (text == "NaN")
        return std::numeric_limits<double>::quiet_NaN();
    if (text == "+Inf" || text == "Inf")
        return std::numeric_limits<double>::infinity();
    if (text == "-Inf")
        return -std::numeric_limits<double>::infinity();
    double v = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec != std::errc())
        throw JsonError("malformed sample value \"" + std::string(text) + "\"");
    return v;
}

Envelope decodeEnvelope(std::string_view body, const std::function<void(JsonCursor&)>& data)
{
    Envelope e;
    JsonCursor c(body);
    std::string key, scratch;
    c.beginObject();
    while (c.nextKey(key)) {
        if (key == "status") {
            c.readString(e.status);
        } else if (key == "errorType") {
            c.readString(e.errorType);
        } else if (key == "error") {
            e.error = c.readScalar();
        } else if (key == "warnings" || key == "infos") {
            if (c.readNull())
                continue;
            e.warnings += decodeStringList(c);
        } else if (key == "data" && data) {
            e.hadData = true;
            data(c);
        } else {
            c.skipValue();
        }
    }
    if (!c.atEnd()) // a NUL byte is data too: it ended the answer before (found by fuzzing)
        throw JsonError("malformed JSON: trailing data at offset " + std::to_string(c.offset()));
    return e;
}

void decodeQueryData(JsonCursor& c, RemoteAnswer& answer, const QString& refId, logs::Direction direction)
{
    std::string key, resultType, scratch;
    c.beginObject();
    while (c.nextKey(key)) {
        if (key == "resultType") {
            c.readString(resultType);
        } else if (key == "result") {
            if (c.readNull())
                continue;
            c.beginArray();
            if (c.peek() != '{' && c.peek() != ']') {
                // scalar or string: [t, "v"]
                query::SeriesFrame frame;
                frame.refId = refId;
                c.nextElement();
                frame.timesMs.push_back(secondsToMs(c.readNumber()));
                if (!c.nextElement())
                    throw JsonError("malformed scalar: no value");
                c.readString(scratch);
                const bool number = resultType != "string";
                frame.values.push_back(number ? parseSampleValue(scratch) : std::numeric_limits<double>::quiet_NaN());
                while (c.nextElement())
                    c.skipValue();
                answer.isScalar = true;
                if (number)
                    answer.series.push_back(std::move(frame));
                continue;
            }
            while (c.nextElement())
                decodeResultElement(c, answer, refId);
        } else {
            c.skipValue(); // stats
        }
    }
    if (resultType == "string")
        answer.series.clear();
    if (answer.isLogs)
        std::stable_sort(answer.logs.begin(), answer.logs.end(),
            [backward = direction == logs::Direction::Backward](const query::LogRow& a, const query::LogRow& b) {
                return backward ? a.timeNs > b.timeNs : a.timeNs < b.timeNs;
            });
}

QStringList decodeStringList(JsonCursor& c)
{
    QStringList out;
    std::string s;
    c.beginArray();
    while (c.nextElement()) {
        c.readString(s);
        out.push_back(QString::fromStdString(s));
    }
    return out;
}

std::vector<query::LabelPairs> decodeLabelSets(JsonCursor& c)
{
    std::vector<query::LabelPairs> out;
    std::string key, value;
    if (c.readNull())
        return out;
    c.beginArray();
    while (c.nextElement())
        out.push_back(decodeLabelObject(c, key, value));
    return out;
}

std::vector<scrape::MetricMetadata> decodeMetadata(JsonCursor& c)
{
    static const std::pair<std::string_view, scrape::MetricType> Types[] = { { "counter", scrape::MetricType::Counter },
        { "gauge", scrape::MetricType::Gauge }, { "histogram", scrape::MetricType::Histogram },
        { "gaugehistogram", scrape::MetricType::GaugeHistogram }, { "summary", scrape::MetricType::Summary } };
    std::vector<scrape::MetricMetadata> out;
    std::string metric, key, value;
    c.beginObject();
    while (c.nextKey(metric)) {
        c.beginArray();
        bool first = true;
        while (c.nextElement()) {
            scrape::MetricMetadata m;
            m.name = metric;
            c.beginObject();
            while (c.nextKey(key)) {
                value = c.readScalar();
                if (key == "type") {
                    for (const auto& [name, type] : Types)
                        if (name == value)
                            m.type = type;
                } else if (key == "help") {
                    m.help = value;
                } else if (key == "unit") {
                    m.unit = value;
                }
            }
            if (first)
                out.push_back(std::move(m));
            first = false;
        }
    }
    return out;
}

} // namespace sg::remote
