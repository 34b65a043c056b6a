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
