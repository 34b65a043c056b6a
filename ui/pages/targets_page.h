#pragma once

#include "core/scrape/target.h"

#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <vector>

class QLabel;
class QTableView;
class QPlainTextEdit;

namespace sg::scrape {
class ScrapeManager;
}

namespace sg::ui {

class TargetsModel;

/// The Targets tab: a table of every target with its state, labels, last scrape, duration and last error, and a
/// detail pane with the selected target's labels before and after relabeling. Polls once a second.
class TargetsPage : public QWidget
{
    Q_OBJECT
public:
    explicit TargetsPage(QWidget* parent = nullptr);

    /// Reads ScrapeManager::statuses() and droppedTargets() (thread-safe) every second; nullptr stops.
    void setScrapeManager(scrape::ScrapeManager* manager);
    /// Any snapshot source (tests use this); called on the UI thread every second.
    using Source = std::function<std::pair<std::vector<scrape::TargetStatus>, std::vector<scrape::DroppedTarget>>()>;
    void setSource(Source source);
    /// One line per remote_write queue, shown under the summary (hidden when there is none); polled with the rest.
    using RemoteWriteSource = std::function<QStringList()>;
    void setRemoteWriteSource(RemoteWriteSource source) { m_remoteWriteSource = std::move(source); }

    TargetsModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }

public Q_SLOTS:
    /// Reads the source now.
    void refresh();

private:
    void updateDetails();

    Source m_source;
    RemoteWriteSource m_remoteWriteSource;
    QLabel* m_remoteWrite = nullptr;
    TargetsModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_summary = nullptr;
    QPlainTextEdit* m_details = nullptr;
    QTimer m_timer;
};

} // namespace sg::ui
