#include "core/services/scrape_config_file.h"

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
};

QTEST_GUILESS_MAIN(TestScrapeConfigFile)
#include "tst_scrape_config_file.moc"
