#include "http_completion_data.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <algorithm>

namespace sg::langsvc {

using namespace Qt::StringLiterals;

namespace {

std::string utf8(const QString& s)
{
    const QByteArray bytes = s.toUtf8();
    return std::string(bytes.constData(), std::size_t(bytes.size()));
}

std::vector<std::string> stringList(const QJsonValue& value)
{
    std::vector<std::string> out;
    for (const QJsonValue& v : value.toArray())
        out.push_back(utf8(v.toString()));
    return out;
}

/// `s` as a query value: QUrlQuery leaves `+`, which servers read as a blank, as it is.
QString queryValue(const std::string& s)
{
    return QString::fromStdString(s).replace(u'+', u"%2B"_s);
}

} // namespace

HttpCompletionData::HttpCompletionData(QUrl base, HttpCompletionOptions options)
    : m_base(std::move(base))
    , m_options(options)
{
}

QUrlQuery HttpCompletionData::rangeQuery(Language language) const
{
    // Whole seconds, so that the cache key stays the same within the cache's life.
    const qint64 now = QDateTime::currentSecsSinceEpoch() / m_options.cacheSeconds * m_options.cacheSeconds;
    const qint64 start = now - m_options.lookbackSeconds;
    const QString scale = language == Language::LogQL ? u"000000000"_s : QString(); // Loki: nanoseconds
    return QUrlQuery { { u"start"_s, QString::number(start) + scale }, { u"end"_s, QString::number(now + 60) + scale } };
}

QJsonValue HttpCompletionData::get(const QString& path, const QUrlQuery& query)
{
    QUrl url = m_base;
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + path);
    url.setQuery(query);
    const QString key = url.toString(QUrl::FullyEncoded);
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(m_cacheMutex);
        const auto it = m_cache.find(key);
        if (it != m_cache.end() && now - it->second.first < std::chrono::seconds(m_options.cacheSeconds))
            return it->second.second;
    }

    QNetworkAccessManager manager;
    QNetworkRequest request(url);
    request.setTransferTimeout(m_options.timeoutMs);
    request.setRawHeader(QByteArray("Accept"), QByteArray("application/json"));
    QNetworkReply* reply = manager.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(m_options.timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    if (!reply->isFinished()) {
        reply->abort();
        reply->deleteLater();
        return {};
    }
    const QByteArray body = reply->readAll();
    const bool ok = reply->error() == QNetworkReply::NoError;
    reply->deleteLater();
    if (!ok)
        return {};
    const QJsonObject answer = QJsonDocument::fromJson(body).object();
    if (answer.value(u"status"_s).toString() != u"success")
        return {};
    const QJsonValue data = answer.value(u"data"_s);
    std::lock_guard lock(m_cacheMutex);
    m_cache[key] = { now, data };
    return data;
}

std::vector<std::string> HttpCompletionData::metricNames()
{
    return stringList(get(u"/api/v1/label/__name__/values"_s, rangeQuery(Language::PromQL)));
}

std::vector<MetricMetadata> HttpCompletionData::metricMetadata()
{
    std::vector<MetricMetadata> out;
    const QJsonObject byMetric = get(u"/api/v1/metadata"_s, {}).toObject();
    for (auto it = byMetric.begin(); it != byMetric.end(); ++it) {
        const QJsonObject first = it.value().toArray().at(0).toObject();
        out.push_back({ utf8(it.key()), utf8(first.value(u"type"_s).toString()), utf8(first.value(u"help"_s).toString()),
            utf8(first.value(u"unit"_s).toString()) });
    }
    return out;
}

std::vector<std::string> HttpCompletionData::labelNames(Language language, const Matchers& scope)
{
    QUrlQuery query = rangeQuery(language);
    const std::string selector = selectorText(scope);
    if (language == Language::LogQL) {
        if (!selector.empty())
            query.addQueryItem(u"query"_s, queryValue(selector));
        return stringList(get(u"/loki/api/v1/labels"_s, query));
    }
    if (!selector.empty())
        query.addQueryItem(u"match[]"_s, queryValue(selector));
    return stringList(get(u"/api/v1/labels"_s, query));
}

std::vector<std::string> HttpCompletionData::labelValues(Language language, const std::string& name, const Matchers& scope)
{
    QUrlQuery query = rangeQuery(language);
    const std::string selector = selectorText(scope);
    const QString label = QString::fromStdString(name);
    if (language == Language::LogQL) {
        if (!selector.empty())
            query.addQueryItem(u"query"_s, queryValue(selector));
        return stringList(get(u"/loki/api/v1/label/"_s + label + u"/values"_s, query));
    }
    if (!selector.empty())
        query.addQueryItem(u"match[]"_s, queryValue(selector));
    return stringList(get(u"/api/v1/label/"_s + label + u"/values"_s, query));
}

std::vector<LogSample> HttpCompletionData::sampleLogs(const std::string& logQuery, int limit)
{
    QUrlQuery query = rangeQuery(Language::LogQL);
    query.addQueryItem(u"query"_s, queryValue(logQuery));
    query.addQueryItem(u"limit"_s, QString::number(limit));
    query.addQueryItem(u"direction"_s, u"backward"_s);
    // Each stream (its labels include those the pipeline extracted) holds its own lines: merge them newest first.
    std::vector<std::pair<QString, LogSample>> entries;
    for (const QJsonValue& streamValue : get(u"/loki/api/v1/query_range"_s, query).toObject().value(u"result"_s).toArray()) {
        const QJsonObject stream = streamValue.toObject();
        std::vector<Label> labels;
        const QJsonObject labelsJson = stream.value(u"stream"_s).toObject();
        for (auto it = labelsJson.begin(); it != labelsJson.end(); ++it)
            labels.push_back({ utf8(it.key()), utf8(it.value().toString()) });
        const Labels streamLabels = Labels::keepingEmpty(std::move(labels));
        for (const QJsonValue& entry : stream.value(u"values"_s).toArray())
            entries.emplace_back(entry.toArray().at(0).toString(), LogSample { utf8(entry.toArray().at(1).toString()), streamLabels });
    }
    // Timestamps are decimal nanoseconds: a longer one is later.
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        return a.first.size() != b.first.size() ? a.first.size() > b.first.size() : a.first > b.first;
    });
    std::vector<LogSample> out;
    for (std::size_t i = 0; i < entries.size() && int(i) < limit; ++i)
        out.push_back(std::move(entries[i].second));
    return out;
}

} // namespace sg::langsvc
