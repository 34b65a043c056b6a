#include "targets_model.h"

#include <QBrush>
#include <QColor>

using namespace Qt::StringLiterals;

namespace sg::ui {

TargetsModel::TargetsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void TargetsModel::setSnapshot(std::vector<scrape::TargetStatus> statuses, std::vector<scrape::DroppedTarget> dropped, TimestampMs now)
{
    bool sameRows = statuses.size() == m_statuses.size() && dropped.size() == m_dropped.size();
    for (std::size_t i = 0; sameRows && i < statuses.size(); ++i)
        sameRows = statuses[i].job == m_statuses[i].job && statuses[i].url == m_statuses[i].url
            && statuses[i].labels == m_statuses[i].labels;
    for (std::size_t i = 0; sameRows && i < dropped.size(); ++i)
        sameRows = dropped[i].discoveredLabels == m_dropped[i].discoveredLabels;
    if (!sameRows)
        beginResetModel();
    m_statuses = std::move(statuses);
    m_dropped = std::move(dropped);
    m_now = now;
    if (!sameRows)
        endResetModel();
    else if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int TargetsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_statuses.size() + m_dropped.size());
}

int TargetsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TargetsModel::formatAgo(TimestampMs then, TimestampMs now)
{
    if (then <= 0)
        return u"never"_s;
    const qint64 s = std::max<qint64>(0, (now - then) / 1000);
    if (s < 60)
        return u"%1s ago"_s.arg(s);
    if (s < 3600)
        return u"%1m %2s ago"_s.arg(s / 60).arg(s % 60);
    return u"%1h %2m ago"_s.arg(s / 3600).arg((s % 3600) / 60);
}

QString TargetsModel::formatLabels(const sg::Labels& labels)
{
    QStringList parts;
    for (const auto& l : labels)
        parts << QString::fromStdString(l.name) + u'=' + QString::fromStdString(l.value);
    return parts.join(u", "_s);
}

QVariant TargetsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const auto row = std::size_t(index.row());
    if (row >= m_statuses.size()) {
        const scrape::DroppedTarget& d = m_dropped[row - m_statuses.size()];
        const QString address = QString::fromStdString(std::string(d.discoveredLabels.get("__address__")));
        if (role == StateRole && index.column() == State)
            return u"dropped"_s;
        if (role == Qt::ForegroundRole)
            return QBrush(QColor(0x8e, 0x8e, 0x8e));
        if (role == Qt::ToolTipRole)
            return u"Dropped by relabeling. Discovered labels:\n"_s + formatLabels(d.discoveredLabels);
        if (role != Qt::DisplayRole)
            return {};
        switch (index.column()) {
        case Job:
            return d.job;
        case Endpoint:
            return address;
        case State:
            return u"dropped"_s;
        case Labels:
            return formatLabels(d.discoveredLabels);
        default:
            return {};
        }
    }
    const scrape::TargetStatus& s = m_statuses[row];
    const bool scraped = s.lastScrapeMs > 0;
    const QString state = !scraped ? u"unknown"_s : (s.up ? u"up"_s : u"down"_s);
    if (role == StateRole && index.column() == State)
        return state;
    if (role == Qt::ForegroundRole && index.column() == State)
        return QBrush(!scraped ? QColor(0xb0, 0xb0, 0xb0) : (s.up ? QColor(0x73, 0xbf, 0x69) : QColor(0xf2, 0x49, 0x5c)));
    if (role == Qt::ForegroundRole && index.column() == Error && !s.lastError.isEmpty())
        return QBrush(QColor(0xf2, 0x49, 0x5c));
    if (role == Qt::ToolTipRole) {
        if (index.column() == Labels)
            return u"Before relabeling:\n"_s + (s.discoveredLabels.empty() ? u"(static target)"_s : formatLabels(s.discoveredLabels));
        if (index.column() == Error)
            return s.lastError;
        if (index.column() == Endpoint)
            return s.url.toString();
        return {};
    }
    if (role == Qt::TextAlignmentRole && (index.column() == Duration || index.column() == LastScrape))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Job:
        return s.job;
    case Endpoint:
        return s.url.toString();
    case State:
        return state;
    case Labels:
        return formatLabels(s.labels);
    case LastScrape:
        return formatAgo(s.lastScrapeMs, m_now);
    case Duration:
        return scraped ? u"%1 ms"_s.arg(s.lastDurationSeconds * 1000.0, 0, 'f', 1) : QString();
    case Error:
        return s.lastError;
    default:
        return {};
    }
}

QVariant TargetsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Job:
        return tr("Job");
    case Endpoint:
        return tr("Endpoint");
    case State:
        return tr("State");
    case Labels:
        return tr("Labels");
    case LastScrape:
        return tr("Last scrape");
    case Duration:
        return tr("Duration");
    case Error:
        return tr("Error");
    default:
        return {};
    }
}

} // namespace sg::ui
