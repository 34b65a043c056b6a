#pragma once

// A Language Server Protocol server for PromQL and LogQL documents (.promql, .logql), independent of how messages
// travel: feed it the bytes (or messages) a client sends, and it hands every message it sends to a sink. The stdio
// loop of `sightglass lsp` (lsp_stdio.h) connects it to standard input and output; the tests drive it directly.
//
// Supported: initialize / initialized / shutdown / exit, $/cancelRequest, textDocument/didOpen, didChange
// (incremental, UTF-16 positions), didClose, publishDiagnostics (after every open and change), completion, hover
// and formatting. Completion and hover run on a worker pool, as they may wait on the CompletionData (a remote API),
// so reading never blocks on them; a cancelled one is answered with RequestCancelled at once and its late result
// dropped.

#include "language_service.h"
#include "lsp_positions.h"
#include "lsp_protocol.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QThreadPool>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace sg::langsvc {

/// An open document.
struct LspDocument
{
    QString uri;
    QString languageId;
    int version = 0;
    std::string text; ///< UTF-8
};

/// The language of a document: its languageId ("promql", "logql"), else its URI's extension (.promql, .logql),
/// else guessed from `text` (logql::guessQueryLanguage).
Language documentLanguage(const QString& languageId, const QString& uri, std::string_view text);

/// The LSP server. Messages arrive on one thread (the one calling receive/receiveBytes); the sink is called from
/// that thread and from the worker threads, one message at a time.
class LspServer
{
public:
    using Sink = std::function<void(const QJsonObject& message)>;

    /// `data` (may be null, then completion offers no metric, label or field names) must outlive the server.
    /// `pool` runs completion, hover and the data checks; null gives the server a pool of its own (two threads).
    /// A pool passed in must outlive the server, which waits for its own work on it when it ends.
    explicit LspServer(Sink sink, CompletionData* data = nullptr, QThreadPool* pool = nullptr);
    /// Cancels running requests and waits for the workers.
    ~LspServer();

    /// Bytes of the framed stream, in any pieces.
    void receiveBytes(const QByteArray& bytes);
    /// The body of one framed message (malformed JSON is answered with a parse error, id null).
    void receiveBody(const QByteArray& body);
    /// One message.
    void receive(const QJsonObject& message);
    /// The stream ended: the server exits as if it had received `exit`.
    void endOfInput();

    /// Set once `exit` arrived (or the input ended): 0 after `shutdown`, 1 without.
    std::optional<int> exitCode() const { return m_exitCode; }
    /// Blocks until every running completion and hover has answered (tests).
    void waitForIdle();

    /// The open document at `uri`, or nullptr.
    const LspDocument* document(const QString& uri) const;

private:
    void send(const QJsonObject& message);
    void handleRequest(const QJsonValue& id, const QString& method, const QJsonObject& params);
    void handleNotification(const QString& method, const QJsonObject& params);

    QJsonObject initializeResult() const;
    void didOpen(const QJsonObject& params);
    void didChange(const QJsonObject& params);
    void didClose(const QJsonObject& params);
    void cancel(const QJsonValue& id);
    void publishDiagnostics(const LspDocument& doc);
    QJsonValue formatting(const LspDocument& doc) const;

    /// Runs `work` on the pool; its result answers `id` unless the request was cancelled first.
    void startAsync(const QJsonValue& id, std::function<QJsonValue(const std::atomic_bool& cancelled)> work);
    /// Runs `task` on the pool, counted in m_running until it has returned.
    void startTask(std::function<void()> task);

    /// A request running on the pool.
    struct Pending
    {
        QJsonValue id;
        std::shared_ptr<std::atomic_bool> cancelled;
    };

    Sink m_sink;
    CompletionData* m_data = nullptr;
    LspMessageReader m_reader;
    std::map<QString, LspDocument> m_documents;
    bool m_initialized = false;
    bool m_shutdown = false;
    std::optional<int> m_exitCode;

    std::mutex m_sendMutex;
    std::mutex m_pendingMutex;
    std::map<QString, Pending> m_pending; ///< by idKey()
    /// The data check running for each document (under m_pendingMutex): a newer version cancels the older one.
    std::map<QString, std::shared_ptr<std::atomic_bool>> m_dataChecks;
    QThreadPool m_ownPool;
    QThreadPool* m_pool = nullptr; ///< m_ownPool or the one passed in
    /// The server's tasks on the pool: it waits for these, not for the whole pool (whose waitForDone also ends the
    /// pool's threads).
    std::mutex m_runningMutex;
    std::condition_variable m_idle;
    int m_running = 0;
};

/// The LSP JSON of one completion result for `text` (UTF-8): `{isIncomplete, items}` with a textEdit per item.
QJsonObject completionToLsp(const CompletionResult& result, std::string_view text, int limit);
/// The LSP CompletionItemKind of a CompletionItem::kind ("metric", "function", ...).
int completionItemKind(std::string_view kind);
/// The LSP JSON of a hover, or null.
QJsonValue hoverToLsp(const std::optional<Hover>& hover, std::string_view text);
/// The LSP diagnostics (`Diagnostic[]`) of `text`.
/// With `data`, the warnings that need it too (checkWithData; may block on the data).
QJsonArray diagnosticsToLsp(Language language, std::string_view text, CompletionData* data = nullptr,
    const std::atomic_bool* cancel = nullptr);
/// The edits formatting `text`: one TextEdit replacing the whole document, none when it is already formatted or
/// does not parse (the parse error is already published as a diagnostic).
QJsonArray formattingEdits(Language language, std::string_view text);

/// LSP JSON of a position and a range.
QJsonObject lspPositionJson(LspPosition pos);
QJsonObject lspRangeJson(std::string_view text, int beginByte, int endByte);
/// A position from LSP JSON.
LspPosition lspPositionFrom(const QJsonValue& json);

} // namespace sg::langsvc
