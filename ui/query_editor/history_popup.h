#pragma once

#include "core/langsvc/language_service.h"

#include <QFrame>

class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;

namespace sg::ui {

class QueryHistory;

/// The query history of one language as a popup: a search field over a list of the queries, starred first, each
/// with a star to toggle. Enter, a double click or a click on the query picks it; Escape closes.
class HistoryPopup : public QFrame
{
    Q_OBJECT
public:
    explicit HistoryPopup(QWidget* owner);

    /// Shows the entries of `language` in `history` under `anchor`, with the search field empty and focused.
    void open(QueryHistory* history, langsvc::Language language, QWidget* anchor);
    /// Lists the entries again (after a search or a star).
    void refresh();

    QLineEdit* searchField() const { return m_search; }
    QTreeWidget* list() const { return m_list; }

    /// Column 0 holds the star, column 1 the query.
    static constexpr int StarColumn = 0;
    static constexpr int QueryColumn = 1;

Q_SIGNALS:
    void querySelected(const QString& query);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onClicked(QTreeWidgetItem* item, int column);
    void choose(QTreeWidgetItem* item);

    QueryHistory* m_history = nullptr;
    langsvc::Language m_language = langsvc::Language::PromQL;
    QLineEdit* m_search = nullptr;
    QTreeWidget* m_list = nullptr;
};

} // namespace sg::ui
