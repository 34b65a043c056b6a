#pragma once

#include <QList>
#include <QObject>
#include <QTextCursor>
#include <QTextEdit>

class QKeyEvent;
class QPlainTextEdit;

namespace sg::ui {

/// The position of the bracket matching the one at `pos` of `text` ( ( ) [ ] { } ), or -1 when `pos` holds no
/// bracket or it has no match. Brackets inside strings and `#` comments do not count.
int matchingBracket(const QString& text, int pos);

/// Whether character `pos` of `text` is inside a string literal or a `#` comment.
bool insideStringOrComment(const QString& text, int pos);

/// Bracket help for a query text edit: auto-closing of ( [ { and ", typing over a closing character the editor
/// inserted, Backspace between an empty pair deleting both, and the bracket at the cursor marked with its match.
class BracketAssist : public QObject
{
    Q_OBJECT
public:
    explicit BracketAssist(QPlainTextEdit* edit);

    /// Handles a key press before the editor does; true when it did (the event is then consumed).
    bool handleKey(QKeyEvent* key);
    /// The selections marking the bracket next to the cursor and its match; empty when there is none.
    QList<QTextEdit::ExtraSelection> matchSelections() const { return m_match; }

Q_SIGNALS:
    /// The bracket marks changed (the owner merges them into the editor's extra selections).
    void matchChanged();

private:
    bool typeCharacter(QChar c);
    bool deletePair();
    void updateMatch();
    bool takeAutoCloser(int pos, QChar c);

    struct AutoCloser
    {
        QTextCursor at; ///< before the inserted closing character; follows edits
        QChar closer;
    };
    QPlainTextEdit* m_edit = nullptr;
    QList<AutoCloser> m_closers;
    QList<QTextEdit::ExtraSelection> m_match;
};

} // namespace sg::ui
