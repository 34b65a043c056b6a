// The data dir's shared parts: retention values and flags as Prometheus writes them, the settings file, the
// layout (a metric store left at the top by an older import is moved into DIR/metrics), benchmark folders that
// are never someone else's, the lock between two holders, and the health a store reports in the self-metrics.
#include "core/datadir/layout.h"
#include "core/datadir/lock.h"
#include "core/datadir/settings.h"
#include "core/metrics/registry.h"
#include "core/services/store_health.h"
#include "core/services/workbench.h"
#include "core/tsdb/store.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace sg;
using namespace sg::datadir;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 Day = 24LL * 3600 * 1000;

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}
}

class TestDataDir : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void retentionTime_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms"); // -1: an error
        QTest::newRow("15d") << u"15d"_s << 15 * Day;
        QTest::newRow("1w2d") << u"1w2d"_s << 9 * Day;
        QTest::newRow("12h30m") << u"12h30m"_s << qint64((12 * 60 + 30) * 60'000);
        QTest::newRow("1y") << u"1y"_s << 365 * Day;
        QTest::newRow("500ms") << u"500ms"_s << qint64(500);
        QTest::newRow("zero is off") << u"0"_s << qint64(0);
        QTest::newRow("units out of order") << u"1h1d"_s << qint64(-1);
        QTest::newRow("no unit") << u"30"_s << qint64(-1);
        QTest::newRow("unknown unit") << u"3mo"_s << qint64(-1);
        QTest::newRow("empty") << QString() << qint64(-1);
        QTest::newRow("negative") << u"-1d"_s << qint64(-1);
    }
    void retentionTime()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        const auto r = parseRetentionTime(text);
        if (ms < 0) {
            QVERIFY2(!r.ok(), qPrintable(text));
            QVERIFY(!r.error().message.empty());
            return;
        }
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(*r, ms);
        QCOMPARE(*parseRetentionTime(formatRetentionTime(*r)), ms); // printed as it parses
    }

    void retentionSize_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("bytes"); // -1: an error
        // Prometheus' --storage.tsdb.retention.size is base 2: 1KB = 1024 B.
        QTest::newRow("20GB") << u"20GB"_s << (20LL << 30);
        QTest::newRow("512MB") << u"512MB"_s << (512LL << 20);
        QTest::newRow("1TiB") << u"1TiB"_s << (1LL << 40);
        QTest::newRow("100B") << u"100B"_s << qint64(100);
        QTest::newRow("1.5GB") << u"1.5GB"_s << (3LL << 29);
        QTest::newRow("zero is off") << u"0"_s << qint64(0);
        QTest::newRow("no unit") << u"20"_s << qint64(-1);
        QTest::newRow("lowercase") << u"20gb"_s << qint64(-1);
        QTest::newRow("unit only") << u"GB"_s << qint64(-1);
    }
    void retentionSize()
    {
        QFETCH(QString, text);
        QFETCH(qint64, bytes);
        const auto r = parseRetentionSize(text);
        if (bytes < 0) {
            QVERIFY2(!r.ok(), qPrintable(text));
            return;
        }
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(qint64(*r), bytes);
        QCOMPARE(qint64(*parseRetentionSize(formatRetentionSize(*r))), bytes);
    }

    void retentionFlags_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<qint64>("metricsTime");
        QTest::addColumn<qint64>("logsTime");
        QTest::addColumn<qint64>("metricsBytes");
        QTest::addColumn<qint64>("logsBytes");
        const qint64 keep = -2; // the settings' value stays
        QTest::newRow("both stores") << QStringList { u"--retention.time"_s, u"30d"_s } << 30 * Day << 30 * Day << keep << keep;
        QTest::newRow("= form") << QStringList { u"--retention.size=20GB"_s } << keep << keep << (20LL << 30) << (20LL << 30);
        QTest::newRow("prometheus time") << QStringList { u"--storage.tsdb.retention.time=90d"_s } << 90 * Day << keep << keep << keep;
        QTest::newRow("prometheus size") << QStringList { u"--storage.tsdb.retention.size"_s, u"1GB"_s } << keep << keep
                                         << (1LL << 30) << keep;
        QTest::newRow("prometheus deprecated") << QStringList { u"--storage.tsdb.retention"_s, u"2w"_s } << 14 * Day << keep
                                               << keep << keep;
        QTest::newRow("logs only") << QStringList { u"--logs.retention.time"_s, u"7d"_s, u"--logs.retention.size"_s, u"5GB"_s }
                                   << keep << 7 * Day << keep << (5LL << 30);
        QTest::newRow("metrics only") << QStringList { u"--metrics.retention.time"_s, u"0"_s } << qint64(0) << keep << keep << keep;
    }
    void retentionFlags()
    {
        QFETCH(QStringList, args);
        QFETCH(qint64, metricsTime);
        QFETCH(qint64, logsTime);
        QFETCH(qint64, metricsBytes);
        QFETCH(qint64, logsBytes);
        RetentionFlags flags;
        for (qsizetype i = 0; i < args.size(); ++i) {
            QString error;
            QVERIFY(parseRetentionFlag(args, i, flags, error));
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
        const StorageSettings base;
        const StorageSettings s = flags.applyTo(base);
        QCOMPARE(s.metrics.time, metricsTime == -2 ? base.metrics.time : metricsTime);
        QCOMPARE(s.logs.time, logsTime == -2 ? base.logs.time : logsTime);
        QCOMPARE(qint64(s.metrics.bytes), metricsBytes == -2 ? qint64(base.metrics.bytes) : metricsBytes);
        QCOMPARE(qint64(s.logs.bytes), logsBytes == -2 ? qint64(base.logs.bytes) : logsBytes);
    }

    void badFlagsSayWhy()
    {
        RetentionFlags flags;
        QString error;
        QStringList args { u"--retention.time"_s, u"forever"_s };
        qsizetype i = 0;
        QVERIFY(parseRetentionFlag(args, i, flags, error));
        QVERIFY2(error.contains(u"--retention.time"_s) && error.contains(u"forever"_s), qPrintable(error));
        args = { u"--retention.size"_s };
        i = 0;
        error.clear();
        QVERIFY(parseRetentionFlag(args, i, flags, error));
        QVERIFY2(error.contains(u"needs a value"_s), qPrintable(error));
        args = { u"--data-dir"_s, u"x"_s };
        i = 0;
        QVERIFY(!parseRetentionFlag(args, i, flags, error)); // not a retention flag: left to the caller
        QCOMPARE(i, 0);
    }

    void settingsFileRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"storage.yml"_s);
        QCOMPARE(*loadSettings(path), StorageSettings {}); // missing: the defaults (15d metrics, logs unlimited)
        QCOMPARE(StorageSettings {}.metrics.time, 15 * Day);
        StorageSettings s;
        s.metrics = { 90 * Day, 20ULL << 30 };
        s.logs = { 7 * Day, 0 };
        QVERIFY(!saveSettings(path, s));
        const auto back = loadSettings(path);
        QVERIFY(back.ok());
        QCOMPARE(*back, s);
        // a file written by hand, with only what the user wants to change
        writeFile(path, "storage:\n  logs:\n    retention_size: 5GB\n");
        const auto partial = loadSettings(path);
        QVERIFY(partial.ok());
        QCOMPARE(partial->logs.bytes, 5ULL << 30);
        QCOMPARE(partial->metrics.time, 15 * Day);
    }

    void badSettingsFileSaysWhere_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad duration") << QByteArray("storage:\n  metrics:\n    retention_time: 30 days\n")
                                      << u"storage.metrics.retention_time"_s;
        QTest::newRow("bad size") << QByteArray("storage:\n  logs:\n    retention_size: lots\n") << u"storage.logs.retention_size"_s;
        QTest::newRow("unknown key") << QByteArray("storage:\n  metrics:\n    retention: 30d\n") << u"unknown key \"retention\""_s;
        QTest::newRow("unknown store") << QByteArray("storage:\n  traces: {}\n") << u"unknown store \"traces\""_s;
        QTest::newRow("unknown section") << QByteArray("retention: 30d\n") << u"unknown key \"retention\""_s;
        QTest::newRow("not yaml") << QByteArray("storage: [\n") << u"storage.yml"_s;
    }
    void badSettingsFileSaysWhere()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"storage.yml"_s);
        writeFile(path, yaml);
        const auto r = loadSettings(path);
        QVERIFY(!r.ok());
        const QString text = QString::fromStdString(r.error().message);
        QVERIFY2(text.contains(message) && text.contains(path), qPrintable(text));
    }

    void configFileAndFlagsOverTheDataDir()
    {
        QTemporaryDir dir;
        const QString config = dir.filePath(u"sightglass-config.yml"_s);
        // a prometheus.yml-shaped file: Prometheus' own storage.tsdb is passed over, the logs retention is read
        writeFile(config, "storage:\n  tsdb:\n    out_of_order_time_window: 10m\n  logs:\n    retention_time: 3d\n"
                          "scrape_configs: []\n");
        const QString data = dir.filePath(u"data"_s);
        {
            services::WorkbenchOptions options;
            options.dataDir = data;
            options.configFile = config;
            options.demo = false;
            services::Workbench workbench(options);
            QVERIFY(!workbench.start());
            QCOMPARE(workbench.storageSettings().logs.time, 3 * Day);
            QCOMPARE(workbench.storageSettings().metrics.time, 15 * Day);
            QCOMPARE(workbench.storageHealth().at(1).retention.time, 3 * Day); // what the log store runs with
        }
        QCOMPARE(loadSettings(settingsPath(data))->logs.time, 3 * Day); // remembered by the data dir
        {
            services::WorkbenchOptions options;
            options.dataDir = data;
            options.configFile = config;
            options.demo = false;
            options.retention.logsTime = Day; // a flag wins over the config file
            services::Workbench workbench(options);
            QVERIFY(!workbench.start());
            QCOMPARE(workbench.storageSettings().logs.time, Day);
        }
        writeFile(config, "storage:\n  logs:\n    retention_time: soon\n");
        services::WorkbenchOptions options;
        options.dataDir = data;
        options.configFile = config;
        options.demo = false;
        services::Workbench workbench(options);
        const auto error = workbench.start();
        QVERIFY(error);
        QVERIFY2(QString::fromStdString(error->message).contains(u"storage.logs.retention_time"_s), error->message.c_str());
    }

    void metricStoreAtTheTopMovesIntoTheLayout()
    {
        QTemporaryDir dir;
        // What `import --data-dir DIR` wrote before every command shared one layout: the store at DIR itself.
        {
            tsdb::StoreOptions options;
            options.retention = 0;
            auto store = tsdb::Store::open(dir.path().toStdString(), options);
            QVERIFY(store.ok());
            tsdb::AppendBatch batch;
            batch.samples.push_back({ Labels { { "__name__", "up" } }, 1000, 1.0 });
            QCOMPARE(store.value()->append(batch).appended, std::size_t(1));
        }
        QString moved;
        QVERIFY(!prepare(dir.path(), &moved));
        QVERIFY2(moved.contains(metricsDir(dir.path())), qPrintable(moved));
        QVERIFY(!QFile::exists(dir.filePath(u"catalog.sqlite"_s)));
        tsdb::StoreOptions options;
        options.retention = 0;
        auto store = tsdb::Store::open(metricsDir(dir.path()).toStdString(), options);
        QVERIFY(store.ok());
        QCOMPARE(store.value()->sampleCount(), std::size_t(1));
        // a second prepare has nothing to do
        moved.clear();
        QVERIFY(!prepare(dir.path(), &moved));
        QVERIFY(moved.isEmpty());
    }

    void twoMetricStoresAreNotMerged()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(u"catalog.sqlite"_s), "x");
        QVERIFY(QDir().mkpath(metricsDir(dir.path())));
        writeFile(metricsDir(dir.path()) + u"/catalog.sqlite"_s, "y");
        const auto error = prepare(dir.path());
        QVERIFY(error);
        QVERIFY2(QString::fromStdString(error->message).contains(u"keep one"_s), error->message.c_str());
        QVERIFY(QFile::exists(dir.filePath(u"catalog.sqlite"_s))); // nothing moved or deleted
    }

    void scratchDirsAreNeverSomeoneElses()
    {
        QTemporaryDir dir;
        const QString user = dir.filePath(u"my-data"_s);
        QVERIFY(QDir().mkpath(user));
        writeFile(user + u"/precious.txt"_s, "keep me");
        auto refused = prepareScratchDir(user, false);
        QVERIFY(refused);
        QVERIFY2(QString::fromStdString(refused->message).contains(u"--force"_s), refused->message.c_str());
        QVERIFY(QFile::exists(user + u"/precious.txt"_s));

        const QString bench = dir.filePath(u"bench"_s);
        QVERIFY(!prepareScratchDir(bench, false)); // made here: marked
        writeFile(bench + u"/old-run.txt"_s, "x");
        QVERIFY(!prepareScratchDir(bench, false, false)); // kept between runs
        QVERIFY(QFile::exists(bench + u"/old-run.txt"_s));
        QVERIFY(!prepareScratchDir(bench, false)); // cleared: a benchmark made it
        QVERIFY(!QFile::exists(bench + u"/old-run.txt"_s));

        QVERIFY(!prepareScratchDir(user, true)); // --force
        QVERIFY(!QFile::exists(user + u"/precious.txt"_s));
    }

    void lockNamesItsHolder()
    {
        QTemporaryDir dir;
        auto first = DataDirLock::acquire(dir.path(), u"sightglass serve"_s);
        QVERIFY(first.ok());
        QVERIFY(!first.value()->tookOverFrom());
        // flock(2) locks belong to an open file: a second open in this very process is refused too
        auto second = DataDirLock::acquire(dir.path(), u"sightglass import"_s);
        QVERIFY(!second.ok());
        const QString message = QString::fromStdString(second.error().message);
        QVERIFY2(message.contains(u"sightglass serve (pid %1"_s.arg(::getpid())) && message.contains(dir.path()),
            qPrintable(message));
        first.value().reset();
        auto third = DataDirLock::acquire(dir.path(), u"sightglass import"_s);
        QVERIFY(third.ok());
        QVERIFY(!third.value()->tookOverFrom()); // the first stopped cleanly
    }

    void staleLockIsTakenOver()
    {
        QTemporaryDir dir;
        // A holder that died: its record is in the file, its flock went with it.
        writeFile(lockPath(dir.path()),
            R"({"pid":999999,"host":"elsewhere","command":"sightglass serve","since":"2026-01-01T00:00:00Z"})");
        auto lock = DataDirLock::acquire(dir.path(), u"sightglass"_s);
        QVERIFY(lock.ok());
        QVERIFY(lock.value()->tookOverFrom());
        QCOMPARE(lock.value()->tookOverFrom()->pid, qint64(999999));
        QVERIFY(lock.value()->tookOverFrom()->describe().startsWith(u"sightglass serve (pid 999999 on elsewhere"_s));
    }

    void healthIsInTheSelfMetrics()
    {
        metrics::Registry registry;
        services::StoreHealthTracker tracker(u"logs"_s, u"/data/logs"_s, Retention { 7 * Day, 1ULL << 30 }, false, &registry);
        auto text = QString::fromStdString(registry.render());
        QVERIFY2(text.contains(u"sightglass_storage_healthy{store=\"logs\"} 1"_s), qPrintable(text));
        QVERIFY(text.contains(u"sightglass_storage_retention_seconds{store=\"logs\"} 604800"_s));
        QVERIFY(text.contains(u"sightglass_storage_retention_bytes{store=\"logs\"} 1073741824"_s));
        QVERIFY(tracker.writeFailed("WAL write: No space left on device"));
        QVERIFY(!tracker.writeFailed("WAL write: No space left on device")); // no news
        text = QString::fromStdString(registry.render());
        QVERIFY(text.contains(u"sightglass_storage_healthy{store=\"logs\"} 0"_s));
        QVERIFY(text.contains(u"sightglass_storage_write_failures_total{store=\"logs\"} 2"_s));
        const auto h = tracker.snapshot();
        QVERIFY(h.failed());
        QVERIFY2(h.summary().contains(u"/data/logs"_s) && h.summary().contains(u"No space left"_s), qPrintable(h.summary()));
        QVERIFY(tracker.writeSucceeded());
        QVERIFY(!tracker.snapshot().failed());
        QVERIFY(QString::fromStdString(registry.render()).contains(u"sightglass_storage_healthy{store=\"logs\"} 1"_s));
    }
};

QTEST_GUILESS_MAIN(TestDataDir)
#include "tst_data_dir.moc"
