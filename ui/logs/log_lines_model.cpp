#include "log_lines_model.h"

#include "core/labels/labels.h"

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
    m_order = direction == logs::Direction::Backward ? SortOrder::NewestFirst : SortOrder::OldestFirst;
    m_all.clear();
    m_labelTexts.clear();
    std::size_t total = 0;
    for (const auto& s : m_streams)
        total += s.entries.size();
    m_all.reserve(total);
    m_labelTexts.reserve(m_streams.size());
    for (std::uint32_t s = 0; s < m_streams.size(); ++s) {
        const auto& stream = m_streams[s];
        m_labelTexts.push_back(QString::fromStdString(stream.labels.toString()));
        for (std::uint32_t e = 0; e < stream.entries.size(); ++e)
            m_all.push_back({ stream.entries[e].ts, s, e, detectLogLevel(stream.labels, stream.entries[e].line) });
    }
    sortAll();
    rebuildShown();
    endResetModel();
}

void LogLinesModel::appendStreams(const std::vector<logs::Stream>& streams)
{
    if (streams.empty())
        return;
    beginResetModel();
    for (const auto& in : streams) {
        auto it = std::find_if(m_streams.begin(), m_streams.end(), [&](const logs::Stream& s) { return s.labels == in.labels; });
        if (it == m_streams.end()) {
            m_streams.push_back({ in.labels, {} });
            m_labelTexts.push_back(QString::fromStdString(in.labels.toString()));
            it = m_streams.end() - 1;
        }
        const auto s = std::uint32_t(it - m_streams.begin());
        for (const auto& e : in.entries) {
            it->entries.push_back(e);
            m_all.push_back({ e.ts, s, std::uint32_t(it->entries.size() - 1), detectLogLevel(in.labels, e.line) });
        }
    }
    sortAll();
    rebuildShown();
    endResetModel();
}

void LogLinesModel::clear() { setStreams({}, direction()); }

int LogLinesModel::rowNearest(TimestampNs t) const
{
    if (m_rows.empty())
        return -1;
    const bool ascending = m_order == SortOrder::OldestFirst;
    // The first row at or past `t` in the shown order, then the nearer of it and the row before.
    const auto it = std::partition_point(m_rows.begin(), m_rows.end(),
        [&](const Row& r) { return ascending ? r.ts < t : r.ts > t; });
    auto row = std::size_t(it - m_rows.begin());
    if (row == m_rows.size())
        return int(row - 1);
    if (row > 0) {
        const auto distance = [&](std::size_t i) { return m_rows[i].ts > t ? m_rows[i].ts - t : t - m_rows[i].ts; };
        if (distance(row - 1) < distance(row))
            --row;
    }
    return int(row);
}

void LogLinesModel::setSortOrder(SortOrder order)
{
    if (order == m_order)
        return;
    beginResetModel();
    m_order = order;
    sortAll();
    rebuildShown();
    endResetModel();
}

void LogLinesModel::setDedupMode(DedupMode mode)
{
    if (mode == m_dedup)
        return;
    beginResetModel();
    m_dedup = mode;
    rebuildShown();
    endResetModel();
}

void LogLinesModel::setLevelFilter(std::set<LogLevel> levels)
{
    if (levels == m_levels)
        return;
    beginResetModel();
    m_levels = std::move(levels);
    rebuildShown();
    endResetModel();
}

void LogLinesModel::sortAll()
{
    // Stable on ties so lines of one stream keep their pushed order.
    if (m_order == SortOrder::NewestFirst)
        std::stable_sort(m_all.begin(), m_all.end(), [](const Row& a, const Row& b) { return a.ts > b.ts; });
    else
        std::stable_sort(m_all.begin(), m_all.end(), [](const Row& a, const Row& b) { return a.ts < b.ts; });
}

void LogLinesModel::rebuildShown()
{
    m_rows.clear();
    m_deduped = 0;
    const bool filtered = !m_levels.empty();
    if (!filtered && m_dedup == DedupMode::None) {
        m_rows = m_all;
        return;
    }
    m_rows.reserve(m_all.size());
    std::string lastKey;
    for (const Row& r : m_all) {
        if (filtered && !m_levels.count(r.level))
            continue;
        if (m_dedup != DedupMode::None) {
            std::string key = dedupKey(m_streams[r.stream].entries[r.entry].line, m_dedup);
            if (!m_rows.empty() && key == lastKey) {
                ++m_rows.back().count;
                ++m_deduped;
                continue;
            }
            lastKey = std::move(key);
        }
        m_rows.push_back(r);
        m_rows.back().count = 1;
    }
}

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
    case DuplicatesRole:
        return int(row.count);
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
    names.insert(DuplicatesRole, "duplicates");
    return names;
}

} // namespace sg::ui
