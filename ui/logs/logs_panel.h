#pragma once

#include "core/logql/filter_edit.h"
#include "core/logstore/log_store.h"
#include "log_dedup.h"
#include "log_line_format.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QListView;
class QPushButton;
class QSplitter;
class QToolButton;

namespace sg::ui {

class LogDetails;
class LogTail;
class LogLineDelegate;
class LogLinesModel;
class LogsVolume;

/// Grafana's logs view: a header naming the query and the count, the display options (order, wrap, prettify JSON,
/// escape newlines, labels, dedup), an optional logs volume, the virtualized line list, the details of the clicked
/// line under it, a "limit reached" bar that loads older lines, and loading and error states.
class LogsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit LogsPanel(QWidget* parent = nullptr);

    void setStreams(std::vector<logs::Stream> streams, logs::Direction direction = logs::Direction::Backward);
    /// Adds older lines after a "load older" answer (kept in the current order).
    void appendStreams(const std::vector<logs::Stream>& streams);
    /// The query the lines came from: shown in the header, its line filters highlighted, rewritten by filter-for.
    void setQueryText(const QString& query);
    QString queryText() const { return m_query; }
    /// What the header names instead of the query when the lines come from several queries ("" : the query).
    void setSourceCaption(const QString& caption);
    void setError(const QString& message);
    void setLoading(bool loading);
    /// Says "limit reached" with a button that loads older lines when `reached` (the answer had `limit` lines).
    void setLimitReached(bool reached, int limit);
    /// The same for several queries: `queries` names those whose answer had `limit` lines (none: hidden).
    void setLimitReached(const QStringList& queries, int limit);
    /// The "limit reached" message ("" while hidden).
    QString limitText() const;

    /// When set, the logs volume counts the lines held (over their time span); else the page fills it (Explore runs
    /// the volume query over the whole range).
    void setVolumeFromLines(bool fromLines) { m_volumeFromLines = fromLines; }

    /// Where live tail follows arrivals (the log store); without one the Live button is hidden.
    void setTailSource(std::shared_ptr<const logs::LogQuerier> store);
    LogTail* tail() const { return m_tail; }
    /// Starts following the query's arrivals (the list is cleared and fills, newest on top); false with the reason in
    /// the header when the store cannot be tailed.
    bool startLive();
    void stopLive();

    void setDisplay(const LineDisplay& display);
    /// Sets the dedup option (kept across answers).
    void setDedupMode(DedupMode mode);
    const LineDisplay& display() const;

    LogLinesModel* model() const { return m_model; }
    QListView* view() const { return m_view; }
    LogDetails* details() const { return m_details; }
    LogsVolume* volume() const { return m_volume; }
    QWidget* toolbar() const { return m_toolbar; }
    QString headerText() const;
    QString errorText() const;
    bool isLoading() const { return m_loading; }
    /// The oldest line held (ns), where "load older" continues from; 0 without lines.
    qint64 oldestNs() const;

    /// The lines shown as text (time, labels, line per row) or as Loki-style JSON rows.
    QString linesAsText() const;
    QByteArray linesAsJson() const;
    /// Writes the shown lines to `path` (".json": JSON, else text); false with `error` set on failure.
    bool saveLines(const QString& path, QString* error = nullptr) const;

Q_SIGNALS:
    /// A filter-for / filter-out in the details rewrote the query (the page runs it).
    void queryChangeRequested(const QString& query);
    /// "Load older": lines before `beforeNs` (exclusive).
    void loadOlderRequested(qint64 beforeNs);
    /// "Show context" for the line in `row` of the model.
    void contextRequested(int row);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void updateHeader();
    void applyDisplay();
    void showDetails(const QModelIndex& index);
    void applyFilter(const logql::FieldFilter& filter);
    void downloadLines(bool json);
    void refreshVolume();
    void updateLiveButtons();

    LogLinesModel* m_model = nullptr;
    LogLineDelegate* m_delegate = nullptr;
    QListView* m_view = nullptr;
    LogDetails* m_details = nullptr;
    LogsVolume* m_volume = nullptr;
    QSplitter* m_split = nullptr;
    QWidget* m_toolbar = nullptr;
    QLabel* m_header = nullptr;
    QLabel* m_error = nullptr;
    QWidget* m_limitBar = nullptr;
    QLabel* m_limitText = nullptr;
    QComboBox* m_order = nullptr;
    QComboBox* m_dedup = nullptr;
    QCheckBox* m_wrap = nullptr;
    QCheckBox* m_prettify = nullptr;
    QCheckBox* m_escape = nullptr;
    QCheckBox* m_labels = nullptr;
    QToolButton* m_live = nullptr;
    QToolButton* m_pause = nullptr;
    QToolButton* m_clear = nullptr;
    LogTail* m_tail = nullptr;
    std::shared_ptr<const logs::LogQuerier> m_tailStore;
    QString m_query;
    QString m_caption;
    bool m_loading = false;
    bool m_volumeFromLines = true;
};

} // namespace sg::ui
