#include "prometheus_api.h"

#include "json_writer.h"

#include "core/promql/parser.h"
#include "core/scrape/scrape_manager.h"

#include <QElapsedTimer>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <string_view>

namespace sg::api {

namespace {
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

void appendPoint(std::string& out, TimestampMs t, double v)
{
    out.push_back('[');
    appendTimestampSeconds(out, t);
    out.push_back(',');
    appendSampleValue(out, v);
    out.push_back(']');
}

std::string valueJson(const promql::Value& value)
{
    std::string out;
    out += "{\"resultType\":\"";
    out += promql::valueTypeName(value.type);
    out += "\",\"result\":";
    switch (value.type) {
    case promql::ValueType::Scalar:
        appendPoint(out, value.scalarT, value.scalar);
        break;
    case promql::ValueType::String:
        out.push_back('[');
        appendTimestampSeconds(out, value.scalarT);
        out.push_back(',');
        appendJsonString(out, value.string);
        out.push_back(']');
        break;
    case promql::ValueType::Vector:
        out.push_back('[');
        for (std::size_t i = 0; i < value.vector.size(); ++i) {
            if (i)
                out.push_back(',');
            out += "{\"metric\":";
            appendLabelsObject(out, value.vector[i].metric);
            out += ",\"value\":";
            appendPoint(out, value.vector[i].t, value.vector[i].v);
            out.push_back('}');
        }
        out.push_back(']');
        break;
    case promql::ValueType::Matrix: {
        // Reserved once: growing a buffer of tens of megabytes by doubling copies it and faults its pages in again.
        std::size_t points = 0;
        for (const auto& series : value.matrix)
            points += series.points.size();
        out.reserve(out.size() + points * 32 + value.matrix.size() * 256);
        out.push_back('[');
        for (std::size_t i = 0; i < value.matrix.size(); ++i) {
            if (i)
                out.push_back(',');
            out += "{\"metric\":";
            appendLabelsObject(out, value.matrix[i].metric);
            out += ",\"values\":[";
            const auto& points = value.matrix[i].points;
            for (std::size_t k = 0; k < points.size(); ++k) {
                if (k)
                    out.push_back(',');
                appendPoint(out, points[k].t, points[k].v);
            }
            out += "]}";
        }
        out.push_back(']');
        break;
    }
    case promql::ValueType::None:
        out += "null";
        break;
    }
    out.push_back('}');
    return out;
}

std::string invalidParam(const std::string& name, const std::string& message)
{
    return "invalid parameter \"" + name + "\": " + message;
}

}

PrometheusApi::PrometheusApi(const services::QueryClient* client, const scrape::ScrapeManager* scrape,
    PrometheusApiOptions options)
    : m_client(client)
    , m_scrape(scrape)
    , m_options(std::move(options))
{
}

ApiResponse PrometheusApi::error(int status, const std::string& errorType, const std::string& message)
{
    std::string out = "{\"status\":\"error\",\"errorType\":";
    appendJsonString(out, errorType);
    out += ",\"error\":";
    appendJsonString(out, message);
    out.push_back('}');
    return ApiResponse { status, "application/json", QByteArray::fromStdString(out) };
}

ApiResponse PrometheusApi::success(const std::string& dataJson, const std::vector<std::string>& warnings)
{
    // The envelope after the data; the data is copied once, into the response (it can be tens of megabytes).
    std::string out;
    if (!warnings.empty()) {
        // Prometheus splits annotations: "PromQL info: ..." go to infos, the rest to warnings.
        std::vector<std::string> warns;
        std::vector<std::string> infos;
        for (const auto& w : warnings)
            (w.rfind("PromQL info", 0) == 0 ? infos : warns).push_back(w);
        if (!warns.empty()) {
            out += ",\"warnings\":";
            appendStringArray(out, warns);
        }
        if (!infos.empty()) {
            out += ",\"infos\":";
            appendStringArray(out, infos);
        }
    }
    out.push_back('}');
    static constexpr std::string_view head = "{\"status\":\"success\",\"data\":";
    QByteArray body;
    body.reserve(qsizetype(head.size() + dataJson.size() + out.size()));
    body.append(head.data(), qsizetype(head.size()));
    body.append(dataJson.data(), qsizetype(dataJson.size()));
    body.append(out.data(), qsizetype(out.size()));
    return ApiResponse { 200, "application/json", body };
}

ApiResponse PrometheusApi::engineError(const Error& e)
{
    switch (e.code) {
    case ErrorCode::Parse:
    case ErrorCode::BadData:
        return error(400, "bad_data", e.message);
    case ErrorCode::Execution:
    case ErrorCode::Limit:
        return error(422, "execution", e.message);
    case ErrorCode::Timeout:
        return error(503, "timeout", e.message);
    case ErrorCode::Canceled:
        return error(503, "canceled", e.message);
    case ErrorCode::Io:
    case ErrorCode::Internal:
        break;
    }
    return error(500, "internal", e.message);
}

DurationMs PrometheusApi::timeoutFor(const ApiRequest& request) const
{
    if (!request.has("timeout"))
        return m_options.defaultTimeout;
    auto t = parseDurationParam(request.param("timeout"));
    if (!t.ok() || *t <= 0)
        return m_options.defaultTimeout;
    return std::min(*t, m_options.defaultTimeout);
}

ApiResponse PrometheusApi::query(const ApiRequest& request, const std::atomic_bool* cancel) const
{
    return runQuery(request, false, cancel);
}

ApiResponse PrometheusApi::queryRange(const ApiRequest& request, const std::atomic_bool* cancel) const
{
    return runQuery(request, true, cancel);
}

ApiResponse PrometheusApi::runQuery(const ApiRequest& request, bool range, const std::atomic_bool* cancel) const
{
    if (request.has("timeout")) {
        auto t = parseDurationParam(request.param("timeout"));
        if (!t.ok())
            return error(400, "bad_data", invalidParam("timeout", t.error().message));
    }
    const std::string text = request.param("query");
    promql::QueryOptions options;
    options.maxSamples = m_options.maxSamples;
    options.cancel = cancel;
    services::EvalStats stats;
    QElapsedTimer timer;
    timer.start();
    Result<promql::QueryResult> result = Error {};
    if (range) {
        auto start = parsePrometheusTime(request.param("start"));
        if (!start.ok())
            return error(400, "bad_data", invalidParam("start", start.error().message));
        auto end = parsePrometheusTime(request.param("end"));
        if (!end.ok())
            return error(400, "bad_data", invalidParam("end", end.error().message));
        if (*end < *start)
            return error(400, "bad_data", invalidParam("end", "end timestamp must not be before start time"));
        auto step = parseDurationParam(request.param("step"));
        if (!step.ok())
            return error(400, "bad_data", invalidParam("step", step.error().message));
        if (*step <= 0)
            return error(400, "bad_data",
                invalidParam("step", "zero or negative query resolution step widths are not accepted. Try a positive integer"));
        if ((*end - *start) / *step > DurationMs(m_options.maxPointsPerSeries))
            return error(400, "bad_data",
                "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        result = m_client->evalPromQL(text, *start, *end, *step, options, &stats);
    } else {
        TimestampMs t = nowMs();
        if (request.has("time")) {
            auto parsed = parsePrometheusTime(request.param("time"));
            if (!parsed.ok())
                return error(400, "bad_data", invalidParam("time", parsed.error().message));
            t = *parsed;
        }
        result = m_client->evalPromQL(text, t, t, 0, options, &stats);
    }
    if (!result.ok()) {
        if (result.error().code == ErrorCode::Parse)
            return error(400, "bad_data", invalidParam("query", result.error().message));
        return engineError(result.error());
    }
    std::string data = valueJson(result->value);
    if (request.has("stats")) {
        // Splice the stats object into the data object (before its closing brace).
        data.pop_back();
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        data += ",\"stats\":{\"timings\":{\"evalTotalTime\":" + formatSampleValue(seconds)
            + ",\"resultSortTime\":0,\"queryPreparationTime\":0,\"innerEvalTime\":" + formatSampleValue(seconds)
            + ",\"execQueueTime\":0,\"execTotalTime\":" + formatSampleValue(seconds)
            + "},\"samples\":{\"totalQueryableSamples\":" + std::to_string(stats.samplesLoaded) + "}}}";
    }
    return success(data, result->warnings);
}

Result<PrometheusApi::Match> PrometheusApi::parseMatch(const ApiRequest& request) const
{
    Match match;
    if (request.has("start")) {
        auto s = parsePrometheusTime(request.param("start"));
        if (!s.ok())
            return Error { ErrorCode::BadData, invalidParam("start", s.error().message), {} };
        match.start = *s;
    }
    if (request.has("end")) {
        auto e = parsePrometheusTime(request.param("end"));
        if (!e.ok())
            return Error { ErrorCode::BadData, invalidParam("end", e.error().message), {} };
        match.end = *e;
    }
    for (const auto& m : request.all("match[]")) {
        auto expr = promql::parse(m);
        if (!expr.ok())
            return Error { ErrorCode::BadData, invalidParam("match[]", expr.error().message), {} };
        if ((*expr)->kind != promql::NodeKind::VectorSelector)
            return Error { ErrorCode::BadData, invalidParam("match[]", "match[] must be a series selector"), {} };
        match.selectors.push_back(static_cast<const promql::VectorSelectorExpr&>(**expr).matchers);
    }
    return match;
}

ApiResponse PrometheusApi::series(const ApiRequest& request) const
{
    if (!request.has("match[]"))
        return error(400, "bad_data", "no match[] parameter provided");
    auto match = parseMatch(request);
    if (!match.ok())
        return engineError(match.error());
    const auto series = m_client->metricSeries(match->selectors, match->start, match->end);
    std::string data = "[";
    for (std::size_t i = 0; i < series.size(); ++i) {
        if (i)
            data.push_back(',');
        appendLabelsObject(data, series[i]);
    }
    data.push_back(']');
    return success(data);
}

ApiResponse PrometheusApi::labels(const ApiRequest& request) const
{
    auto match = parseMatch(request);
    if (!match.ok())
        return engineError(match.error());
    std::string data;
    appendStringArray(data, m_client->metricLabelNames(match->selectors, match->start, match->end));
    return success(data);
}

ApiResponse PrometheusApi::labelValues(const ApiRequest& request, const std::string& name) const
{
    if (name.empty() || !isValidUtf8(name))
        return error(400, "bad_data", "invalid label name: \"" + name + "\"");
    auto match = parseMatch(request);
    if (!match.ok())
        return engineError(match.error());
    std::string data;
    appendStringArray(data, m_client->metricLabelValues(name, match->selectors, match->start, match->end));
    return success(data);
}

ApiResponse PrometheusApi::metadata(const ApiRequest& request) const
{
    // As Prometheus: per metric name the distinct (type, help, unit) triples over all targets; `limit` caps the
    // metric names, `limit_per_metric` the entries of each, `metric` picks one name. Negative or absent: no cap.
    auto cap = [&](const char* name) -> std::optional<long long> {
        if (!request.has(name) || request.param(name).empty())
            return -1LL;
        try {
            std::size_t used = 0;
            const long long v = std::stoll(request.param(name), &used);
            if (used != request.param(name).size())
                return std::nullopt;
            return v;
        } catch (...) {
            return std::nullopt;
        }
    };
    const auto limit = cap("limit");
    if (!limit)
        return error(400, "bad_data", "limit must be a number");
    const auto perMetric = cap("limit_per_metric");
    if (!perMetric)
        return error(400, "bad_data", "limit_per_metric must be a number");
    const std::string only = request.param("metric");
    std::map<std::string, std::vector<std::array<std::string, 3>>> byName;
    if (m_scrape) {
        for (const auto& m : m_scrape->metadata()) {
            if (!only.empty() && m.name != only)
                continue;
            const std::string type = m.type == scrape::MetricType::Untyped ? "unknown" : scrape::metricTypeName(m.type);
            auto& entries = byName[m.name];
            const std::array<std::string, 3> entry { type, m.help, m.unit };
            if (std::find(entries.begin(), entries.end(), entry) == entries.end())
                entries.push_back(entry);
        }
    }
    std::string data = "{";
    long long names = 0;
    for (const auto& [name, entries] : byName) {
        if (*limit >= 0 && names >= *limit)
            break;
        if (names++ > 0)
            data.push_back(',');
        appendJsonString(data, name);
        data += ":[";
        for (std::size_t i = 0; i < entries.size() && (*perMetric < 0 || static_cast<long long>(i) < *perMetric); ++i) {
            if (i > 0)
                data.push_back(',');
            data += "{\"type\":";
            appendJsonString(data, entries[i][0]);
            data += ",\"help\":";
            appendJsonString(data, entries[i][1]);
            data += ",\"unit\":";
            appendJsonString(data, entries[i][2]);
            data.push_back('}');
        }
        data.push_back(']');
    }
    data.push_back('}');
    return success(data);
}

ApiResponse PrometheusApi::targets(const ApiRequest& request) const
{
    const std::string state = request.param("state");
    std::string data = "{\"activeTargets\":[";
    if (m_scrape && state != "dropped") {
        bool first = true;
        for (const auto& t : m_scrape->statuses()) {
            if (!first)
                data.push_back(',');
            first = false;
            const std::string url = t.url.toString().toStdString();
            const std::string job = t.job.toStdString();
            data += "{\"discoveredLabels\":";
            appendLabelsObject(data,
                Labels { { "__address__", t.url.authority().toStdString() }, { "__metrics_path__", t.url.path().toStdString() },
                    { "__scheme__", t.url.scheme().toStdString() }, { "job", job } });
            data += ",\"labels\":";
            appendLabelsObject(data, t.labels);
            data += ",\"scrapePool\":";
            appendJsonString(data, job);
            data += ",\"scrapeUrl\":";
            appendJsonString(data, url);
            data += ",\"globalUrl\":";
            appendJsonString(data, url);
            data += ",\"lastError\":";
            appendJsonString(data, t.lastError.toStdString());
            data += ",\"lastScrape\":";
            appendJsonString(data, t.lastScrapeMs ? formatRfc3339(t.lastScrapeMs) : std::string("0001-01-01T00:00:00Z"));
            data += ",\"lastScrapeDuration\":" + formatSampleValue(t.lastDurationSeconds);
            data += ",\"health\":";
            appendJsonString(data, t.lastScrapeMs == 0 ? "unknown" : (t.up ? "up" : "down"));
            data.push_back('}');
        }
    }
    data += "],\"droppedTargets\":[],\"droppedTargetCounts\":{}}";
    return success(data);
}

ApiResponse PrometheusApi::formatQuery(const ApiRequest& request) const
{
    auto expr = promql::parse(request.param("query"));
    if (!expr.ok())
        return error(400, "bad_data", invalidParam("query", expr.error().message));
    std::string data;
    appendJsonString(data, promql::printExpr(**expr));
    return success(data);
}

ApiResponse PrometheusApi::buildInfo() const
{
    std::string data = "{\"version\":";
    appendJsonString(data, m_options.version);
    data += ",\"revision\":\"\",\"branch\":\"\",\"buildUser\":\"\",\"buildDate\":\"\",\"goVersion\":\"\"}";
    return success(data);
}

} // namespace sg::api
