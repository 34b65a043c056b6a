#pragma once

#include <QPlainTextEdit>

#include <functional>

namespace sg::ui {

/// The text area of the query editor: a QPlainTextEdit whose owner sees every key before and after it is
/// processed (for completion, brackets and the editor's own keys) and claims its shortcuts ahead of the window's.
class QueryTextEdit : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit QueryTextEdit(QWidget* parent = nullptr);

    /// Called before the text edit processes a key; true consumes it.
    std::function<bool(QKeyEvent*)> beforeKey;
    /// Called after the text edit processed a key that `beforeKey` left to it.
    std::function<void(QKeyEvent*)> afterKey;
    /// Whether a key combination is the owner's, so that no window shortcut takes it.
    std::function<bool(const QKeyEvent*)> ownsShortcut;

Q_SIGNALS:
    void focusLost();

protected:
    bool event(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;
};

} // namespace sg::ui
