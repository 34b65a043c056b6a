#include "loki_api.h"

#include "json_writer.h"

#include "core/common/saturating.h"
#include "core/logql/parser.h"
#include "core/patterns/compare.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

namespace sg::api {

namespace {
constexpr TimestampNs HourNs = 3600LL * 1'000'000'000;

struct TimeWindow
{
    TimestampNs start = 0;
    TimestampNs end = 0;
};

Result<TimeWindow> window(const ApiRequest& request, TimestampNs defaultSpan)
{
    TimeWindow w;
    w.end = nowNs();
    if (request.has("end")) {
        auto e = parseLokiTime(request.param("end"));
        if (!e.ok())
            return Error { ErrorCode::BadData, "invalid end: " + e.error().message, {} };
        w.end = *e;
    }
    w.start = saturatingSub(w.end, defaultSpan);
    if (request.has("start")) {
        auto s = parseLokiTime(request.param("start"));
        if (!s.ok())
            return Error { ErrorCode::BadData, "invalid start: " + s.error().message, {} };
        w.start = *s;
    }
    if (w.end < w.start)
        return Error { ErrorCode::BadData, "end timestamp must not be before or equal to start time", {} };
    return w;
}

Result<Matchers> selectorMatchers(const std::string& text)
{
    auto expr = logql::parseQuery(text);
    if (!expr.ok())
        return expr.error();
    if ((*expr)->kind != logql::Expr::Kind::Log || !(*expr)->log)
        return Error { ErrorCode::BadData, "only log selectors are allowed here: " + text, {} };
    return (*expr)->log->matchers;
}

void appendStringArray(std::string& out, const std::vector<std::string>& values)
{
    out.push_back('[');
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i)
            out.push_back(',');
        appendJsonString(out, values[i]);
    }
    out.push_back(']');
}

ApiResponse successData(const std::string& data)
{
    return ApiResponse { 200, "application/json", QByteArray::fromStdString("{\"status\":\"success\",\"data\":" + data + "}") };
}

int statusFor(const Error& e)
{
    switch (e.code) {
    case ErrorCode::Parse:
    case ErrorCode::BadData:
    case ErrorCode::Execution:
    case ErrorCode::Limit:
        return 400;
    case ErrorCode::Timeout:
    case ErrorCode::Canceled:
        return 504;
    default:
        return 500;
    }
}
}

LokiApi::LokiApi(const services::QueryClient* client)
    : m_client(client)
{
}

ApiResponse LokiApi::textError(int status, const std::string& message)
{
    return ApiResponse { status, "text/plain; charset=utf-8", QByteArray::fromStdString(message + "\n") };
}

std::string LokiApi::streamsJson(const std::vector<logs::Stream>& streams, bool categorized)
{
    std::string out = "[";
    bool firstStream = true;
    auto appendStream = [&](const Labels& labels, auto begin, auto end, bool withMetadata) {
        if (!firstStream)
            out.push_back(',');
        firstStream = false;
        out += "{\"stream\":";
        appendLabelsObject(out, labels);
        out += ",\"values\":[";
        for (auto it = begin; it != end; ++it) {
            const logs::LogEntry& e = **it;
            if (it != begin)
                out.push_back(',');
            out += "[\"";
            char ts[24];
            out.append(ts, std::to_chars(ts, ts + sizeof ts, e.ts).ptr);
            out += "\",";
            appendJsonString(out, e.line);
            if (withMetadata && !e.metadata.empty()) {
                out += ",{\"structuredMetadata\":";
                appendLabelsObject(out, Labels(e.metadata));
                out.push_back('}');
            }
            out.push_back(']');
        }
        out += "]}";
    };
    for (const auto& s : streams) {
        std::vector<const logs::LogEntry*> entries;
        entries.reserve(s.entries.size());
        bool anyMetadata = false;
        for (const auto& e : s.entries) {
            entries.push_back(&e);
            anyMetadata = anyMetadata || !e.metadata.empty();
        }
        if (categorized || !anyMetadata) {
            appendStream(s.labels, entries.begin(), entries.end(), categorized);
            continue;
        }
        // Loki's default encoding: structured metadata becomes stream labels, splitting the stream.
        std::vector<std::pair<Labels, std::vector<const logs::LogEntry*>>> groups;
        std::map<Labels, std::size_t> index;
        for (const auto* e : entries) {
            Labels labels = s.labels;
            for (const auto& m : e->metadata)
                labels = labels.with(m.name, m.value);
            auto [it, inserted] = index.emplace(labels, groups.size());
            if (inserted)
                groups.push_back({ std::move(labels), {} });
            groups[it->second].second.push_back(e);
        }
        for (const auto& [labels, list] : groups)
            appendStream(labels, list.begin(), list.end(), false);
    }
    out.push_back(']');
    return out;
}

ApiResponse LokiApi::run(const logql::QueryParams& params, const std::string& query, bool instant, bool categorized) const
{
    auto expr = logql::parseQuery(query);
    if (!expr.ok())
        return textError(400, expr.error().message);
    auto result = m_client->evalLogQL(**expr, params);
    if (!result.ok())
        return textError(statusFor(result.error()), result.error().message);
    // The envelope and the data in one string, copied once into the response.
    std::string data = "{\"status\":\"success\",\"data\":{\"resultType\":";
    if (result->isLogs) {
        data += "\"streams\",\"result\":";
        data += streamsJson(result->streams, categorized);
    } else if (result->value.type == promql::ValueType::Vector || (instant && result->value.type == promql::ValueType::Matrix)) {
        data += "\"vector\",\"result\":[";
        bool first = true;
        auto appendSample = [&](const Labels& metric, TimestampMs t, double v) {
            if (!first)
                data.push_back(',');
            first = false;
            data += "{\"metric\":";
            appendLabelsObject(data, metric);
            data += ",\"value\":[";
            appendTimestampSeconds(data, t);
            data.push_back(',');
            appendSampleValue(data, v);
            data += "]}";
        };
        if (result->value.type == promql::ValueType::Vector) {
            for (const auto& s : result->value.vector)
                appendSample(s.metric, s.t, s.v);
        } else {
            for (const auto& s : result->value.matrix)
                if (!s.points.empty())
                    appendSample(s.metric, s.points.back().t, s.points.back().v);
        }
        data.push_back(']');
    } else if (result->value.type == promql::ValueType::Scalar) {
        data += "\"scalar\",\"result\":[";
        appendTimestampSeconds(data, result->value.scalarT);
        data.push_back(',');
        appendSampleValue(data, result->value.scalar);
        data.push_back(']');
    } else {
        std::size_t points = 0;
        for (const auto& s : result->value.matrix)
            points += s.points.size();
        data.reserve(data.size() + points * 32 + result->value.matrix.size() * 256);
        data += "\"matrix\",\"result\":[";
        for (std::size_t i = 0; i < result->value.matrix.size(); ++i) {
            const auto& s = result->value.matrix[i];
            if (i)
                data.push_back(',');
            data += "{\"metric\":";
            appendLabelsObject(data, s.metric);
            data += ",\"values\":[";
            for (std::size_t k = 0; k < s.points.size(); ++k) {
                if (k)
                    data.push_back(',');
                data.push_back('[');
                appendTimestampSeconds(data, s.points[k].t);
                data.push_back(',');
                appendSampleValue(data, s.points[k].v);
                data.push_back(']');
            }
            data += "]}";
        }
        data.push_back(']');
    }
    data += ",\"stats\":{}";
    data.push_back('}');
    if (!result->warnings.empty()) {
        data += ",\"warnings\":";
        appendStringArray(data, result->warnings);
    }
    data.push_back('}');
    return ApiResponse { 200, "application/json", QByteArray::fromStdString(data) };
}

namespace {
Result<logql::QueryParams> commonParams(const ApiRequest& request, std::size_t defaultLimit)
{
    logql::QueryParams p;
    p.limit = defaultLimit;
    if (request.has("limit")) {
        bool ok = false;
        const long long limit = QByteArray::fromStdString(request.param("limit")).toLongLong(&ok);
        if (!ok || limit <= 0)
            return Error { ErrorCode::BadData, "limit must be a positive value", {} };
        p.limit = std::size_t(limit);
    }
    const std::string direction = request.param("direction");
    if (direction.empty() || direction == "backward" || direction == "BACKWARD")
        p.direction = logs::Direction::Backward;
    else if (direction == "forward" || direction == "FORWARD")
        p.direction = logs::Direction::Forward;
    else
        return Error { ErrorCode::BadData, "invalid direction \"" + direction + "\": use forward or backward", {} };
    return p;
}

bool categorizedLabels(const ApiRequest& request)
{
    return request.header("x-loki-response-encoding-flags").find("categorize-labels") != std::string::npos;
}
}

ApiResponse LokiApi::query(const ApiRequest& request, const std::atomic_bool* cancel) const
{
    auto params = commonParams(request, 100);
    if (!params.ok())
        return textError(400, params.error().message);
    TimestampNs t = nowNs();
    if (request.has("time")) {
        auto parsed = parseLokiTime(request.param("time"));
        if (!parsed.ok())
            return textError(400, "invalid time: " + parsed.error().message);
        t = *parsed;
    }
    // An instant log query reads the hour before `time`; an instant metric query evaluates once at `time`.
    params->start = saturatingSub(t, HourNs);
    params->end = t;
    params->step = 0;
    params->cancel = cancel;
    return run(*params, request.param("query"), true, categorizedLabels(request));
}

ApiResponse LokiApi::queryRange(const ApiRequest& request, const std::atomic_bool* cancel) const
{
    auto params = commonParams(request, 100);
    if (!params.ok())
        return textError(400, params.error().message);
    auto w = window(request, HourNs);
    if (!w.ok())
        return textError(400, w.error().message);
    params->start = w->start;
    params->end = w->end;
    params->cancel = cancel;
    const std::uint64_t spanMs = unsignedSpan(w->start, w->end) / 1'000'000;
    if (request.has("step")) {
        auto step = parseDurationParam(request.param("step"));
        if (!step.ok() || *step <= 0)
            return textError(400, "invalid step: zero or negative query resolution step widths are not accepted. Try a positive integer");
        params->step = *step;
    } else {
        // Loki's default: about 250 points over the range, at least one second.
        params->step = std::max<DurationMs>(1000, DurationMs(spanMs / 250 / 1000 * 1000));
    }
    if (spanMs / std::uint64_t(params->step) > 11'000)
        return textError(400, "exceeded maximum resolution of 11,000 points per timeseries. Try increasing the value of the step parameter");
    return run(*params, request.param("query"), false, categorizedLabels(request));
}

ApiResponse LokiApi::labels(const ApiRequest& request) const
{
    std::string data;
    if (request.has("query")) {
        auto m = selectorMatchers(request.param("query"));
        if (!m.ok())
            return textError(400, m.error().message);
        auto w = window(request, 6 * HourNs);
        if (!w.ok())
            return textError(400, w.error().message);
        appendStringArray(data, m_client->logLabelNames({ *m }, w->start, w->end));
    } else {
        appendStringArray(data, m_client->logLabelNames());
    }
    return successData(data);
}

ApiResponse LokiApi::labelValues(const ApiRequest& request, const std::string& name) const
{
    std::string data;
    if (request.has("query")) {
        auto m = selectorMatchers(request.param("query"));
        if (!m.ok())
            return textError(400, m.error().message);
        auto w = window(request, 6 * HourNs);
        if (!w.ok())
            return textError(400, w.error().message);
        appendStringArray(data, m_client->logLabelValues(name, { *m }, w->start, w->end));
    } else {
        appendStringArray(data, m_client->logLabelValues(name));
    }
    return successData(data);
}

ApiResponse LokiApi::series(const ApiRequest& request) const
{
    auto selectors = request.all("match[]");
    for (const auto& m : request.all("match"))
        selectors.push_back(m);
    if (selectors.empty())
        return textError(400, "at least one match[] argument is required");
    auto w = window(request, HourNs);
    if (!w.ok())
        return textError(400, w.error().message);
    std::vector<Matchers> matchers;
    for (const auto& text : selectors) {
        auto m = selectorMatchers(text);
        if (!m.ok())
            return textError(400, m.error().message);
        matchers.push_back(std::move(*m));
    }
    const auto all = m_client->logStreams(matchers, w->start, w->end);
    std::string data = "[";
    bool first = true;
    for (const auto& s : all) {
        if (!first)
            data.push_back(',');
        first = false;
        appendLabelsObject(data, s);
    }
    data.push_back(']');
    return successData(data);
}

ApiResponse LokiApi::indexStats(const ApiRequest& request) const
{
    auto m = selectorMatchers(request.param("query"));
    if (!m.ok())
        return textError(400, m.error().message);
    auto w = window(request, HourNs);
    if (!w.ok())
        return textError(400, w.error().message);
    std::size_t entries = 0;
    std::size_t bytes = 0;
    const auto streams = m_client->logsQuerier()->select(*m, w->start, w->end);
    for (const auto& s : streams) {
        entries += s.entries.size();
        for (const auto& e : s.entries)
            bytes += e.line.size();
    }
    // The memory store keeps one chunk per stream.
    const std::string body = "{\"streams\":" + std::to_string(streams.size()) + ",\"chunks\":" + std::to_string(streams.size())
        + ",\"entries\":" + std::to_string(entries) + ",\"bytes\":" + std::to_string(bytes) + "}";
    return ApiResponse { 200, "application/json", QByteArray::fromStdString(body) };
}

ApiResponse LokiApi::patterns(const ApiRequest& request, const std::atomic_bool* cancel) const
{
    constexpr TimestampNs SecondNs = 1'000'000'000;
    if (request.param("query").empty())
        return textError(400, "query is required");
    auto w = window(request, HourNs);
    if (!w.ok())
        return textError(400, w.error().message);
    // Loki's default step for a range (at least its pattern resolution of 10 s), whole seconds.
    const std::uint64_t span = unsignedSpan(w->start, w->end);
    TimestampNs step = std::max<TimestampNs>(10 * SecondNs, TimestampNs((span / 250 + SecondNs - 1) / SecondNs) * SecondNs);
    if (request.has("step")) {
        auto ms = parseDurationParam(request.param("step"));
        if (!ms.ok() || *ms <= 0)
            return textError(400, "invalid step: " + request.param("step"));
        step = std::max<TimestampNs>(msToNs(*ms), SecondNs);
    }
    // Loki's (and Prometheus') resolution limit, which also bounds the per-step counts each pattern keeps.
    if (span / std::uint64_t(step) > 11'000)
        return textError(400, "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
    // Buckets sit on multiples of the step, as Loki truncates sample times.
    const TimestampNs first = w->start / step * step;
    auto mined = patterns::minePatterns(*m_client, request.param("query"), { w->start, w->end }, step, {}, cancel);
    if (!mined.ok())
        return textError(statusFor(mined.error()), mined.error().message);
    std::string data = "[";
    for (const auto& p : *mined) {
        if (data.size() > 1)
            data.push_back(',');
        data += "{\"pattern\":";
        appendJsonString(data, p.pattern);
        // Loki 3.3 and later mine each detected level apart and name it.
        data += ",\"level\":";
        appendJsonString(data, p.level);
        data += ",\"samples\":[";
        const auto& buckets = p.windows[0].buckets;
        bool firstSample = true;
        for (std::size_t i = 0; i < buckets.size(); ++i) {
            if (buckets[i] == 0)
                continue;
            if (!firstSample)
                data.push_back(',');
            firstSample = false;
            // inside the window, though i * step alone may pass int64
            const auto at = TimestampNs(std::uint64_t(first) + std::uint64_t(i) * std::uint64_t(step));
            char number[24];
            data.push_back('[');
            data.append(number, std::to_chars(number, number + sizeof number, at / SecondNs).ptr);
            data.push_back(',');
            data.append(number, std::to_chars(number, number + sizeof number, buckets[i]).ptr);
            data.push_back(']');
        }
        data += "]}";
    }
    data.push_back(']');
    return successData(data);
}

} // namespace sg::api
