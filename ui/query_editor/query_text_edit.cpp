#include "query_text_edit.h"

#include <QKeyEvent>

namespace sg::ui {

QueryTextEdit::QueryTextEdit(QWidget* parent)
    : QPlainTextEdit(parent)
{
}

bool QueryTextEdit::event(QEvent* event)
{
    if (event->type() == QEvent::ShortcutOverride && ownsShortcut && ownsShortcut(static_cast<QKeyEvent*>(event))) {
        event->accept();
        return true;
    }
    // Tab moves the focus before keyPressEvent sees it (tabChangesFocus); while completing it accepts instead.
    if (event->type() == QEvent::KeyPress && static_cast<QKeyEvent*>(event)->key() == Qt::Key_Tab && beforeKey
        && beforeKey(static_cast<QKeyEvent*>(event))) {
        event->accept();
        return true;
    }
    return QPlainTextEdit::event(event);
}

void QueryTextEdit::keyPressEvent(QKeyEvent* event)
{
    if (beforeKey && beforeKey(event)) {
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
    if (afterKey)
        afterKey(event);
}

void QueryTextEdit::focusOutEvent(QFocusEvent* event)
{
    QPlainTextEdit::focusOutEvent(event);
    Q_EMIT focusLost();
}

} // namespace sg::ui
