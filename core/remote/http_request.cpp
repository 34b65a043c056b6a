#include "http_request.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTimer>
#include <QUrl>

namespace sg::remote {

namespace {

constexpr int CancelPollMs = 20;

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// The TLS settings; an error names a file that cannot be used.
std::optional<std::string> applyTls(const RemoteTls& tls, QNetworkRequest& request)
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    const QByteArray ca = tls.caFile.isEmpty() ? tls.caPem : readAll(tls.caFile);
    if (!tls.caFile.isEmpty() || !tls.caPem.isEmpty()) {
        const QList<QSslCertificate> cas = QSslCertificate::fromData(ca, QSsl::Pem);
        if (cas.isEmpty())
            return "no CA certificate in " + (tls.caFile.isEmpty() ? std::string("tlsCACert") : tls.caFile.toStdString());
        ssl.setCaCertificates(cas); // as Prometheus' ca_file: this CA only, not the system's
    }
    const QByteArray cert = tls.certFile.isEmpty() ? tls.certPem : readAll(tls.certFile);
    const QByteArray key = tls.keyFile.isEmpty() ? tls.keyPem : readAll(tls.keyFile);
    if (!cert.isEmpty() || !key.isEmpty()) {
        const QList<QSslCertificate> certs = QSslCertificate::fromData(cert, QSsl::Pem);
        if (certs.isEmpty())
            return "no client certificate in " + (tls.certFile.isEmpty() ? std::string("tlsClientCert") : tls.certFile.toStdString());
        QSslKey k(key, QSsl::Rsa, QSsl::Pem);
        if (k.isNull())
            k = QSslKey(key, QSsl::Ec, QSsl::Pem);
        if (k.isNull())
            return "no usable private key in " + (tls.keyFile.isEmpty() ? std::string("tlsClientKey") : tls.keyFile.toStdString());
        ssl.setLocalCertificate(certs.front());
        ssl.setPrivateKey(k);
    }
    if (tls.insecureSkipVerify)
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    request.setSslConfiguration(ssl);
    return std::nullopt;
}

/// `application/x-www-form-urlencoded`, every reserved character escaped: QUrlQuery leaves `+` as it is, which the
/// servers (Go's url.ParseQuery) read as a space, turning `a + b` into `a   b`.
QByteArray formEncode(const QUrlQuery& params)
{
    QByteArray out;
    for (const auto& [key, value] : params.queryItems(QUrl::FullyDecoded)) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    }
    return out;
}

} // namespace

HttpAnswer httpRequest(const RemoteDatasource& ds, const HttpCall& call, const std::atomic_bool* cancel)
{
    HttpAnswer answer;
    const std::string who = ds.name.toStdString();
    QUrl url(ds.url + call.path);
    const QByteArray form = formEncode(call.params);
    if (!call.post && !form.isEmpty())
        url.setQuery(QString::fromLatin1(form), QUrl::StrictMode);
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setRawHeader(QByteArrayLiteral("User-Agent"), QByteArrayLiteral("Sightglass"));
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    if (!ds.basicAuthUser.isEmpty() || !ds.basicAuthPassword.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"),
            "Basic " + (ds.basicAuthUser + u':' + ds.basicAuthPassword).toUtf8().toBase64());
    else if (!ds.bearerToken.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + ds.bearerToken.toUtf8());
    if (!ds.tenant.isEmpty())
        request.setRawHeader(QByteArrayLiteral("X-Scope-OrgID"), ds.tenant.toUtf8());
    for (const auto& header : ds.headers)
        request.setRawHeader(header.first.toUtf8(), header.second.toUtf8());
    if (url.scheme() == u"https") {
        if (auto problem = applyTls(ds.tls, request)) {
            answer.error = Error { ErrorCode::Io, who + ": TLS configuration: " + *problem, {} };
            return answer;
        }
    }

    QNetworkAccessManager manager;
    manager.setAutoDeleteReplies(false);
    QNetworkReply* reply = nullptr;
    if (call.post) {
        request.setRawHeader(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded"));
        reply = manager.post(request, form);
    } else {
        reply = manager.get(request);
    }
    std::unique_ptr<QNetworkReply> owner(reply);

    const int timeoutMs = call.timeoutMs > 0 ? call.timeoutMs : ds.timeoutMs;
    enum class Stop { None, Canceled, TimedOut } stop = Stop::None;
    QEventLoop loop;
    QElapsedTimer clock;
    clock.start();
    QTimer poll;
    poll.setInterval(CancelPollMs);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (cancel && cancel->load())
            stop = Stop::Canceled;
        else if (timeoutMs > 0 && clock.elapsed() >= timeoutMs)
            stop = Stop::TimedOut;
        if (stop != Stop::None)
            reply->abort();
    });
    QStringList sslProblems;
    QObject::connect(reply, &QNetworkReply::sslErrors, &loop, [&](const QList<QSslError>& errors) {
        for (const QSslError& e : errors)
            sslProblems << e.errorString();
    });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    auto handOn = [&] {
        const QByteArray bytes = reply->readAll();
        if (!bytes.isEmpty())
            call.onBody(std::string_view(bytes.constData(), std::size_t(bytes.size())));
    };
    if (call.onBody)
        QObject::connect(reply, &QNetworkReply::readyRead, &loop, handOn);
    poll.start();
    if (!reply->isFinished())
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    poll.stop();

    if (stop == Stop::Canceled) {
        answer.error = Error { ErrorCode::Canceled, who + ": request cancelled", {} };
        return answer;
    }
    if (stop == Stop::TimedOut) {
        answer.error = Error { ErrorCode::Timeout,
            who + ": no answer from " + url.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo).toStdString()
                + " within " + std::to_string(timeoutMs) + " ms (timeout)", {} };
        return answer;
    }
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (call.onBody)
        handOn();
    else
        answer.body = reply->readAll();
    if (answer.status == 0) {
        const QNetworkReply::NetworkError code = reply->error();
        std::string what = reply->errorString().toStdString();
        const bool tls = code == QNetworkReply::SslHandshakeFailedError || !sslProblems.isEmpty();
        if (!sslProblems.isEmpty())
            what += " (" + sslProblems.join(QStringLiteral("; ")).toStdString() + ")";
        answer.error = Error { ErrorCode::Io, who + (tls ? ": TLS error: " : ": cannot reach "
            + url.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo).toStdString() + ": ") + what, {} };
    }
    return answer;
}

} // namespace sg::remote
