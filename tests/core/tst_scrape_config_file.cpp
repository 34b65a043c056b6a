#include "core/scrape/scrape_config.h"
#include "core/scrape/target_discovery.h"
#include "core/services/scrape_config_file.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sg;
using namespace sg::services;

class TestScrapeConfigFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::addRow("s") << "15s" << qint64(15'000);
        QTest::addRow("ms") << "500ms" << qint64(500);
        QTest::addRow("m") << "2m" << qint64(120'000);
        QTest::addRow("compound") << "1h30m" << qint64(5'400'000);
        QTest::addRow("m-ms") << "1m500ms" << qint64(60'500);
        QTest::addRow("d") << "1d" << qint64(86'400'000);
        QTest::addRow("zero") << "0" << qint64(0);
        QTest::addRow("bad-order") << "30m1h" << qint64(-1);
        QTest::addRow("no-unit") << "15" << qint64(-1);
        QTest::addRow("float") << "1.5s" << qint64(-1);
        QTest::addRow("empty") << "" << qint64(-1);
        QTest::addRow("repeat") << "1s1s" << qint64(-1);
    }
    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        auto d = parsePrometheusDuration(text.toStdString());
        if (ms < 0)
            QVERIFY(!d.has_value());
        else
            QCOMPARE(d.value_or(-1), ms);
    }
    void seedShape()
    {
        // The seed's prometheus.yml shape: a global interval and one static job.
        const std::string yaml = R"(
global:
  scrape_interval: 15s
  evaluation_interval: 15s
scrape_configs:
  - job_name: 'fastapi'
    static_configs:
      - targets: ['api:8000', 'localhost:9100']
        labels:
          env: dev
  - job_name: node
    scrape_interval: 5s
    metrics_path: /probe
    static_configs:
      - targets: ['127.0.0.1:9100']
)";
        auto r = parseScrapeConfig(yaml, QStringLiteral("prometheus.yml"));
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(r->size(), std::size_t(3));
        const auto& a = (*r)[0];
        QCOMPARE(a.job, QStringLiteral("fastapi"));
        QCOMPARE(a.url.toString(), QStringLiteral("http://api:8000/metrics"));
        QCOMPARE(a.interval, DurationMs(15'000));
        QCOMPARE(a.timeout, DurationMs(10'000));
        QCOMPARE(a.labels.get("env"), std::string_view("dev"));
        const auto& n = (*r)[2];
        QCOMPARE(n.url.toString(), QStringLiteral("http://127.0.0.1:9100/probe"));
        QCOMPARE(n.interval, DurationMs(5'000));
        QCOMPARE(n.timeout, DurationMs(5'000)); // capped by the interval, as Prometheus does
    }
    void errorsNameFileLineAndKey_data()
    {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("expected");
        QTest::addRow("bad-duration") << "global:\n  scrape_interval: 15x\n"
                                      << "prometheus.yml:2: scrape_interval: not a valid duration";
        // found by fuzzing (scripts/fuzz prometheus_yml): a duration past int64 overflowed; Prometheus' durations
        // end at int64 nanoseconds (about 292 years)
        QTest::addRow("duration-past-int64") << "global:\n  scrape_interval: 1000000000000d\n"
                                             << "prometheus.yml:2: scrape_interval: not a valid duration";
        QTest::addRow("duration-past-292-years") << "global:\n  scrape_interval: 300y\n"
                                                 << "prometheus.yml:2: scrape_interval: not a valid duration";
        QTest::addRow("missing-job") << "scrape_configs:\n  - static_configs: []\n" << "prometheus.yml:2: job_name: missing";
        QTest::addRow("timeout-gt-interval")
            << "scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    scrape_timeout: 10s\n"
            << "scrape_timeout: scrape timeout greater than scrape interval";
        QTest::addRow("bad-yaml") << "scrape_configs: [\n" << "prometheus.yml:2: yaml:";
        QTest::addRow("bad-target") << "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['a/b']\n"
                                    << "prometheus.yml:4: targets: invalid target \"a/b\"";
    }
    void errorsNameFileLineAndKey()
    {
        QFETCH(QString, yaml);
        QFETCH(QString, expected);
        auto r = parseScrapeConfig(yaml.toStdString(), QStringLiteral("prometheus.yml"));
        QVERIFY(!r.ok());
        const auto message = QString::fromStdString(r.error().message);
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void everyKey()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile pw(dir.filePath(QStringLiteral("pw")));
        QVERIFY(pw.open(QIODevice::WriteOnly));
        pw.write("hunter2\n");
        pw.close();
        const std::string yaml = R"(
global:
  scrape_interval: 30s
  scrape_timeout: 5s
  external_labels: {region: eu}
rule_files: [rules.yml]
scrape_configs:
  - job_name: full
    scrape_interval: 10s
    scrape_timeout: 2s
    metrics_path: /m
    params: {module: [http_2xx, second]}
    scheme: https
    basic_auth: {username: u, password_file: pw}
    tls_config: {insecure_skip_verify: true}
    honor_labels: true
    honor_timestamps: false
    sample_limit: 100
    label_limit: 30
    label_name_length_limit: 200
    label_value_length_limit: 300
    body_size_limit: 10MB
    target_limit: 5
    relabel_configs:
      - source_labels: [__address__]
        regex: '(.*):\d+'
        target_label: host
      - source_labels: [__address__]
        regex: 'skip:.*'
        action: drop
    metric_relabel_configs:
      - regex: 'go_.*'
        source_labels: [__name__]
        action: drop
    static_configs:
      - targets: ['a:9100', 'skip:1']
        labels: {env: prod}
  - job_name: bearer
    authorization: {credentials: tok}
    static_configs: [{targets: ['b:80']}]
)";
        auto r = sg::scrape::parsePrometheusConfig(yaml, dir.filePath(QStringLiteral("prometheus.yml")));
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(r->scrapeInterval, DurationMs(30'000));
        QCOMPARE(r->externalLabels.get("region"), std::string_view("eu"));
        const auto& c = r->scrapeConfigs.at(0);
        QCOMPARE(c.interval, DurationMs(10'000));
        QCOMPARE(c.timeout, DurationMs(2'000));
        QCOMPARE(c.authorization, QByteArray("Basic " + QByteArray("u:hunter2").toBase64()));
        QVERIFY(c.insecureSkipVerify && c.honorLabels && !c.honorTimestamps);
        QCOMPARE(c.limits.sampleLimit, std::size_t(100));
        QCOMPARE(c.limits.labelLimit, std::size_t(30));
        QCOMPARE(c.limits.labelNameLengthLimit, std::size_t(200));
        QCOMPARE(c.limits.labelValueLengthLimit, std::size_t(300));
        QCOMPARE(c.limits.bodySizeLimit, qint64(10) << 20);
        QCOMPARE(c.limits.targetLimit, std::size_t(5));
        QCOMPARE(c.relabelConfigs.size(), std::size_t(2));
        QCOMPARE(c.metricRelabelConfigs.size(), std::size_t(1));
        QCOMPARE(r->scrapeConfigs.at(1).authorization, QByteArray("Bearer tok"));

        const auto resolved = sg::scrape::resolveAllTargets(*r);
        QCOMPARE(resolved.active.size(), std::size_t(2));
        QCOMPARE(resolved.dropped.size(), std::size_t(1));
        QCOMPARE(resolved.dropped[0].discoveredLabels.get("__address__"), std::string_view("skip:1"));
        const auto& t = resolved.active[0];
        QCOMPARE(t.url.toString(), QStringLiteral("https://a:9100/m?module=second&module=http_2xx"));
        QCOMPARE(t.labels.get("host"), std::string_view("a"));
        QCOMPARE(t.labels.get("instance"), std::string_view("a:9100"));
        QCOMPARE(t.labels.get("env"), std::string_view("prod"));
        QVERIFY(!t.labels.has("__address__"));
        QCOMPARE(t.discoveredLabels.get("__address__"), std::string_view("a:9100"));
        QVERIFY(t.metricRelabelConfigs && t.metricRelabelConfigs->size() == 1);
    }

    void moreErrors_data()
    {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("expected");
        QTest::addRow("global-timeout") << "global:\n  scrape_interval: 1s\n  scrape_timeout: 2s\n"
                                        << "prometheus.yml:3: scrape_timeout: global scrape timeout greater than scrape interval";
        QTest::addRow("bad-action") << "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: explode\n"
                                    << "prometheus.yml:4: action: unknown relabel action \"explode\"";
        QTest::addRow("bad-regex") << "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - regex: '('\n        target_label: x\n"
                                   << "prometheus.yml:4: relabel_configs: regex: invalid regular expression";
        QTest::addRow("unknown-key") << "scrape_configs:\n  - job_name: a\n    scrape_intreval: 5s\n"
                                     << "prometheus.yml:3: scrape_intreval: field scrape_intreval not found";
        QTest::addRow("bad-limit") << "scrape_configs:\n  - job_name: a\n    sample_limit: -1\n"
                                   << "prometheus.yml:3: sample_limit: must be a non-negative integer";
        QTest::addRow("bad-size") << "scrape_configs:\n  - job_name: a\n    body_size_limit: 10XB\n"
                                  << "prometheus.yml:3: body_size_limit: not a valid size";
        QTest::addRow("two-auths") << "scrape_configs:\n  - job_name: a\n    bearer_token: x\n    basic_auth: {username: u}\n"
                                   << "authorization: at most one of";
        QTest::addRow("duplicate-job") << "scrape_configs:\n  - job_name: a\n  - job_name: a\n"
                                       << "prometheus.yml:3: job_name: found multiple scrape configs";
        QTest::addRow("sd-extension") << "scrape_configs:\n  - job_name: a\n    file_sd_configs: [{files: [x.txt]}]\n"
                                      << "prometheus.yml:3: files: path name \"x.txt\" is not valid";
        QTest::addRow("password-file-missing") << "scrape_configs:\n  - job_name: a\n    basic_auth:\n      password_file: /nonexistent/pw\n"
                                               << "prometheus.yml:4: password_file: cannot read";
    }
    void moreErrors()
    {
        QFETCH(QString, yaml);
        QFETCH(QString, expected);
        auto r = sg::scrape::parsePrometheusConfig(yaml.toStdString(), QStringLiteral("prometheus.yml"));
        QVERIFY(!r.ok());
        const auto message = QString::fromStdString(r.error().message);
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void shortGlobalIntervalShrinksDefaultTimeout()
    {
        auto r = sg::scrape::parsePrometheusConfig("global:\n  scrape_interval: 1s\n", QStringLiteral("p.yml"));
        QVERIFY(r.ok());
        QCOMPARE(r->scrapeTimeout, DurationMs(1000));
    }

    void sightglassConfigPointsAtPrometheusYml()
    {
        QTemporaryDir dir;
        QFile prom(dir.filePath(QStringLiteral("prometheus.yml")));
        QVERIFY(prom.open(QIODevice::WriteOnly));
        prom.write("global: {scrape_interval: 20s}\nscrape_configs:\n  - job_name: p\n    static_configs: [{targets: ['p:1']}]\n");
        prom.close();
        QFile sg(dir.filePath(QStringLiteral("sightglass.yml")));
        QVERIFY(sg.open(QIODevice::WriteOnly));
        sg.write("prometheus_config: prometheus.yml\nscrape_configs:\n  - job_name: extra\n    static_configs: [{targets: ['e:2']}]\n");
        sg.close();
        auto targets = loadScrapeConfigFile(sg.fileName());
        QVERIFY2(targets.ok(), targets.ok() ? "" : targets.error().message.c_str());
        QCOMPARE(targets->size(), std::size_t(2));
        QCOMPARE((*targets)[0].job, QStringLiteral("p"));
        QCOMPARE((*targets)[1].job, QStringLiteral("extra"));
        QCOMPARE((*targets)[1].interval, DurationMs(20'000)); // the referenced file's global applies
    }

    void fileSdIsReReadOnChange()
    {
        QTemporaryDir dir;
        auto write = [&](const QString& name, const QByteArray& content) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(content);
        };
        write(QStringLiteral("a.json"), R"([{"targets": ["h1:1", "h2:2"], "labels": {"team": "x"}}])");
        const std::string yaml = "scrape_configs:\n  - job_name: fs\n    file_sd_configs:\n"
                                 "      - files: ['sd/*.json', 'sd/*.yml']\n        refresh_interval: 1h\n";
        QDir(dir.path()).mkdir(QStringLiteral("sd"));
        QVERIFY(QFile::rename(dir.filePath(QStringLiteral("a.json")), dir.filePath(QStringLiteral("sd/a.json"))));
        auto config = sg::scrape::parsePrometheusConfig(yaml, dir.filePath(QStringLiteral("prometheus.yml")));
        QVERIFY2(config.ok(), config.ok() ? "" : config.error().message.c_str());
        sg::scrape::TargetDiscovery discovery(*config);
        QSignalSpy spy(&discovery, &sg::scrape::TargetDiscovery::targetsChanged);
        discovery.start();
        QCOMPARE(spy.count(), 1);
        auto active = spy.takeFirst().at(0).value<std::vector<sg::scrape::TargetConfig>>();
        QCOMPARE(active.size(), std::size_t(2));
        QCOMPARE(active[0].labels.get("team"), std::string_view("x"));
        QVERIFY(active[0].discoveredLabels.get("__meta_filepath").find("a.json") != std::string_view::npos);

        // a changed file
        write(QStringLiteral("sd/a.json"), R"([{"targets": ["h1:1"]}])");
        QVERIFY(spy.wait(5000));
        active = spy.takeFirst().at(0).value<std::vector<sg::scrape::TargetConfig>>();
        QCOMPARE(active.size(), std::size_t(1));
        // a new YAML file matching the glob
        write(QStringLiteral("sd/b.yml"), "- targets: ['h3:3']\n  labels: {team: y}\n");
        QVERIFY(spy.wait(5000));
        active = spy.takeFirst().at(0).value<std::vector<sg::scrape::TargetConfig>>();
        QCOMPARE(active.size(), std::size_t(2));
        QCOMPARE(active[1].labels.get("team"), std::string_view("y"));
        QCOMPARE(active[1].url.toString(), QStringLiteral("http://h3:3/metrics"));
    }
};

QTEST_GUILESS_MAIN(TestScrapeConfigFile)
#include "tst_scrape_config_file.moc"
