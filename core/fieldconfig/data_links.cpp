#include "data_links.h"

#include "colors.h"
#include "field_config.h"

#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sg::fieldconfig {

std::vector<DataLink> DataLink::listFromJson(const QJsonArray& links)
{
    std::vector<DataLink> out;
    for (const QJsonValue& v : links) {
        const QJsonObject o = v.toObject();
        DataLink link { o.value(u"title").toString(), o.value(u"url").toString(), o.value(u"targetBlank").toBool() };
        if (!link.url.trimmed().isEmpty())
            out.push_back(std::move(link));
    }
    return out;
}

void addDataLinkValues(templating::InterpolationContext& context, const DataLinkOrigin& origin)
{
    auto set = [&context](const QString& name, const QString& value) { context.scoped.insert(name, { value, {} }); };
    set(u"__field.name"_s, origin.fieldName);
    set(u"__field.displayName"_s, origin.fieldName);
    set(u"__series.name"_s, origin.seriesName.isEmpty() ? origin.fieldName : origin.seriesName);
    set(u"__field.labels"_s, formatLabels(origin.labels));
    QStringList values;
    for (const auto& [name, value] : origin.labels) {
        set(u"__field.labels."_s + name, value);
        values << value;
    }
    std::sort(values.begin(), values.end());
    set(u"__field.labels.__values"_s, values.join(u", "_s));
    if (!origin.refId.isEmpty()) {
        set(u"__data.refId"_s, origin.refId);
        set(u"__field.refId"_s, origin.refId);
    }
    const QString raw = origin.value ? jsNumberToString(*origin.value) : origin.rawText;
    if (origin.value || !origin.rawText.isEmpty()) {
        set(u"__value.raw"_s, raw);
        set(u"__value.text"_s, origin.valueText.isEmpty() ? raw : origin.valueText);
    }
    if (origin.value)
        set(u"__value.numeric"_s, raw);
    if (origin.timeMs)
        set(u"__value.time"_s, QString::number(*origin.timeMs));
    if (!origin.calc.isEmpty())
        set(u"__value.calc"_s, origin.calc);
    for (const auto& [name, value] : origin.rowFields)
        set(u"__data.fields."_s + name, value);
}

ResolvedLink resolveLink(const DataLink& link, const templating::InterpolationContext& context)
{
    templating::InterpolationContext urlContext = context;
    urlContext.language = templating::QueryLanguage::None;
    urlContext.format = u"uriencode"_s;
    QString url = link.url;
    url.remove(u'\n');
    templating::InterpolationContext titleContext = context;
    titleContext.language = templating::QueryLanguage::None;
    titleContext.format.clear();
    return { templating::interpolateString(link.title, titleContext), templating::interpolateString(url, urlContext),
        link.targetBlank };
}

std::vector<ResolvedLink> resolveLinks(
    const std::vector<DataLink>& links, templating::InterpolationContext context, const DataLinkOrigin& origin)
{
    addDataLinkValues(context, origin);
    std::vector<ResolvedLink> out;
    out.reserve(links.size());
    for (const DataLink& link : links)
        out.push_back(resolveLink(link, context));
    return out;
}

std::vector<DataLink> fieldLinks(const QJsonObject& fieldConfig, const query::SeriesFrame& series)
{
    return DataLink::listFromJson(effectiveConfigJson(fieldConfig, series).value(u"links").toArray());
}

} // namespace sg::fieldconfig
