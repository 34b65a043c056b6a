// Calls of the Prometheus and Loki HTTP APIs against one remote datasource.
#include "remote_client.h"

#include "core/remote/http_request.h"
#include "core/remote/remote_decode.h"
#include "core/remote/result_stream.h"

#include <QElapsedTimer>

namespace sg::remote {

namespace {

/// Seconds with milliseconds, as Prometheus reads `start`, `end`, `time` and `step`.
QString seconds(qint64 ms) { return QString::number(double(ms) / 1000.0, 'f', 3); }
/// Nanoseconds, as Loki reads `start`, `end` and `time`.
QString nanos(qint64 ms) { return QString::number(ms) + QStringLiteral("000000"); }

/// The first line of a body that is not the API's JSON (a proxy's HTML, a plain-text 401).
std::string bodySnippet(const QByteArray& body)
{
    QByteArray line = body.left(300).trimmed();
    if (const qsizetype nl = line.indexOf('\n'); nl > 0)
        line.truncate(nl);
    return line.toStdString();
}

const char* statusText(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized (check the username and password or the token)";
    case 403: return "Forbidden";
    case 404: return "Not Found (check the URL: it should end before /api/v1)";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
    }
}

/// Sends `call` and decodes the envelope, handing `data` the data member. An error names the datasource, the
/// HTTP status and the remote's own message.
/// With `stream`, the answer's result elements are decoded by the stream's sink while the rest is received, and
/// the envelope is decoded from what the stream kept.
template<class Data>
Envelope exchange(const RemoteDatasource& ds, const HttpCall& call, const std::atomic_bool* cancel, Data&& data,
    std::optional<Error>& error, ResultStreamSplitter* stream = nullptr)
{
    HttpAnswer answer;
    if (stream) {
        HttpCall streamed = call;
        streamed.onBody = [stream](std::string_view bytes) { stream->feed(bytes); };
        answer = httpRequest(ds, streamed, cancel);
        answer.body = QByteArray::fromStdString(stream->rest());
    } else {
        answer = httpRequest(ds, call, cancel);
    }
    if (answer.error) {
        error = answer.error;
        return {};
    }
    const std::string prefix = ds.name.toStdString() + ": HTTP " + std::to_string(answer.status);
    const bool success = answer.status >= 200 && answer.status < 300;
    Envelope e;
    try {
        e = decodeEnvelope(std::string_view(answer.body.constData(), std::size_t(answer.body.size())),
            success ? std::function<void(JsonCursor&)>(std::forward<Data>(data)) : nullptr);
    } catch (const JsonError& json) {
        if (success)
            error = Error { ErrorCode::BadData, ds.name.toStdString() + ": " + json.what(), {} };
        else
            error = Error { answer.status == 408 || answer.status == 504 ? ErrorCode::Timeout : ErrorCode::Io,
                prefix + " " + statusText(answer.status) + (answer.body.trimmed().isEmpty() ? "" : ": " + bodySnippet(answer.body)), {} };
        return {};
    }
    if (!success || e.status == "error") {
        const ErrorCode code = answer.status == 422 || answer.status == 400 ? ErrorCode::Execution
            : e.errorType == "timeout" ? ErrorCode::Timeout
            : e.errorType == "canceled" ? ErrorCode::Canceled : ErrorCode::Io;
        std::string text = prefix + (e.errorType.empty() ? "" : " (" + e.errorType + ")");
        text += ": " + (e.error.empty() ? std::string(statusText(answer.status)) : e.error);
        error = Error { code, text, {} };
    }
    return e;
}

} // namespace

RemoteClient::RemoteClient(RemoteDatasource datasource)
    : m_ds(std::move(datasource))
{
}

QString RemoteClient::apiPrefix() const
{
    return m_ds.type == RemoteType::Loki ? QStringLiteral("/loki/api/v1") : QStringLiteral("/api/v1");
}

RemoteAnswer RemoteClient::query(const RemoteQuery& q, const std::atomic_bool* cancel) const
{
    RemoteAnswer answer;
    const bool loki = m_ds.type == RemoteType::Loki;
    HttpCall call;
    call.post = m_ds.usePost;
    call.timeoutMs = q.timeoutMs;
    call.params.addQueryItem(QStringLiteral("query"), q.expr);
    auto time = [&](qint64 ms) { return loki ? nanos(ms) : seconds(ms); };
    if (q.kind == RemoteQuery::Kind::Instant) {
        call.path = apiPrefix() + QStringLiteral("/query");
        call.params.addQueryItem(QStringLiteral("time"), time(q.toMs));
    } else {
        call.path = apiPrefix() + QStringLiteral("/query_range");
        call.params.addQueryItem(QStringLiteral("start"), time(q.fromMs));
        // log queries end exclusive: include the whole last millisecond, as the embedded path does
        call.params.addQueryItem(QStringLiteral("end"), time(q.kind == RemoteQuery::Kind::Logs ? q.toMs + 1 : q.toMs));
        if (q.kind == RemoteQuery::Kind::Range)
            call.params.addQueryItem(QStringLiteral("step"), seconds(std::max<qint64>(1, q.stepMs)));
    }
    if (loki) {
        call.params.addQueryItem(QStringLiteral("limit"), QString::number(std::max(0, q.limit)));
        call.params.addQueryItem(QStringLiteral("direction"),
            q.direction == logs::Direction::Backward ? QStringLiteral("backward") : QStringLiteral("forward"));
    }
    // series and streams become frames while the answer is still arriving; only the envelope is kept
    std::optional<std::string> elementError;
    ResultStreamSplitter stream(resultElementDecoder(answer, q.refId, elementError));
    try {
        const Envelope e = exchange(m_ds, call, cancel,
            [&](JsonCursor& c) { decodeQueryData(c, answer, q.refId, q.direction); }, answer.error, &stream);
        answer.warnings = e.warnings;
        if (!answer.error && elementError)
            answer.error = Error { ErrorCode::BadData, m_ds.name.toStdString() + ": " + *elementError, {} };
    } catch (const JsonError& json) { // the data member itself was malformed
        answer.error = Error { ErrorCode::BadData, m_ds.name.toStdString() + ": " + json.what(), {} };
    }
    if (answer.error) {
        answer.series.clear();
        answer.logs.clear();
    }
    return answer;
}

namespace {

/// `match[]` (Prometheus) or `query` (Loki, one selector) and the range, when given.
void addSelection(HttpCall& call, bool loki, const QStringList& selectors, qint64 fromMs, qint64 toMs)
{
    for (const QString& s : selectors)
        call.params.addQueryItem(loki ? QStringLiteral("query") : QStringLiteral("match[]"), s);
    if (fromMs != 0 || toMs != 0) {
        call.params.addQueryItem(QStringLiteral("start"), loki ? nanos(fromMs) : seconds(fromMs));
        call.params.addQueryItem(QStringLiteral("end"), loki ? nanos(toMs) : seconds(toMs));
    }
}

template<class T, class Decode>
Result<T> fetch(const RemoteDatasource& ds, const HttpCall& call, const std::atomic_bool* cancel, Decode&& decode)
{
    T out {};
    std::optional<Error> error;
    try {
        exchange(ds, call, cancel, [&](JsonCursor& c) { out = decode(c); }, error);
    } catch (const JsonError& json) {
        error = Error { ErrorCode::BadData, ds.name.toStdString() + ": " + json.what(), {} };
    }
    if (error)
        return *error;
    return out;
}

/// `{version, revision, ...}`, bare (Loki) or as the envelope's `data` (Prometheus).
void readBuildInfo(JsonCursor& c, RemoteStatus& status)
{
    std::string key;
    c.beginObject();
    while (c.nextKey(key)) {
        if (key == "version")
            status.version = QString::fromStdString(c.readScalar());
        else if (key == "revision")
            status.revision = QString::fromStdString(c.readScalar());
        else if (key == "data" && c.peek() == '{')
            readBuildInfo(c, status);
        else
            c.skipValue();
    }
}

} // namespace

Result<QStringList> RemoteClient::labelNames(const QStringList& selectors, qint64 fromMs, qint64 toMs,
    const std::atomic_bool* cancel) const
{
    HttpCall call;
    call.path = apiPrefix() + QStringLiteral("/labels");
    addSelection(call, m_ds.type == RemoteType::Loki, selectors, fromMs, toMs);
    return fetch<QStringList>(m_ds, call, cancel, [](JsonCursor& c) { return c.readNull() ? QStringList() : decodeStringList(c); });
}

Result<QStringList> RemoteClient::labelValues(const QString& name, const QStringList& selectors, qint64 fromMs,
    qint64 toMs, const std::atomic_bool* cancel) const
{
    HttpCall call;
    call.path = apiPrefix() + QStringLiteral("/label/") + QString::fromUtf8(QUrl::toPercentEncoding(name)) + QStringLiteral("/values");
    addSelection(call, m_ds.type == RemoteType::Loki, selectors, fromMs, toMs);
    return fetch<QStringList>(m_ds, call, cancel, [](JsonCursor& c) { return c.readNull() ? QStringList() : decodeStringList(c); });
}

Result<std::vector<query::LabelPairs>> RemoteClient::series(const QStringList& selectors, qint64 fromMs, qint64 toMs,
    const std::atomic_bool* cancel) const
{
    const bool loki = m_ds.type == RemoteType::Loki;
    HttpCall call;
    call.path = apiPrefix() + QStringLiteral("/series");
    call.post = m_ds.usePost;
    for (const QString& s : selectors)
        call.params.addQueryItem(QStringLiteral("match[]"), s);
    call.params.addQueryItem(QStringLiteral("start"), loki ? nanos(fromMs) : seconds(fromMs));
    call.params.addQueryItem(QStringLiteral("end"), loki ? nanos(toMs) : seconds(toMs));
    return fetch<std::vector<query::LabelPairs>>(m_ds, call, cancel, [](JsonCursor& c) { return decodeLabelSets(c); });
}

Result<std::vector<scrape::MetricMetadata>> RemoteClient::metadata(const std::atomic_bool* cancel) const
{
    if (m_ds.type == RemoteType::Loki)
        return std::vector<scrape::MetricMetadata> {};
    HttpCall call;
    call.path = QStringLiteral("/api/v1/metadata");
    return fetch<std::vector<scrape::MetricMetadata>>(m_ds, call, cancel, [](JsonCursor& c) { return decodeMetadata(c); });
}

Result<RemoteStatus> RemoteClient::test(const std::atomic_bool* cancel) const
{
    QElapsedTimer timer;
    timer.start();
    RemoteStatus status;
    auto labels = labelNames({}, 0, 0, cancel);
    if (!labels.ok())
        return labels.error();
    status.labelCount = int(labels->size());
    // Prometheus wraps buildinfo in the envelope's data; Loki answers the bare object
    HttpCall call;
    call.path = apiPrefix() + QStringLiteral("/status/buildinfo");
    const HttpAnswer answer = httpRequest(m_ds, call, cancel);
    status.version = QStringLiteral("unknown");
    if (!answer.error && answer.status == 200) {
        try {
            JsonCursor c(std::string_view(answer.body.constData(), std::size_t(answer.body.size())));
            readBuildInfo(c, status);
        } catch (const JsonError&) {
        }
    }
    status.elapsedMs = timer.elapsed();
    return status;
}

} // namespace sg::remote
