#include "bracket_assist.h"

#include "ui/theme.h"

#include <QKeyEvent>
#include <QPlainTextEdit>
#include <QTextDocument>

#include <vector>

namespace sg::ui {

namespace {

QChar closerOf(QChar open)
{
    switch (open.unicode()) {
    case u'(': return u')';
    case u'[': return u']';
    case u'{': return u'}';
    case u'"': return u'"';
    default: return {};
    }
}

bool isOpening(QChar c) { return c == u'(' || c == u'[' || c == u'{'; }
bool isClosing(QChar c) { return c == u')' || c == u']' || c == u'}'; }

/// For every character: true when it is code (not inside a string or a comment).
std::vector<bool> codeMask(const QString& text)
{
    std::vector<bool> code(std::size_t(text.size()), true);
    QChar quote;
    bool comment = false;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (comment) {
            code[std::size_t(i)] = false;
            comment = c != u'\n';
            continue;
        }
        if (!quote.isNull()) {
            code[std::size_t(i)] = false;
            if (c == u'\\' && quote != u'`' && i + 1 < text.size())
                code[std::size_t(++i)] = false;
            else if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == u'"' || c == u'\'' || c == u'`') {
            quote = c;
            code[std::size_t(i)] = false;
        } else if (c == u'#') {
            comment = true;
            code[std::size_t(i)] = false;
        }
    }
    return code;
}

bool closesBefore(QChar next)
{
    // Auto-closing only where nothing would stick to the inserted closer.
    return next.isNull() || next.isSpace() || isClosing(next) || next == u',' || next == u'"';
}

} // namespace

int matchingBracket(const QString& text, int pos)
{
    if (pos < 0 || pos >= text.size())
        return -1;
    const QChar c = text.at(pos);
    if (!isOpening(c) && !isClosing(c))
        return -1;
    const std::vector<bool> code = codeMask(text);
    if (!code[std::size_t(pos)])
        return -1;
    const bool forward = isOpening(c);
    const QChar open = forward ? c : (c == u')' ? u'(' : c == u']' ? u'[' : u'{');
    const QChar close = closerOf(open);
    int depth = 0;
    for (int i = pos; i >= 0 && i < text.size(); i += forward ? 1 : -1) {
        if (!code[std::size_t(i)])
            continue;
        if (text.at(i) == open)
            depth += forward ? 1 : -1;
        else if (text.at(i) == close)
            depth += forward ? -1 : 1;
        if (depth == 0)
            return i;
    }
    return -1;
}

bool insideStringOrComment(const QString& text, int pos)
{
    if (pos <= 0)
        return false;
    // The character before `pos` decides: a cursor right after a closing quote is outside the string.
    const std::vector<bool> code = codeMask(text.left(pos) + u' ');
    return !code[std::size_t(pos)];
}

BracketAssist::BracketAssist(QPlainTextEdit* edit)
    : QObject(edit)
    , m_edit(edit)
{
    connect(edit, &QPlainTextEdit::cursorPositionChanged, this, &BracketAssist::updateMatch);
    connect(edit, &QPlainTextEdit::textChanged, this, &BracketAssist::updateMatch);
}

bool BracketAssist::handleKey(QKeyEvent* key)
{
    if (key->modifiers() & ~(Qt::ShiftModifier | Qt::KeypadModifier))
        return false;
    if (key->key() == Qt::Key_Backspace)
        return deletePair();
    if (key->text().size() != 1)
        return false;
    return typeCharacter(key->text().at(0));
}

bool BracketAssist::takeAutoCloser(int pos, QChar c)
{
    const QString text = m_edit->toPlainText();
    bool found = false;
    for (int i = int(m_closers.size()) - 1; i >= 0; --i) {
        const AutoCloser& a = m_closers.at(i);
        const int at = a.at.position();
        const bool valid = at < text.size() && text.at(at) == a.closer;
        if (valid && at == pos && a.closer == c && !found) {
            found = true;
            m_closers.removeAt(i);
        } else if (!valid) {
            m_closers.removeAt(i);
        }
    }
    return found;
}

bool BracketAssist::typeCharacter(QChar c)
{
    QTextCursor cursor = m_edit->textCursor();
    if (cursor.hasSelection())
        return false;
    const QString text = m_edit->toPlainText();
    const int pos = cursor.position();
    const QChar next = pos < text.size() ? text.at(pos) : QChar();
    // Typing the closing character the editor put there steps over it.
    if ((isClosing(c) || c == u'"') && next == c && takeAutoCloser(pos, c)) {
        cursor.movePosition(QTextCursor::NextCharacter);
        m_edit->setTextCursor(cursor);
        return true;
    }
    const QChar closer = closerOf(c);
    if (closer.isNull() || !closesBefore(next) || insideStringOrComment(text, pos))
        return false;
    if (c == u'"') {
        const QChar prev = pos > 0 ? text.at(pos - 1) : QChar();
        if (prev.isLetterOrNumber() || prev == u'_' || prev == u'\\' || next == u'"')
            return false;
    }
    cursor.insertText(QString(c) + closer);
    cursor.movePosition(QTextCursor::PreviousCharacter);
    m_edit->setTextCursor(cursor);
    m_closers.append({ cursor, closer });
    return true;
}

bool BracketAssist::deletePair()
{
    QTextCursor cursor = m_edit->textCursor();
    if (cursor.hasSelection())
        return false;
    const QString text = m_edit->toPlainText();
    const int pos = cursor.position();
    if (pos <= 0 || pos >= text.size() || closerOf(text.at(pos - 1)) != text.at(pos))
        return false;
    if (text.at(pos) == u'"' && !insideStringOrComment(text, pos))
        return false; // `"a" "` : the quote before the cursor closes a string, it does not open a pair
    takeAutoCloser(pos, text.at(pos));
    cursor.beginEditBlock();
    cursor.movePosition(QTextCursor::PreviousCharacter);
    cursor.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor, 2);
    cursor.removeSelectedText();
    cursor.endEditBlock();
    m_edit->setTextCursor(cursor);
    return true;
}

void BracketAssist::updateMatch()
{
    QList<QTextEdit::ExtraSelection> match;
    const QString text = m_edit->toPlainText();
    const int pos = m_edit->textCursor().position();
    // The bracket before the cursor wins over the one after it, as in most editors.
    for (const int at : { pos - 1, pos }) {
        const int other = matchingBracket(text, at);
        if (other < 0)
            continue;
        for (const int p : { at, other }) {
            QTextEdit::ExtraSelection sel;
            sel.cursor = QTextCursor(m_edit->document());
            sel.cursor.setPosition(p);
            sel.cursor.setPosition(p + 1, QTextCursor::KeepAnchor);
            sel.format.setBackground(theme::panelBorder().lighter(150));
            sel.format.setForeground(theme::text());
            sel.format.setFontWeight(QFont::Bold);
            match.append(sel);
        }
        break;
    }
    const auto key = [](const QList<QTextEdit::ExtraSelection>& l) {
        QList<int> k;
        for (const auto& s : l)
            k << s.cursor.selectionStart();
        return k;
    };
    if (key(match) == key(m_match))
        return;
    m_match = match;
    Q_EMIT matchChanged();
}

} // namespace sg::ui
