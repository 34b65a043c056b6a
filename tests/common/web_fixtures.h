#pragma once

// What tests that start a protected server (Prometheus' web config: TLS, basic_auth_users) need: a bcrypt hash and
// a self-signed certificate for 127.0.0.1.
#include <QProcess>
#include <QString>
#include <QStringList>

#include <crypt.h>

#include <cstring>

namespace sg::testing {

/// `$2b$` with cost 8 (cheap enough for tests); empty when libcrypt cannot make a salt.
inline QString bcrypt(const char* password)
{
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!::crypt_gensalt_rn("$2b$", 8, nullptr, 0, salt, sizeof salt))
        return {};
    crypt_data data;
    std::memset(&data, 0, sizeof data);
    return QString::fromLatin1(::crypt_r(password, salt, &data));
}

/// Writes `server.crt` and `server.key` into `dir` with openssl: self-signed, valid two days, for IP 127.0.0.1.
/// Returns openssl's exit code (-1 when it did not run).
inline int makeLoopbackCertificate(const QString& dir)
{
    QProcess openssl;
    openssl.setWorkingDirectory(dir);
    openssl.start(QStringLiteral("openssl"),
        { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
            QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("server.key"), QStringLiteral("-out"),
            QStringLiteral("server.crt"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
            QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1") });
    if (!openssl.waitForFinished(60'000) || openssl.exitStatus() != QProcess::NormalExit)
        return -1;
    return openssl.exitCode();
}

} // namespace sg::testing
