#pragma once

#include "core/langsvc/language_service.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

class QKeyEvent;
class QPlainTextEdit;

namespace sg::ui {

class CompletionPopup;
class CompletionRunner;

/// Completion for a query text edit: asks the language service at the cursor (on a worker thread), shows the
/// answer in a CompletionPopup under the cursor and inserts the accepted item over the word being typed.
/// Ctrl+Space opens it; a word character or one of { , = ( [ | " asks again; Up/Down/PageUp/PageDown move;
/// Enter or Tab accept; Escape closes.
class CompletionController : public QObject
{
    Q_OBJECT
public:
    explicit CompletionController(QPlainTextEdit* edit);

    void setLanguage(langsvc::Language language) { m_language = language; }
    void setData(std::shared_ptr<langsvc::CompletionData> data);
    const std::shared_ptr<langsvc::CompletionData>& data() const;
    /// The dashboard's variable names (without `$`) offered as completions.
    void setVariables(std::vector<std::string> variables) { m_variables = std::move(variables); }

    /// Handles a key press before the editor does (navigation and acceptance while the popup is open); true when
    /// the key was used.
    bool handleKey(QKeyEvent* key);
    /// Reacts to a key the editor has processed: asks again after a trigger character, closes otherwise.
    void keyProcessed(QKeyEvent* key);
    /// Asks for completions at the cursor now.
    void trigger();
    /// Hides the popup and drops the pending request.
    void close();
    /// Inserts item `index` of the list over the word being typed.
    void accept(int index);

    bool isOpen() const;
    CompletionPopup* popup() const { return m_popup; }

Q_SIGNALS:
    /// An item was inserted.
    void accepted(const QString& label);

private:
    void onFinished(quint64 id, const langsvc::CompletionResult& result);

    QPlainTextEdit* m_edit = nullptr;
    CompletionPopup* m_popup = nullptr;
    CompletionRunner* m_runner = nullptr;
    langsvc::Language m_language = langsvc::Language::PromQL;
    std::vector<std::string> m_variables;
    langsvc::Situation m_situation; ///< of the shown list
    QString m_resultText;           ///< the text the shown list was computed for
    QString m_requestText;          ///< the text of the pending request
};

} // namespace sg::ui
