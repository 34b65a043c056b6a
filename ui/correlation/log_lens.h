#pragma once

#include "core/logstore/log_store.h"
#include "core/services/query_client.h"

#include <QWidget>

class QLabel;
class QListView;
class QTimer;

namespace sg::ui {

class LabelBridgeState;
class LogLineDelegate;
class LogLinesModel;
class PanelFrame;

/// The log lens: a strip of log lines docked under a time series panel that follows the crosshair. It holds the
/// lines of the streams the panel's series map to (through the label bridge) in a window around the hovered moment
/// (a 40th of the panel's range either side, at least a minute; the end of the range before any hover), loading
/// the window of a new moment once the crosshair rests there; hovering a moment scrolls to the lines nearest it and highlights those of the hovered second (on a range
/// where a pixel spans more than a second, those within two pixels' span either side of the moment). Hovering
/// the panel itself narrows the strip to the hovered series' streams; the dashboard's shared crosshair (from another
/// panel) shows all of the panel's streams.
class LogLens : public QWidget
{
    Q_OBJECT
public:
    /// Lines loaded per window (oldest first).
    static constexpr int LineLimit = 5000;

    LogLens(PanelFrame* frame, LabelBridgeState* bridge, services::QueryClient* client);
    ~LogLens() override;

    /// Follows the crosshair to `timeMs` (-1: it left). `fromPanel`: the mouse is over this lens' own panel.
    void followTime(qint64 timeMs, bool fromPanel);

    QString selector() const { return m_selector; }
    /// Lines held for the current streams.
    int lineCount() const;
    /// Lines in the highlighted moment.
    int highlightedLines() const { return m_highlighted; }
    /// The row scrolled to for the last hover (-1: none).
    int currentRow() const { return m_currentRow; }
    QListView* list() const { return m_list; }
    LogLinesModel* model() const { return m_model; }
    QString statusText() const;
    /// The loaded window, [from, to] in ms (-1 before the first answer).
    qint64 loadedFromMs() const { return m_loadedFromMs; }
    qint64 loadedToMs() const { return m_loadedToMs; }

Q_SIGNALS:
    /// The lines of a refresh arrived (tests).
    void loaded(int lines);

private:
    void reload();
    /// Loads the lines of the window around `aroundMs`.
    void load(qint64 aroundMs);
    qint64 windowMs() const;
    /// Shows the streams of `series` (empty: every stream loaded).
    void showStreams(const std::optional<query::LabelPairs>& series);

    PanelFrame* m_frame = nullptr;
    LabelBridgeState* m_bridge = nullptr;
    services::QueryClient* m_client = nullptr;
    services::RequestId m_request = 0;
    QLabel* m_status = nullptr;
    QListView* m_list = nullptr;
    LogLinesModel* m_model = nullptr;
    LogLineDelegate* m_delegate = nullptr;
    QString m_selector;
    std::vector<logs::Stream> m_streams; ///< every stream loaded for the panel's series
    std::optional<query::LabelPairs> m_shownSeries;
    bool m_narrowed = false;
    int m_highlighted = 0;
    int m_currentRow = -1;
    qint64 m_timeMs = -1;
    bool m_followingPanel = false;
    qint64 m_loadedFromMs = -1;
    qint64 m_loadedToMs = -1;
    qint64 m_requestedAroundMs = -1;
    QTimer* m_loadTimer = nullptr;
};

} // namespace sg::ui
