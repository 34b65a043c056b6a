// Remote datasources without a network: the config file's `datasources:` section and Grafana provisioning files
// (env expansion, secrets, TLS, headers, errors naming file, line and key), the registry dashboards see, exports
// that never carry a secret, and the decoding of Prometheus and Loki API answers into frames.
#include "core/dashboards/dashboard_json.h"
#include "core/remote/datasource_config.h"
#include "core/remote/datasource_writer.h"
#include "core/remote/json_cursor.h"
#include "core/remote/remote_decode.h"
#include "core/services/remote_datasources.h"
#include "core/services/workbench.h"
#include "remote_fixtures.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace sg;

namespace {

QString write(const QTemporaryDir& dir, const QString& name, const QByteArray& text)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(text);
    return f.fileName();
}

remote::RemoteAnswer decode(const char* json, logs::Direction direction = logs::Direction::Backward)
{
    remote::RemoteAnswer answer;
    const remote::Envelope e = remote::decodeEnvelope(json,
        [&](remote::JsonCursor& c) { remote::decodeQueryData(c, answer, u"A"_s, direction); });
    answer.warnings = e.warnings;
    return answer;
}

} // namespace

class TestRemoteConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sightglassSection()
    {
        QTemporaryDir dir;
        write(dir, u"pw"_s, "from-file\n");
        const QString file = write(dir, u"sightglass.yml"_s,
            "scrape_configs: []\n"
            "datasources:\n"
            "  - name: team-prom\n"
            "    uid: team\n"
            "    type: prometheus\n"
            "    url: https://prom.example:9090/\n"
            "    basic_auth: {username: alice, password_file: pw}\n"
            "    headers: {X-Extra: v1}\n"
            "    tenant: acme\n"
            "    tls_config: {ca_file: ca.pem, insecure_skip_verify: true}\n"
            "    timeout: 5s\n"
            "    scrape_interval: 30s\n"
            "    default: true\n"
            "  - name: team-loki\n"
            "    type: loki\n"
            "    url: http://loki:3100\n"
            "    bearer_token: tok\n"
            "    http_method: GET\n");
        auto list = remote::loadDatasourceFile(file);
        QVERIFY2(list.ok(), list.ok() ? "" : list.error().message.c_str());
        QCOMPARE(int(list->size()), 2);
        const remote::RemoteDatasource& p = list->at(0);
        QCOMPARE(p.name, u"team-prom"_s);
        QCOMPARE(p.uid, u"team"_s);
        QCOMPARE(p.type, remote::RemoteType::Prometheus);
        QCOMPARE(p.url, u"https://prom.example:9090"_s); // trailing slash dropped
        QCOMPARE(p.basicAuthUser, u"alice"_s);
        QCOMPARE(p.basicAuthPassword, u"from-file"_s);
        QCOMPARE(p.headers.size(), std::size_t(1));
        QCOMPARE(p.headers[0].second, u"v1"_s);
        QCOMPARE(p.tenant, u"acme"_s);
        QCOMPARE(p.tls.caFile, dir.filePath(u"ca.pem"_s)); // relative to the file
        QVERIFY(p.tls.insecureSkipVerify);
        QCOMPARE(p.timeoutMs, 5000);
        QCOMPARE(p.defaultStepMs, 30'000);
        QVERIFY(p.isDefault);
        const remote::RemoteDatasource& l = list->at(1);
        QCOMPARE(l.uid, u"team-loki"_s); // uid defaults to the name
        QCOMPARE(l.type, remote::RemoteType::Loki);
        QCOMPARE(l.bearerToken, u"tok"_s);
        QVERIFY(!l.usePost);
        QCOMPARE(remote::findDatasource(*list, u"team"_s), &list->at(0)); // by uid too
    }

    void grafanaProvisioning()
    {
        qputenv("SG_TEST_PROM_PASSWORD", "env-secret");
        qputenv("SG_TEST_HOST", "mimir.example");
        QTemporaryDir dir;
        const QString file = write(dir, u"datasources.yaml"_s,
            "apiVersion: 1\n"
            "deleteDatasources:\n"
            "  - name: old\n"
            "datasources:\n"
            "  - name: Mimir\n"
            "    type: prometheus\n"
            "    uid: mimir-uid\n"
            "    access: proxy\n"
            "    orgId: 1\n"
            "    url: https://${SG_TEST_HOST}/prometheus\n"
            "    basicAuth: true\n"
            "    basicAuthUser: bob\n"
            "    isDefault: true\n"
            "    editable: false\n"
            "    jsonData:\n"
            "      httpHeaderName1: X-Scope-OrgID\n"
            "      httpHeaderName2: X-Team\n"
            "      tlsSkipVerify: false\n"
            "      tlsAuthWithCACert: true\n"
            "      timeout: 12\n"
            "      timeInterval: 1m\n"
            "      httpMethod: GET\n"
            "    secureJsonData:\n"
            "      basicAuthPassword: $SG_TEST_PROM_PASSWORD\n"
            "      httpHeaderValue1: tenant-a\n"
            "      httpHeaderValue2: blue\n"
            "      tlsCACert: |\n"
            "        -----BEGIN CERTIFICATE-----\n"
            "        MIIB\n"
            "        -----END CERTIFICATE-----\n"
            "  - name: Tempo\n"
            "    type: tempo\n"
            "    url: http://tempo:3200\n"
            "  - name: Logs\n"
            "    type: loki\n"
            "    url: http://loki:3100\n");
        auto list = remote::loadDatasourceFile(file);
        QVERIFY2(list.ok(), list.ok() ? "" : list.error().message.c_str());
        QCOMPARE(int(list->size()), 2); // tempo is not ours
        const remote::RemoteDatasource& m = list->at(0);
        QCOMPARE(m.url, u"https://mimir.example/prometheus"_s);
        QCOMPARE(m.uid, u"mimir-uid"_s);
        QCOMPARE(m.basicAuthUser, u"bob"_s);
        QCOMPARE(m.basicAuthPassword, u"env-secret"_s);
        QCOMPARE(m.tenant, u"tenant-a"_s);
        QCOMPARE(m.headers.size(), std::size_t(1));
        QCOMPARE(m.headers[0], (std::pair<QString, QString>(u"X-Team"_s, u"blue"_s)));
        QVERIFY(m.tls.caPem.startsWith("-----BEGIN CERTIFICATE-----"));
        QCOMPARE(m.timeoutMs, 12'000);
        QCOMPARE(m.defaultStepMs, 60'000);
        QVERIFY(!m.usePost);
        QVERIFY(m.isDefault);
        QCOMPARE(list->at(1).type, remote::RemoteType::Loki);
    }

    void envExpansion()
    {
        qputenv("SG_TEST_A", "x");
        qunsetenv("SG_TEST_UNSET");
        QCOMPARE(remote::expandEnv("a$SG_TEST_A-${SG_TEST_A}b$$c$SG_TEST_UNSET."), std::string("ax-xb$c."));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown key") << QByteArray("datasources:\n  - name: a\n    type: prometheus\n    url: http://x\n    passwd: y\n")
                                     << u"d.yml:5: passwd: field passwd not found in datasource"_s;
        QTest::newRow("bad type") << QByteArray("datasources:\n  - name: a\n    type: influx\n    url: http://x\n")
                                  << u"d.yml:3: type: must be prometheus or loki, got \"influx\""_s;
        QTest::newRow("no url") << QByteArray("datasources:\n  - name: a\n    type: loki\n") << u"d.yml:2: url: missing"_s;
        QTest::newRow("bad url") << QByteArray("datasources:\n  - name: a\n    type: loki\n    url: ftp://x\n")
                                 << u"d.yml:4: url: must be an http:// or https:// URL"_s;
        QTest::newRow("duplicate") << QByteArray("datasources:\n  - {name: a, type: loki, url: 'http://x'}\n"
                                                 "  - {name: a, type: loki, url: 'http://y'}\n")
                                   << u"d.yml:3: name: found multiple datasources named \"a\""_s;
        QTest::newRow("bad timeout") << QByteArray("datasources:\n  - name: a\n    type: loki\n    url: http://x\n    timeout: soon\n")
                                     << u"d.yml:5: timeout: not a valid duration: \"soon\""_s;
        QTest::newRow("missing password file")
            << QByteArray("datasources:\n  - name: a\n    type: loki\n    url: http://x\n    basic_auth:\n      password_file: /nonexistent/pw\n")
            << u"d.yml:6: password_file: cannot read \"/nonexistent/pw\""_s;
        QTest::newRow("grafana bad bool") << QByteArray("apiVersion: 1\ndatasources:\n  - name: a\n    type: loki\n    url: http://x\n    basicAuth: maybe\n")
                                          << u"d.yml:6: basicAuth: must be true or false"_s;
        QTest::newRow("yaml") << QByteArray("datasources:\n  - name: [\n") << u"d.yml:3: yaml:"_s;
    }

    void errors()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        auto r = remote::parseDatasources(yaml.toStdString(), u"d.yml"_s);
        QVERIFY(!r.ok());
        QVERIFY2(QString::fromStdString(r.error().message).startsWith(expected), r.error().message.c_str());
    }

    void noSectionGivesNone()
    {
        auto r = remote::parseDatasources("global:\n  scrape_interval: 15s\nscrape_configs: []\n", u"prometheus.yml"_s);
        QVERIFY(r.ok());
        QVERIFY(r->empty());
    }

    void registryAndExportsCarryNoSecrets()
    {
        remote::RemoteDatasource team;
        team.name = u"Team"_s;
        team.uid = u"team-uid"_s;
        team.url = u"https://user:url-secret@prom.example"_s;
        team.basicAuthUser = u"alice"_s;
        team.basicAuthPassword = u"pw-secret"_s;
        team.bearerToken = u"token-secret"_s;
        team.headers = { { u"X-Api-Key"_s, u"header-secret"_s } };
        team.tenant = u"tenant-secret"_s;
        team.isDefault = true;
        remote::RemoteDatasource logs = team;
        logs.name = u"Team logs"_s;
        logs.uid = u"team-logs"_s;
        logs.type = remote::RemoteType::Loki;
        logs.isDefault = false;
        const dashboards::DatasourceRegistry registry = services::datasourceRegistry({ team, logs });
        QCOMPARE(int(registry.all().size()), 4);
        QCOMPARE(registry.defaultDatasource()->uid, u"team-uid"_s); // the remote default takes over
        QCOMPARE(registry.defaultOf(u"loki"_s)->uid, u"sightglass-loki"_s);
        QCOMPARE(registry.byUid(u"team-logs"_s)->type, u"loki"_s);

        const QByteArray json = fixtures::RemoteDashboard;
        const auto dashboard = dashboards::Dashboard::fromJsonUnmigrated(QJsonDocument::fromJson(json).object());
        const QByteArray plain = dashboards::exportDashboard(dashboard);
        const QByteArray shared = QJsonDocument(dashboards::exportForSharing(dashboard, registry)).toJson();
        QVERIFY(shared.contains("DS_TEAM")); // the remote was recognised and turned into an input
        for (const QByteArray& out : { plain, shared })
            for (const char* secret : { "pw-secret", "token-secret", "header-secret", "tenant-secret", "url-secret", "alice",
                     "prom.example" })
                QVERIFY2(!out.contains(secret), secret);
    }

    void loadsBothFilesAndRefusesClashes()
    {
        QTemporaryDir dir;
        const QString config = write(dir, u"c.yml"_s, "datasources:\n  - {name: a, type: prometheus, url: 'http://a'}\n");
        const QString extra = write(dir, u"g.yml"_s, "apiVersion: 1\ndatasources:\n  - {name: b, type: loki, url: 'http://b'}\n");
        const QString clash = write(dir, u"x.yml"_s, "apiVersion: 1\ndatasources:\n  - {name: c, uid: a, type: loki, url: 'http://b'}\n");
        const QString embedded = write(dir, u"e.yml"_s, "datasources:\n  - {name: e, uid: sightglass-loki, type: loki, url: 'http://b'}\n");
        auto both = services::loadRemoteDatasources(config, extra);
        QVERIFY(both.ok());
        QCOMPARE(int(both->size()), 2);
        QVERIFY(!services::loadRemoteDatasources(config, clash).ok());
        QVERIFY(!services::loadRemoteDatasources({}, embedded).ok());
    }

    void writerRoundTrips()
    {
        QTemporaryDir dir;
        remote::RemoteDatasource a;
        a.name = u"team-prom"_s;
        a.uid = u"team"_s;
        a.url = u"https://prom.example:9090"_s;
        a.basicAuthUser = u"alice"_s;
        a.basicAuthPassword = u"pa: ss'\"word"_s;
        a.headers = { { u"X-Team"_s, u"blue"_s } };
        a.tenant = u"acme"_s;
        a.tls.caFile = dir.filePath(u"ca.pem"_s);
        a.tls.certFile = dir.filePath(u"c.pem"_s);
        a.tls.keyFile = dir.filePath(u"c.key"_s);
        a.timeoutMs = 90'000;
        a.defaultStepMs = 30'000;
        a.isDefault = true;
        remote::RemoteDatasource b;
        b.name = b.uid = u"logs"_s;
        b.type = remote::RemoteType::Loki;
        b.url = u"http://loki:3100"_s;
        b.bearerToken = u"tok"_s;
        b.tls.insecureSkipVerify = true;
        b.usePost = false;
        const QString file = dir.filePath(u"datasources.yml"_s);
        QVERIFY(!remote::saveDatasourceFile(file, { a, b }));
        QCOMPARE(QFile::permissions(file) & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        auto back = remote::loadDatasourceFile(file);
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
        QCOMPARE(int(back->size()), 2);
        for (int i = 0; i < 2; ++i) {
            const remote::RemoteDatasource& want = i == 0 ? a : b;
            const remote::RemoteDatasource& got = back->at(i);
            QCOMPARE(got.name, want.name);
            QCOMPARE(got.uid, want.uid);
            QCOMPARE(got.type, want.type);
            QCOMPARE(got.url, want.url);
            QCOMPARE(got.basicAuthUser, want.basicAuthUser);
            QCOMPARE(got.basicAuthPassword, want.basicAuthPassword);
            QCOMPARE(got.bearerToken, want.bearerToken);
            QCOMPARE(got.headers, want.headers);
            QCOMPARE(got.tenant, want.tenant);
            QCOMPARE(got.tls.caFile, want.tls.caFile);
            QCOMPARE(got.tls.certFile, want.tls.certFile);
            QCOMPARE(got.tls.keyFile, want.tls.keyFile);
            QCOMPARE(got.tls.insecureSkipVerify, want.tls.insecureSkipVerify);
            QCOMPARE(got.timeoutMs, want.timeoutMs);
            QCOMPARE(got.defaultStepMs, want.defaultStepMs);
            QCOMPARE(got.isDefault, want.isDefault);
            QCOMPARE(got.usePost, want.usePost);
        }
    }

    void workbenchTakesBothFiles()
    {
        QTemporaryDir dir;
        const QString config = write(dir, u"c.yml"_s, "scrape_configs: []\ndatasources:\n  - {name: a, type: prometheus, url: 'http://a'}\n");
        const QString extra = write(dir, u"g.yml"_s, "apiVersion: 1\ndatasources:\n  - {name: b, uid: b-uid, type: loki, url: 'http://b'}\n");
        services::WorkbenchOptions options;
        options.demo = false;
        options.selfScrapeInterval = 3'600'000;
        options.dataDir = dir.filePath(u"data"_s);
        options.configFile = config;
        options.datasourcesFile = extra;
        {
            services::Workbench workbench(options);
            const auto error = workbench.start();
            QVERIFY2(!error, error ? error->message.c_str() : "");
            QCOMPARE(int(workbench.remoteDatasources().size()), 2);
            QVERIFY(workbench.queryClient()->remoteClient(u"b-uid"_s));
            QVERIFY(!workbench.queryClient()->remoteClient(u"sightglass-prometheus"_s)); // the embedded stay local
            QCOMPARE(workbench.datasourceRegistry().byUid(u"b-uid"_s)->name, u"b"_s);
        }
        options.datasourcesFile = write(dir, u"bad.yml"_s, "datasources:\n  - name: x\n    type: loki\n");
        services::Workbench broken(options);
        const auto error = broken.start();
        QVERIFY(error);
        QVERIFY2(QString::fromStdString(error->message).startsWith(dir.filePath(u"bad.yml"_s) + u":2: url: missing"_s),
            error->message.c_str());
    }

    void decodesMatrix()
    {
        const auto a = decode(fixtures::MatrixAnswer);
        QVERIFY(!a.error);
        QCOMPARE(a.warnings, (QStringList { u"w1"_s, u"i1"_s }));
        QCOMPARE(int(a.series.size()), 2);
        QCOMPARE(a.series[0].labels.front().first, u"__name__"_s); // sorted as the embedded path's
        QCOMPARE(a.series[0].timesMs, (std::vector<qint64> { 1700000000000, 1700000015500, 1700000030000 }));
        QCOMPARE(a.series[0].values[0], 1.0);
        QVERIFY(std::isnan(a.series[0].values[1]));
        QVERIFY(std::isinf(a.series[0].values[2]));
        QCOMPARE(a.series[1].timesMs.front(), 1700000000001);
        QCOMPARE(a.series[1].values.front(), -2500.0);
        QCOMPARE(a.series[1].refId, u"A"_s);
    }

    void decodesVectorScalarString()
    {
        const auto v = decode(fixtures::VectorAnswer);
        QCOMPARE(int(v.series.size()), 1);
        QCOMPARE(v.series[0].values, std::vector<double> { 3 });
        const auto s = decode(fixtures::ScalarAnswer);
        QVERIFY(s.isScalar);
        QCOMPARE(s.series.at(0).timesMs.front(), 10500);
        QCOMPARE(s.series.at(0).values.front(), 7.0);
        const auto str = decode(fixtures::StringAnswer);
        QVERIFY(str.series.empty());
    }

    void decodesStreams()
    {
        const auto a = decode(fixtures::StreamsAnswer,
            logs::Direction::Forward);
        QVERIFY(a.isLogs);
        QCOMPARE(int(a.logs.size()), 3);
        QCOMPARE(a.logs[0].timeNs, 1000000);
        QCOMPARE(a.logs[0].line, u"one \"quoted\" é"_s);
        QCOMPARE(a.logs[1].line, u"two"_s);
        QCOMPARE(a.logs[1].labels.front().second, u"y"_s);
        QCOMPARE(a.logs[1].metadata, (query::LabelPairs { { u"trace"_s, u"t1"_s } }));
        QCOMPARE(a.logs[2].line, u"three"_s);
    }

    void decodesErrorsAndRejectsGarbage()
    {
        const remote::Envelope e = remote::decodeEnvelope(fixtures::ErrorAnswer, nullptr);
        QCOMPARE(e.status, std::string("error"));
        QCOMPARE(e.errorType, std::string("bad_data"));
        QCOMPARE(e.error, std::string("parse error at char 3"));
        for (const char* bad : { fixtures::BadSampleValue,
                 fixtures::TruncatedAnswer,
                 fixtures::TrailingData, "<html>" })
            QVERIFY_THROWS_EXCEPTION(remote::JsonError, decode(bad));
    }
};

QTEST_GUILESS_MAIN(TestRemoteConfig)
#include "tst_remote_config.moc"
