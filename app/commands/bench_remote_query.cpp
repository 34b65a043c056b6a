// `sightglass bench-remote-query`: what a remote range query costs Sightglass beyond the remote's own time.
#include "bench_data.h"
#include "commands.h"

#include "core/remote/http_request.h"
#include "core/remote/remote_client.h"
#include "core/remote/remote_decode.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace sg::app {

namespace {

constexpr const char* Usage
    = "usage: sightglass bench-remote-query [--url URL] [--series 1000] [--hours 24] [--step 15s] [--runs 5] [--query EXPR]\n";

QString option(const QStringList& args, const QString& name, const QString& fallback)
{
    const auto i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args[i + 1] : fallback;
}

/// Backfills `series` x `hours` of the benchmarks' synthetic metrics into a Prometheus started here.
std::optional<QString> startPrometheus(QProcess& process, const QTemporaryDir& dir, int series, int hours)
{
    const QString prometheus = QStandardPaths::findExecutable(u"prometheus"_s);
    const QString promtool = QStandardPaths::findExecutable(u"promtool"_s);
    if (prometheus.isEmpty() || promtool.isEmpty()) {
        std::fprintf(stderr, "bench-remote-query: without --url it needs prometheus and promtool on PATH\n");
        return std::nullopt;
    }
    const QString om = dir.filePath(u"data.om"_s);
    if (auto generated = generateOpenMetrics(om, series, hours); !generated.ok()) {
        std::fprintf(stderr, "bench-remote-query: %s\n", generated.error().message.c_str());
        return std::nullopt;
    }
    QProcess blocks;
    blocks.setProcessChannelMode(QProcess::MergedChannels);
    blocks.start(promtool, { u"tsdb"_s, u"create-blocks-from"_s, u"openmetrics"_s, u"--max-block-duration=24h"_s, om,
                               dir.filePath(u"prom"_s) });
    if (!blocks.waitForFinished(3'600'000) || blocks.exitCode() != 0) {
        std::fprintf(stderr, "bench-remote-query: promtool failed: %s\n", blocks.readAll().right(2000).constData());
        return std::nullopt;
    }
    QFile config(dir.filePath(u"prometheus.yml"_s));
    if (!config.open(QIODevice::WriteOnly))
        return std::nullopt;
    config.write("global:\n  scrape_interval: 1h\nscrape_configs: []\n");
    config.close();
    const quint16 port = freePort();
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setStandardOutputFile(QProcess::nullDevice());
    process.start(prometheus, { u"--config.file="_s + config.fileName(), u"--storage.tsdb.path="_s + dir.filePath(u"prom"_s),
                                  u"--storage.tsdb.retention.time=10y"_s, u"--web.listen-address=127.0.0.1:%1"_s.arg(port),
                                  u"--query.max-samples=500000000"_s });
    const QString url = u"http://127.0.0.1:%1"_s.arg(port);
    remote::RemoteDatasource ds;
    ds.name = u"bench"_s;
    ds.url = url;
    for (int i = 0; i < 1200; ++i) {
        remote::HttpCall ready;
        ready.path = u"/-/ready"_s;
        if (remote::httpRequest(ds, ready).status == 200)
            return url;
        QThread::msleep(100);
    }
    std::fprintf(stderr, "bench-remote-query: prometheus did not become ready on %s\n", qPrintable(url));
    return std::nullopt;
}

} // namespace

int runBenchRemoteQuery(int& argc, char** argv, const QStringList& args)
{
    QCoreApplication app(argc, argv);
    if (args.contains(u"--help"_s)) {
        std::fputs(Usage, stdout);
        return 0;
    }
    const int series = option(args, u"--series"_s, u"1000"_s).toInt();
    const int hours = option(args, u"--hours"_s, u"24"_s).toInt();
    const int runs = std::max(1, option(args, u"--runs"_s, u"5"_s).toInt());
    const QString query = option(args, u"--query"_s, u"{__name__=~\".+\"}"_s);
    QTemporaryDir dir;
    QProcess prometheus;
    QString url = option(args, u"--url"_s, {});
    qint64 endMs = QDateTime::currentMSecsSinceEpoch();
    if (url.isEmpty()) {
        auto started = startPrometheus(prometheus, dir, series, hours);
        if (!started)
            return 1;
        url = *started;
        endMs = (BenchStartSeconds + qint64(hours) * 3600) * 1000;
    }
    remote::RemoteDatasource ds;
    ds.name = u"bench"_s;
    ds.url = url;
    ds.timeoutMs = 600'000;
    remote::RemoteQuery q;
    q.expr = query;
    q.toMs = endMs;
    q.fromMs = endMs - qint64(hours) * 3'600'000;
    q.stepMs = 15'000;
    const remote::RemoteClient client(ds);
    // The remote's own time: the same request, body received and nothing decoded.
    remote::HttpCall raw;
    raw.path = u"/api/v1/query_range"_s;
    raw.post = true;
    raw.params.addQueryItem(u"query"_s, query);
    raw.params.addQueryItem(u"start"_s, QString::number(double(q.fromMs) / 1000, 'f', 3));
    raw.params.addQueryItem(u"end"_s, QString::number(double(q.toMs) / 1000, 'f', 3));
    raw.params.addQueryItem(u"step"_s, u"15"_s);
    std::vector<double> remoteMs, fullMs, decodeMs;
    std::size_t points = 0, frames = 0;
    qint64 bytes = 0;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer t;
        t.start();
        const remote::HttpAnswer answer = remote::httpRequest(ds, raw);
        remoteMs.push_back(double(t.nsecsElapsed()) / 1e6);
        if (answer.error || answer.status != 200) {
            std::fprintf(stderr, "bench-remote-query: %s\n",
                answer.error ? answer.error->message.c_str() : answer.body.left(300).constData());
            return 1;
        }
        bytes = answer.body.size();
        t.restart();
        remote::RemoteAnswer decoded;
        remote::decodeEnvelope(std::string_view(answer.body.constData(), std::size_t(answer.body.size())),
            [&](remote::JsonCursor& c) { remote::decodeQueryData(c, decoded, u"A"_s, logs::Direction::Backward); });
        decodeMs.push_back(double(t.nsecsElapsed()) / 1e6);
        t.restart();
        const remote::RemoteAnswer full = client.query(q);
        fullMs.push_back(double(t.nsecsElapsed()) / 1e6);
        if (full.error) {
            std::fprintf(stderr, "bench-remote-query: %s\n", full.error->message.c_str());
            return 1;
        }
        frames = full.series.size();
        points = 0;
        for (const auto& f : full.series)
            points += f.values.size();
        std::printf("run %d: remote %.0f ms, decode %.0f ms, query through Sightglass %.0f ms\n", run + 1,
            remoteMs.back(), decodeMs.back(), fullMs.back());
    }
    const double remote = median(remoteMs), decode = median(decodeMs), full = median(fullMs);
    std::printf("%zu series, %zu points, %.1f MiB of JSON\n", frames, points, double(bytes) / (1 << 20));
    std::printf("median: remote's own time %.0f ms, decode into frames %.0f ms (%.1f M points/s), whole query %.0f ms\n",
        remote, decode, double(points) / decode / 1000, full);
    std::printf("overhead over the remote's own time: decode %.1f%%, whole query %.1f%%\n", 100 * decode / remote,
        100 * (full - remote) / remote);
    prometheus.terminate();
    prometheus.waitForFinished(10'000);
    return 0;
}

} // namespace sg::app
