#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace sg::ui {

class QueryHistory;

/// Explore's query history drawer: the history the query editors record (both languages), searchable, starred
/// first; a click on the star column stars or unstars, "Run" (or a double click) runs the entry in the left pane.
class ExploreHistory : public QWidget
{
    Q_OBJECT
public:
    explicit ExploreHistory(QWidget* parent = nullptr);

    /// The history shown (QueryHistory::shared() when none is set).
    void setHistory(QueryHistory* history);
    QueryHistory* history() const;
    /// Lists the entries again.
    void refresh();

    QLineEdit* searchField() const { return m_search; }
    QComboBox* languagePicker() const { return m_language; }
    QTreeWidget* list() const { return m_list; }
    QPushButton* runButton() const { return m_run; }

    static constexpr int StarColumn = 0;
    static constexpr int LanguageColumn = 1;
    static constexpr int QueryColumn = 2;

Q_SIGNALS:
    /// Run `query` (`logql`: a LogQL query).
    void runRequested(bool logql, const QString& query);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void onClicked(QTreeWidgetItem* item, int column);
    void runSelected();

    QueryHistory* m_history = nullptr;
    QLineEdit* m_search = nullptr;
    QComboBox* m_language = nullptr;
    QTreeWidget* m_list = nullptr;
    QPushButton* m_run = nullptr;
};

} // namespace sg::ui
