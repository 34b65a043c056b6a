#pragma once

#include <QToolButton>

namespace sg::ui {

class LabelBridgeState;
class PanelFrame;

/// The "N log streams match" badge of a time series panel: after each refresh it counts, off the UI thread, the log
/// streams that the panel's series map to through the label bridge over the panel's range; a click asks for those
/// logs. Hidden while nothing matches.
class LogStreamsBadge : public QToolButton
{
    Q_OBJECT
public:
    /// Puts the badge in `frame`'s header.
    LogStreamsBadge(PanelFrame* frame, LabelBridgeState* bridge);

    /// The last count (-1 before the first).
    int count() const { return m_count; }
    /// The selector a click opens.
    QString selector() const { return m_selector; }

Q_SIGNALS:
    /// The badge's count changed (tests).
    void counted(int count);
    /// Open the logs of `selector` over [fromMs, toMs].
    void logsRequested(const QString& selector, qint64 fromMs, qint64 toMs);

private:
    void recount();

    PanelFrame* m_frame = nullptr;
    LabelBridgeState* m_bridge = nullptr;
    QString m_selector;
    int m_count = -1;
    quint64 m_generation = 0;
};

} // namespace sg::ui
