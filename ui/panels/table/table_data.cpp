#include "table_data.h"

#include "core/fieldconfig/display.h"
#include "core/fieldconfig/reducers.h"
#include "ui/panels/common/panel_paint.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>
#include <map>
#include <set>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

using fieldconfig::FieldConfig;

void styleColumn(TableColumn& col, const FieldConfig& config)
{
    const QJsonObject custom = config.custom;
    QString type = custom.value(u"cellOptions").toObject().value(u"type").toString();
    if (type.isEmpty())
        type = custom.value(u"displayMode").toString(); // before Grafana 10
    if (type == u"color-background" && custom.value(u"cellOptions").toObject().value(u"mode").toString() == u"basic")
        type = u"color-background-solid"_s;
    col.cellType = type.isEmpty() ? u"auto"_s : type;
    col.align = custom.value(u"align").toString(u"auto"_s);
    col.width = custom.value(u"width").toInt();
    col.hidden = custom.value(u"hidden").toBool() || custom.value(u"hideFrom").toObject().value(u"viz").toBool();
}

TableCell numberCell(const FieldConfig& config, double v)
{
    const auto d = fieldconfig::display(config, v);
    return { std::isnan(v) ? QVariant() : QVariant(v), d.toString(), paint::toQColor(d.color) };
}

TableCell stringCell(const FieldConfig& config, const QString& s)
{
    const auto d = fieldconfig::displayString(config, s);
    return { s.isEmpty() ? QVariant() : QVariant(s), d.text, paint::toQColor(d.color) };
}

TableCell timeCell(qint64 ms, const QString& tz)
{
    const QDateTime dt
        = tz == u"utc" ? QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()) : QDateTime::fromMSecsSinceEpoch(ms);
    return { QVariant(ms), dt.toString(u"yyyy-MM-dd HH:mm:ss"_s), {} };
}

QStringList labelKeys(const std::vector<query::SeriesFrame>& series)
{
    std::set<QString> keys;
    for (const auto& s : series)
        for (const auto& [k, v] : s.labels)
            keys.insert(k);
    QStringList out;
    if (keys.count(u"__name__"_s)) // Grafana lists the metric name first
        out << u"__name__"_s;
    for (const auto& k : keys)
        if (k != u"__name__")
            out << k;
    return out;
}

std::optional<QStringList> reducersFrom(const TableInput& input, bool* labelsToFields)
{
    for (const QJsonValue& t : input.transformations) {
        const QJsonObject o = t.toObject();
        if (o.value(u"id").toString() != u"reduce" || o.value(u"disabled").toBool())
            continue;
        const QJsonObject opts = o.value(u"options").toObject();
        QStringList ids;
        for (const QJsonValue& r : opts.value(u"reducers").toArray())
            ids << fieldconfig::canonicalReducerId(r.toString());
        *labelsToFields = opts.value(u"labelsToFields").toBool();
        return ids.isEmpty() ? QStringList { u"max"_s } : ids;
    }
    const QJsonValue reduce = input.options.value(u"reduce");
    if (reduce.isArray() || reduce.isObject()) {
        QStringList ids;
        const QJsonArray arr = reduce.isArray() ? reduce.toArray() : reduce.toObject().value(u"reducers").toArray();
        for (const QJsonValue& r : arr)
            ids << fieldconfig::canonicalReducerId(r.toString());
        *labelsToFields = reduce.toObject().value(u"labelsToFields").toBool();
        return ids.isEmpty() ? QStringList { u"lastNotNull"_s } : ids;
    }
    return std::nullopt;
}

} // namespace

TableData buildTable(const std::vector<query::SeriesFrame>& series, const TableInput& input, int frameIndex)
{
    TableData t;
    if (series.empty())
        return t;
    const auto fields = fieldconfig::applyFieldConfig(input.fieldConfig, series);
    const FieldConfig defaults = FieldConfig::fromJson(input.fieldConfig.value(u"defaults").toObject());

    bool labelsToFields = false;
    if (const auto reducers = reducersFrom(input, &labelsToFields)) {
        TableColumn name { u"Field"_s, TableColumn::Kind::String };
        styleColumn(name, defaults);
        t.columns.push_back(name);
        const QStringList keys = labelsToFields ? labelKeys(series) : QStringList();
        for (const QString& k : keys) {
            TableColumn c { k, TableColumn::Kind::String };
            styleColumn(c, defaults);
            t.columns.push_back(c);
        }
        for (const QString& r : *reducers) {
            const auto* info = fieldconfig::reducerInfo(r);
            TableColumn c { info ? info->name : r, TableColumn::Kind::Number };
            styleColumn(c, defaults);
            t.columns.push_back(c);
        }
        for (const auto& f : fields) {
            const auto& s = series[std::size_t(f.seriesIndex)];
            std::vector<TableCell> row;
            row.push_back(stringCell(defaults, f.name));
            for (const QString& k : keys)
                row.push_back(stringCell(defaults, s.label(k)));
            const auto values = fieldconfig::reduce(*reducers, s.values, f.config.nullValueMode);
            for (int i = 0; i < reducers->size(); ++i) {
                FieldConfig c = f.config;
                const auto* info = fieldconfig::reducerInfo(reducers->at(i));
                if (info && !info->preservesUnits)
                    c.unit.clear();
                row.push_back(numberCell(c, values[std::size_t(i)]));
            }
            t.rows.push_back(std::move(row));
        }
        return t;
    }

    const bool instant = std::all_of(series.begin(), series.end(), [](const auto& s) { return s.values.size() <= 1; });
    if (instant) {
        QStringList refIds;
        for (const auto& s : series)
            if (!refIds.contains(s.refId))
                refIds << s.refId;
        const QStringList keys = labelKeys(series);
        const bool hasTime
            = std::any_of(series.begin(), series.end(), [](const auto& s) { return !s.timesMs.empty(); });
        if (hasTime)
            t.columns.push_back({ u"Time"_s, TableColumn::Kind::Time });
        for (const QString& k : keys) {
            TableColumn c { k, TableColumn::Kind::String };
            styleColumn(c, defaults);
            t.columns.push_back(c);
        }
        const int firstValue = int(t.columns.size());
        for (const QString& ref : refIds) {
            TableColumn c { refIds.size() > 1 ? u"Value #%1"_s.arg(ref) : u"Value"_s, TableColumn::Kind::Number };
            // The column takes the config of its first series (overrides by name apply per cell below).
            for (const auto& f : fields)
                if (series[std::size_t(f.seriesIndex)].refId == ref) {
                    styleColumn(c, f.config);
                    break;
                }
            t.columns.push_back(c);
        }
        // Rows merge series with the same labels (Grafana's merge of instant table results).
        std::map<query::LabelPairs, std::size_t> rowOf;
        for (const auto& f : fields) {
            const auto& s = series[std::size_t(f.seriesIndex)];
            auto sorted = s.labels;
            std::sort(sorted.begin(), sorted.end());
            auto [it, inserted] = rowOf.emplace(sorted, t.rows.size());
            if (inserted) {
                std::vector<TableCell> row;
                if (hasTime)
                    row.push_back(s.timesMs.empty() ? TableCell {} : timeCell(s.timesMs.front(), input.timeZone));
                for (const QString& k : keys)
                    row.push_back(stringCell(defaults, s.label(k)));
                for (int i = 0; i < refIds.size(); ++i)
                    row.push_back(numberCell(f.config, query::NullValue));
                t.rows.push_back(std::move(row));
            }
            const int col = firstValue + int(refIds.indexOf(s.refId));
            t.rows[it->second][std::size_t(col)]
                = numberCell(f.config, s.values.empty() ? query::NullValue : s.values.front());
        }
        return t;
    }

    for (const auto& f : fields)
        t.frameNames << f.name;
    t.frameIndex = std::clamp(frameIndex, 0, int(fields.size()) - 1);
    const auto& f = fields[std::size_t(t.frameIndex)];
    const auto& s = series[std::size_t(f.seriesIndex)];
    t.columns.push_back({ u"Time"_s, TableColumn::Kind::Time });
    TableColumn value { f.name, TableColumn::Kind::Number };
    styleColumn(value, f.config);
    t.columns.push_back(value);
    for (std::size_t i = 0; i < s.values.size(); ++i) {
        std::vector<TableCell> row;
        row.push_back(i < s.timesMs.size() ? timeCell(s.timesMs[i], input.timeZone) : TableCell {});
        row.push_back(numberCell(f.config, s.values[i]));
        t.rows.push_back(std::move(row));
    }
    return t;
}

} // namespace sg::ui
