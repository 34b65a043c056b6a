#pragma once

#include "core/langsvc/language_service.h"

#include <QFrame>

#include <vector>

class QLabel;
class QListView;
class QStandardItemModel;

namespace sg::ui {

/// The completion list of the query editor with a details pane beside it (the current item's detail and
/// documentation). It never takes the focus: the editor keeps the keyboard and drives it (moveBy, accept).
class CompletionPopup : public QFrame
{
    Q_OBJECT
public:
    explicit CompletionPopup(QWidget* owner);

    void setItems(std::vector<langsvc::CompletionItem> items);
    const std::vector<langsvc::CompletionItem>& items() const { return m_items; }
    int count() const { return int(m_items.size()); }

    /// The highlighted item, -1 when the list is empty.
    int currentIndex() const;
    void setCurrentIndex(int index);
    /// Moves the highlight by `delta` rows, wrapping at the ends for single steps and stopping there for pages.
    void moveBy(int delta);
    /// How many rows a PageUp/PageDown moves.
    int pageSize() const;

    /// Shows the popup with its top-left corner at `globalTopLeft`, kept on the screen.
    void showAt(QPoint globalTopLeft, int lineHeight);

    QListView* list() const { return m_list; }
    QLabel* details() const { return m_details; }

Q_SIGNALS:
    /// An item was clicked twice (the owner inserts it).
    void itemActivated(int index);

private:
    void showDetails();

    std::vector<langsvc::CompletionItem> m_items;
    QStandardItemModel* m_model = nullptr;
    QListView* m_list = nullptr;
    QLabel* m_details = nullptr;
};

} // namespace sg::ui
