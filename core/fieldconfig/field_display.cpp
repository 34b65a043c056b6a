#include "field_display.h"

#include "value_mappings.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace sg::fieldconfig {

ReduceOptions ReduceOptions::fromJson(const QJsonObject& o)
{
    ReduceOptions r;
    r.values = o.value(u"values").toBool();
    r.limit = o.value(u"limit").toInt();
    for (const QJsonValue& c : o.value(u"calcs").toArray())
        if (!c.toString().isEmpty())
            r.calcs << canonicalReducerId(c.toString());
    r.fields = o.value(u"fields").toString();
    return r;
}

std::vector<FieldDisplay> getFieldDisplayValues(const std::vector<Field>& fields,
    const std::vector<query::SeriesFrame>& series, const ReduceOptions& options, const QJsonObject& fieldConfig)
{
    const QStringList calcs = options.calcs.isEmpty() ? QStringList { u"last"_s } : options.calcs;
    const int limit = options.limit > 0 ? options.limit : DefaultFieldDisplayValuesLimit;
    std::optional<QRegularExpression> fieldFilter;
    if (!options.fields.isEmpty()) {
        const JsRegex js = stringToJsRegex(options.fields);
        fieldFilter = QRegularExpression(js.valid ? js.pattern : u"(?!)"_s,
            js.caseInsensitive ? QRegularExpression::CaseInsensitiveOption : QRegularExpression::NoPatternOption);
    }

    std::vector<FieldDisplay> out;
    bool hitLimit = false;
    for (std::size_t i = 0; i < fields.size() && !hitLimit; ++i) {
        const Field& field = fields[i];
        if (field.seriesIndex < 0 || field.seriesIndex >= int(series.size()))
            continue;
        if (fieldFilter && !fieldFilter->match(field.name).hasMatch())
            continue;
        const auto& s = series[std::size_t(field.seriesIndex)];
        const bool hasTemplate = !field.config.displayName.isEmpty();
        if (options.values) {
            for (std::size_t j = 0; j < s.values.size(); ++j) {
                FieldDisplay fd;
                fd.name = field.name;
                fd.display = display(field.config, s.values[j]);
                fd.display.title = hasTemplate ? interpolateDisplayName(field.config.displayName, s) : field.name;
                fd.fieldIndex = int(i);
                fd.rowIndex = int(j);
                fd.config = field.config;
                out.push_back(std::move(fd));
                if (int(out.size()) >= limit) {
                    hitLimit = true;
                    break;
                }
            }
            continue;
        }
        const std::vector<double> results = reduce(calcs, s.values, field.config.nullValueMode);
        for (int c = 0; c < calcs.size(); ++c) {
            const ReducerInfo* info = reducerInfo(calcs[c]);
            FieldConfig config = field.config;
            // Counting reducers give plain numbers whatever the field's unit (Grafana's preservesUnits).
            if (info && !info->preservesUnits)
                config.unit.clear();
            FieldDisplay fd;
            fd.name = calcs[c];
            if (info && info->isBoolean) {
                fd.display = display(config, std::numeric_limits<double>::quiet_NaN());
                fd.display.text = results[std::size_t(c)] != 0 ? u"true"_s : u"false"_s;
                fd.display.numeric = results[std::size_t(c)];
            } else {
                fd.display = display(config, results[std::size_t(c)]);
            }
            const QString calcName = info ? info->name : calcs[c];
            QString title = hasTemplate ? interpolateDisplayName(field.config.displayName, s, calcName) : field.name;
            if (calcs.size() > 1 && !hasTemplate)
                title = calcName + u' ' + title;
            fd.display.title = title;
            fd.fieldIndex = int(i);
            fd.config = config;
            out.push_back(std::move(fd));
        }
    }

    if (out.empty()) {
        FieldDisplay fd;
        fd.name = u"No data"_s;
        fd.config = FieldConfig::fromJson(fieldConfig.value(u"defaults").toObject());
        fd.display = display(fd.config, std::numeric_limits<double>::quiet_NaN());
        if (fd.display.text.isEmpty())
            fd.display.text = u"No data"_s;
        fd.display.numeric = 0;
        fd.noData = true;
        out.push_back(std::move(fd));
    }
    return out;
}

} // namespace sg::fieldconfig
