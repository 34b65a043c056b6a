// Access control with real clients: `serve --web.config.file` (Prometheus' format) serves TLS and asks for basic
// auth with bcrypt hashes; curl gets in with the right password and is refused with a wrong one or none. Without a
// protecting web config only loopback may be listened on; a Loki tenant can be required of pushes.
#include "http_helpers.h"
#include "tests/common/web_fixtures.h"
#include "tests/common/require_peer.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

using namespace sg::testing;

namespace {

struct Curl
{
    int status = 0;
    QByteArray body, headers;
    int exitCode = -1;
};

Curl curl(const QStringList& args)
{
    QProcess p;
    p.start(u"curl"_s, QStringList { u"-s"_s, u"-D"_s, u"-"_s, u"--max-time"_s, u"10"_s } + args);
    p.waitForFinished(20'000);
    Curl c;
    c.exitCode = p.exitCode();
    const QByteArray out = p.readAllStandardOutput();
    const qsizetype split = out.indexOf("\r\n\r\n");
    c.headers = out.left(split);
    c.body = split >= 0 ? out.mid(split + 4) : QByteArray();
    if (c.headers.startsWith("HTTP/"))
        c.status = c.headers.split(' ').value(1).toInt();
    return c;
}

} // namespace

class TestWebConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        SG_REQUIRE_PEER(!QStandardPaths::findExecutable(u"curl"_s).isEmpty(), "curl is not installed (scripts/setup --with-tests installs it)");
        SG_REQUIRE_PEER(!QStandardPaths::findExecutable(u"openssl"_s).isEmpty(), "openssl is not installed (scripts/setup --with-tests installs it)");
        QVERIFY(m_dir.isValid());
        QCOMPARE(sg::testing::makeLoopbackCertificate(m_dir.path()), 0);
        const QString hash = sg::testing::bcrypt("s3cret");
        QVERIFY(hash.startsWith(u"$2b$"_s));
        QFile web(m_dir.filePath(u"web.yml"_s));
        QVERIFY(web.open(QIODevice::WriteOnly));
        // relative paths: read from the config file's folder, as Prometheus does
        web.write("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  min_version: TLS12\n"
                  "basic_auth_users:\n  alice: "
            + hash.toLatin1() + "\n");
    }

    void tlsAndBasicAuthWithCurl()
    {
        const quint16 port = freePort();
        QProcess server;
        server.start(QStringLiteral(SG_BINARY), { u"serve"_s, u"--listen"_s, u"127.0.0.1:"_s + QString::number(port),
                                                     u"--web.config.file"_s, m_dir.filePath(u"web.yml"_s), u"--no-demo"_s });
        QVERIFY(server.waitForReadyRead(20'000));
        const QString out = QString::fromUtf8(server.readAllStandardOutput());
        QVERIFY2(out.contains(u"https://127.0.0.1:"_s), qPrintable(out));
        const QString url = u"https://127.0.0.1:%1/api/v1/query?query=1%2B1"_s.arg(port);
        const QString ca = m_dir.filePath(u"server.crt"_s);

        Curl ok = curl({ u"--cacert"_s, ca, u"-u"_s, u"alice:s3cret"_s, url });
        QCOMPARE(ok.status, 200);
        QVERIFY2(ok.body.contains("\"result\":[") && ok.body.contains("\"2\""), ok.body.constData());
        Curl again = curl({ u"--cacert"_s, ca, u"-u"_s, u"alice:s3cret"_s, url }); // from the verified cache
        QCOMPARE(again.status, 200);

        Curl wrong = curl({ u"--cacert"_s, ca, u"-u"_s, u"alice:guess"_s, url });
        QCOMPARE(wrong.status, 401);
        QVERIFY2(wrong.headers.toLower().contains("www-authenticate: basic"), wrong.headers.constData());
        Curl nobody = curl({ u"--cacert"_s, ca, u"-u"_s, u"mallory:s3cret"_s, url });
        QCOMPARE(nobody.status, 401);
        Curl anonymous = curl({ u"--cacert"_s, ca, url });
        QCOMPARE(anonymous.status, 401);
        Curl push = curl({ u"--cacert"_s, ca, u"-H"_s, u"Content-Type: application/json"_s, u"--data"_s,
            u"{\"streams\":[{\"stream\":{\"job\":\"x\"},\"values\":[[\"1\",\"a\"]]}]}"_s, u"https://127.0.0.1:%1/loki/api/v1/push"_s.arg(port) });
        QCOMPARE(push.status, 401); // every endpoint, pushes included

        Curl plain = curl({ u"http://127.0.0.1:%1/api/v1/query?query=1"_s.arg(port) });
        QVERIFY2(plain.status != 200, "plain HTTP was answered by a TLS listener");
        server.terminate();
        QVERIFY(server.waitForFinished(10'000));
    }

    void onlyLoopbackWithoutProtection()
    {
        QProcess server;
        server.start(QStringLiteral(SG_BINARY), { u"serve"_s, u"--listen"_s, u"0.0.0.0:%1"_s.arg(freePort()), u"--no-demo"_s });
        QVERIFY(server.waitForFinished(20'000));
        QCOMPARE(server.exitCode(), 1);
        const QString err = QString::fromUtf8(server.readAllStandardError());
        QVERIFY2(err.contains(u"--web.config.file"_s) && err.contains(u"127.0.0.1 only"_s), qPrintable(err));
    }

    void badWebConfigIsRefused()
    {
        QFile web(m_dir.filePath(u"bad.yml"_s));
        QVERIFY(web.open(QIODevice::WriteOnly));
        web.write("basic_auth_users:\n  alice: plaintext-password\n");
        web.close();
        QProcess server;
        server.start(QStringLiteral(SG_BINARY), { u"serve"_s, u"--listen"_s, u"127.0.0.1:%1"_s.arg(freePort()),
                                                     u"--web.config.file"_s, web.fileName(), u"--no-demo"_s });
        QVERIFY(server.waitForFinished(20'000));
        QCOMPARE(server.exitCode(), 1);
        const QString err = QString::fromUtf8(server.readAllStandardError());
        QVERIFY2(err.contains(u"bad.yml"_s) && err.contains(u"not a bcrypt hash"_s), qPrintable(err));
    }

    void pushesNeedTheirTenant()
    {
        const quint16 port = freePort();
        QProcess server;
        server.start(QStringLiteral(SG_BINARY), { u"serve"_s, u"--listen"_s, u"127.0.0.1:"_s + QString::number(port),
                                                     u"--loki.tenant"_s, u"team-a"_s, u"--no-demo"_s });
        QVERIFY(server.waitForReadyRead(20'000));
        const QString url = u"http://127.0.0.1:%1/loki/api/v1/push"_s.arg(port);
        const QString ns = QString::number(QDateTime::currentMSecsSinceEpoch() * 1'000'000);
        const QString body = u"{\"streams\":[{\"stream\":{\"job\":\"t\"},\"values\":[[\""_s + ns + u"\",\"hello\"]]}]}"_s;
        Curl none = curl({ u"-H"_s, u"Content-Type: application/json"_s, u"--data"_s, body, url });
        QCOMPARE(none.status, 401);
        QVERIFY2(none.body.contains("no org id"), none.body.constData());
        Curl other = curl({ u"-H"_s, u"X-Scope-OrgID: team-b"_s, u"-H"_s, u"Content-Type: application/json"_s, u"--data"_s, body, url });
        QCOMPARE(other.status, 401);
        Curl ok = curl({ u"-H"_s, u"X-Scope-OrgID: team-a"_s, u"-H"_s, u"Content-Type: application/json"_s, u"--data"_s, body, url });
        QCOMPARE(ok.status, 204);
        server.terminate();
        QVERIFY(server.waitForFinished(10'000));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestWebConfig)
#include "tst_web_config.moc"
