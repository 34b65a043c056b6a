#include "http_request.h"

#include "core/common/client_tls.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

namespace sg::remote {

namespace {

constexpr int CancelPollMs = 20;

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
        const ClientTlsFiles files { ds.tls.caFile, ds.tls.caPem, ds.tls.certFile, ds.tls.certPem, ds.tls.keyFile,
            ds.tls.keyPem, ds.tls.insecureSkipVerify };
        const Result<QSslConfiguration> ssl = clientSslConfiguration(files);
        if (!ssl.ok()) {
            answer.error = Error { ErrorCode::Io, who + ": TLS configuration: " + ssl.error().message, {} };
            return answer;
        }
        request.setSslConfiguration(*ssl);
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
