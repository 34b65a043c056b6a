// `sightglass bench-promql`: the same OpenMetrics file in Sightglass and in a real Prometheus; query_range timed
// over HTTP on both and the answers compared. The last line is the median speed-up.
#include "core/datadir/layout.h"
#include "bench_data.h"
#include "commands.h"

#include "core/api/api_server.h"
#include "core/services/query_client.h"
#include "core/logstore/memory_log_store.h"
#include "core/tsdb/store.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace sg::app {

using namespace Qt::StringLiterals;

namespace {


QString option(const QStringList& args, const QString& name, const QString& fallback = {})
{
    const auto i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args[i + 1] : fallback;
}

/// Runs a child to completion; prints its output when it fails.
bool runChild(const QString& program, const QStringList& args, int timeoutMs)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForStarted() || !p.waitForFinished(timeoutMs) || p.exitStatus() != QProcess::NormalExit
        || p.exitCode() != 0) {
        std::fprintf(stderr, "%s %s failed:\n%s\n", qPrintable(program), qPrintable(args.join(u' ')),
            p.readAll().right(4000).constData());
        return false;
    }
    return true;
}

struct HttpAnswer
{
    int status = 0;
    QByteArray body;
    double seconds = 0;
};

HttpAnswer httpGet(QNetworkAccessManager& nam, const QUrl& url, int timeoutMs = 300'000)
{
    QElapsedTimer timer;
    timer.start();
    // Both servers are asked for the same encoding: uncompressed JSON (Qt would otherwise ask for gzip, which
    // Prometheus sends and Sightglass does not, so the two would not do the same work).
    QNetworkRequest request(url);
    request.setRawHeader("Accept-Encoding", "identity");
    QNetworkReply* reply = nam.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpAnswer a;
    a.seconds = double(timer.nsecsElapsed()) / 1e9;
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.body = reply->readAll();
    reply->abort();
    reply->deleteLater();
    return a;
}

bool waitReady(QNetworkAccessManager& nam, const QUrl& base, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    QUrl url = base;
    url.setPath(u"/-/ready"_s);
    while (timer.elapsed() < timeoutMs) {
        if (httpGet(nam, url, 2000).status == 200)
            return true;
        QThread::msleep(100);
    }
    return false;
}

/// A matrix answer by series (labels as canonical text) → (t, value) points.
using Matrix = std::map<QString, std::vector<std::pair<double, double>>>;

std::optional<Matrix> parseMatrix(const QByteArray& body, QString& error)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    if (root.value(u"status"_s).toString() != u"success"_s) {
        error = root.value(u"error"_s).toString();
        if (error.isEmpty())
            error = QString::fromUtf8(body.left(300));
        return std::nullopt;
    }
    Matrix m;
    for (const auto& sv : root.value(u"data"_s).toObject().value(u"result"_s).toArray()) {
        const QJsonObject s = sv.toObject();
        const QJsonObject metric = s.value(u"metric"_s).toObject();
        QStringList parts;
        for (auto it = metric.begin(); it != metric.end(); ++it)
            parts << it.key() + u"="_s + it.value().toString();
        parts.sort();
        auto& points = m[parts.join(u',')];
        for (const auto& pv : s.value(u"values"_s).toArray()) {
            const QJsonArray p = pv.toArray();
            points.emplace_back(p[0].toDouble(), p[1].toString().toDouble());
        }
    }
    return m;
}

bool closeEnough(double a, double b, double tolerance)
{
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    if (a == b)
        return true;
    return std::fabs(a - b) <= tolerance * std::max(std::fabs(a), std::fabs(b));
}

/// Empty when the answers agree, else the first difference.
QString compareMatrices(const Matrix& ours, const Matrix& theirs, double tolerance)
{
    if (ours.size() != theirs.size())
        return u"%1 series vs Prometheus' %2"_s.arg(ours.size()).arg(theirs.size());
    for (const auto& [labels, points] : theirs) {
        const auto it = ours.find(labels);
        if (it == ours.end())
            return u"series {%1} missing"_s.arg(labels);
        if (it->second.size() != points.size())
            return u"{%1}: %2 points vs Prometheus' %3"_s.arg(labels).arg(it->second.size()).arg(points.size());
        for (std::size_t i = 0; i < points.size(); ++i) {
            const auto& [t, v] = points[i];
            const auto& [ot, ov] = it->second[i];
            if (std::fabs(t - ot) > 1e-6 || !closeEnough(ov, v, tolerance))
                return u"{%1} at %2: %3 vs Prometheus' %4 (at %5)"_s.arg(labels)
                    .arg(ot, 0, 'f', 3)
                    .arg(ov, 0, 'g', 17)
                    .arg(v, 0, 'g', 17)
                    .arg(t, 0, 'f', 3);
        }
    }
    return {};
}

struct BenchQuery
{
    QString expr;
    qint64 stepSeconds;
};

int benchUsage()
{
    std::fprintf(stderr, "usage: sightglass bench-promql --data-dir DIR [--prometheus] [--series 2000] [--hours 24] "
                         "[--runs 5] [--query EXPR]...\n");
    return 2;
}

} // namespace

int runBenchPromql(int& argc, char** argv, const QStringList& args)
{
    const QString dataDir = option(args, u"--data-dir"_s);
    if (dataDir.isEmpty())
        return benchUsage();
    const bool withPrometheus = args.contains(u"--prometheus"_s);
    const int series = option(args, u"--series"_s, u"2000"_s).toInt();
    const int hours = option(args, u"--hours"_s, u"24"_s).toInt();
    const int runs = std::max(1, option(args, u"--runs"_s, u"5"_s).toInt());
    if (series < 20 || hours < 2)
        return benchUsage();
    QCoreApplication app(argc, argv);
    // DIR is a benchmark's own folder (kept between runs), never a user's data dir unless --force says so.
    if (auto error = datadir::prepareScratchDir(dataDir, args.contains(u"--force"_s), false)) {
        std::fprintf(stderr, "bench-promql: %s\n", error->message.c_str());
        return 1;
    }
    const QString omFile = dataDir + u"/bench.om"_s;
    const QString sgDir = dataDir + u"/sightglass"_s;
    const QString promDir = dataDir + u"/prometheus"_s;
    const QString tag = u"%1x%2h"_s.arg(series).arg(hours);

    // 1. The file, once per shape (kept in DIR for later runs); both stores rebuilt from it when the shape changes.
    QElapsedTimer timer;
    timer.start();
    QFile stamp(dataDir + u"/shape"_s);
    const bool fresh = !stamp.open(QIODevice::ReadOnly) || QString::fromUtf8(stamp.readAll()) != tag;
    stamp.close();
    if (fresh) {
        QDir(sgDir).removeRecursively();
        QDir(promDir).removeRecursively();
        auto written = generateOpenMetrics(omFile, series, hours);
        if (!written) {
            std::fprintf(stderr, "bench-promql: %s\n", written.error().message.c_str());
            return 1;
        }
        std::printf("generated %zu samples (%d series x %d h x 15 s) in %.1f s: %s\n", *written, series, hours,
            double(timer.elapsed()) / 1000, qPrintable(omFile));
        // 2. Sightglass: the import subcommand, as a user runs it.
        timer.restart();
        if (!runChild(QCoreApplication::applicationFilePath(),
                { u"import"_s, u"openmetrics"_s, omFile, u"--data-dir"_s, sgDir, u"--retention.time"_s, u"0"_s }, 3'600'000))
            return 1;
        std::printf("sightglass import: %.1f s\n", double(timer.elapsed()) / 1000);
    }
    const QString prometheus = QStandardPaths::findExecutable(u"prometheus"_s);
    const QString promtool = QStandardPaths::findExecutable(u"promtool"_s);
    if (withPrometheus && (prometheus.isEmpty() || promtool.isEmpty())) {
        std::fprintf(stderr, "bench-promql: --prometheus needs prometheus and promtool on PATH (Debian: prometheus)\n");
        return 1;
    }
    if (withPrometheus && (fresh || !QDir(promDir).exists())) {
        timer.restart();
        QDir().mkpath(promDir);
        if (!runChild(promtool,
                { u"tsdb"_s, u"create-blocks-from"_s, u"openmetrics"_s, u"--max-block-duration=24h"_s, omFile, promDir },
                3'600'000))
            return 1;
        std::printf("promtool create-blocks-from openmetrics: %.1f s\n", double(timer.elapsed()) / 1000);
    }
    if (fresh) {
        QFile out(dataDir + u"/shape"_s);
        if (out.open(QIODevice::WriteOnly))
            out.write(tag.toUtf8());
    }

    // 3. Sightglass' API in this process over the imported store; Prometheus as a child.
    timer.restart();
    tsdb::StoreOptions storeOptions;
    storeOptions.retention = 0; // the generated history has fixed timestamps in the past
    auto opened = tsdb::Store::open((sgDir + u"/metrics"_s).toStdString(), storeOptions);
    if (!opened) {
        std::fprintf(stderr, "bench-promql: %s\n", opened.error().message.c_str());
        return 1;
    }
    std::shared_ptr<tsdb::Store> store(std::move(*opened));
    std::printf("sightglass store opened in %.1f s\n", double(timer.elapsed()) / 1000);
    api::ApiServerOptions apiOptions;
    apiOptions.workerThreads = 2;
    // Engine against engine: Prometheus keeps no results cache, so neither does Sightglass here.
    services::QueryClientOptions clientOptions;
    clientOptions.cacheBytes = 0;
    services::QueryClient client(store, std::make_shared<logs::MemoryLogStore>(), clientOptions);
    api::ApiServer server(&client, [](const logs::PushBatch&) { return logs::PushStats {}; }, nullptr, apiOptions);
    auto port = server.listen();
    if (!port) {
        std::fprintf(stderr, "bench-promql: %s\n", port.error().message.c_str());
        return 1;
    }
    const QUrl sgUrl = server.url();

    QProcess promProcess;
    QUrl promUrl;
    QTemporaryDir promConfigDir;
    if (withPrometheus) {
        const QString config = promConfigDir.filePath(u"prometheus.yml"_s);
        QFile cf(config);
        cf.open(QIODevice::WriteOnly);
        cf.write("global:\n  scrape_interval: 1h\nscrape_configs: []\n");
        cf.close();
        const quint16 promPort = freePort();
        promUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(promPort));
        promProcess.setProcessChannelMode(QProcess::MergedChannels);
        promProcess.setStandardOutputFile(QProcess::nullDevice());
        promProcess.start(prometheus,
            { u"--config.file="_s + config, u"--storage.tsdb.path="_s + promDir,
                u"--storage.tsdb.retention.time=10y"_s, u"--web.listen-address=127.0.0.1:%1"_s.arg(promPort),
                u"--query.max-samples=500000000"_s });
        QNetworkAccessManager probe;
        if (!promProcess.waitForStarted() || !waitReady(probe, promUrl, 120'000)) {
            std::fprintf(stderr, "bench-promql: prometheus did not become ready on %s\n", qPrintable(promUrl.toString()));
            return 1;
        }
    }

    // 4. The queries; evaluation times sit off the 15 s grid (2.x closes range selectors on the left, 3.x opens).
    std::vector<BenchQuery> queries = {
        { u"sum by (job) (rate(http_requests_total[5m]))"_s, 60 },
        { u"sum by (job) (rate(http_requests_total[5m]))"_s, 15 },
        { u"histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))"_s, 60 },
        { u"sum by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m]))"_s, 60 },
        { u"topk(5, sum by (instance) (rate(http_requests_total{code=\"500\"}[5m])))"_s, 60 },
        { u"count({__name__=~\".+\"})"_s, 60 },
        { u"node_filesystem_avail_ratio"_s, 60 },
        { u"histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket[1h])))"_s, 60 },
    };
    for (int i = 0; i + 1 < args.size(); ++i)
        if (args[i] == u"--query"_s)
            queries.push_back({ args[i + 1], 60 });
    // From the first hour on, so that every range (at most 1h) lies inside the data: where a series starts inside
    // the range, 2.x and 3.x extrapolate rate() differently.
    const double start = double(BenchStartSeconds) + 3600 + 7.25;
    const double span = double(hours) * 3600 - 3600 - 60;
    QNetworkAccessManager nam;
    nam.setAutoDeleteReplies(false);
    auto rangeUrl = [&](const QUrl& base, const BenchQuery& q) {
        QUrl url = base;
        url.setPath(u"/api/v1/query_range"_s);
        const qint64 steps = qint64(std::floor(span / double(q.stepSeconds)));
        url.setQuery(u"query="_s + QString::fromLatin1(QUrl::toPercentEncoding(q.expr)) + u"&start="_s
            + QString::number(start, 'f', 3) + u"&end="_s
            + QString::number(start + double(steps * q.stepSeconds), 'f', 3) + u"&step="_s
            + QString::number(q.stepSeconds));
        return url;
    };

    std::printf("\n| query | step | series | Sightglass | Prometheus 2.42 | speed-up | agree |\n|---|---|---|---|---|---|---|\n");
    std::vector<double> speedups, ourMedians;
    int disagreements = 0, failures = 0;
    for (const auto& q : queries) {
        std::vector<double> ours, theirs;
        HttpAnswer sgAnswer, promAnswer;
        for (int r = 0; r < runs; ++r) {
            sgAnswer = httpGet(nam, rangeUrl(sgUrl, q));
            ours.push_back(sgAnswer.seconds);
            if (withPrometheus) {
                promAnswer = httpGet(nam, rangeUrl(promUrl, q));
                theirs.push_back(promAnswer.seconds);
            }
        }
        ourMedians.push_back(median(ours));
        QString error;
        const auto ourMatrix = parseMatrix(sgAnswer.body, error);
        if (!ourMatrix) {
            std::fprintf(stderr, "sightglass: %s: %s\n", qPrintable(q.expr), qPrintable(error));
            ++failures;
            continue;
        }
        QString agree = u"-"_s;
        double speedup = 0;
        if (withPrometheus) {
            const auto promMatrix = parseMatrix(promAnswer.body, error);
            if (!promMatrix) {
                std::fprintf(stderr, "prometheus: %s: %s\n", qPrintable(q.expr), qPrintable(error));
                ++failures;
                continue;
            }
            const QString diff = compareMatrices(*ourMatrix, *promMatrix, 1e-6);
            agree = diff.isEmpty() ? u"yes"_s : u"NO"_s;
            if (!diff.isEmpty()) {
                ++disagreements;
                std::fprintf(stderr, "DISAGREE %s: %s\n", qPrintable(q.expr), qPrintable(diff));
            }
            speedup = median(theirs) / std::max(1e-9, median(ours));
            speedups.push_back(speedup);
        }
        std::printf("| `%s` | %llds | %zu | %.1f ms | %s | %s | %s |\n", qPrintable(q.expr),
            static_cast<long long>(q.stepSeconds), ourMatrix->size(), median(ours) * 1000,
            withPrometheus ? qPrintable(u"%1 ms"_s.arg(median(theirs) * 1000, 0, 'f', 1)) : "-",
            withPrometheus ? qPrintable(u"%1x"_s.arg(speedup, 0, 'f', 2)) : "-", qPrintable(agree));
        std::fflush(stdout);
    }
    if (withPrometheus) {
        promProcess.terminate();
        if (!promProcess.waitForFinished(15'000))
            promProcess.kill();
    }
    std::printf("%d queries, %d disagree, %d failed\n", int(queries.size()), disagreements, failures);
    if (withPrometheus)
        std::printf("bench-promql: median speed-up %.2fx (min %.2fx) over Prometheus 2.42\n", median(speedups),
            speedups.empty() ? 0.0 : *std::min_element(speedups.begin(), speedups.end()));
    else
        std::printf("bench-promql: median query time %.1f ms (no --prometheus)\n", median(ourMedians) * 1000);
    return disagreements + failures == 0 ? 0 : 1;
}

} // namespace sg::app
