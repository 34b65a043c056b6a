#pragma once

#include "core/logstore/log_store.h"

#include <QDialog>

#include <functional>

class QLabel;
class QPushButton;

namespace sg::ui {

class LogsPanel;

/// Grafana's log context: the `size` lines before and after one line in the same stream, read by a query on that
/// stream's exact selector around the line's time; "load more" doubles how many. The line itself is selected.
class LogContextDialog : public QDialog
{
    Q_OBJECT
public:
    /// Runs a log query for `selector` over [fromMs, toMs] with `limit` lines in `direction` and calls `done` with the
    /// answer's streams (the page supplies it over its query path).
    using Fetch = std::function<void(const QString& selector, qint64 fromMs, qint64 toMs, int limit,
        logs::Direction direction, std::function<void(std::vector<logs::Stream>)> done)>;

    LogContextDialog(Labels stream, logs::LogEntry line, Fetch fetch, QWidget* parent = nullptr);

    /// Loads `size` lines each side (10 at first).
    void load(int size);
    void loadMore() { load(m_size * 2); }
    int size() const { return m_size; }
    LogsPanel* lines() const { return m_lines; }
    /// The row of the line the context is for, or -1 before it arrived.
    int anchorRow() const;

Q_SIGNALS:
    void contextLoaded();

private:
    void merge();

    Labels m_stream;
    logs::LogEntry m_line;
    Fetch m_fetch;
    int m_size = 10;
    int m_pending = 0;
    std::vector<logs::Stream> m_before;
    std::vector<logs::Stream> m_after;
    LogsPanel* m_lines = nullptr;
    QLabel* m_title = nullptr;
};

} // namespace sg::ui
