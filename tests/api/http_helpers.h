#pragma once

// Synchronous HTTP helpers for the API tests: real requests over loopback with QNetworkAccessManager.
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTcpServer>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <utility>

namespace sg::testing {

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

inline HttpResult waitFor(QNetworkReply* reply)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10'000, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpResult r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    reply->deleteLater();
    return r;
}

inline HttpResult httpGet(QNetworkAccessManager& nam, const QUrl& base, const QString& path, const QUrlQuery& query = {})
{
    QUrl url = base;
    url.setPath(path);
    url.setQuery(query);
    return waitFor(nam.get(QNetworkRequest(url)));
}

inline HttpResult httpPost(QNetworkAccessManager& nam, const QUrl& base, const QString& path, const QByteArray& body,
    const QByteArray& contentType, const QList<std::pair<QByteArray, QByteArray>>& headers = {})
{
    QUrl url = base;
    url.setPath(path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    for (const auto& [k, v] : headers)
        request.setRawHeader(k, v);
    return waitFor(nam.post(request, body));
}

/// A loopback port that was free a moment ago, for a server process to listen on.
inline quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace sg::testing
