#include "explore_annotation.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace sg::dashboards {

QJsonObject exploreAnnotation(const ExploreQuery& query, const QString& iconColor)
{
    const QString uid = query.datasourceUid.isEmpty() ? u"sightglass-loki"_s : query.datasourceUid;
    return QJsonObject {
        { u"datasource"_s, QJsonObject { { u"type"_s, u"loki"_s }, { u"uid"_s, uid } } },
        { u"enable"_s, true },
        { u"name"_s, u"Explore %1: %2"_s.arg(query.refId, query.expr.simplified()) },
        { u"expr"_s, query.expr },
        { u"iconColor"_s, iconColor },
    };
}

int addExploreAnnotation(Dashboard& dashboard, const ExploreQuery& query, const QString& iconColor)
{
    QJsonObject annotations = dashboard.root().value(u"annotations"_s).toObject();
    QJsonArray list = annotations.value(u"list"_s).toArray();
    list.append(exploreAnnotation(query, iconColor));
    annotations.insert(u"list"_s, list);
    dashboard.root().insert(u"annotations"_s, annotations);
    return int(list.size()) - 1;
}

} // namespace sg::dashboards
