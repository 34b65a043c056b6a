// prometheus.yml's remote_write section: every key read, defaults as Prometheus', errors with file:line: key.

#include "core/remotewrite/http_sender.h"
#include "core/remotewrite/remote_write_config.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace sg;

namespace {
void writeFile(const QString& path, const QByteArray& content)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
}
} // namespace

class TestRemoteWriteConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsEveryKey();
    void defaults();
    void throughSightglassConfig();
    void errors_data();
    void errors();
    void retryAfter();
};

void TestRemoteWriteConfig::readsEveryKey()
{
    QTemporaryDir dir;
    writeFile(dir.filePath(u"pw"_s), "s3cret\n");
    const std::string yaml = "global:\n"
                             "  external_labels: {cluster: laptop, replica: a}\n"
                             "remote_write:\n"
                             "  - url: https://mimir.example:9009/api/v1/push\n"
                             "    name: team\n"
                             "    remote_timeout: 10s\n"
                             "    headers: {X-Scope-OrgID: tenant-1}\n"
                             "    basic_auth: {username: me, password_file: pw}\n"
                             "    tls_config: {insecure_skip_verify: true, server_name: mimir}\n"
                             "    write_relabel_configs:\n"
                             "      - source_labels: [__name__]\n"
                             "        regex: go_.*\n"
                             "        action: drop\n"
                             "    queue_config: {capacity: 500, max_shards: 8, min_shards: 2, max_samples_per_send: 100,\n"
                             "                   batch_send_deadline: 2s, min_backoff: 100ms, max_backoff: 10s, retry_on_http_429: false}\n"
                             "    metadata_config: {send: false, send_interval: 30s}\n"
                             "  - url: http://127.0.0.1:9090/api/v1/write\n"
                             "    bearer_token: tok\n";
    const QString file = dir.filePath(u"prometheus.yml"_s);
    auto parsed = remotewrite::parseRemoteWriteConfig(yaml, file);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
    QCOMPARE(parsed->externalLabels.get("cluster"), std::string_view("laptop"));
    QCOMPARE(parsed->remotes.size(), std::size_t(2));
    const auto& a = parsed->remotes[0];
    QCOMPARE(a.name, std::string("team"));
    QCOMPARE(a.url, std::string("https://mimir.example:9009/api/v1/push"));
    QCOMPARE(a.remoteTimeout, DurationMs(10'000));
    QCOMPARE(a.headers.at("X-Scope-OrgID"), std::string("tenant-1"));
    QCOMPARE(a.authorization, "Basic " + QByteArray("me:s3cret").toBase64());
    QVERIFY(a.tls.insecureSkipVerify);
    QCOMPARE(a.tls.serverName, u"mimir"_s);
    QCOMPARE(a.writeRelabelConfigs.size(), std::size_t(1));
    QCOMPARE(a.queue.capacity, std::size_t(500));
    QCOMPARE(a.queue.maxShards, std::size_t(8));
    QCOMPARE(a.queue.minShards, std::size_t(2));
    QCOMPARE(a.queue.maxSamplesPerSend, std::size_t(100));
    QCOMPARE(a.queue.batchSendDeadline, DurationMs(2'000));
    QCOMPARE(a.queue.minBackoff, DurationMs(100));
    QCOMPARE(a.queue.maxBackoff, DurationMs(10'000));
    QVERIFY(!a.queue.retryOnHttp429);
    QVERIFY(!a.metadata.send);
    QCOMPARE(a.metadata.sendInterval, DurationMs(30'000));
    const auto& b = parsed->remotes[1];
    QCOMPARE(b.authorization, QByteArray("Bearer tok"));
    QCOMPARE(b.name.size(), std::size_t(6)); // unnamed: a hash of the entry
    // the same entry gets the same name again
    QCOMPARE(remotewrite::parseRemoteWriteConfig(yaml, file)->remotes[1].name, b.name);
}

void TestRemoteWriteConfig::defaults()
{
    auto parsed = remotewrite::parseRemoteWriteConfig("remote_write:\n  - url: http://h:1/w\n", u"p.yml"_s);
    QVERIFY(parsed.ok());
    const auto& q = parsed->remotes.at(0).queue;
    QCOMPARE(q.capacity, std::size_t(10'000));
    QCOMPARE(q.maxShards, std::size_t(50));
    QCOMPARE(q.minShards, std::size_t(1));
    QCOMPARE(q.maxSamplesPerSend, std::size_t(2'000));
    QCOMPARE(q.batchSendDeadline, DurationMs(5'000));
    QCOMPARE(q.minBackoff, DurationMs(30));
    QCOMPARE(q.maxBackoff, DurationMs(5'000));
    QCOMPARE(parsed->remotes[0].remoteTimeout, DurationMs(30'000));
    QVERIFY(parsed->remotes[0].metadata.send);
    // no remote_write: nothing, and the scrape sections are not its business
    auto none = remotewrite::parseRemoteWriteConfig("scrape_configs: []\n", u"p.yml"_s);
    QVERIFY(none.ok());
    QVERIFY(none->remotes.empty());
}

void TestRemoteWriteConfig::throughSightglassConfig()
{
    QTemporaryDir dir;
    writeFile(dir.filePath(u"prometheus.yml"_s),
        "global:\n  external_labels: {cluster: c1}\nremote_write:\n  - url: http://a:1/w\n    name: a\n");
    const std::string sightglass = "prometheus_config: prometheus.yml\n"
                                   "global:\n  external_labels: {owner: me}\n"
                                   "remote_write:\n  - url: http://b:2/w\n    name: b\n";
    auto parsed = remotewrite::parseRemoteWriteConfig(sightglass, dir.filePath(u"sightglass.yml"_s));
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
    QCOMPARE(parsed->remotes.size(), std::size_t(2));
    QCOMPARE(parsed->remotes[0].name, std::string("a"));
    QCOMPARE(parsed->remotes[1].name, std::string("b"));
    QCOMPARE(parsed->externalLabels.get("cluster"), std::string_view("c1"));
    QCOMPARE(parsed->externalLabels.get("owner"), std::string_view("me"));
}

void TestRemoteWriteConfig::errors_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("expected");
    QTest::addRow("no url") << u"remote_write:\n  - name: x\n"_s << u"p.yml:2: url: url for remote_write is empty"_s;
    QTest::addRow("bad url") << u"remote_write:\n  - url: ftp://x/y\n"_s << u"p.yml:2: url: not a valid http(s) URL"_s;
    QTest::addRow("unknown key") << u"remote_write:\n  - url: http://h/w\n    urls: x\n"_s
                                 << u"p.yml:3: urls: field urls not found in remote_write"_s;
    QTest::addRow("bad duration") << u"remote_write:\n  - url: http://h/w\n    remote_timeout: 5x\n"_s
                                  << u"p.yml:3: remote_timeout: not a valid duration"_s;
    QTest::addRow("zero shards") << u"remote_write:\n  - url: http://h/w\n    queue_config:\n      max_shards: 0\n"_s
                                 << u"p.yml:4: max_shards: must be greater than 0"_s;
    QTest::addRow("min above max") << u"remote_write:\n  - url: http://h/w\n    queue_config: {min_shards: 5, max_shards: 2}\n"_s
                                   << u"p.yml:3: min_shards: min_shards (5) must not exceed max_shards (2)"_s;
    QTest::addRow("bad relabel") << u"remote_write:\n  - url: http://h/w\n    write_relabel_configs:\n      - action: nope\n"_s
                                 << u"p.yml:4: action: unknown relabel action"_s;
    QTest::addRow("reserved header") << u"remote_write:\n  - url: http://h/w\n    headers: {Content-Type: x}\n"_s
                                     << u"p.yml:3: headers: Content-Type is a reserved header"_s;
    QTest::addRow("two auths") << u"remote_write:\n  - url: http://h/w\n    bearer_token: a\n    basic_auth: {username: u}\n"_s
                               << u"p.yml:2: authorization: at most one of basic_auth"_s;
    QTest::addRow("duplicate name") << u"remote_write:\n  - {url: http://h/w, name: a}\n  - {url: http://h/v, name: a}\n"_s
                                    << u"p.yml:3: name: found multiple remote write configs with name \"a\""_s;
    QTest::addRow("missing ca") << u"remote_write:\n  - url: https://h/w\n    tls_config: {ca_file: /nonexistent/ca.pem}\n"_s
                                << u"p.yml:3: tls_config: cannot read \"/nonexistent/ca.pem\""_s;
    QTest::addRow("not a list") << u"remote_write: {url: x}\n"_s << u"p.yml:1: remote_write: must be a list"_s;
    QTest::addRow("bad external label") << u"global:\n  external_labels: {1x: y}\n"_s
                                        << u"p.yml:2: external_labels: invalid label name \"1x\""_s;
}

void TestRemoteWriteConfig::errors()
{
    QFETCH(QString, yaml);
    QFETCH(QString, expected);
    auto parsed = remotewrite::parseRemoteWriteConfig(yaml.toStdString(), u"p.yml"_s);
    QVERIFY(!parsed.ok());
    const QString message = QString::fromStdString(parsed.error().message);
    QVERIFY2(message.startsWith(expected), qPrintable(message));
}

// A receiver's Retry-After: delta seconds or an HTTP-date. HTTP-dates all end "GMT", which Qt's RFC 2822 reading
// refuses, so dates were never read; the two obsolete forms RFC 9110 has recipients accept are read too. Seconds
// past int64 milliseconds overflowed (the HTTP response fuzzing found it).
void TestRemoteWriteConfig::retryAfter()
{
    using remotewrite::parseRetryAfter;
    QCOMPARE(parseRetryAfter("7"), 7'000);
    QCOMPARE(parseRetryAfter(" 0 "), 0);
    QCOMPARE(parseRetryAfter("-3"), -1);
    QCOMPARE(parseRetryAfter("soon"), -1);
    QCOMPARE(parseRetryAfter("9223372036854775807"), std::numeric_limits<qint64>::max());
    QCOMPARE(parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT"), 0); // past: now
    const QDateTime later = QDateTime::currentDateTimeUtc().addSecs(120);
    for (const QString& format : { u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s, u"dddd, dd-MMM-yy HH:mm:ss 'GMT'"_s,
             u"ddd MMM d HH:mm:ss yyyy"_s }) {
        const DurationMs ms = parseRetryAfter(QLocale::c().toString(later, format).toLatin1());
        QVERIFY2(ms > 115'000 && ms <= 120'000, qPrintable(format + u": "_s + QString::number(ms)));
    }
}

QTEST_GUILESS_MAIN(TestRemoteWriteConfig)
#include "tst_remote_write_config.moc"
