#pragma once

#include "core/logstore/log_store.h"

#include <QWidget>

class QLabel;
class QListView;

namespace sg::ui {

class LogLinesModel;

/// A list of log lines with a header naming the query and the count, and loading and error states.
class LogsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit LogsPanel(QWidget* parent = nullptr);

    void setStreams(std::vector<logs::Stream> streams, logs::Direction direction = logs::Direction::Backward);
    /// The query or selector the lines came from, shown in the header.
    void setQueryText(const QString& query);
    void setError(const QString& message);
    void setLoading(bool loading);

    LogLinesModel* model() const { return m_model; }
    QListView* view() const { return m_view; }
    QString headerText() const;
    QString errorText() const;
    bool isLoading() const { return m_loading; }

private:
    void updateHeader();

    LogLinesModel* m_model = nullptr;
    QListView* m_view = nullptr;
    QLabel* m_header = nullptr;
    QLabel* m_error = nullptr;
    QString m_query;
    bool m_loading = false;
};

} // namespace sg::ui
