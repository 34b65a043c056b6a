// The query editor's keys, formatting, history and tooltips.

#include "query_editor.h"

#include "ui/query_editor/bracket_assist.h"
#include "ui/query_editor/completion_controller.h"
#include "ui/query_editor/history_popup.h"
#include "ui/query_editor/query_checks.h"
#include "ui/query_editor/query_history.h"
#include "ui/query_editor/query_text_edit.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QToolTip>

namespace sg::ui {

namespace {

bool isEnter(const QKeyEvent* key) { return key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter; }

Qt::KeyboardModifiers modifiersOf(const QKeyEvent* key) { return key->modifiers() & ~Qt::KeypadModifier; }

} // namespace

bool QueryEditor::isOwnShortcut(const QKeyEvent* key)
{
    const auto mods = modifiersOf(key);
    return (isEnter(key) && (mods == Qt::ControlModifier || mods == Qt::ShiftModifier))
        || (key->key() == Qt::Key_Space && mods == Qt::ControlModifier)
        || (key->key() == Qt::Key_F && mods == (Qt::ShiftModifier | Qt::AltModifier))
        || (key->key() == Qt::Key_H && mods == Qt::ControlModifier);
}

bool QueryEditor::handleKey(QKeyEvent* key)
{
    if (m_completion->handleKey(key))
        return true;
    const auto mods = modifiersOf(key);
    if (isEnter(key) && mods == Qt::ControlModifier) {
        run();
        return true;
    }
    if (isEnter(key) && mods == Qt::ShiftModifier) {
        // A new line, not the line separator QPlainTextEdit puts in for Shift+Enter.
        m_completion->close();
        m_edit->textCursor().insertText(QStringLiteral("\n"));
        m_edit->ensureCursorVisible();
        return true;
    }
    if (key->key() == Qt::Key_F && mods == (Qt::ShiftModifier | Qt::AltModifier)) {
        format();
        return true;
    }
    if (key->key() == Qt::Key_H && mods == Qt::ControlModifier) {
        showHistory();
        return true;
    }
    if (m_brackets->handleKey(key)) {
        m_completion->keyProcessed(key);
        return true;
    }
    return false;
}

void QueryEditor::afterKey(QKeyEvent* key) { m_completion->keyProcessed(key); }

bool QueryEditor::format()
{
    m_completion->close();
    const QString original = text();
    if (original.trimmed().isEmpty())
        return true;
    Result<QString> formatted = formatQueryText(m_language, original);
    if (!formatted) {
        setError(formatted.error());
        return false;
    }
    clearError();
    replaceText(formatted.value());
    return true;
}

void QueryEditor::showHistory()
{
    m_completion->close();
    QueryHistory* h = history();
    if (!h)
        return;
    m_historyPopup->open(h, m_language, m_edit);
}

bool QueryEditor::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_edit->viewport() && event->type() == QEvent::MouseButtonPress)
        m_completion->close(); // the cursor goes elsewhere: the list no longer fits what is under it
    if (watched == m_edit->viewport() && event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int position = m_edit->cursorForPosition(help->pos()).position();
        QString tip = toolTipAt(position);
        if (tip.isEmpty())
            tip = documentationAt(position);
        if (tip.isEmpty()) {
            QToolTip::hideText();
            return false; // the editor's own tooltip (the keys) shows instead
        }
        QToolTip::showText(help->globalPos(), tip, m_edit->viewport());
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace sg::ui
