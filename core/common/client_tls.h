#pragma once

// The client side of TLS as Prometheus' tls_config, Promtail's clients and Grafana's datasources set it: one place
// that turns CA, certificate and key (files or inline PEM) into a QSslConfiguration.

#include "core/common/result.h"

#include <QByteArray>
#include <QSslConfiguration>
#include <QSslKey>
#include <QString>

namespace sg {

/// What a client's TLS is made of. For each of CA, certificate and key a file, or PEM text given inline (used when
/// the file is empty).
struct ClientTlsFiles
{
    QString caFile;
    QByteArray caPem;
    QString certFile;
    QByteArray certPem;
    QString keyFile;
    QByteArray keyPem;
    bool insecureSkipVerify = false;
};

/// Qt's default configuration with these settings: a CA given replaces the system's (as Prometheus' ca_file), a
/// certificate needs its key. An error names the file (or "inline PEM") that cannot be read or holds nothing usable.
Result<QSslConfiguration> clientSslConfiguration(const ClientTlsFiles& tls);

/// A PEM private key of any algorithm Qt reads (RSA, EC, then others); null when there is none.
QSslKey pemPrivateKey(const QByteArray& pem);

} // namespace sg
