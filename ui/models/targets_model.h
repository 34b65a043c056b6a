#pragma once

#include "core/common/time.h"
#include "core/scrape/target.h"

#include <QAbstractTableModel>

#include <vector>

namespace sg::ui {

/// The targets table: one row per scraped target (job, endpoint, state, labels after relabeling, last scrape,
/// duration, last error), then one row per target that relabeling dropped. Adopts value snapshots from
/// ScrapeManager::statuses(); the Labels column's tooltip shows the labels before relabeling.
class TargetsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Job, Endpoint, State, Labels, LastScrape, Duration, Error, ColumnCount };
    /// Qt::UserRole on the State column: "up", "down", "unknown" or "dropped".
    static constexpr int StateRole = Qt::UserRole + 1;

    explicit TargetsModel(QObject* parent = nullptr);

    /// Adopts a snapshot. Rows keep their identity when the target list is unchanged (only dataChanged is
    /// emitted, so selection and scroll stay); otherwise the model is reset. `now` drives the "ago" column.
    void setSnapshot(std::vector<scrape::TargetStatus> statuses, std::vector<scrape::DroppedTarget> dropped, TimestampMs now);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// "3s ago", "2m ago", "never".
    static QString formatAgo(TimestampMs then, TimestampMs now);
    /// `{a="b", c="d"}` without the quotes Grafana also drops: `a=b, c=d`.
    static QString formatLabels(const sg::Labels& labels);

private:
    std::vector<scrape::TargetStatus> m_statuses;
    std::vector<scrape::DroppedTarget> m_dropped;
    TimestampMs m_now = 0;
};

} // namespace sg::ui
