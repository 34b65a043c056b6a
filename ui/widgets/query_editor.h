#pragma once

#include "core/common/result.h"
#include "core/langsvc/language_service.h"

#include <QPointer>
#include <QTextEdit>
#include <QWidget>

#include <memory>
#include <vector>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;
class QToolButton;
class QVBoxLayout;

namespace sg::ui {

class BracketAssist;
class CompletionController;
class HistoryPopup;
class QueryHighlighter;
class QueryHistory;
class QueryTextEdit;
struct Squiggle;

/// The query editor of Explore and the panel editor, for PromQL or LogQL: highlighting in the theme's colours,
/// completion (Ctrl+Space or while typing) with a details pane, diagnostics while typing as wavy underlines with
/// their message as tooltip, bracket matching and auto-closing, Shift+Enter for a new line, Ctrl+Enter (or the
/// Run button) to run, Shift+Alt+F to format (one undo step), an Explain toggle and a searchable, starrable
/// history per language (Ctrl+H or the History button). A run's error is shown below with a caret under it.
class QueryEditor : public QWidget
{
    Q_OBJECT
public:
    explicit QueryEditor(QWidget* parent = nullptr);
    ~QueryEditor() override;

    QString text() const;
    /// Replaces the text (the undo history starts again).
    void setText(const QString& text);
    /// Replaces the whole text as one undo step (Ctrl+Z brings the previous text back).
    void replaceText(const QString& text);
    void setPlaceholderText(const QString& text);

    /// The language of highlighting, diagnostics, completion, formatting and history (PromQL by default).
    void setLanguage(langsvc::Language language);
    langsvc::Language language() const { return m_language; }
    /// Where completion finds metric names, labels, values and log lines; null: keywords and functions only.
    void setCompletionData(std::shared_ptr<langsvc::CompletionData> data);
    /// The dashboard's variable names (without `$`), offered by completion.
    void setVariables(const QStringList& names);
    /// The history runs are recorded in; without one, QueryHistory::shared() (none: no history).
    void setHistory(QueryHistory* history);
    QueryHistory* history() const;

    /// Places `widget` (the explain view) under the editor, shown while the Explain button is checked.
    void setExplainWidget(QWidget* widget);
    QWidget* explainWidget() const { return m_explain; }
    bool isExplainChecked() const;

    /// Shows `error` under the editor; a Parse error's byte range is underlined in the text.
    void setError(const Error& error);
    /// Shows a message without a position.
    void setErrorMessage(const QString& message);
    void clearError();
    QString errorText() const;

    /// The underlined range of the run's error as character offsets in text(); {0,0} when none.
    SourceRange underlinedRange() const;
    /// The diagnostics of the text as typed (updated shortly after each change), as character ranges.
    const std::vector<Squiggle>& squiggles() const { return *m_squiggles; }
    /// The message of the diagnostic or run error under character `position`; empty when there is none.
    QString toolTipAt(int position) const;
    /// The documentation of the function, aggregation, keyword or stage under character `position` (rich text), or
    /// empty: what hovering shows where there is no diagnostic.
    QString documentationAt(int position) const;

    /// Formats the query (Shift+Alt+F) as one undo step; false, with the error shown, when it does not parse.
    bool format();
    /// Opens the history of the language (Ctrl+H).
    void showHistory();

    QPlainTextEdit* editor() const;
    QPushButton* runButton() const { return m_run; }
    QToolButton* historyButton() const { return m_historyButton; }
    QToolButton* formatButton() const { return m_formatButton; }
    QToolButton* explainButton() const { return m_explainButton; }
    CompletionController* completion() const { return m_completion; }
    QueryHighlighter* highlighter() const { return m_highlighter; }
    HistoryPopup* historyPopup() const { return m_historyPopup; }

    /// Converts a byte range of the query's UTF-8 form into a range of QString characters.
    static SourceRange toCharRange(const QString& text, SourceRange byteRange);
    /// "message", the offending line and a caret line (`   ^~~~`) under the error, for monospace display.
    static QString caretText(const QString& query, const Error& error);

Q_SIGNALS:
    void runRequested(const QString& query);
    void explainToggled(bool on);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    bool handleKey(QKeyEvent* key);
    void afterKey(QKeyEvent* key);
    static bool isOwnShortcut(const QKeyEvent* key);
    void run();
    void updateDiagnostics();
    void checkWithData(bool parses);
    void showSquiggles(const std::vector<Squiggle>& squiggles);
    void updateSelections();
    void fitHeight();

    langsvc::Language m_language = langsvc::Language::PromQL;
    QueryTextEdit* m_edit = nullptr;
    QPushButton* m_run = nullptr;
    QToolButton* m_historyButton = nullptr;
    QToolButton* m_formatButton = nullptr;
    QToolButton* m_explainButton = nullptr;
    QLabel* m_error = nullptr;
    QVBoxLayout* m_layout = nullptr;
    QPointer<QWidget> m_explain;
    QueryHighlighter* m_highlighter = nullptr;
    BracketAssist* m_brackets = nullptr;
    CompletionController* m_completion = nullptr;
    HistoryPopup* m_historyPopup = nullptr;
    QPointer<QueryHistory> m_history;
    QTimer* m_diagnosticsTimer = nullptr;
    std::unique_ptr<std::vector<Squiggle>> m_squiggles;
    std::shared_ptr<std::atomic_bool> m_dataCheck; ///< the running diagnostics with data; set: cancelled
    quint64 m_dataCheckId = 0;
    QList<QTextEdit::ExtraSelection> m_squiggleMarks;
    QList<QTextEdit::ExtraSelection> m_errorMarks;
    SourceRange m_underlined;
};

} // namespace sg::ui
