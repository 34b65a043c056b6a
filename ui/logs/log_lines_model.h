#pragma once

#include "core/logstore/log_store.h"
#include "log_dedup.h"
#include "log_level.h"

#include <QAbstractListModel>

#include <set>
#include <vector>

namespace sg::ui {

/// Log lines of a query answer, flattened across streams and ordered by time, newest or oldest first. Owns the
/// snapshot it was given; rows are small index records into it, so a million lines cost about 24 MB over the lines
/// themselves and the view asks only for the rows it paints. Shows the lines after a level filter (the logs volume's
/// legend) and deduplication (consecutive equal lines fold into the first, which carries the count).
class LogLinesModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        TimeNsRole = Qt::UserRole + 1, ///< qint64 nanoseconds since the epoch
        TimeRole,                      ///< QDateTime (local time, millisecond precision)
        LabelsRole,                    ///< QString `{a="b"}` of the line's stream
        LineRole,                      ///< QString, the log line
        LevelRole,                     ///< QString "error" / "warn" / "info" / "debug" / ""
        LevelValueRole,                ///< int, a LogLevel
        DuplicatesRole,                ///< int, how many lines this row stands for (1 without dedup)
    };
    enum class SortOrder { NewestFirst, OldestFirst };

    explicit LogLinesModel(QObject* parent = nullptr);

    /// Replaces the lines; the order follows `direction` (Backward: newest first).
    void setStreams(std::vector<logs::Stream> streams, logs::Direction direction = logs::Direction::Backward);
    /// Adds lines to the end of the time order (a live tail): newest first puts them on top.
    void appendStreams(const std::vector<logs::Stream>& streams);
    void clear();
    logs::Direction direction() const { return m_order == SortOrder::NewestFirst ? logs::Direction::Backward : logs::Direction::Forward; }

    void setSortOrder(SortOrder order);
    SortOrder sortOrder() const { return m_order; }
    void setDedupMode(DedupMode mode);
    DedupMode dedupMode() const { return m_dedup; }
    /// Shows only lines of these levels; empty: every line.
    void setLevelFilter(std::set<LogLevel> levels);
    const std::set<LogLevel>& levelFilter() const { return m_levels; }

    /// Lines held, before the level filter and dedup.
    std::size_t totalLines() const { return m_all.size(); }
    /// Lines hidden by dedup.
    std::size_t dedupedLines() const { return m_deduped; }

    /// The stream and entry shown in `row` (a valid row).
    const logs::Stream& streamAt(int row) const { return m_streams[m_rows[std::size_t(row)].stream]; }
    const logs::LogEntry& entryAt(int row) const
    {
        const Row& r = m_rows[std::size_t(row)];
        return m_streams[r.stream].entries[r.entry];
    }
    /// The shown row whose time is nearest to `t` (-1 when nothing is shown). Binary search: the rows are in time
    /// order (either way).
    int rowNearest(TimestampNs t) const;
    /// Every stream held (the snapshot the rows point into).
    const std::vector<logs::Stream>& streams() const { return m_streams; }
    /// The time of every line held, with its level (for the logs volume).
    template<class F> void forEachLine(F&& f) const
    {
        for (const Row& r : m_all)
            f(r.ts, r.level);
    }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Row
    {
        TimestampNs ts;
        std::uint32_t stream;
        std::uint32_t entry;
        LogLevel level;
        std::uint32_t count = 1; ///< lines folded into this row by dedup
    };
    void sortAll();
    void rebuildShown();

    std::vector<logs::Stream> m_streams;
    std::vector<QString> m_labelTexts; ///< per stream, built once
    std::vector<Row> m_all;            ///< every line, in the shown order
    std::vector<Row> m_rows;           ///< the shown lines
    std::size_t m_deduped = 0;
    SortOrder m_order = SortOrder::NewestFirst;
    DedupMode m_dedup = DedupMode::None;
    std::set<LogLevel> m_levels;
};

} // namespace sg::ui
