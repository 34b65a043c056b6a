#include "client_tls.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslSocket>

namespace sg {

namespace {

/// The PEM text of `file`, or `inlinePem` when no file is named; `name` says which for errors.
std::optional<Error> pemOf(const QString& file, const QByteArray& inlinePem, QByteArray& out, std::string& name)
{
    name = file.isEmpty() ? std::string("inline PEM") : file.toStdString();
    if (file.isEmpty()) {
        out = inlinePem;
        return std::nullopt;
    }
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return Error { ErrorCode::Io, "cannot read " + name + ": " + f.errorString().toStdString(), {} };
    out = f.readAll();
    return std::nullopt;
}

} // namespace

QSslKey pemPrivateKey(const QByteArray& pem)
{
    for (const auto algorithm : { QSsl::Rsa, QSsl::Ec, QSsl::Opaque }) {
        QSslKey key(pem, algorithm, QSsl::Pem);
        if (!key.isNull())
            return key;
    }
    return {};
}

Result<QSslConfiguration> clientSslConfiguration(const ClientTlsFiles& tls)
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    QByteArray pem;
    std::string name;
    if (!tls.caFile.isEmpty() || !tls.caPem.isEmpty()) {
        if (auto error = pemOf(tls.caFile, tls.caPem, pem, name))
            return *error;
        const QList<QSslCertificate> cas = QSslCertificate::fromData(pem, QSsl::Pem);
        if (cas.isEmpty())
            return Error { ErrorCode::BadData, "no CA certificate in " + name, {} };
        ssl.setCaCertificates(cas); // this CA only, not the system's
    }
    if (!tls.certFile.isEmpty() || !tls.certPem.isEmpty() || !tls.keyFile.isEmpty() || !tls.keyPem.isEmpty()) {
        if (auto error = pemOf(tls.certFile, tls.certPem, pem, name))
            return *error;
        const QList<QSslCertificate> certs = QSslCertificate::fromData(pem, QSsl::Pem);
        if (certs.isEmpty())
            return Error { ErrorCode::BadData, "no client certificate in " + name, {} };
        if (auto error = pemOf(tls.keyFile, tls.keyPem, pem, name))
            return *error;
        const QSslKey key = pemPrivateKey(pem);
        if (key.isNull())
            return Error { ErrorCode::BadData, "no usable private key in " + name, {} };
        ssl.setLocalCertificate(certs.front());
        ssl.setPrivateKey(key);
    }
    if (tls.insecureSkipVerify)
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    return ssl;
}

} // namespace sg
