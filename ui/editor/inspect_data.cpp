#include "inspect_data.h"

#include "core/fieldconfig/colors.h"
#include "core/fieldconfig/display.h"
#include "core/fieldconfig/field_config.h"

#include <QDateTime>
#include <QIODevice>
#include <QTimeZone>

#include <map>

using namespace Qt::StringLiterals;

namespace sg::ui::editor {

namespace {

QString timeText(qint64 ms, const InspectTableOptions& options)
{
    if (!options.formatted)
        return QString::number(ms);
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, options.utc ? QTimeZone::utc() : QTimeZone::systemTimeZone());
    return t.toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

QString logLabels(const query::LabelPairs& labels)
{
    QStringList parts;
    for (const auto& [k, v] : labels)
        parts << u"%1=\"%2\""_s.arg(k, v);
    return parts.join(u", "_s);
}

QString csvField(const QString& text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n') && !text.contains(u'\r'))
        return text;
    QString quoted = text;
    quoted.replace(u"\""_s, u"\"\""_s);
    return u'"' + quoted + u'"';
}

} // namespace

InspectTable buildInspectTable(const query::PanelData& data, const InspectTableOptions& options)
{
    InspectTable table;
    if (data.series.empty() && !data.logs.empty()) {
        table.headers = { u"Time"_s, u"Line"_s, u"Labels"_s };
        for (const query::LogRow& row : data.logs)
            table.rows.push_back({ timeText(row.timeNs / 1'000'000, options), row.line, logLabels(row.labels) });
        return table;
    }
    const std::vector<fieldconfig::Field> fields = fieldconfig::applyFieldConfig(options.fieldConfig, data.series);
    auto valueText = [&](std::size_t s, double v) -> QString {
        if (std::isnan(v))
            return {};
        if (!options.formatted || s >= fields.size())
            return fieldconfig::jsNumberToString(v);
        return fieldconfig::display(fields[s].config, v).toString();
    };
    auto nameOf = [&](std::size_t s) {
        if (s < fields.size() && !fields[s].name.isEmpty())
            return fields[s].name;
        return data.series[s].name.isEmpty() ? u"Value"_s : data.series[s].name;
    };

    std::vector<std::size_t> shown;
    if (options.series >= 0 && std::size_t(options.series) < data.series.size())
        shown.push_back(std::size_t(options.series));
    else
        for (std::size_t s = 0; s < data.series.size(); ++s)
            shown.push_back(s);

    table.headers << u"Time"_s;
    for (std::size_t s : shown)
        table.headers << nameOf(s);
    // Join on time: one row per distinct timestamp over the shown series, ascending.
    std::map<qint64, QStringList> rows;
    for (std::size_t c = 0; c < shown.size(); ++c) {
        const query::SeriesFrame& f = data.series[shown[c]];
        for (std::size_t i = 0; i < f.timesMs.size() && i < f.values.size(); ++i) {
            QStringList& row = rows[f.timesMs[i]];
            if (row.isEmpty())
                row.resize(qsizetype(shown.size()) + 1);
            row[qsizetype(c) + 1] = valueText(shown[c], f.values[i]);
        }
    }
    for (auto& [t, row] : rows) {
        row[0] = timeText(t, options);
        table.rows.push_back(std::move(row));
    }
    return table;
}

void writeCsv(const InspectTable& table, QIODevice* device)
{
    auto line = [device](const QStringList& fields) {
        QStringList quoted;
        for (const QString& f : fields)
            quoted << csvField(f);
        device->write(quoted.join(u',').toUtf8());
        device->write("\r\n");
    };
    line(table.headers);
    for (const QStringList& row : table.rows)
        line(row);
}

void InspectTableModel::setTable(InspectTable table)
{
    beginResetModel();
    m_table = std::move(table);
    endResetModel();
}

int InspectTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_table.rows.size());
}

int InspectTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_table.headers.size());
}

QVariant InspectTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
        return m_table.rows[std::size_t(index.row())].value(index.column());
    if (role == Qt::TextAlignmentRole && index.column() > 0 && m_table.headers.value(1) != u"Line")
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant InspectTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal)
        return m_table.headers.value(section);
    return section + 1;
}

} // namespace sg::ui::editor
