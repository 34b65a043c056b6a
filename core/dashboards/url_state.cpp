#include "url_state.h"

#include <QJsonArray>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace sg::dashboards {

std::optional<DashboardUrl> parseDashboardUrl(const QString& href)
{
    const QUrl url(href.trimmed());
    if (!url.isValid() || !url.scheme().isEmpty() || !url.host().isEmpty())
        return std::nullopt;
    const QStringList parts = url.path().split(u'/', Qt::SkipEmptyParts);
    const qsizetype d = parts.indexOf(u"d"_s);
    if (d < 0 || d + 1 >= parts.size())
        return std::nullopt;
    DashboardUrl out;
    out.uid = parts[d + 1];
    out.slug = parts.value(d + 2);
    const QUrlQuery query(url);
    for (const auto& [key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key.startsWith(u"var-"))
            out.variables.emplace_back(key.mid(4), value);
        else if (key == u"from")
            out.from = value;
        else if (key == u"to")
            out.to = value;
    }
    return out;
}

void applyVariableValues(Dashboard& dashboard, const std::vector<std::pair<QString, QString>>& given)
{
    std::vector<Variable> vars = dashboard.variables();
    for (Variable& v : vars) {
        QStringList values;
        for (const auto& [name, value] : given)
            if (name == v.name())
                values << value;
        if (values.isEmpty())
            continue;
        QJsonObject current;
        if (v.multi() || values.size() > 1) {
            current.insert(u"value"_s, QJsonArray::fromStringList(values));
            current.insert(u"text"_s, QJsonArray::fromStringList(values));
        } else {
            current.insert(u"value"_s, values.front());
            current.insert(u"text"_s, values.front());
        }
        v.json.insert(u"current"_s, current);
        if (v.type() == u"textbox" || v.type() == u"constant")
            v.json.insert(u"query"_s, values.front());
    }
    dashboard.setVariables(vars);
}

} // namespace sg::dashboards
