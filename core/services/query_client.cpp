#include "query_client.h"

#include "core/common/saturating.h"
#include "core/logql/engine.h"
#include "core/promql/engine.h"
#include "core/promql/parser.h"
#include "core/query/frames.h"
#include "core/services/deliver.h"
#include "core/services/query_client_remote.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QRegularExpression>
#include <QThread>
#include <QTimer>

#include <exception>
#include <set>

using namespace Qt::StringLiterals;

namespace sg::services {

QString applyLegendFormat(const QString& legendFormat, const Labels& labels)
{
    if (legendFormat.isEmpty() || legendFormat == u"__auto")
        return QString::fromStdString(labels.toString());
    static const QRegularExpression Template(uR"(\{\{\s*(.+?)\s*\}\})"_s);
    QString out;
    qsizetype last = 0;
    auto it = Template.globalMatch(legendFormat);
    while (it.hasNext()) {
        const auto m = it.next();
        out += legendFormat.mid(last, m.capturedStart() - last);
        out += QString::fromStdString(std::string(labels.get(m.captured(1).toStdString())));
        last = m.capturedEnd();
    }
    out += legendFormat.mid(last);
    return out;
}

namespace {

std::vector<query::SeriesFrame> toFrames(const promql::Matrix& matrix, const QueryRequest& request)
{
    std::vector<query::SeriesFrame> out;
    out.reserve(matrix.size());
    for (const promql::Series& s : matrix) {
        query::SeriesFrame f;
        f.refId = request.refId;
        f.name = applyLegendFormat(request.legendFormat, s.metric);
        f.labels = query::toLabelPairs(s.metric);
        f.timesMs.reserve(s.points.size());
        f.values.reserve(s.points.size());
        for (const promql::Point& p : s.points) {
            f.timesMs.push_back(p.t);
            f.values.push_back(p.v);
        }
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<query::SeriesFrame> toFrames(const promql::Vector& vector, const QueryRequest& request)
{
    std::vector<query::SeriesFrame> out;
    out.reserve(vector.size());
    for (const promql::Sample& s : vector) {
        query::SeriesFrame f;
        f.refId = request.refId;
        f.name = applyLegendFormat(request.legendFormat, s.metric);
        f.labels = query::toLabelPairs(s.metric);
        f.timesMs = { s.t };
        f.values = { s.v };
        out.push_back(std::move(f));
    }
    return out;
}

QStringList toQStringList(const std::vector<std::string>& v)
{
    QStringList out;
    for (const auto& s : v)
        out.push_back(QString::fromStdString(s));
    return out;
}

/// Counts the samples the engine loads from the store (`stats=all`'s totalQueryableSamples).
class CountingQuerier final : public tsdb::Querier
{
public:
    explicit CountingQuerier(const tsdb::Querier& inner)
        : m_inner(inner)
    {
    }
    std::vector<tsdb::SeriesSamples> select(const Matchers& m, TimestampMs mint, TimestampMs maxt) const override
    {
        auto out = m_inner.select(m, mint, maxt);
        std::size_t n = 0;
        for (const auto& s : out)
            n += s.samples.size();
        m_samples += n;
        return out;
    }
    std::vector<Labels> series(const Matchers& m, TimestampMs mint, TimestampMs maxt) const override
    {
        return m_inner.series(m, mint, maxt);
    }
    std::vector<std::string> labelNames() const override { return m_inner.labelNames(); }
    std::vector<std::string> labelValues(std::string_view name) const override { return m_inner.labelValues(name); }
    std::uint64_t unreadableChunks() const override { return m_inner.unreadableChunks(); }
    std::optional<std::uint64_t> pastWrites() const override { return m_inner.pastWrites(); }
    std::size_t samples() const { return m_samples; }

private:
    const tsdb::Querier& m_inner;
    mutable std::atomic<std::size_t> m_samples { 0 };
};

/// Names of the sets' labels, or values of `name`, sorted and each once.
std::vector<std::string> namesOrValues(const std::vector<Labels>& sets, std::string_view name)
{
    std::set<std::string, std::less<>> out;
    for (const Labels& l : sets) {
        if (name.empty()) {
            for (const Label& x : l)
                out.insert(x.name);
        } else if (l.has(name)) {
            out.emplace(l.get(name));
        }
    }
    return { out.begin(), out.end() };
}

template<class Lookup>
std::vector<Labels> unionOf(const std::vector<Matchers>& selectors, Lookup&& lookup)
{
    std::set<Labels> seen;
    for (const Matchers& m : selectors)
        for (Labels& l : lookup(m))
            seen.insert(std::move(l));
    return { seen.begin(), seen.end() };
}

void fillFromValue(QueryResponse& response, promql::Value&& value, const QueryRequest& request)
{
    switch (value.type) {
    case promql::ValueType::Matrix:
        response.series = toFrames(value.matrix, request);
        break;
    case promql::ValueType::Vector:
        response.series = toFrames(value.vector, request);
        break;
    case promql::ValueType::Scalar: {
        query::SeriesFrame f;
        f.refId = request.refId;
        f.name = request.legendFormat.isEmpty() ? request.expr : request.legendFormat;
        f.timesMs = { value.scalarT };
        f.values = { value.scalar };
        response.series.push_back(std::move(f));
        break;
    }
    default:
        break;
    }
}

} // namespace

QueryClient::QueryClient(std::shared_ptr<const tsdb::Querier> metrics, std::shared_ptr<const logs::LogQuerier> logs,
    QueryClientOptions options, QObject* parent)
    : QObject(parent)
    , m_metrics(std::move(metrics))
    , m_logs(std::move(logs))
    , m_cache(options.cacheBytes)
    , m_options(options)
{
    qRegisterMetaType<sg::services::QueryResponse>();
    m_pool.setMaxThreadCount(options.threads > 0 ? options.threads : std::max(2, QThread::idealThreadCount()));
    m_pool.setObjectName(u"QueryPool"_s);
    m_pool.setStackSize(QueryStackBytes); // the parsers' nesting limit recurses deeply: see QueryStackBytes
}

QueryClient::~QueryClient()
{
    {
        std::lock_guard lock(m_mutex);
        for (const auto& flag : std::as_const(m_running))
            flag->store(true);
    }
    m_pool.waitForDone();
}

void QueryClient::waitForDone() { m_pool.waitForDone(); }

std::shared_ptr<std::atomic_bool> QueryClient::registerRequest(RequestId id)
{
    auto flag = std::make_shared<std::atomic_bool>(false);
    std::lock_guard lock(m_mutex);
    m_running.insert(id, flag);
    return flag;
}

void QueryClient::finish(RequestId id)
{
    std::lock_guard lock(m_mutex);
    m_running.remove(id);
}

int QueryClient::running() const
{
    std::lock_guard lock(m_mutex);
    return int(m_running.size());
}

void QueryClient::cancel(RequestId id)
{
    std::lock_guard lock(m_mutex);
    if (auto it = m_running.find(id); it != m_running.end())
        it.value()->store(true);
}

QueryResponse QueryClient::run(const QueryRequest& request) const { return runWithFlag(request, nullptr); }

QueryResponse QueryClient::runWithFlag(const QueryRequest& request, const std::atomic_bool* cancel) const
{
    QElapsedTimer timer;
    timer.start();
    QueryResponse response;
    response.refId = request.refId;
    response.stats.refId = request.refId;
    response.stats.expr = request.expr;
    response.stats.stepMs = request.stepMs;
    try {
        const std::string expr = request.expr.toStdString();
        if (const auto remote = remoteClient(request.datasourceUid)) {
            fillFromRemote(response, remote->query(toRemoteQuery(request), cancel), request);
        } else if (request.language == QueryLanguage::PromQL) {
            promql::QueryOptions options;
            options.cancel = cancel;
            EvalStats stats;
            auto result = request.kind == QueryKind::Instant
                ? evalPromQL(expr, request.toMs, request.toMs, 0, options, &stats)
                : evalPromQL(expr, request.fromMs, request.toMs, std::max<qint64>(1, request.stepMs), options, &stats);
            response.stats.stepsCached = qint64(stats.cache.stepsReused);
            if (!result.ok()) {
                response.error = result.error();
            } else {
                response.warnings = toQStringList(result->warnings);
                fillFromValue(response, std::move(result->value), request);
            }
        } else {
            logql::QueryParams params;
            params.cancel = cancel;
            params.limit = std::size_t(std::max(0, request.limit));
            params.direction = request.direction;
            params.withMetadata = request.kind == QueryKind::Logs;
            if (request.kind == QueryKind::Instant) {
                params.start = saturatingMsToNs(request.toMs);
                params.end = params.start;
                params.step = 0;
            } else {
                // a range may reach Prometheus' minimum and maximum times, past int64 nanoseconds
                params.start = saturatingMsToNs(request.fromMs);
                params.end = saturatingMsToNs(request.toMs);
                params.step = request.kind == QueryKind::Logs ? 0 : std::max<qint64>(1, request.stepMs);
            }
            if (request.kind == QueryKind::Logs)
                params.end = saturatingAdd(params.end, 1'000'000); // log queries end exclusive: include the whole last millisecond
            auto result = evalLogQL(std::string_view(expr), params);
            if (!result.ok()) {
                response.error = result.error();
            } else {
                response.warnings = toQStringList(result->warnings);
                response.isLogs = result->isLogs;
                if (result->isLogs) {
                    for (const logs::Stream& s : result->streams) {
                        const query::LabelPairs labels = query::toLabelPairs(s.labels);
                        for (const logs::LogEntry& e : s.entries)
                            response.logs.push_back({ e.ts, QString::fromStdString(e.line), labels, request.refId,
                                e.metadata.empty() ? query::LabelPairs {} : query::toLabelPairs(Labels(e.metadata)) });
                    }
                    std::stable_sort(response.logs.begin(), response.logs.end(),
                        [backward = request.direction == logs::Direction::Backward](
                            const query::LogRow& a, const query::LogRow& b) {
                            return backward ? a.timeNs > b.timeNs : a.timeNs < b.timeNs;
                        });
                } else {
                    fillFromValue(response, std::move(result->value), request);
                }
            }
        }
    } catch (const std::exception& e) {
        response.error = Error { ErrorCode::Internal, std::string("internal error: ") + e.what(), {} };
    } catch (...) {
        response.error = Error { ErrorCode::Internal, "internal error", {} };
    }
    if (cancel && cancel->load() && response.error && response.error->code == ErrorCode::Canceled)
        response.canceled = true;
    response.stats.elapsedMs = timer.elapsed();
    response.stats.series = qint64(response.series.size());
    qint64 points = qint64(response.logs.size());
    for (const auto& s : response.series)
        points += qint64(s.values.size());
    response.stats.points = points;
    return response;
}

RequestId QueryClient::submit(const QueryRequest& request, QObject* receiver,
    std::function<void(const QueryResponse&)> done)
{
    const RequestId id = m_nextId.fetch_add(1);
    auto flag = registerRequest(id);
    // The timeout trips the same flag as cancel(); the answer then says so.
    auto timedOut = std::make_shared<std::atomic_bool>(false);
    if (request.timeoutMs > 0) {
        QTimer::singleShot(request.timeoutMs, this, [flag, timedOut] {
            timedOut->store(true);
            flag->store(true);
        });
    }
    QPointer<QObject> guard(receiver);
    m_pool.start([this, id, request, flag, timedOut, guard, done = std::move(done)]() mutable {
        QueryResponse response = runWithFlag(request, flag.get());
        response.id = id;
        finish(id);
        if (timedOut->load() && response.error && response.error->code == ErrorCode::Canceled) {
            response.canceled = false;
            response.error = Error { ErrorCode::Timeout,
                "query timed out after " + std::to_string(request.timeoutMs / 1000) + " s", {} };
        }
        if (response.canceled)
            return; // cancelled by the caller: nothing to deliver
        deliverTo(this, guard, [done = std::move(done), response = std::move(response)] { done(response); });
    });
    return id;
}

RequestId QueryClient::labelNames(QueryLanguage language, QObject* receiver, std::function<void(const QStringList&)> done)
{
    const RequestId id = m_nextId.fetch_add(1);
    QPointer<QObject> guard(receiver);
    m_pool.start([this, language, guard, done = std::move(done)]() mutable {
        QStringList names;
        try {
            names = toQStringList(language == QueryLanguage::PromQL ? metricLabelNames() : logLabelNames());
        } catch (...) {
        }
        deliverTo(this, guard, [done = std::move(done), names = std::move(names)] { done(names); });
    });
    return id;
}

RequestId QueryClient::labelValues(QueryLanguage language, const QString& name, QObject* receiver,
    std::function<void(const QStringList&)> done)
{
    const RequestId id = m_nextId.fetch_add(1);
    QPointer<QObject> guard(receiver);
    m_pool.start([this, language, name, guard, done = std::move(done)]() mutable {
        QStringList values;
        try {
            const std::string n = name.toStdString();
            values = toQStringList(language == QueryLanguage::PromQL ? metricLabelValues(n) : logLabelValues(n));
        } catch (...) {
        }
        deliverTo(this, guard, [done = std::move(done), values = std::move(values)] { done(values); });
    });
    return id;
}

RequestId QueryClient::series(const QString& selector, qint64 fromMs, qint64 toMs, QObject* receiver,
    std::function<void(const std::vector<query::LabelPairs>&, const QString&)> done)
{
    const RequestId id = m_nextId.fetch_add(1);
    QPointer<QObject> guard(receiver);
    m_pool.start([this, selector, fromMs, toMs, guard, done = std::move(done)]() mutable {
        std::vector<query::LabelPairs> out;
        QString error;
        try {
            auto expr = promql::parse(selector.toStdString());
            if (!expr.ok()) {
                error = QString::fromStdString(expr.error().message);
            } else if ((*expr)->kind != promql::NodeKind::VectorSelector) {
                error = u"not a series selector"_s;
            } else {
                const auto& vs = static_cast<const promql::VectorSelectorExpr&>(**expr);
                for (const Labels& l : metricSeries({ vs.matchers }, fromMs, toMs))
                    out.push_back(query::toLabelPairs(l));
            }
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        deliverTo(this, guard, [done = std::move(done), out = std::move(out), error] { done(out, error); });
    });
    return id;
}

Result<promql::QueryResult> QueryClient::evalPromQL(std::string_view expr, TimestampMs start, TimestampMs end,
    DurationMs step, const promql::QueryOptions& options, EvalStats* stats) const
{
    CountingQuerier counting(*m_metrics);
    Result<promql::QueryResult> result = Error {};
    if (step <= 0) {
        result = m_promql.instantQuery(counting, expr, end, options);
    } else {
        const auto past = m_metrics->pastWrites();
        auto evaluate = [&](TimestampMs from, TimestampMs to) {
            return m_promql.rangeQuery(counting, expr, from, to, step, options);
        };
        // Only ranges the engine accepts: its own errors answer the others.
        if (past && m_options.cacheBytes > 0 && RangeCache::cacheable(expr) && end >= start
            && (end - start) / step + 1 <= promql::MaxPointsPerSeries) {
            const std::string key = std::string(expr) + '\x1f' + std::to_string(options.lookbackDelta);
            result = m_cache.query(key, start, end, step, nowMs() - tsdb::SettleMs, *past, evaluate,
                stats ? &stats->cache : nullptr);
        } else {
            result = evaluate(start, end);
            if (stats && result.ok())
                stats->cache.stepsComputed += std::size_t((end - start) / step + 1);
        }
    }
    if (stats)
        stats->samplesLoaded += counting.samples();
    return result;
}

Result<logql::QueryResult> QueryClient::evalLogQL(const logql::Expr& expr, const logql::QueryParams& params) const
{
    return m_logql.evaluate(*m_logs, expr, params);
}

Result<logql::QueryResult> QueryClient::evalLogQL(std::string_view expr, const logql::QueryParams& params) const
{
    return m_logql.query(*m_logs, expr, params);
}

std::vector<Labels> QueryClient::metricSeries(const std::vector<Matchers>& selectors, TimestampMs fromMs,
    TimestampMs toMs) const
{
    return unionOf(selectors, [&](const Matchers& m) { return m_metrics->series(m, fromMs, toMs); });
}

std::vector<std::string> QueryClient::metricLabelNames(const std::vector<Matchers>& selectors, TimestampMs fromMs,
    TimestampMs toMs) const
{
    if (selectors.empty())
        return m_metrics->labelNames();
    return namesOrValues(metricSeries(selectors, fromMs, toMs), {});
}

std::vector<std::string> QueryClient::metricLabelValues(std::string_view name, const std::vector<Matchers>& selectors,
    TimestampMs fromMs, TimestampMs toMs) const
{
    if (selectors.empty())
        return m_metrics->labelValues(name);
    return namesOrValues(metricSeries(selectors, fromMs, toMs), name);
}

std::vector<Labels> QueryClient::logStreams(const std::vector<Matchers>& selectors, TimestampNs fromNs, TimestampNs toNs) const
{
    return unionOf(selectors, [&](const Matchers& m) { return m_logs->streams(m, fromNs, toNs); });
}

std::vector<std::string> QueryClient::logLabelNames(const std::vector<Matchers>& selectors, TimestampNs fromNs,
    TimestampNs toNs) const
{
    if (selectors.empty())
        return m_logs->labelNames();
    return namesOrValues(logStreams(selectors, fromNs, toNs), {});
}

std::vector<std::string> QueryClient::logLabelValues(std::string_view name, const std::vector<Matchers>& selectors,
    TimestampNs fromNs, TimestampNs toNs) const
{
    if (selectors.empty())
        return m_logs->labelValues(name);
    return namesOrValues(logStreams(selectors, fromNs, toNs), name);
}

void registerMetaTypes()
{
    qRegisterMetaType<sg::tsdb::AppendBatch>();
    qRegisterMetaType<sg::logs::PushBatch>();
    qRegisterMetaType<sg::services::QueryResponse>();
}

void QueryClient::setMetricMetadataSource(std::function<std::vector<scrape::MetricMetadata>()> source)
{
    std::lock_guard lock(m_metadataMutex);
    m_metadata = std::move(source);
}

std::vector<scrape::MetricMetadata> QueryClient::metricMetadata() const
{
    std::lock_guard lock(m_metadataMutex);
    return m_metadata ? m_metadata() : std::vector<scrape::MetricMetadata>();
}

} // namespace sg::services
