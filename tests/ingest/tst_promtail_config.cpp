#include "core/ingest/promtail_config.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sg;
using namespace sg::ingest;

class TestPromtailConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unmodifiedConfig()
    {
        const std::string text = R"(server:
  http_listen_port: 9080
  grpc_listen_port: 0
positions:
  filename: /tmp/positions.yaml
  sync_period: 5s
clients:
  - url: http://loki:3100/loki/api/v1/push
limits_config:
  max_line_size: 256kB
  max_line_size_truncate: true
target_config:
  sync_period: 2s
global:
  file_watch_config:
    min_poll_frequency: 100ms
scrape_configs:
  - job_name: system
    static_configs:
      - targets: [localhost]
        labels:
          job: varlogs
          __path__: /var/log/**/*.log
          __path_exclude__: /var/log/secret/*
    relabel_configs:
      - source_labels: [job]
        target_label: team
        replacement: ops-$1
    pipeline_stages:
      - json:
          expressions:
            level: level
      - labels:
          level:
)";
        auto config = parsePromtailConfig(text, "promtail.yaml");
        QVERIFY2(config.ok(), config.ok() ? "" : config.error().message.c_str());
        QCOMPARE(config->positionsFile, std::string("/tmp/positions.yaml"));
        QCOMPARE(config->positionsSyncPeriod, DurationMs(5000));
        QCOMPARE(config->maxLineSize, std::size_t(256 * 1024));
        QVERIFY(config->maxLineSizeTruncate);
        QCOMPARE(config->syncPeriod, DurationMs(2000));
        QCOMPARE(config->pollInterval, DurationMs(100));
        QCOMPARE(config->jobs.size(), std::size_t(1));
        const ScrapeJob& job = config->jobs[0];
        QCOMPARE(job.name, std::string("system"));
        QCOMPARE(job.staticConfigs.at(0).labels.at("__path__"), std::string("/var/log/**/*.log"));
        QCOMPARE(job.staticConfigs.at(0).labels.at("__path_exclude__"), std::string("/var/log/secret/*"));
        QCOMPARE(job.relabelConfigs.size(), std::size_t(1));
        QCOMPARE(job.pipelineStages.size(), std::size_t(2));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("expected"); // the error message starts with this

        QTest::addRow("unknown-stage") << QStringLiteral(R"(scrape_configs:
  - job_name: a
    static_configs:
      - labels: {__path__: /x}
    pipeline_stages:
      - jsonn: {}
)") << u"cfg.yaml:6: unknown pipeline stage \"jsonn\""_s;
        QTest::addRow("bad-regex") << QStringLiteral(R"(scrape_configs:
  - job_name: a
    static_configs:
      - labels: {__path__: /x}
    pipeline_stages:
      - regex:
          expression: (unclosed
)") << u"cfg.yaml:7: regex stage: could not compile regex"_s;
        QTest::addRow("nested-match") << QStringLiteral(R"(scrape_configs:
  - job_name: a
    static_configs:
      - labels: {__path__: /x}
    pipeline_stages:
      - match:
          selector: '{app="x"}'
          stages:
            - timestamp:
                source: ts
                format: RFC3339
                location: Mars/Olympus
)") << u"cfg.yaml:12: timestamp stage: unknown location"_s;
        QTest::addRow("bad-selector") << QStringLiteral(R"(scrape_configs:
  - job_name: a
    static_configs:
      - labels: {__path__: /x}
    pipeline_stages:
      - match: {selector: 'app=x', action: drop}
)") << u"cfg.yaml:6: match stage: invalid selector"_s;
        QTest::addRow("no-job-name") << QStringLiteral(R"(scrape_configs:
  - static_configs: []
)") << u"cfg.yaml:2: scrape config: job_name is required"_s;
        QTest::addRow("no-path") << QStringLiteral(R"(scrape_configs:
  - job_name: a
    static_configs:
      - targets: [localhost]
)") << u"cfg.yaml:4: static_configs entry without a __path__"_s;
        QTest::addRow("bad-relabel") << QStringLiteral(R"(scrape_configs:
  - job_name: a
    static_configs:
      - labels: {__path__: /x}
    relabel_configs:
      - action: frobnicate
)") << u"cfg.yaml:6: unknown relabel action"_s;
        QTest::addRow("bad-duration") << QStringLiteral(R"(positions:
  filename: /tmp/p.yaml
  sync_period: soon
)") << u"cfg.yaml:3: invalid duration for sync_period"_s;
        QTest::addRow("bad-number") << QStringLiteral(R"(scrape_configs:
  - job_name: a
    static_configs:
      - labels: {__path__: /x}
    pipeline_stages:
      - limit: {rate: fast, burst: 1}
)") << u"cfg.yaml:6: stage limit: invalid number"_s;
        QTest::addRow("yaml-syntax") << QStringLiteral(R"(scrape_configs:
  - job_name: [unclosed
)") << u"cfg.yaml:3:"_s;
        QTest::addRow("docker-sd-unknown-key") << QStringLiteral(R"(scrape_configs:
  - job_name: a
    docker_sd_configs:
      - host: unix:///var/run/docker.sock
        refresh: 5s
)") << u"cfg.yaml:5: docker_sd_configs: unknown key \"refresh\""_s;
    }

    void errors()
    {
        QFETCH(QString, yaml);
        QFETCH(QString, expected);
        auto config = parsePromtailConfig(yaml.toStdString(), "cfg.yaml");
        QVERIFY(!config.ok());
        const QString message = QString::fromStdString(config.error().message);
        QVERIFY2(message.startsWith(expected), qPrintable(message));
        QCOMPARE(config.error().code, ErrorCode::Parse);
    }

    void byteSizes()
    {
        QCOMPARE(parseByteSize("100").value(), std::size_t(100));
        QCOMPARE(parseByteSize("8KB").value(), std::size_t(8192));
        QCOMPARE(parseByteSize("1MiB").value(), std::size_t(1 << 20));
        QVERIFY(!parseByteSize("lots"));
    }
};

QTEST_GUILESS_MAIN(TestPromtailConfig)
#include "tst_promtail_config.moc"
