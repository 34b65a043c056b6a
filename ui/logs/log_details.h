#pragma once

#include "core/logql/filter_edit.h"

#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace sg::ui {

class LogLinesModel;

/// One field of a log line's details: where it comes from, its name and value.
struct LogField
{
    logql::FieldSource source = logql::FieldSource::Parsed;
    QString name;
    QString value;
    QString parser; ///< parsed fields: "json" or "logfmt"
};

/// The fields of the line in `row` of `model`: stream labels, structured metadata, then fields parsed from the line
/// (json or logfmt, detected). `format` receives "json", "logfmt" or "".
std::vector<LogField> logFields(const LogLinesModel& model, int row, QString* format = nullptr);

/// Per-field statistics over the lines shown: the top values of `field` with their counts and share.
struct FieldValueCount
{
    QString value;
    int count = 0;
    double percent = 0;
};
/// The `limit` most frequent values of `field` over every shown row of `model` (rows without it are left out).
std::vector<FieldValueCount> fieldStats(const LogLinesModel& model, const LogField& field, int limit = 5);

/// Grafana's log details for one line: the line, its stream labels, structured metadata and parsed fields, each
/// with filter-for, filter-out and statistics buttons; copy line and show context. A pane under the log list.
class LogDetails : public QWidget
{
    Q_OBJECT
public:
    explicit LogDetails(QWidget* parent = nullptr);

    /// Shows the line in `row` of `model` (which must outlive the pane's use of it).
    void showLine(const LogLinesModel* model, int row);
    int row() const { return m_row; }
    QTreeWidget* tree() const { return m_tree; }
    /// The item of field `name` (of any source), or null.
    QTreeWidgetItem* fieldItem(const QString& name) const;

Q_SIGNALS:
    /// A filter-for or filter-out button was clicked.
    void filterRequested(sg::logql::FieldFilter filter);
    /// "Show context" was clicked for the line in `row`.
    void contextRequested(int row);
    void closeRequested();

private:
    void addField(QTreeWidgetItem* section, const LogField& field);
    void toggleStats(QTreeWidgetItem* item, const LogField& field);

    const LogLinesModel* m_model = nullptr;
    int m_row = -1;
    QLabel* m_line = nullptr;
    QTreeWidget* m_tree = nullptr;
};

} // namespace sg::ui
