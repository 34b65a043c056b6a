#pragma once

// Real stores for the remote datasource tests: an OpenMetrics file imported into a data dir with
// `sightglass import openmetrics`, and `sightglass serve` on such a dir acting as a remote Prometheus and Loki.
#include "core/remote/datasource_config.h"
#include "core/tsdb/memory_store.h"
#include "tests/api/http_helpers.h"
#include "tests/common/run_sightglass.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTest>

namespace sg::testing {

/// Writes `text` to `path`; false when it cannot.
inline bool writeTextFile(const QString& path, const QByteArray& text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

/// `sightglass import openmetrics FILE --data-dir DIR`; the run (exit code 0 when imported).
inline Run importOpenMetrics(const QString& file, const QString& dataDir)
{
    return runSightglass({ QStringLiteral("import"), QStringLiteral("openmetrics"), file, QStringLiteral("--data-dir"),
        dataDir, QStringLiteral("--retention.time"), QStringLiteral("3650d") });
}

/// Starts `sightglass serve --no-demo` on `dataDir` at a free loopback port; its base URL once it listens, empty
/// when it did not within 30 s (the process's output is then in `process`).
inline QString startServe(QProcess& process, const QString& dataDir)
{
    const quint16 port = freePort();
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(sightglassBinary(), { QStringLiteral("serve"), QStringLiteral("--listen"),
                                          QStringLiteral("127.0.0.1:") + QString::number(port), QStringLiteral("--no-demo"),
                                          QStringLiteral("--data-dir"), dataDir, QStringLiteral("--retention.time"),
                                          QStringLiteral("3650d") });
    QByteArray out;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 30'000 && process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(200);
        out += process.readAll();
        if (out.contains("listening on"))
            return QStringLiteral("http://127.0.0.1:") + QString::number(port);
    }
    qWarning("sightglass serve did not start: %s", out.constData());
    return {};
}

/// OpenMetrics text of `remote_only_requests_total{handler=H,zone="eu"}` for each of `handlers`: a counter of the
/// minutes since twenty minutes ago (0 then, 19 a minute ago), one sample a minute, with TYPE and HELP.
inline QByteArray minuteCounterOpenMetrics(const QList<QByteArray>& handlers)
{
    const qint64 nowS = QDateTime::currentSecsSinceEpoch();
    QByteArray om = "# TYPE remote_only_requests counter\n# HELP remote_only_requests Requests only the remote saw.\n";
    for (const QByteArray& handler : handlers)
        for (qint64 t = nowS - 1200; t <= nowS - 60; t += 60)
            om += "remote_only_requests_total{handler=\"" + handler + "\",zone=\"eu\"} "
                + QByteArray::number((t - nowS + 1200) / 60) + " " + QByteArray::number(t) + "\n";
    return om + "# EOF\n";
}

/// A remote holding what the embedded stores of a test do not: `metricsText` (OpenMetrics) imported into
/// DIR/remote, then `sightglass serve` on it with `logStream` (a JSON label object) holding `logLine`, pushed to its
/// Loki API five seconds back. Returns its base URL; empty, with the reason in `error`, when a step failed.
inline QString startRemoteServe(QProcess& process, const QString& dir, const QByteArray& metricsText,
    const QByteArray& logStream, const QByteArray& logLine, QByteArray* error)
{
    const QString file = dir + QStringLiteral("/remote.om");
    const QString dataDir = dir + QStringLiteral("/remote");
    if (!writeTextFile(file, metricsText)) {
        *error = "cannot write " + file.toUtf8();
        return {};
    }
    if (const Run imported = importOpenMetrics(file, dataDir); imported.exitCode != 0) {
        *error = imported.dump();
        return {};
    }
    const QString url = startServe(process, dataDir);
    if (url.isEmpty()) {
        *error = "sightglass serve did not start";
        return {};
    }
    QNetworkAccessManager nam;
    const QByteArray ns = QByteArray::number(QDateTime::currentMSecsSinceEpoch() - 5000) + "000000";
    const HttpResult pushed = httpPost(nam, QUrl(url), QStringLiteral("/loki/api/v1/push"),
        "{\"streams\":[{\"stream\":" + logStream + ",\"values\":[[\"" + ns + "\",\"" + logLine + "\"]]}]}",
        "application/json");
    if (pushed.status != 204) {
        *error = "push answered " + QByteArray::number(pushed.status);
        return {};
    }
    return url;
}

/// A Prometheus (uid "team") and a Loki (uid "team-logs") remote datasource, both at `url`.
inline std::vector<remote::RemoteDatasource> promAndLokiAt(const QString& url)
{
    remote::RemoteDatasource prom;
    prom.name = QStringLiteral("team-prom");
    prom.uid = QStringLiteral("team");
    prom.url = url;
    prom.timeoutMs = 10'000;
    remote::RemoteDatasource loki = prom;
    loki.name = QStringLiteral("team-loki");
    loki.uid = QStringLiteral("team-logs");
    loki.type = remote::RemoteType::Loki;
    return { prom, loki };
}

/// An embedded metric store with one series of `name` (job "here") over the last ten minutes.
inline std::shared_ptr<tsdb::MemoryStore> metricStoreWith(const std::string& name)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto metrics = std::make_shared<tsdb::MemoryStore>(365LL * 24 * 3600 * 1000);
    tsdb::AppendBatch batch;
    for (qint64 t = now - 600'000; t <= now; t += 15'000)
        batch.samples.push_back({ Labels { { "__name__", name }, { "job", "here" } }, t, 1 });
    metrics->append(batch);
    return metrics;
}

/// Stops a process started by a test: SIGTERM, then SIGKILL after 10 s.
inline void stopProcess(QProcess& process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(10'000))
        process.kill();
    process.waitForFinished(5'000);
}

} // namespace sg::testing
