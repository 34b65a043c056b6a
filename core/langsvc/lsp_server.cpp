// The LSP server: lifecycle, dispatch, documents and the requests that run on the worker pool. The JSON of each
// feature is in lsp_features.cpp.

#include "lsp_server.h"

#include <QFileInfo>
#include <algorithm>

#include <QJsonDocument>
#include <QUrl>

namespace sg::langsvc {

using namespace Qt::StringLiterals;

namespace {

/// Most completion items answered at once.
constexpr int CompletionLimit = 200;

/// A request id (number or string) as a map key.
QString idKey(const QJsonValue& id)
{
    return id.isString() ? u"s:"_s + id.toString() : u"n:"_s + QString::number(id.toDouble(), 'g', 17);
}

std::string utf8(const QString& s)
{
    const QByteArray bytes = s.toUtf8();
    return std::string(bytes.constData(), std::size_t(bytes.size()));
}

} // namespace

Language documentLanguage(const QString& languageId, const QString& uri, std::string_view text)
{
    if (languageId == u"promql")
        return Language::PromQL;
    if (languageId == u"logql")
        return Language::LogQL;
    const QString suffix = QFileInfo(QUrl(uri).path()).suffix().toLower();
    if (suffix == u"promql")
        return Language::PromQL;
    if (suffix == u"logql")
        return Language::LogQL;
    return logql::guessQueryLanguage(text);
}

LspServer::LspServer(Sink sink, CompletionData* data, QThreadPool* pool)
    : m_sink(std::move(sink))
    , m_data(data)
    , m_pool(pool ? pool : &m_ownPool)
{
    m_ownPool.setMaxThreadCount(2);
}

LspServer::~LspServer()
{
    {
        std::lock_guard lock(m_pendingMutex);
        for (auto& [key, pending] : m_pending)
            pending.cancelled->store(true);
        m_pending.clear(); // nothing is answered after exit
        for (auto& [uri, check] : m_dataChecks)
            check->store(true);
        m_dataChecks.clear();
    }
    waitForIdle();
}

void LspServer::waitForIdle()
{
    std::unique_lock lock(m_runningMutex);
    m_idle.wait(lock, [this] { return m_running == 0; });
}

void LspServer::startTask(std::function<void()> task)
{
    {
        std::lock_guard lock(m_runningMutex);
        ++m_running;
    }
    m_pool->start([this, task = std::move(task)] {
        try {
            task();
        } catch (...) { // a request's own errors are answered by startAsync; nothing crosses the thread
        }
        // Notified under the lock: once the count is 0 the server may be destroyed, and this touches it no more.
        std::lock_guard lock(m_runningMutex);
        --m_running;
        m_idle.notify_all();
    });
}

const LspDocument* LspServer::document(const QString& uri) const
{
    const auto it = m_documents.find(uri);
    return it == m_documents.end() ? nullptr : &it->second;
}

void LspServer::send(const QJsonObject& message)
{
    std::lock_guard lock(m_sendMutex);
    m_sink(message);
}

void LspServer::receiveBytes(const QByteArray& bytes)
{
    m_reader.feed(bytes);
    while (auto frame = m_reader.next()) {
        if (!frame->error.isEmpty())
            send(lspErrorResponse(QJsonValue::Null, LspError::ParseError, frame->error));
        else
            receiveBody(frame->body);
    }
}

void LspServer::receiveBody(const QByteArray& body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError) {
        send(lspErrorResponse(QJsonValue::Null, LspError::ParseError, u"parse error: "_s + error.errorString()));
        return;
    }
    if (!doc.isObject()) {
        send(lspErrorResponse(QJsonValue::Null, LspError::InvalidRequest, u"a message must be a JSON object"_s));
        return;
    }
    receive(doc.object());
}

void LspServer::receive(const QJsonObject& message)
{
    const QString method = message.value(u"method"_s).toString();
    const QJsonObject params = message.value(u"params"_s).toObject();
    if (!message.contains(u"id"_s)) {
        handleNotification(method, params);
        return;
    }
    const QJsonValue id = message.value(u"id"_s);
    if (method.isEmpty()) // a response to a request of ours: we send none
        return;
    if (!id.isString() && !id.isDouble()) {
        send(lspErrorResponse(QJsonValue::Null, LspError::InvalidRequest, u"the id must be a number or a string"_s));
        return;
    }
    handleRequest(id, method, params);
}

void LspServer::endOfInput()
{
    if (!m_exitCode)
        m_exitCode = m_shutdown ? 0 : 1;
}

void LspServer::handleRequest(const QJsonValue& id, const QString& method, const QJsonObject& params)
{
    if (method == u"initialize") {
        m_initialized = true;
        send(lspResponse(id, initializeResult()));
        return;
    }
    if (!m_initialized) {
        send(lspErrorResponse(id, LspError::ServerNotInitialized, u"initialize first"_s));
        return;
    }
    if (m_shutdown) {
        send(lspErrorResponse(id, LspError::InvalidRequest, u"the server is shutting down"_s));
        return;
    }
    if (method == u"shutdown") {
        m_shutdown = true;
        send(lspResponse(id, QJsonValue::Null));
        return;
    }
    const bool documentRequest = method == u"textDocument/completion" || method == u"textDocument/hover"
        || method == u"textDocument/formatting";
    if (!documentRequest) {
        send(lspErrorResponse(id, LspError::MethodNotFound, u"unsupported method "_s + method));
        return;
    }
    const QString uri = params.value(u"textDocument"_s).toObject().value(u"uri"_s).toString();
    const LspDocument* doc = document(uri);
    if (!doc) {
        send(lspErrorResponse(id, LspError::InvalidParams, u"no open document "_s + uri));
        return;
    }
    const Language language = documentLanguage(doc->languageId, doc->uri, doc->text);
    if (method == u"textDocument/formatting") {
        send(lspResponse(id, formattingEdits(language, doc->text)));
        return;
    }
    // Completion and hover may wait on the data: they run on the pool, on a copy of the text.
    const int cursor = lspToByte(doc->text, lspPositionFrom(params.value(u"position"_s)));
    std::string text = doc->text;
    CompletionData* data = m_data;
    if (method == u"textDocument/completion") {
        startAsync(id, [language, text, cursor, data](const std::atomic_bool& cancelled) -> QJsonValue {
            CompletionRequest request;
            request.language = language;
            request.text = text;
            request.cursor = cursor;
            request.limit = CompletionLimit;
            return completionToLsp(complete(request, data, &cancelled), text, CompletionLimit);
        });
    } else {
        startAsync(id, [language, text, cursor, data](const std::atomic_bool&) -> QJsonValue {
            return hoverToLsp(hoverAt(language, text, cursor, data), text);
        });
    }
}

void LspServer::handleNotification(const QString& method, const QJsonObject& params)
{
    if (method == u"exit") {
        m_exitCode = m_shutdown ? 0 : 1;
    } else if (method == u"$/cancelRequest") {
        cancel(params.value(u"id"_s));
    } else if (!m_initialized) {
        return; // notifications before initialize are dropped
    } else if (method == u"textDocument/didOpen") {
        didOpen(params);
    } else if (method == u"textDocument/didChange") {
        didChange(params);
    } else if (method == u"textDocument/didClose") {
        didClose(params);
    }
    // Other notifications (initialized, $/setTrace, workspace/didChangeConfiguration ...) need nothing.
}

QJsonObject LspServer::initializeResult() const
{
    QJsonArray triggers;
    for (const char* c : { "{", ",", "=", "(", "[", "|", "\"", " " })
        triggers.append(QString::fromLatin1(c));
    const QJsonObject capabilities {
        { u"positionEncoding"_s, u"utf-16"_s },
        { u"textDocumentSync"_s, QJsonObject { { u"openClose"_s, true }, { u"change"_s, 2 } } },
        { u"completionProvider"_s, QJsonObject { { u"triggerCharacters"_s, triggers }, { u"resolveProvider"_s, false } } },
        { u"hoverProvider"_s, true },
        { u"documentFormattingProvider"_s, true },
    };
    return { { u"capabilities"_s, capabilities },
        { u"serverInfo"_s, QJsonObject { { u"name"_s, u"sightglass"_s }, { u"version"_s, QStringLiteral(SIGHTGLASS_VERSION) } } } };
}

void LspServer::didOpen(const QJsonObject& params)
{
    const QJsonObject item = params.value(u"textDocument"_s).toObject();
    LspDocument doc { item.value(u"uri"_s).toString(), item.value(u"languageId"_s).toString(),
        item.value(u"version"_s).toInt(), utf8(item.value(u"text"_s).toString()) };
    const QString uri = doc.uri;
    m_documents[uri] = std::move(doc);
    publishDiagnostics(m_documents[uri]);
}

void LspServer::didChange(const QJsonObject& params)
{
    const QJsonObject item = params.value(u"textDocument"_s).toObject();
    const auto it = m_documents.find(item.value(u"uri"_s).toString());
    if (it == m_documents.end())
        return;
    LspDocument& doc = it->second;
    doc.version = item.value(u"version"_s).toInt(doc.version);
    for (const QJsonValue& change : params.value(u"contentChanges"_s).toArray()) {
        const QJsonObject c = change.toObject();
        const std::string text = utf8(c.value(u"text"_s).toString());
        if (!c.contains(u"range"_s)) {
            doc.text = text;
            continue;
        }
        const QJsonObject range = c.value(u"range"_s).toObject();
        applyLspEdit(doc.text, { lspPositionFrom(range.value(u"start"_s)), lspPositionFrom(range.value(u"end"_s)) }, text);
    }
    publishDiagnostics(doc);
}

void LspServer::didClose(const QJsonObject& params)
{
    const QString uri = params.value(u"textDocument"_s).toObject().value(u"uri"_s).toString();
    {
        std::lock_guard lock(m_pendingMutex);
        if (const auto it = m_dataChecks.find(uri); it != m_dataChecks.end()) {
            it->second->store(true);
            m_dataChecks.erase(it);
        }
    }
    if (m_documents.erase(uri) > 0) // clear what the editor shows for it
        send(lspNotification(u"textDocument/publishDiagnostics"_s,
            QJsonObject { { u"uri"_s, uri }, { u"diagnostics"_s, QJsonArray() } }));
}

void LspServer::publishDiagnostics(const LspDocument& doc)
{
    // The language's own diagnostics at once; with data, when the query parses, all of them again once the data has
    // answered (on the pool, cancelled by the next version of the document).
    const Language language = documentLanguage(doc.languageId, doc.uri, doc.text);
    const QJsonArray own = diagnosticsToLsp(language, doc.text);
    send(lspNotification(u"textDocument/publishDiagnostics"_s,
        QJsonObject { { u"uri"_s, doc.uri }, { u"version"_s, doc.version }, { u"diagnostics"_s, own } }));
    const bool parses = std::none_of(own.begin(), own.end(),
        [](const QJsonValue& d) { return d.toObject().value(u"severity"_s).toInt() == 1; });
    auto cancelled = std::make_shared<std::atomic_bool>(false);
    {
        std::lock_guard lock(m_pendingMutex);
        auto& running = m_dataChecks[doc.uri];
        if (running)
            running->store(true);
        running = cancelled;
        if (!m_data || !parses) {
            m_dataChecks.erase(doc.uri);
            return;
        }
    }
    startTask([this, uri = doc.uri, version = doc.version, text = doc.text, language, cancelled] {
        const QJsonArray diagnostics = diagnosticsToLsp(language, text, m_data, cancelled.get());
        std::unique_lock lock(m_pendingMutex);
        const auto it = m_dataChecks.find(uri);
        if (cancelled->load() || it == m_dataChecks.end() || it->second != cancelled)
            return;
        m_dataChecks.erase(it);
        lock.unlock();
        send(lspNotification(u"textDocument/publishDiagnostics"_s,
            QJsonObject { { u"uri"_s, uri }, { u"version"_s, version }, { u"diagnostics"_s, diagnostics } }));
    });
}

void LspServer::cancel(const QJsonValue& id)
{
    std::unique_lock lock(m_pendingMutex);
    const auto it = m_pending.find(idKey(id));
    if (it == m_pending.end())
        return; // already answered
    it->second.cancelled->store(true);
    const QJsonValue answered = it->second.id;
    m_pending.erase(it);
    lock.unlock();
    send(lspErrorResponse(answered, LspError::RequestCancelled, u"cancelled"_s));
}

void LspServer::startAsync(const QJsonValue& id, std::function<QJsonValue(const std::atomic_bool& cancelled)> work)
{
    auto cancelled = std::make_shared<std::atomic_bool>(false);
    const QString key = idKey(id);
    {
        std::lock_guard lock(m_pendingMutex);
        m_pending[key] = Pending { id, cancelled };
    }
    startTask([this, id, key, cancelled, work = std::move(work)] {
        QJsonObject answer;
        try {
            answer = lspResponse(id, work(*cancelled));
        } catch (const std::exception& e) {
            answer = lspErrorResponse(id, LspError::InternalError, QString::fromUtf8(e.what()));
        }
        std::unique_lock lock(m_pendingMutex);
        const auto it = m_pending.find(key);
        // Cancelled (and answered) meanwhile, or a newer request reused the id.
        if (it == m_pending.end() || it->second.cancelled != cancelled)
            return;
        m_pending.erase(it);
        lock.unlock();
        send(answer);
    });
}

} // namespace sg::langsvc
