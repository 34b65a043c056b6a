// Data safety with the real binary on real filesystems: every command shares one data-dir layout (`import`
// included) and refuses data its retention would delete; a data dir is held by one process at a time and a
// crashed holder's lock is taken over; a store that cannot open stops `serve`; a full disk turns pushes into
// 500s and `/-/ready` into a 503 with the reason, while every acknowledged line stays; benchmarks never delete
// what they did not make. The filesystem cases mount a small tmpfs (they need root; without it they skip).
#include "tests/common/require_peer.h"
#include "../api/http_helpers.h"

#include "core/common/time.h"
#include "core/datadir/layout.h"
#include "core/services/workbench.h"
#include "core/logstore/store.h"
#include "core/tsdb/store.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/mount.h>

using namespace Qt::StringLiterals;
using namespace sg;
using namespace sg::testing;

namespace {

constexpr qint64 Day = 24LL * 3600 * 1000;

struct Run
{
    int exitCode = -1;
    QString out, err;
};

Run run(const QStringList& args, int timeoutMs = 60'000)
{
    QProcess p;
    p.start(QStringLiteral(SG_BINARY), args);
    if (!p.waitForFinished(timeoutMs))
        p.kill();
    p.waitForFinished();
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
        QString::fromUtf8(p.readAllStandardError()) };
}

/// An OpenMetrics file of `samples` samples of `demo_imported{i}`, one a minute, the last `ageMs` ago.
QString writeOpenMetrics(const QString& path, qint64 ageMs, int samples = 30)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    const qint64 last = sg::nowMs() - ageMs;
    f.write("# TYPE demo_imported gauge\n");
    for (int i = 0; i < samples; ++i) {
        const qint64 t = last - qint64(samples - 1 - i) * 60'000;
        f.write("demo_imported " + QByteArray::number(i) + " " + QByteArray::number(double(t) / 1000.0, 'f', 3) + "\n");
    }
    f.write("# EOF\n");
    return path;
}

/// A tmpfs of `size` mounted at `dir` for the life of this object; `ok()` false when mounting is not allowed.
class Tmpfs
{
public:
    Tmpfs(const QString& dir, const QByteArray& size)
        : m_dir(dir.toLocal8Bit())
    {
        m_ok = ::mount("tmpfs", m_dir.constData(), "tmpfs", 0, ("size=" + size).constData()) == 0;
    }
    ~Tmpfs()
    {
        if (m_ok)
            ::umount2(m_dir.constData(), MNT_DETACH);
    }
    bool ok() const { return m_ok; }
    bool remountReadOnly()
    {
        return ::mount("tmpfs", m_dir.constData(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
    }

private:
    QByteArray m_dir;
    bool m_ok = false;
};

} // namespace

class TestDataSafety : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void importGoesWhereServeReads();
    void importRefusesWhatRetentionWouldDelete();
    void secondInstanceIsRefusedAndStaleLockTakenOver();
    void storeThatCannotOpenStopsServe();
    void readOnlyFilesystemStopsServe();
    void readOnlyFilesystemKeepsDataQueryable();
    void fullDiskIsVisibleAndLosesNothingAcknowledged();
    void benchmarksNeverDeleteWhatTheyDidNotMake();

private:
    /// The value of an instant PromQL query that answers one series (at `timeMs`, or now), or "" with a failure.
    QString queryOne(const QUrl& base, const QString& query, qint64 timeMs = 0);
    /// Starts `serve` on `dataDir`; returns its base URL once /-/ready answers, or an empty URL.
    QUrl startServe(QProcess& process, const QString& dataDir, const QStringList& extra = {});
    QNetworkAccessManager m_nam;
};

QUrl TestDataSafety::startServe(QProcess& process, const QString& dataDir, const QStringList& extra)
{
    const quint16 port = freePort();
    process.setProgram(QStringLiteral(SG_BINARY));
    process.setArguments(QStringList { u"serve"_s, u"--listen"_s, u"127.0.0.1:"_s + QString::number(port),
                             u"--data-dir"_s, dataDir, u"--no-demo"_s }
        + extra);
    process.start();
    if (!process.waitForStarted(5000))
        return {};
    const QUrl base(u"http://127.0.0.1:"_s + QString::number(port));
    for (int i = 0; i < 200 && process.state() == QProcess::Running; ++i) {
        if (httpGet(m_nam, base, u"/-/ready"_s).status == 200)
            return base;
        QTest::qWait(50);
    }
    return {};
}

QString TestDataSafety::queryOne(const QUrl& base, const QString& query, qint64 timeMs)
{
    QUrlQuery q;
    q.addQueryItem(u"query"_s, query);
    if (timeMs)
        q.addQueryItem(u"time"_s, QString::number(double(timeMs) / 1000.0, 'f', 3));
    const auto r = httpGet(m_nam, base, u"/api/v1/query"_s, q);
    const auto result = r.json().value(u"data"_s).toObject().value(u"result"_s).toArray();
    if (r.status != 200 || result.size() != 1)
        return {};
    return result.at(0).toObject().value(u"value"_s).toArray().at(1).toString();
}

void TestDataSafety::importGoesWhereServeReads()
{
    QTemporaryDir dir;
    const QString data = dir.filePath(u"data"_s);
    const Run imported = run({ u"import"_s, u"openmetrics"_s, writeOpenMetrics(dir.filePath(u"a.om"_s), 3600'000),
        u"--data-dir"_s, data });
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
    QVERIFY(QFile::exists(data + u"/metrics/catalog.sqlite"_s));
    QVERIFY(!QFile::exists(data + u"/catalog.sqlite"_s));

    QProcess server;
    const QUrl base = startServe(server, data);
    QVERIFY2(base.isValid(), qPrintable(QString::fromUtf8(server.readAllStandardError())));
    QCOMPARE(queryOne(base, u"count_over_time(demo_imported[2h])"_s), u"30"_s);
    server.terminate();
    QVERIFY(server.waitForFinished(10'000));
}

void TestDataSafety::importRefusesWhatRetentionWouldDelete()
{
    QTemporaryDir dir;
    const QString data = dir.filePath(u"data"_s);
    const QString file = writeOpenMetrics(dir.filePath(u"old.om"_s), 40 * Day);
    const Run refused = run({ u"import"_s, u"openmetrics"_s, file, u"--data-dir"_s, data });
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(u"older than the metric store's retention (15d"_s)
            && refused.err.contains(u"nothing was imported"_s),
        qPrintable(refused.err));
    const auto suggested = QRegularExpression(u"--retention.time (\\w+)"_s).match(refused.err);
    QVERIFY2(suggested.hasMatch(), qPrintable(refused.err));
    QCOMPARE(suggested.captured(1), u"42d"_s); // 40 days and some seconds, with a day to spare

    const Run accepted = run({ u"import"_s, u"openmetrics"_s, file, u"--data-dir"_s, data, u"--retention.time"_s,
        suggested.captured(1) });
    QVERIFY2(accepted.exitCode == 0, qPrintable(accepted.err));
    QFile settings(data + u"/storage.yml"_s);
    QVERIFY(settings.open(QIODevice::ReadOnly));
    QVERIFY(settings.readAll().contains("retention_time: 42d"));

    // A later start without flags keeps the data dir's retention, and the old samples.
    QProcess server;
    const QUrl base = startServe(server, data);
    QVERIFY(base.isValid());
    QCOMPARE(queryOne(base, u"count_over_time(demo_imported[1h])"_s, sg::nowMs() - 40 * Day), u"30"_s);
    server.terminate();
    QVERIFY(server.waitForFinished(10'000));
    QVERIFY2(QString::fromUtf8(server.readAllStandardOutput()).contains(u"metrics 42d, no size limit"_s),
        "serve does not print the retention in force");
}

void TestDataSafety::secondInstanceIsRefusedAndStaleLockTakenOver()
{
    QTemporaryDir dir;
    QProcess first;
    QVERIFY(startServe(first, dir.path()).isValid());
    const qint64 firstPid = first.processId();
    const QString holder = u"in use by sightglass serve (pid %1"_s.arg(firstPid);

    QProcess second;
    QVERIFY(!startServe(second, dir.path()).isValid());
    QVERIFY(second.state() == QProcess::NotRunning || second.waitForFinished(10'000));
    QCOMPARE(second.exitCode(), 1);
    const QString err = QString::fromUtf8(second.readAllStandardError());
    QVERIFY2(err.contains(holder) && err.contains(dir.path()), qPrintable(err));

    const Run import = run({ u"import"_s, u"openmetrics"_s, writeOpenMetrics(dir.filePath(u"a.om"_s), 0),
        u"--data-dir"_s, dir.path() });
    QCOMPARE(import.exitCode, 1);
    QVERIFY2(import.err.contains(holder), qPrintable(import.err));

    // Killed, the first leaves its record behind; the next start takes the lock over and says from whom.
    ::kill(pid_t(first.processId()), SIGKILL);
    QVERIFY(first.waitForFinished(10'000));
    QProcess third;
    third.setProcessChannelMode(QProcess::MergedChannels);
    QVERIFY(startServe(third, dir.path()).isValid());
    third.terminate();
    QVERIFY(third.waitForFinished(10'000));
    const QString out = QString::fromUtf8(third.readAll());
    QVERIFY2(out.contains(u"took over the lock"_s) && out.contains(u"pid %1"_s.arg(firstPid)), qPrintable(out));
    QCOMPARE(third.exitCode(), 0);
}

void TestDataSafety::storeThatCannotOpenStopsServe()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(u"metrics"_s)); // a file where the metric store's folder belongs
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    QProcess server;
    QVERIFY(!startServe(server, dir.path()).isValid());
    QVERIFY(server.state() == QProcess::NotRunning || server.waitForFinished(10'000));
    QCOMPARE(server.exitCode(), 1);
    const QString err = QString::fromUtf8(server.readAllStandardError());
    QVERIFY2(err.contains(u"metric store %1/metrics cannot open"_s.arg(dir.path())), qPrintable(err));
}

void TestDataSafety::readOnlyFilesystemStopsServe()
{
    QTemporaryDir dir;
    Tmpfs fs(dir.path(), "4m");
    SG_REQUIRE_PEER(fs.ok(), "cannot mount a tmpfs here (needs root): the read-only filesystem case cannot run");
    QVERIFY(QDir().mkpath(dir.filePath(u"data"_s)));
    QVERIFY(fs.remountReadOnly());
    QProcess server;
    QVERIFY(!startServe(server, dir.filePath(u"data"_s)).isValid());
    QVERIFY(server.state() == QProcess::NotRunning || server.waitForFinished(10'000));
    QCOMPARE(server.exitCode(), 1);
    const QString err = QString::fromUtf8(server.readAllStandardError());
    QVERIFY2(err.contains(dir.filePath(u"data"_s)) && err.contains(u"Read-only file system"_s), qPrintable(err));
}

void TestDataSafety::readOnlyFilesystemKeepsDataQueryable()
{
    QTemporaryDir dir;
    Tmpfs fs(dir.path(), "16m");
    SG_REQUIRE_PEER(fs.ok(), "cannot mount a tmpfs here (needs root): the read-only filesystem case cannot run");
    const QString data = dir.filePath(u"data"_s);
    QVERIFY(QDir().mkpath(datadir::metricsDir(data)));
    // A metric store with samples in a persisted block and more in its WAL only, as a kill leaves it.
    const TimestampMs t0 = nowMs() - 600'000;
    {
        tsdb::StoreOptions options;
        options.persistOnClose = false;
        auto store = tsdb::Store::open(datadir::metricsDir(data).toStdString(), options);
        QVERIFY(store.ok());
        tsdb::AppendBatch first, second;
        for (int i = 0; i < 10; ++i)
            (i < 5 ? first : second).samples.push_back({ Labels { { "__name__", "kept_metric" } }, t0 + i * 15'000, double(i) });
        QVERIFY((*store)->append(first).error.empty());
        QVERIFY(!(*store)->persist());
        QVERIFY((*store)->append(second).error.empty());
    }
    {
        logs::StoreOptions options;
        options.flushOnClose = false; // the lines stay in the log store's WAL
        auto store = logs::Store::open(datadir::logsDir(data).toStdString(), options);
        QVERIFY(store.ok());
        logs::PushBatch lines;
        lines.streams.push_back({ Labels { { "app", "kept" } }, {} });
        for (int i = 0; i < 7; ++i)
            lines.streams[0].entries.push_back({ msToNs(t0 + i * 1000), "kept line " + std::to_string(i), {} });
        QCOMPARE((*store)->push(lines).accepted, std::size_t(7));
    }
    QVERIFY(fs.remountReadOnly());

    // The window's workbench (not serve): it keeps running and shows what the data dir holds.
    services::WorkbenchOptions options;
    options.dataDir = data;
    options.demo = false;
    services::Workbench workbench(options);
    auto error = workbench.start();
    QVERIFY2(!error, error ? error->message.c_str() : "");
    const auto health = workbench.storageHealth(true);
    QCOMPARE(health.size(), std::size_t(2));
    const auto& metrics = health[0];
    QVERIFY(metrics.failed() && metrics.readOnly);
    QVERIFY2(metrics.summary().contains(u"Read-only file system"_s) && metrics.summary().contains(u"read-only: its data can be queried"_s),
        qPrintable(metrics.summary()));
    QVERIFY(metrics.diskBytes > 0);
    QVERIFY(health[1].failed() && health[1].readOnly);
    auto answer = workbench.queryClient()->evalPromQL("count_over_time(kept_metric[1h])", nowMs(), nowMs(), 0);
    QVERIFY(answer.ok());
    QCOMPARE(answer->value.vector.size(), std::size_t(1));
    QCOMPARE(answer->value.vector[0].v, 10.0); // the block's five and the WAL's five
    logql::QueryParams params;
    params.start = msToNs(t0 - 60'000);
    params.end = nowNs();
    auto lines = workbench.queryClient()->evalLogQL("{app=\"kept\"}", params);
    QVERIFY(lines.ok());
    QCOMPARE(lines->streams.size(), std::size_t(1));
    QCOMPARE(lines->streams[0].entries.size(), std::size_t(7));
}

void TestDataSafety::fullDiskIsVisibleAndLosesNothingAcknowledged()
{
    QTemporaryDir dir;
    Tmpfs fs(dir.path(), "6m");
    SG_REQUIRE_PEER(fs.ok(), "cannot mount a tmpfs here (needs root): the full-disk case cannot run");
    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    const QUrl base = startServe(server, dir.path() + u"/data"_s);
    QVERIFY2(base.isValid(), qPrintable(QString::fromUtf8(server.readAll())));

    // Pushes of ~64 KiB of poorly compressible lines until the disk is full.
    const qint64 baseNs = (sg::nowMs() - 600'000) * 1'000'000;
    QSet<QString> acknowledged;
    HttpResult failure;
    qint64 seq = 0;
    for (int batch = 0; batch < 400 && failure.status == 0; ++batch) {
        QByteArray body = R"({"streams":[{"stream":{"job":"full"},"values":[)";
        QStringList lines;
        for (int i = 0; i < 64; ++i, ++seq) {
            QByteArray noise(384, Qt::Uninitialized);
            for (auto& c : noise)
                c = char(QRandomGenerator::global()->bounded(0x21, 0x7e));
            noise.replace('"', 'q').replace('\\', 'b');
            const QString text = u"line %1 "_s.arg(seq) + QString::fromLatin1(noise);
            body += QByteArray(i ? "," : "") + "[\"" + QByteArray::number(baseNs + seq) + "\",\"" + text.toUtf8() + "\"]";
            lines << text;
        }
        body += "]}]}";
        const auto r = httpPost(m_nam, base, u"/loki/api/v1/push"_s, body, "application/json");
        if (r.status == 204) {
            for (const auto& l : lines)
                acknowledged.insert(l);
        } else {
            failure = r;
        }
    }
    QCOMPARE(failure.status, 500);
    QVERIFY2(failure.body.contains("No space left on device"), failure.body.constData());
    QVERIFY2(acknowledged.size() > 64, "the disk filled before anything was stored");

    const auto ready = httpGet(m_nam, base, u"/-/ready"_s);
    QCOMPARE(ready.status, 503);
    QVERIFY2(ready.body.contains("logs store") && ready.body.contains("No space left on device"), ready.body.constData());

    QUrlQuery q;
    q.addQueryItem(u"query"_s, u"{job=\"full\"}"_s);
    q.addQueryItem(u"start"_s, QString::number(baseNs - 1'000'000'000));
    q.addQueryItem(u"end"_s, QString::number(baseNs + seq + 1'000'000'000));
    q.addQueryItem(u"limit"_s, QString::number(seq + 10));
    const auto r = httpGet(m_nam, base, u"/loki/api/v1/query_range"_s, q);
    QCOMPARE(r.status, 200);
    QSet<QString> stored;
    for (const auto& s : r.json().value(u"data"_s).toObject().value(u"result"_s).toArray())
        for (const auto& v : s.toObject().value(u"values"_s).toArray())
            stored.insert(v.toArray().at(1).toString());
    for (const auto& line : acknowledged)
        QVERIFY2(stored.contains(line), qPrintable(u"acknowledged line lost: "_s + line.left(40)));
    server.terminate();
    QVERIFY(server.waitForFinished(20'000));
    QVERIFY2(QString::fromUtf8(server.readAll()).contains(u"logs store %1/data/logs: write failed"_s.arg(dir.path())),
        "the failure is not in the log");
}

void TestDataSafety::benchmarksNeverDeleteWhatTheyDidNotMake()
{
    QTemporaryDir dir;
    const QString input = dir.filePath(u"input"_s);
    QVERIFY(QDir().mkpath(input));
    QFile(input + u"/app.log"_s).open(QIODevice::WriteOnly);
    // `ingest DIR` once deleted DIR: a folder is not a log file
    Run r = run({ u"bench-logs"_s, u"ingest"_s, input });
    QCOMPARE(r.exitCode, 2);
    QVERIFY(QFile::exists(input + u"/app.log"_s));

    const QString logFile = dir.filePath(u"lines.log"_s);
    QFile f(logFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    for (int i = 0; i < 100; ++i)
        f.write("level=info msg=\"hello " + QByteArray::number(i) + "\"\n");
    f.close();
    const QString users = dir.filePath(u"users-data"_s);
    QVERIFY(QDir().mkpath(users));
    QFile(users + u"/keep.txt"_s).open(QIODevice::WriteOnly);
    for (const QString& mode : { u"ingest"_s, u"push"_s }) {
        r = run({ u"bench-logs"_s, mode, logFile, u"--data-dir"_s, users });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"--force"_s), qPrintable(r.err));
        QVERIFY(QFile::exists(users + u"/keep.txt"_s));
    }
    // its own folder is fine, run after run
    const QString own = dir.filePath(u"bench-store"_s);
    for (int i = 0; i < 2; ++i) {
        r = run({ u"bench-logs"_s, u"ingest"_s, logFile, u"--data-dir"_s, own });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }
}

QTEST_GUILESS_MAIN(TestDataSafety)
#include "tst_data_safety.moc"
