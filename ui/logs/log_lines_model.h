#pragma once

#include "core/logstore/log_store.h"
#include "log_level.h"

#include <QAbstractListModel>

#include <vector>

namespace sg::ui {

/// Log lines of a query answer, flattened across streams and ordered by time (newest first for a
/// backward query, oldest first for a forward one). Owns the snapshot it was given.
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
    };

    explicit LogLinesModel(QObject* parent = nullptr);

    void setStreams(std::vector<logs::Stream> streams, logs::Direction direction = logs::Direction::Backward);
    void clear();
    logs::Direction direction() const { return m_direction; }

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
    };

    std::vector<logs::Stream> m_streams;
    std::vector<QString> m_labelTexts; ///< per stream, built once
    std::vector<Row> m_rows;
    logs::Direction m_direction = logs::Direction::Backward;
};

} // namespace sg::ui
