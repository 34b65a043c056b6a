#include "adhoc_filters.h"

#include "core/logql/label_injection.h"
#include "core/promql/label_injection.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sg::dashboards {

std::vector<LabelFilter> adhocFilters(const Variable& variable)
{
    std::vector<LabelFilter> out;
    for (const QJsonValue& v : variable.json.value(u"filters").toArray()) {
        const QJsonObject o = v.toObject();
        LabelFilter f;
        f.name = o.value(u"key").toString().toStdString();
        f.value = o.value(u"value").toString().toStdString();
        if (!f.name.empty() && parseMatchType(o.value(u"operator").toString().toStdString(), f.type))
            out.push_back(std::move(f));
    }
    return out;
}

void setAdhocFilters(Variable& variable, const std::vector<LabelFilter>& filters)
{
    QJsonArray list;
    for (const LabelFilter& f : filters) {
        list.append(QJsonObject { { u"key"_s, QString::fromStdString(f.name) },
            { u"operator"_s, QString::fromUtf8(matchTypeText(f.type)) },
            { u"value"_s, QString::fromStdString(f.value) }, { u"condition"_s, QString() } });
    }
    variable.json.insert(u"filters"_s, list);
}

std::vector<LabelFilter> adhocFiltersFor(
    const Dashboard& dashboard, const DatasourceRegistry& registry, const DatasourceInfo& datasource)
{
    std::vector<LabelFilter> out;
    for (const Variable& v : dashboard.variables()) {
        if (v.type() != u"adhoc")
            continue;
        const DatasourceInfo* ds = resolveDatasource(v.datasource(), {}, dashboard, registry);
        if (!ds || ds->uid != datasource.uid)
            continue;
        for (LabelFilter& f : adhocFilters(v))
            out.push_back(std::move(f));
    }
    return out;
}

Result<QString> applyAdhocFilters(const QString& expr, DatasourceKind kind, const std::vector<LabelFilter>& filters)
{
    if (filters.empty() || kind == DatasourceKind::Unknown)
        return expr;
    const std::string text = expr.toStdString();
    auto out = kind == DatasourceKind::Prometheus ? promql::addLabelFilters(text, filters)
                                                  : logql::addLabelFilters(text, filters);
    if (!out.ok())
        return out.error();
    return QString::fromStdString(*out);
}

} // namespace sg::dashboards
