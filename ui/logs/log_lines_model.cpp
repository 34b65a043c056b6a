#include "log_lines_model.h"

#include <QDateTime>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sg::ui {

LogLinesModel::LogLinesModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

void LogLinesModel::setStreams(std::vector<logs::Stream> streams, logs::Direction direction)
{
    beginResetModel();
    m_streams = std::move(streams);
    m_direction = direction;
    m_rows.clear();
    m_labelTexts.clear();
    std::size_t total = 0;
    for (const auto& s : m_streams)
        total += s.entries.size();
    m_rows.reserve(total);
    m_labelTexts.reserve(m_streams.size());
    for (std::uint32_t s = 0; s < m_streams.size(); ++s) {
        const auto& stream = m_streams[s];
        m_labelTexts.push_back(QString::fromStdString(stream.labels.toString()));
        for (std::uint32_t e = 0; e < stream.entries.size(); ++e)
            m_rows.push_back({ stream.entries[e].ts, s, e, detectLogLevel(stream.labels, stream.entries[e].line) });
    }
    // Stable on ties so lines of one stream keep their pushed order.
    if (direction == logs::Direction::Backward)
        std::stable_sort(m_rows.begin(), m_rows.end(), [](const Row& a, const Row& b) { return a.ts > b.ts; });
    else
        std::stable_sort(m_rows.begin(), m_rows.end(), [](const Row& a, const Row& b) { return a.ts < b.ts; });
    endResetModel();
}

void LogLinesModel::clear() { setStreams({}, m_direction); }

int LogLinesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant LogLinesModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[std::size_t(index.row())];
    const auto& entry = m_streams[row.stream].entries[row.entry];
    switch (role) {
    case Qt::DisplayRole:
        return QDateTime::fromMSecsSinceEpoch(nsToMs(row.ts)).toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s) + u' '
            + QString::fromStdString(entry.line);
    case Qt::ToolTipRole:
        return m_labelTexts[row.stream];
    case TimeNsRole:
        return QVariant::fromValue<qint64>(row.ts);
    case TimeRole:
        return QDateTime::fromMSecsSinceEpoch(nsToMs(row.ts));
    case LabelsRole:
        return m_labelTexts[row.stream];
    case LineRole:
        return QString::fromStdString(entry.line);
    case LevelRole:
        return logLevelName(row.level);
    case LevelValueRole:
        return int(row.level);
    default:
        return {};
    }
}

QHash<int, QByteArray> LogLinesModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(TimeNsRole, "timeNs");
    names.insert(TimeRole, "time");
    names.insert(LabelsRole, "labels");
    names.insert(LineRole, "line");
    names.insert(LevelRole, "level");
    names.insert(LevelValueRole, "levelValue");
    return names;
}

} // namespace sg::ui
