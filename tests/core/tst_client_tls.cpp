// The one client TLS builder of the remote datasources, remote_write and log forwarding: files or inline PEM in,
// a configuration or an error naming what could not be used out.
#include "core/common/client_tls.h"

#include "tests/common/require_peer.h"
#include "tests/common/web_fixtures.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestClientTls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        SG_REQUIRE_PEER(!QStandardPaths::findExecutable(u"openssl"_s).isEmpty(), "openssl is not installed (scripts/setup --with-tests installs it)");
        QVERIFY(m_dir.isValid());
        QCOMPARE(sg::testing::makeLoopbackCertificate(m_dir.path()), 0);
        m_crt = m_dir.filePath(u"server.crt"_s);
        m_key = m_dir.filePath(u"server.key"_s);
    }

    void defaultsWhenNothingIsGiven()
    {
        const auto ssl = clientSslConfiguration({});
        QVERIFY(ssl.ok());
        QCOMPARE(ssl->caCertificates().size(), QSslConfiguration::defaultConfiguration().caCertificates().size());
        QVERIFY(ssl->localCertificate().isNull());
        QCOMPARE(ssl->peerVerifyMode(), QSslConfiguration::defaultConfiguration().peerVerifyMode());
    }

    void caFileReplacesTheSystemCas()
    {
        ClientTlsFiles tls;
        tls.caFile = m_crt;
        const auto ssl = clientSslConfiguration(tls);
        QVERIFY(ssl.ok());
        QCOMPARE(ssl->caCertificates().size(), 1);
        QCOMPARE(ssl->caCertificates().front(), QSslCertificate::fromPath(m_crt).front());
    }

    void inlinePemAndClientCertificate()
    {
        ClientTlsFiles tls;
        tls.caPem = readFile(m_crt);
        tls.certPem = readFile(m_crt);
        tls.keyFile = m_key;
        tls.insecureSkipVerify = true;
        const auto ssl = clientSslConfiguration(tls);
        QVERIFY2(ssl.ok(), ssl.ok() ? "" : ssl.error().message.c_str());
        QCOMPARE(ssl->localCertificate(), QSslCertificate::fromPath(m_crt).front());
        QVERIFY(!ssl->privateKey().isNull());
        QCOMPARE(ssl->peerVerifyMode(), QSslSocket::VerifyNone);
    }

    void errorsNameWhatCannotBeUsed()
    {
        ClientTlsFiles missing;
        missing.caFile = m_dir.filePath(u"absent.pem"_s);
        auto ssl = clientSslConfiguration(missing);
        QVERIFY(!ssl.ok());
        QVERIFY2(ssl.error().message.starts_with("cannot read " + missing.caFile.toStdString()), ssl.error().message.c_str());

        ClientTlsFiles notACa;
        notACa.caFile = m_key; // a key, no certificate
        ssl = clientSslConfiguration(notACa);
        QVERIFY(!ssl.ok());
        QCOMPARE(ssl.error().message, "no CA certificate in " + m_key.toStdString());

        ClientTlsFiles noKey;
        noKey.certFile = m_crt;
        noKey.keyPem = "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n";
        ssl = clientSslConfiguration(noKey);
        QVERIFY(!ssl.ok());
        QCOMPARE(ssl.error().message, std::string("no usable private key in inline PEM"));
    }

    void pemPrivateKeyReadsRsaAndNothingElse()
    {
        QVERIFY(!pemPrivateKey(readFile(m_key)).isNull());
        QVERIFY(pemPrivateKey(readFile(m_crt)).isNull());
        QVERIFY(pemPrivateKey(QByteArray()).isNull());
    }

private:
    QTemporaryDir m_dir;
    QString m_crt;
    QString m_key;
};

QTEST_GUILESS_MAIN(TestClientTls)
#include "tst_client_tls.moc"
