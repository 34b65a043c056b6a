// Remote datasources against real peers over the network: `sightglass serve` with TLS (a certificate generated here
// with openssl) and basic auth acting as a remote Prometheus and a remote Loki; the headers a remote receives
// (tenant, token, custom ones) seen by a capturing server; a dead remote, a remote that never answers (timeout
// within the configured time) and cancellation that returns promptly.
#include "core/services/query_client.h"
#include "tests/api/http_helpers.h"
#include "tests/common/web_fixtures.h"
#include "tests/common/require_peer.h"
#include "tests/common/run_sightglass.h"
#include "capturing_server.h"
#include "remote_fixtures.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sg;

namespace {

/// Submits `request` and waits for its answer (the test's event loop keeps running meanwhile).
services::QueryResponse await(services::QueryClient& client, const services::QueryRequest& request, QObject* receiver,
    int timeoutMs = 20'000)
{
    services::QueryResponse out;
    bool done = false;
    client.submit(request, receiver, [&](const services::QueryResponse& r) {
        out = r;
        done = true;
    });
    QElapsedTimer t;
    t.start();
    while (!done && t.elapsed() < timeoutMs)
        QTest::qWait(10);
    if (!done)
        out.error = Error { ErrorCode::Internal, "no answer delivered", {} };
    return out;
}

} // namespace

class TestRemotePeers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void prometheusOverTlsWithBasicAuth();
    void lokiOverTlsWithBasicAuth();
    void wrongPasswordIs401();
    void withoutTheCaItIsATlsError();
    void insecureSkipVerify();
    void sendsTenantTokenAndHeaders();
    void deadRemote();
    void slowRemoteTimesOutAndCancels();

private:
    remote::RemoteDatasource tlsSource(const QString& uid, remote::RemoteType type) const
    {
        remote::RemoteDatasource d;
        d.name = uid;
        d.uid = uid;
        d.type = type;
        d.url = m_url;
        d.basicAuthUser = u"alice"_s;
        d.basicAuthPassword = u"s3cret"_s;
        d.tls.caFile = m_dir.filePath(u"server.crt"_s);
        d.timeoutMs = 10'000;
        return d;
    }
    services::QueryResponse query(const remote::RemoteDatasource& d, const QString& expr,
        services::QueryKind kind = services::QueryKind::Instant)
    {
        m_client->setRemoteDatasources({ d });
        services::QueryRequest request;
        request.datasourceUid = d.uid;
        request.kind = kind;
        request.expr = expr;
        request.toMs = QDateTime::currentMSecsSinceEpoch();
        request.fromMs = request.toMs - 600'000;
        return await(*m_client, request, this);
    }

    QTemporaryDir m_dir;
    QProcess m_serve;
    QString m_url;
    std::unique_ptr<services::QueryClient> m_client;
};

void TestRemotePeers::initTestCase()
{
    m_client = std::make_unique<services::QueryClient>(nullptr, nullptr);
    SG_REQUIRE_PEER(!QStandardPaths::findExecutable(u"openssl"_s).isEmpty(), "openssl is not installed");
    QVERIFY(m_dir.isValid());
    QCOMPARE(sg::testing::makeLoopbackCertificate(m_dir.path()), 0);
    QFile web(m_dir.filePath(u"web.yml"_s));
    QVERIFY(web.open(QIODevice::WriteOnly));
    web.write("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nbasic_auth_users:\n  alice: "
        + sg::testing::bcrypt("s3cret").toLatin1() + "\n");
    web.close();
    const quint16 port = sg::testing::freePort();
    m_serve.start(sg::testing::sightglassBinary(), { u"serve"_s, u"--listen"_s, u"127.0.0.1:"_s + QString::number(port),
                                                        u"--web.config.file"_s, web.fileName(), u"--no-demo"_s,
                                                        u"--data-dir"_s, m_dir.filePath(u"data"_s) });
    QVERIFY(m_serve.waitForReadyRead(30'000));
    const QString out = QString::fromUtf8(m_serve.readAllStandardOutput());
    QVERIFY2(out.contains(u"https://127.0.0.1:"_s), qPrintable(out));
    m_url = u"https://127.0.0.1:"_s + QString::number(port);

    // One log line in the remote Loki, pushed through the same TLS and basic auth.
    QNetworkAccessManager nam;
    QNetworkRequest push(QUrl(m_url + u"/loki/api/v1/push"_s));
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(QSslCertificate::fromPath(m_dir.filePath(u"server.crt"_s)));
    push.setSslConfiguration(ssl);
    push.setRawHeader("Content-Type", "application/json");
    push.setRawHeader("Authorization", "Basic " + QByteArray("alice:s3cret").toBase64());
    const QByteArray ns = QByteArray::number(QDateTime::currentMSecsSinceEpoch() - 1000) + "000000";
    const auto pushed = sg::testing::waitFor(nam.post(push,
        "{\"streams\":[{\"stream\":{\"job\":\"remote-test\"},\"values\":[[\"" + ns + "\",\"hello from afar\"]]}]}"));
    QCOMPARE(pushed.status, 204);
}

void TestRemotePeers::cleanupTestCase()
{
    m_client.reset();
    m_serve.terminate();
    m_serve.waitForFinished(10'000);
}

void TestRemotePeers::prometheusOverTlsWithBasicAuth()
{
    const auto r = query(tlsSource(u"tls-prom"_s, remote::RemoteType::Prometheus), u"vector(1) + 1"_s);
    QVERIFY2(!r.error, r.error ? r.error->message.c_str() : "");
    QCOMPARE(int(r.series.size()), 1);
    QCOMPARE(r.series[0].values.front(), 2.0);
    // its own scrape of itself, as a range query
    services::QueryResponse up;
    for (int i = 0; i < 40 && up.series.empty(); ++i) {
        up = query(tlsSource(u"tls-prom"_s, remote::RemoteType::Prometheus), u"up"_s, services::QueryKind::Range);
        QVERIFY2(!up.error, up.error ? up.error->message.c_str() : "");
        if (up.series.empty())
            QTest::qWait(250);
    }
    QVERIFY(!up.series.empty());
    QCOMPARE(up.series[0].label(u"__name__"_s), u"up"_s);
}

void TestRemotePeers::lokiOverTlsWithBasicAuth()
{
    const auto r = query(tlsSource(u"tls-loki"_s, remote::RemoteType::Loki), u"{job=\"remote-test\"}"_s, services::QueryKind::Logs);
    QVERIFY2(!r.error, r.error ? r.error->message.c_str() : "");
    QVERIFY(r.isLogs);
    QCOMPARE(int(r.logs.size()), 1);
    QCOMPARE(r.logs[0].line, u"hello from afar"_s);
    QCOMPARE(r.logs[0].labels, (query::LabelPairs { { u"job"_s, u"remote-test"_s } }));
    // a metric query over the logs
    const auto count = query(tlsSource(u"tls-loki"_s, remote::RemoteType::Loki), u"count_over_time({job=\"remote-test\"}[10m])"_s);
    QVERIFY2(!count.error, count.error ? count.error->message.c_str() : "");
    QCOMPARE(count.series.at(0).values.front(), 1.0);
    // labels through the client
    m_client->setRemoteDatasources({ tlsSource(u"tls-loki"_s, remote::RemoteType::Loki) });
    QStringList values;
    bool got = false;
    m_client->labelValues(u"tls-loki"_s, services::QueryLanguage::LogQL, u"job"_s, this, [&](const QStringList& v) {
        values = v;
        got = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(got, 10'000);
    QVERIFY2(values.contains(u"remote-test"_s), qPrintable(values.join(u',')));
}

void TestRemotePeers::wrongPasswordIs401()
{
    for (auto type : { remote::RemoteType::Prometheus, remote::RemoteType::Loki }) {
        remote::RemoteDatasource d = tlsSource(u"wrong"_s, type);
        d.basicAuthPassword = u"guess"_s;
        const auto r = query(d, type == remote::RemoteType::Loki ? u"{job=\"remote-test\"}"_s : u"1"_s);
        QVERIFY(r.error);
        const QString message = QString::fromStdString(r.error->message);
        QVERIFY2(message.startsWith(u"wrong: HTTP 401"_s) && message.contains(u"Unauthorized"_s), qPrintable(message));
    }
}

void TestRemotePeers::withoutTheCaItIsATlsError()
{
    remote::RemoteDatasource d = tlsSource(u"no-ca"_s, remote::RemoteType::Prometheus);
    d.tls.caFile.clear();
    const auto r = query(d, u"1"_s);
    QVERIFY(r.error);
    const QString message = QString::fromStdString(r.error->message);
    QVERIFY2(message.startsWith(u"no-ca: TLS error: "_s), qPrintable(message));
}

void TestRemotePeers::insecureSkipVerify()
{
    remote::RemoteDatasource d = tlsSource(u"skip"_s, remote::RemoteType::Prometheus);
    d.tls.caFile.clear();
    d.tls.insecureSkipVerify = true;
    const auto r = query(d, u"3"_s);
    QVERIFY2(!r.error, r.error ? r.error->message.c_str() : "");
    QCOMPARE(r.series.at(0).values.front(), 3.0);
}

void TestRemotePeers::sendsTenantTokenAndHeaders()
{
    const QByteArray body = fixtures::EmptyVectorWithWarning;
    CapturingServer server(jsonReply(body));
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    remote::RemoteDatasource d;
    d.name = d.uid = u"mimir"_s;
    d.url = u"http://127.0.0.1:"_s + QString::number(server.serverPort()) + u"/prometheus"_s;
    d.bearerToken = u"tok-123"_s;
    d.tenant = u"acme"_s;
    d.headers = { { u"X-Team"_s, u"blue"_s } };
    const auto r = query(d, u"up"_s);
    QVERIFY2(!r.error, r.error ? r.error->message.c_str() : "");
    QCOMPARE(r.warnings, QStringList { u"remote says hi"_s });
    const QByteArray got = server.received;
    QVERIFY2(got.startsWith("POST /prometheus/api/v1/query HTTP/1.1\r\n"), got.constData());
    QVERIFY2(got.contains("X-Scope-OrgID: acme\r\n"), got.constData());
    QVERIFY2(got.contains("Authorization: Bearer tok-123\r\n"), got.constData());
    QVERIFY2(got.contains("X-Team: blue\r\n"), got.constData());
    QVERIFY2(got.contains("query=up&time="), got.constData());
}

void TestRemotePeers::deadRemote()
{
    remote::RemoteDatasource d;
    d.name = d.uid = u"dead"_s;
    d.url = u"http://127.0.0.1:"_s + QString::number(sg::testing::freePort());
    QElapsedTimer t;
    t.start();
    const auto r = query(d, u"up"_s);
    QVERIFY(t.elapsed() < 5000);
    QVERIFY(r.error);
    const QString message = QString::fromStdString(r.error->message);
    QVERIFY2(message.startsWith(u"dead: cannot reach http://127.0.0.1:"_s) && message.contains(u"refused"_s), qPrintable(message));
}

void TestRemotePeers::slowRemoteTimesOutAndCancels()
{
    CapturingServer silent({}); // accepts, reads, never answers
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    remote::RemoteDatasource d;
    d.name = d.uid = u"slow"_s;
    d.url = u"http://127.0.0.1:"_s + QString::number(silent.serverPort());
    d.timeoutMs = 1000;
    QElapsedTimer t;
    t.start();
    const auto r = query(d, u"up"_s);
    const qint64 took = t.elapsed();
    QVERIFY(r.error);
    QCOMPARE(r.error->code, ErrorCode::Timeout);
    QVERIFY2(QString::fromStdString(r.error->message).contains(u"within 1000 ms (timeout)"_s), r.error->message.c_str());
    QVERIFY2(took >= 950 && took < 3000, qPrintable(QString::number(took)));
    QVERIFY(silent.received.contains("POST /api/v1/query"));

    // The request's own timeout (shorter than the datasource's) ends it the same way as locally.
    d.timeoutMs = 60'000;
    m_client->setRemoteDatasources({ d });
    services::QueryRequest request;
    request.datasourceUid = u"slow"_s;
    request.expr = u"up"_s;
    request.kind = services::QueryKind::Instant;
    request.timeoutMs = 800;
    t.restart();
    const auto timedOut = await(*m_client, request, this);
    QVERIFY(timedOut.error);
    QCOMPARE(timedOut.error->code, ErrorCode::Timeout);
    QVERIFY(t.elapsed() < 3000);

    // cancel(): nothing is delivered and the request is gone at once
    request.timeoutMs = 60'000;
    bool delivered = false;
    const auto id = m_client->submit(request, this, [&](const services::QueryResponse&) { delivered = true; });
    QTRY_VERIFY(m_client->running() == 1);
    QTest::qWait(200);
    t.restart();
    m_client->cancel(id);
    QTRY_VERIFY_WITH_TIMEOUT(m_client->running() == 0, 1000);
    QVERIFY2(t.elapsed() < 500, qPrintable(QString::number(t.elapsed())));
    QTest::qWait(100);
    QVERIFY(!delivered);
}

QTEST_GUILESS_MAIN(TestRemotePeers)
#include "tst_remote_peers.moc"
