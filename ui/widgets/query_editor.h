#pragma once

#include "core/common/result.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace sg::ui {

/// A small monospace query editor: Ctrl+Enter / Shift+Enter or the Run button run the query; a parse
/// error is shown below with a caret under its position and the range gets a red wavy underline.
class QueryEditor : public QWidget
{
    Q_OBJECT
public:
    explicit QueryEditor(QWidget* parent = nullptr);

    QString text() const;
    void setText(const QString& text);
    void setPlaceholderText(const QString& text);

    /// Shows `error` under the editor; a Parse error's byte range is underlined in the text.
    void setError(const Error& error);
    /// Shows a message without a position.
    void setErrorMessage(const QString& message);
    void clearError();
    QString errorText() const;

    /// The underlined range as character offsets in text(); {0,0} when none.
    SourceRange underlinedRange() const;

    QPlainTextEdit* editor() const { return m_edit; }
    QPushButton* runButton() const { return m_run; }

    /// Converts a byte range of the query's UTF-8 form into a range of QString characters.
    static SourceRange toCharRange(const QString& text, SourceRange byteRange);
    /// "message", the offending line and a caret line (`   ^~~~`) under the error, for monospace display.
    static QString caretText(const QString& query, const Error& error);

Q_SIGNALS:
    void runRequested(const QString& query);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void run();

    QPlainTextEdit* m_edit = nullptr;
    QPushButton* m_run = nullptr;
    QLabel* m_error = nullptr;
    SourceRange m_underlined;
};

} // namespace sg::ui
