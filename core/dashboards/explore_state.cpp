#include "explore_state.h"

#include "core/dashboards/layout.h"
#include "core/dashboards/url_state.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace sg::dashboards {
namespace {

Error linkError(const QString& message)
{
    return Error { ErrorCode::Parse, message.toStdString(), {} };
}

QJsonObject queryJson(const ExploreQuery& q)
{
    QJsonObject o { { u"refId"_s, q.refId }, { u"expr"_s, q.expr } };
    if (!q.datasourceUid.isEmpty() || !q.datasourceType.isEmpty()) {
        QJsonObject ds { { u"uid"_s, q.datasourceUid } };
        if (!q.datasourceType.isEmpty())
            ds.insert(u"type"_s, q.datasourceType);
        o.insert(u"datasource"_s, ds);
    }
    // Both spellings Grafana reads: Prometheus' `instant`/`range` flags and Loki's `queryType`.
    o.insert(u"instant"_s, q.instant);
    o.insert(u"range"_s, !q.instant);
    if (q.datasourceType == u"loki")
        o.insert(u"queryType"_s, q.instant ? u"instant"_s : u"range"_s);
    if (q.table)
        o.insert(u"format"_s, u"table"_s);
    if (q.hidden)
        o.insert(u"hide"_s, true);
    if (q.annotations)
        o.insert(u"sgAnnotations"_s, true); // Grafana ignores keys it does not know
    return o;
}

QJsonObject paneJson(const ExplorePaneState& pane)
{
    QJsonArray queries;
    for (const ExploreQuery& q : pane.queries)
        queries.append(queryJson(q));
    QJsonObject o { { u"queries"_s, queries }, { u"range"_s, QJsonObject { { u"from"_s, pane.from }, { u"to"_s, pane.to } } } };
    if (!pane.datasourceUid.isEmpty())
        o.insert(u"datasource"_s, pane.datasourceUid);
    return o;
}

/// Grafana writes a range end as a string ("now-1h", "1700000000000"); older links hold numbers.
QString timeText(const QJsonValue& v, const QString& fallback)
{
    if (v.isDouble())
        return QString::number(qint64(v.toDouble()));
    const QString s = v.toString();
    return s.isEmpty() ? fallback : s;
}

ExploreQuery queryFrom(const QJsonObject& o, const QString& paneDatasource)
{
    ExploreQuery q;
    q.refId = o.value(u"refId"_s).toString(q.refId);
    q.expr = o.value(u"expr"_s).toString();
    const QJsonValue ds = o.value(u"datasource"_s);
    if (ds.isObject()) {
        q.datasourceUid = ds.toObject().value(u"uid"_s).toString();
        q.datasourceType = ds.toObject().value(u"type"_s).toString();
    } else if (ds.isString()) {
        q.datasourceUid = ds.toString();
    }
    if (q.datasourceUid.isEmpty())
        q.datasourceUid = paneDatasource;
    if (o.contains(u"queryType"_s))
        q.instant = o.value(u"queryType"_s).toString() == u"instant";
    else
        q.instant = o.value(u"instant"_s).toBool() && !o.value(u"range"_s).toBool();
    q.table = o.value(u"format"_s).toString() == u"table";
    q.hidden = o.value(u"hide"_s).toBool();
    q.annotations = o.value(u"sgAnnotations"_s).toBool();
    return q;
}

ExplorePaneState paneFrom(const QJsonObject& o)
{
    ExplorePaneState pane;
    const QJsonValue ds = o.value(u"datasource"_s);
    pane.datasourceUid = ds.isObject() ? ds.toObject().value(u"uid"_s).toString() : ds.toString();
    for (const QJsonValue& v : o.value(u"queries"_s).toArray())
        pane.queries.push_back(queryFrom(v.toObject(), pane.datasourceUid));
    const QJsonObject range = o.value(u"range"_s).toObject();
    pane.from = timeText(range.value(u"from"_s), pane.from);
    pane.to = timeText(range.value(u"to"_s), pane.to);
    return pane;
}

/// Grafana 6's compact pane: `["now-1h","now","Loki",{"expr":"..."},{"expr":"..."}]`.
ExplorePaneState paneFromArray(const QJsonArray& a)
{
    ExplorePaneState pane;
    pane.from = timeText(a.at(0), pane.from);
    pane.to = timeText(a.at(1), pane.to);
    pane.datasourceUid = a.at(2).toString();
    for (qsizetype i = 3; i < a.size(); ++i) {
        if (!a.at(i).isObject() || !a.at(i).toObject().contains(u"expr"_s))
            continue; // the trailing {"mode": ...} / {"ui": ...} entries
        ExploreQuery q = queryFrom(a.at(i).toObject(), pane.datasourceUid);
        if (!a.at(i).toObject().contains(u"refId"_s))
            q.refId = QString(QChar(u'A' + int(pane.queries.size() % 26)));
        pane.queries.push_back(std::move(q));
    }
    return pane;
}

Result<ExplorePaneState> paneFromText(const QString& text, const QString& name)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return linkError(u"%1: %2 at %3"_s.arg(name, error.errorString()).arg(error.offset));
    if (doc.isArray())
        return paneFromArray(doc.array());
    return paneFrom(doc.object());
}

QUrlQuery queryOf(const QString& link, QString* path)
{
    const QUrl url(link.trimmed());
    *path = url.scheme() == u"sightglass" ? url.host() + url.path() : url.path();
    return QUrlQuery(url);
}

QString paramOf(const QUrlQuery& query, const QString& key)
{
    return query.queryItemValue(key, QUrl::FullyDecoded);
}

} // namespace

QString exploreLink(const ExploreState& state)
{
    QJsonObject panes;
    for (std::size_t i = 0; i < state.panes.size(); ++i)
        panes.insert(QString(QChar(u'a' + int(i))), paneJson(state.panes[i]));
    const QByteArray json = QJsonDocument(panes).toJson(QJsonDocument::Compact);
    QString link = u"sightglass://explore?schemaVersion=1&panes="_s + QString::fromLatin1(QUrl::toPercentEncoding(QString::fromUtf8(json)));
    if (!state.syncTime)
        link += u"&syncTime=false"_s;
    return link;
}

Panel explorePanel(const ExploreQuery& query, bool isLogQuery)
{
    QJsonObject target = queryJson(query);
    target.remove(u"hide"_s); // a hidden row still becomes a shown panel query
    const bool table = !isLogQuery && (query.table || query.instant);
    QJsonObject json {
        { u"type"_s, isLogQuery ? u"logs"_s : table ? u"table"_s : u"timeseries"_s },
        { u"title"_s, query.expr.simplified().left(60) },
        { u"targets"_s, QJsonArray { target } },
        { u"gridPos"_s, QJsonObject { { u"x"_s, 0 }, { u"y"_s, 0 }, { u"w"_s, isLogQuery ? 24 : 12 }, { u"h"_s, 8 } } },
    };
    if (target.contains(u"datasource"_s))
        json.insert(u"datasource"_s, target.value(u"datasource"_s));
    return Panel(json);
}

int addExploreQuery(Dashboard& dashboard, const ExploreQuery& query, bool isLogQuery)
{
    return addPanelOnTop(dashboard, explorePanel(query, isLogQuery));
}

bool isExploreLink(const QString& link)
{
    if (parseDashboardUrl(link))
        return false; // a dashboard whose slug is "explore"
    QString path;
    queryOf(link, &path);
    while (path.endsWith(u'/'))
        path.chop(1);
    return path == u"explore" || path.endsWith(u"/explore");
}

Result<ExploreState> parseExploreLink(const QString& link)
{
    if (!isExploreLink(link))
        return linkError(u"not an Explore link: %1"_s.arg(link));
    QString path;
    const QUrlQuery query = queryOf(link, &path);
    ExploreState state;
    state.syncTime = paramOf(query, u"syncTime"_s) != u"false";
    if (query.hasQueryItem(u"panes"_s)) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(paramOf(query, u"panes"_s).toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return linkError(u"panes: %1 at %2"_s.arg(error.errorString()).arg(error.offset));
        // Grafana keys panes by random ids; JSON objects keep no order, so the keys' order stands for left to right.
        const QJsonObject panes = doc.object();
        for (const QString& key : panes.keys())
            state.panes.push_back(paneFrom(panes.value(key).toObject()));
    } else {
        for (const QString& side : { u"left"_s, u"right"_s }) {
            if (!query.hasQueryItem(side))
                continue;
            auto pane = paneFromText(paramOf(query, side), side);
            if (!pane.ok())
                return pane.error();
            state.panes.push_back(std::move(pane.value()));
        }
    }
    if (state.panes.empty())
        return linkError(u"the link names no Explore pane"_s);
    if (state.panes.size() > 2)
        state.panes.resize(2); // Explore shows two panes side by side at most
    return state;
}

} // namespace sg::dashboards
