#include "completion_controller.h"

#include "completion_popup.h"
#include "completion_runner.h"
#include "text_offsets.h"

#include <QKeyEvent>
#include <QPlainTextEdit>

namespace sg::ui {

namespace {

bool isTriggerCharacter(QChar c)
{
    static const QString Triggers = QStringLiteral("{,=([|\"");
    return c.isLetterOrNumber() || c == u'_' || c == u':' || c == u'$' || c == u'.' || Triggers.contains(c);
}

} // namespace

CompletionController::CompletionController(QPlainTextEdit* edit)
    : QObject(edit)
    , m_edit(edit)
    , m_popup(new CompletionPopup(edit))
    , m_runner(new CompletionRunner(this))
{
    connect(m_runner, &CompletionRunner::finished, this, &CompletionController::onFinished);
    connect(m_popup, &CompletionPopup::itemActivated, this, &CompletionController::accept);
}

const std::shared_ptr<langsvc::CompletionData>& CompletionController::data() const { return m_runner->data(); }

void CompletionController::setData(std::shared_ptr<langsvc::CompletionData> data)
{
    m_runner->setData(std::move(data));
}

bool CompletionController::isOpen() const { return m_popup->isVisible(); }

bool CompletionController::handleKey(QKeyEvent* key)
{
    const auto mods = key->modifiers() & ~Qt::KeypadModifier;
    if (key->key() == Qt::Key_Space && mods == Qt::ControlModifier) {
        trigger();
        return true;
    }
    if (!isOpen() || mods != Qt::NoModifier)
        return false;
    switch (key->key()) {
    case Qt::Key_Up: m_popup->moveBy(-1); return true;
    case Qt::Key_Down: m_popup->moveBy(1); return true;
    case Qt::Key_PageUp: m_popup->moveBy(-m_popup->pageSize()); return true;
    case Qt::Key_PageDown: m_popup->moveBy(m_popup->pageSize()); return true;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Tab: accept(m_popup->currentIndex()); return true;
    case Qt::Key_Escape: close(); return true;
    default: return false;
    }
}

void CompletionController::keyProcessed(QKeyEvent* key)
{
    const auto mods = key->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier);
    if (mods != Qt::NoModifier)
        return;
    if (key->key() == Qt::Key_Backspace || key->key() == Qt::Key_Delete) {
        if (isOpen())
            trigger(); // narrow or widen the open list
        return;
    }
    const QString text = key->text();
    if (text.size() == 1 && isTriggerCharacter(text.at(0)))
        trigger();
    else if (!text.isEmpty() || key->key() == Qt::Key_Left || key->key() == Qt::Key_Right
        || key->key() == Qt::Key_Home || key->key() == Qt::Key_End)
        close();
}

void CompletionController::trigger()
{
    const QString text = m_edit->toPlainText();
    const Utf8Offsets offsets(text);
    langsvc::CompletionRequest request;
    request.language = m_language;
    request.text = offsets.utf8();
    request.cursor = offsets.toByte(m_edit->textCursor().position());
    request.variables = m_variables;
    m_requestText = text;
    m_runner->start(std::move(request));
}

void CompletionController::close()
{
    m_runner->cancel();
    m_popup->hide();
}

void CompletionController::onFinished(quint64, const langsvc::CompletionResult& result)
{
    if (result.items.empty() || !m_edit->isVisible()) {
        m_popup->hide();
        return;
    }
    m_situation = result.situation;
    m_resultText = m_requestText;
    m_popup->setItems(result.items);
    // Under the start of the word being replaced, as editors align their lists.
    const Utf8Offsets offsets(m_resultText);
    QTextCursor at = m_edit->textCursor();
    at.setPosition(std::min(offsets.toChar(m_situation.replaceStart), int(m_edit->toPlainText().size())));
    const QRect r = m_edit->cursorRect(at);
    m_popup->showAt(m_edit->viewport()->mapToGlobal(r.bottomLeft() + QPoint(0, 2)), r.height());
}

void CompletionController::accept(int index)
{
    if (index < 0 || index >= m_popup->count()) {
        close();
        return;
    }
    const langsvc::CompletionItem item = m_popup->items()[std::size_t(index)];
    const QString text = m_edit->toPlainText();
    const Utf8Offsets offsets(text);
    // The list may be a keystroke behind the text: then the word to replace is found again where the cursor is.
    langsvc::Situation where = m_situation;
    if (text != m_resultText)
        where = langsvc::situationAt(m_language, offsets.utf8(), offsets.toByte(m_edit->textCursor().position()));
    const SourceRange chars = offsets.toChars({ where.replaceStart, where.replaceEnd });
    close();
    QTextCursor cursor = m_edit->textCursor();
    cursor.beginEditBlock();
    cursor.setPosition(chars.begin);
    cursor.setPosition(chars.end, QTextCursor::KeepAnchor);
    const QString insert = QString::fromStdString(item.insert.empty() ? item.label : item.insert);
    cursor.insertText(insert);
    // A function's parenthesis comes closed, as the editor closes a typed one, unless a `)` follows already.
    const bool closeCall = insert.endsWith(u'(') && (cursor.atEnd() || text.mid(chars.end).trimmed().isEmpty());
    if (closeCall) {
        cursor.insertText(QStringLiteral(")"));
        cursor.movePosition(QTextCursor::Left);
    }
    cursor.endEditBlock();
    m_edit->setTextCursor(cursor);
    Q_EMIT accepted(QString::fromStdString(item.label));
    // A label name inserted with its `=` (or a function with its `(`) goes on to what comes next.
    if (!insert.isEmpty() && QStringLiteral("{,=([|\"").contains(insert.back()))
        trigger();
}

} // namespace sg::ui
