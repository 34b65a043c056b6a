// The LSP server driven directly: framing, lifecycle, documents with incremental UTF-16 edits, diagnostics,
// formatting, completion, hover and cancellation. The stdio binary is tested end to end by lsp_client.py.

#include "core/langsvc/lsp_server.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSemaphore>
#include <QTest>

#include <mutex>

using namespace Qt::StringLiterals;
using namespace sg::langsvc;

namespace {

/// A server with the messages it sent.
class Client
{
public:
    explicit Client(CompletionData* data = nullptr, QThreadPool* pool = nullptr)
        : server(
            [this](const QJsonObject& m) {
                std::lock_guard lock(mutex);
                sent.push_back(m);
            },
            data, pool)
    {
    }

    void request(int id, const QString& method, const QJsonObject& params = {})
    {
        server.receive({ { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, id }, { u"method"_s, method }, { u"params"_s, params } });
    }
    void notify(const QString& method, const QJsonObject& params = {})
    {
        server.receive({ { u"jsonrpc"_s, u"2.0"_s }, { u"method"_s, method }, { u"params"_s, params } });
    }
    void initialize()
    {
        request(0, u"initialize"_s, { { u"capabilities"_s, QJsonObject() } });
        notify(u"initialized"_s);
        take();
    }
    void open(const QString& uri, const QString& text, const QString& languageId = u"promql"_s)
    {
        notify(u"textDocument/didOpen"_s,
            { { u"textDocument"_s,
                QJsonObject { { u"uri"_s, uri }, { u"languageId"_s, languageId }, { u"version"_s, 1 }, { u"text"_s, text } } } });
    }
    /// Initializes and opens `uri`, dropping the diagnostics.
    void start(const QString& uri, const QString& text)
    {
        initialize();
        open(uri, text);
        take();
    }
    /// Messages sent since the last take().
    std::vector<QJsonObject> take()
    {
        server.waitForIdle();
        std::lock_guard lock(mutex);
        return std::exchange(sent, {});
    }
    /// The one response to `id` among take().
    QJsonObject response(int id)
    {
        QJsonObject found;
        int count = 0;
        for (const auto& m : take())
            if (m.contains(u"id"_s) && m.value(u"id"_s).toInt(-1) == id) {
                found = m;
                ++count;
            }
        if (count != 1)
            qWarning("%d responses to request %d", count, id);
        return count == 1 ? found : QJsonObject();
    }

    std::mutex mutex;
    std::vector<QJsonObject> sent;
    LspServer server;
};

QJsonObject docId(const QString& uri)
{
    return { { u"uri"_s, uri } };
}

QJsonObject position(int line, int character)
{
    return { { u"line"_s, line }, { u"character"_s, character } };
}

QJsonObject range(int l1, int c1, int l2, int c2)
{
    return { { u"start"_s, position(l1, c1) }, { u"end"_s, position(l2, c2) } };
}

QString rangeText(const QJsonValue& r)
{
    const QJsonObject o = r.toObject();
    const QJsonObject s = o.value(u"start"_s).toObject();
    const QJsonObject e = o.value(u"end"_s).toObject();
    return u"%1:%2-%3:%4"_s.arg(s.value(u"line"_s).toInt()).arg(s.value(u"character"_s).toInt())
        .arg(e.value(u"line"_s).toInt()).arg(e.value(u"character"_s).toInt());
}

/// Completion data that answers at once: one metric, `up{job="api"}`.
class FixedData : public CompletionData
{
public:
    std::vector<std::string> metricNames() override { return { "up" }; }
    std::vector<MetricMetadata> metricMetadata() override { return {}; }
    std::vector<std::string> labelNames(Language, const sg::Matchers&) override { return { "job" }; }
    std::vector<std::string> labelValues(Language, const std::string&, const sg::Matchers&) override { return { "api" }; }
    std::vector<LogSample> sampleLogs(const std::string&, int) override { return {}; }
};

/// Completion data whose every call blocks until released: a completion that runs until cancelled.
class BlockingData : public CompletionData
{
public:
    QSemaphore entered;
    QSemaphore release;

    std::vector<std::string> wait(std::vector<std::string> answer)
    {
        entered.release();
        release.tryAcquire(1, 10'000);
        return answer;
    }
    std::vector<std::string> metricNames() override { return wait({ "http_requests_total" }); }
    std::vector<MetricMetadata> metricMetadata() override
    {
        wait({});
        return {};
    }
    std::vector<std::string> labelNames(Language, const sg::Matchers&) override { return wait({ "job" }); }
    std::vector<std::string> labelValues(Language, const std::string&, const sg::Matchers&) override
    {
        return wait({ "api" });
    }
    std::vector<LogSample> sampleLogs(const std::string&, int) override
    {
        wait({});
        return {};
    }
};

} // namespace

class TestLspServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void positions_data();
    void positions();
    void positionsClamp();
    void incrementalEdits();
    void framingSplitAcrossReads();
    void severalMessagesInOneRead();
    void malformedMessages();
    void lifecycle();
    void initializeCapabilities();
    void documentLanguages();
    void diagnosticsAfterOpenAndChange();
    void diagnosticsPositionsInUtf16();
    void formatting();
    void completionWithoutData();
    void hover();
    void cancelRunningCompletion();
    void diagnosticsWithData();
    void sharedPool();
};

void TestLspServer::positions_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("byte");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("character");
    // `é` is 2 bytes and 1 UTF-16 unit; `🔥` (U+1F525) 4 bytes and 2 units (a surrogate pair).
    const QString cafe = u"{app=\"café\"} |= \"x\""_s;
    QTest::addRow("ascii") << cafe << 5 << 0 << 5;
    QTest::addRow("before é") << cafe << 9 << 0 << 9;
    QTest::addRow("after é") << cafe << 11 << 0 << 10;
    QTest::addRow("after café quote") << cafe << 12 << 0 << 11;
    QTest::addRow("end") << cafe << 20 << 0 << 19;
    const QString fire = u"{app=\"🔥\", x=\"y\"}"_s;
    QTest::addRow("before emoji") << fire << 6 << 0 << 6;
    QTest::addRow("after emoji") << fire << 10 << 0 << 8;
    QTest::addRow("after emoji quote") << fire << 11 << 0 << 9;
    const QString lines = u"sum(\n  rate(é[5m])\r\n)\rx"_s;
    QTest::addRow("line 2 start") << lines << 5 << 1 << 0;
    QTest::addRow("after é on line 2") << lines << 14 << 1 << 8;
    QTest::addRow("end of line 2") << lines << 19 << 1 << 13;
    QTest::addRow("line 3 after crlf") << lines << 21 << 2 << 0;
    QTest::addRow("line 4 after cr") << lines << 23 << 3 << 0;
    QTest::addRow("last") << lines << 24 << 3 << 1;
}

void TestLspServer::positions()
{
    QFETCH(QString, text);
    QFETCH(int, byte);
    QFETCH(int, line);
    QFETCH(int, character);
    const QByteArray utf8 = text.toUtf8();
    const std::string_view s(utf8.constData(), std::size_t(utf8.size()));
    const LspPosition p = byteToLsp(s, byte);
    QCOMPARE(p.line, line);
    QCOMPARE(p.character, character);
    QCOMPARE(lspToByte(s, { line, character }), byte);
    // The UTF-16 column is what QString (UTF-16) counts on that line.
    const QString lineText = text.split(QRegularExpression(u"\r\n|\r|\n"_s)).at(line);
    const int lineStartByte = lspToByte(s, { line, 0 });
    QCOMPARE(QString::fromUtf8(utf8.mid(lineStartByte, byte - lineStartByte)).size(), qsizetype(character));
    QVERIFY(lineText.size() >= character);
}

void TestLspServer::positionsClamp()
{
    const std::string text = "a🔥b\nxy"; // 🔥 at bytes 1..5, units 1..3
    QCOMPARE(lspToByte(text, { 0, 2 }), 1);   // inside the surrogate pair: the emoji's start
    QCOMPARE(lspToByte(text, { 0, 3 }), 5);
    QCOMPARE(lspToByte(text, { 0, 99 }), 6);  // past the line end: before the line break
    QCOMPARE(lspToByte(text, { 7, 0 }), 9);   // past the last line: the end
    QCOMPARE(byteToLsp(text, 3), (LspPosition { 0, 1 })); // inside the emoji's bytes
    QCOMPARE(byteToLsp(text, 100), (LspPosition { 1, 2 }));
    QCOMPARE(byteToLsp("a\r\nb", 2), (LspPosition { 0, 1 })); // between \r and \n
}

void TestLspServer::incrementalEdits()
{
    Client c;
    c.initialize();
    const QString uri = u"file:///q/a.logql"_s;
    c.open(uri, u"{app=\"café\"} |= \"🔥\""_s, u"logql"_s);
    auto change = [&](const QJsonObject& r, const QString& text) {
        c.notify(u"textDocument/didChange"_s,
            { { u"textDocument"_s, QJsonObject { { u"uri"_s, uri }, { u"version"_s, 2 } } },
                { u"contentChanges"_s, QJsonArray { QJsonObject { { u"range"_s, r }, { u"text"_s, text } } } } });
    };
    change(range(0, 6, 0, 10), u"thé"_s);          // café → thé (UTF-16 columns 6..10)
    QCOMPARE(QString::fromStdString(c.server.document(uri)->text), u"{app=\"thé\"} |= \"🔥\""_s);
    change(range(0, 16, 0, 18), u"ok"_s);          // the emoji: two units
    QCOMPARE(QString::fromStdString(c.server.document(uri)->text), u"{app=\"thé\"} |= \"ok\""_s);
    change(range(0, 19, 0, 19), u"\n  | json"_s);  // an insertion at the end
    change(range(1, 4, 1, 8), u"logfmt"_s);       // on the new line
    QCOMPARE(QString::fromStdString(c.server.document(uri)->text), u"{app=\"thé\"} |= \"ok\"\n  | logfmt"_s);
    // A change without a range replaces the document.
    c.notify(u"textDocument/didChange"_s,
        { { u"textDocument"_s, QJsonObject { { u"uri"_s, uri }, { u"version"_s, 3 } } },
            { u"contentChanges"_s, QJsonArray { QJsonObject { { u"text"_s, u"{a=\"b\"}"_s } } } } });
    QCOMPARE(c.server.document(uri)->text, std::string("{a=\"b\"}"));
    QCOMPARE(c.server.document(uri)->version, 3);
}

void TestLspServer::framingSplitAcrossReads()
{
    Client c;
    const QByteArray framed = frameLspMessage({ { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, 7 }, { u"method"_s, u"initialize"_s },
        { u"params"_s, QJsonObject { { u"processId"_s, QJsonValue::Null }, { u"rootUri"_s, u"file:///é"_s } } } });
    for (qsizetype i = 0; i < framed.size(); ++i) {
        QVERIFY2(c.take().empty(), "answered before the whole message arrived");
        c.server.receiveBytes(framed.mid(i, 1));
    }
    const QJsonObject r = c.response(7);
    QVERIFY(r.value(u"result"_s).toObject().contains(u"capabilities"_s));
    // The header name is case-insensitive and other headers are ignored.
    const QByteArray body = "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"shutdown\"}";
    c.server.receiveBytes("content-length: " + QByteArray::number(body.size())
        + "\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" + body);
    QCOMPARE(c.response(8).value(u"result"_s), QJsonValue(QJsonValue::Null));
}

void TestLspServer::severalMessagesInOneRead()
{
    Client c;
    QByteArray bytes;
    bytes += frameLspMessage({ { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, 1 }, { u"method"_s, u"initialize"_s }, { u"params"_s, QJsonObject() } });
    bytes += frameLspMessage({ { u"jsonrpc"_s, u"2.0"_s }, { u"method"_s, u"initialized"_s }, { u"params"_s, QJsonObject() } });
    bytes += frameLspMessage({ { u"jsonrpc"_s, u"2.0"_s }, { u"method"_s, u"textDocument/didOpen"_s },
        { u"params"_s, QJsonObject { { u"textDocument"_s,
            QJsonObject { { u"uri"_s, u"file:///a.promql"_s }, { u"languageId"_s, u"promql"_s }, { u"version"_s, 1 }, { u"text"_s, u"up"_s } } } } } });
    const QByteArray last = frameLspMessage({ { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, 2 }, { u"method"_s, u"shutdown"_s } });
    bytes += last.left(10); // and the start of the next one
    c.server.receiveBytes(bytes);
    const auto sent = c.take();
    QCOMPARE(sent.size(), std::size_t(2));
    QCOMPARE(sent[0].value(u"id"_s).toInt(), 1);
    QCOMPARE(sent[1].value(u"method"_s).toString(), u"textDocument/publishDiagnostics"_s);
    c.server.receiveBytes(last.mid(10));
    QCOMPARE(c.response(2).value(u"result"_s), QJsonValue(QJsonValue::Null));
}

void TestLspServer::malformedMessages()
{
    Client c;
    c.server.receiveBytes("Content-Length: 9\r\n\r\n{\"id\": 1,");
    auto sent = c.take();
    QCOMPARE(sent.size(), std::size_t(1));
    QCOMPARE(sent[0].value(u"error"_s).toObject().value(u"code"_s).toInt(), LspError::ParseError);
    QVERIFY(sent[0].contains(u"id"_s));
    QVERIFY(sent[0].value(u"id"_s).isNull());
    // A header without Content-Length: a parse error, and the stream goes on.
    c.server.receiveBytes("X-Nothing: 1\r\n\r\n" + frameLspMessage({ { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, 3 }, { u"method"_s, u"initialize"_s } }));
    sent = c.take();
    QCOMPARE(sent.size(), std::size_t(2));
    QCOMPARE(sent[0].value(u"error"_s).toObject().value(u"code"_s).toInt(), LspError::ParseError);
    QCOMPARE(sent[1].value(u"id"_s).toInt(), 3);
    // Not an object.
    c.server.receiveBytes(frameLspMessage({}).replace("{}", "[1]").replace("Length: 2", "Length: 3"));
    sent = c.take();
    QCOMPARE(sent.size(), std::size_t(1));
    QCOMPARE(sent[0].value(u"error"_s).toObject().value(u"code"_s).toInt(), LspError::InvalidRequest);
}

void TestLspServer::lifecycle()
{
    {
        Client c;
        c.request(1, u"textDocument/hover"_s);
        QCOMPARE(c.response(1).value(u"error"_s).toObject().value(u"code"_s).toInt(), LspError::ServerNotInitialized);
        c.initialize();
        c.request(2, u"workspace/symbol"_s, { { u"query"_s, u"x"_s } });
        QCOMPARE(c.response(2).value(u"error"_s).toObject().value(u"code"_s).toInt(), LspError::MethodNotFound);
        c.notify(u"workspace/didChangeConfiguration"_s, { { u"settings"_s, QJsonObject() } });
        c.notify(u"$/setTrace"_s, { { u"value"_s, u"off"_s } });
        QVERIFY(c.take().empty()); // notifications are never answered
        c.request(3, u"shutdown"_s);
        QCOMPARE(c.response(3).value(u"result"_s), QJsonValue(QJsonValue::Null));
        c.request(4, u"textDocument/formatting"_s, { { u"textDocument"_s, docId(u"file:///a.promql"_s) } });
        QCOMPARE(c.response(4).value(u"error"_s).toObject().value(u"code"_s).toInt(), LspError::InvalidRequest);
        QVERIFY(!c.server.exitCode());
        c.notify(u"exit"_s);
        QCOMPARE(c.server.exitCode(), std::optional<int>(0));
    }
    {
        Client c;
        c.initialize();
        c.notify(u"exit"_s); // without shutdown
        QCOMPARE(c.server.exitCode(), std::optional<int>(1));
    }
    {
        Client c;
        c.initialize();
        c.server.endOfInput(); // the client went away
        QCOMPARE(c.server.exitCode(), std::optional<int>(1));
    }
}

void TestLspServer::initializeCapabilities()
{
    Client c;
    c.request(1, u"initialize"_s, { { u"capabilities"_s, QJsonObject() } });
    const QJsonObject caps = c.response(1).value(u"result"_s).toObject().value(u"capabilities"_s).toObject();
    QCOMPARE(caps.value(u"positionEncoding"_s).toString(), u"utf-16"_s);
    QCOMPARE(caps.value(u"textDocumentSync"_s).toObject().value(u"change"_s).toInt(), 2);
    QVERIFY(caps.value(u"textDocumentSync"_s).toObject().value(u"openClose"_s).toBool());
    QVERIFY(caps.value(u"hoverProvider"_s).toBool());
    QVERIFY(caps.value(u"documentFormattingProvider"_s).toBool());
    QStringList triggers;
    for (const auto& t : caps.value(u"completionProvider"_s).toObject().value(u"triggerCharacters"_s).toArray())
        triggers << t.toString();
    QCOMPARE(triggers, (QStringList { u"{"_s, u","_s, u"="_s, u"("_s, u"["_s, u"|"_s, u"\""_s, u" "_s }));
}

void TestLspServer::documentLanguages()
{
    using sg::logql::QueryLanguage;
    QCOMPARE(documentLanguage(u"logql"_s, u"file:///x.txt"_s, "up"), QueryLanguage::LogQL);
    QCOMPARE(documentLanguage(u"promql"_s, u"file:///x.logql"_s, "{a=\"b\"} |= \"x\""), QueryLanguage::PromQL);
    QCOMPARE(documentLanguage(u"plaintext"_s, u"file:///dir/x.LogQL"_s, "up"), QueryLanguage::LogQL);
    QCOMPARE(documentLanguage(QString(), u"file:///dir/x.promql"_s, "{a=\"b\"} |= \"x\""), QueryLanguage::PromQL);
    QCOMPARE(documentLanguage(QString(), u"untitled:Untitled-1"_s, "{a=\"b\"} |= \"x\""), QueryLanguage::LogQL);
    QCOMPARE(documentLanguage(QString(), u"untitled:Untitled-1"_s, "rate(x[5m])"), QueryLanguage::PromQL);
}

void TestLspServer::diagnosticsAfterOpenAndChange()
{
    Client c;
    c.initialize();
    const QString uri = u"file:///q/errors.promql"_s;
    c.open(uri, u"sum(rate(http_requests_total[5m])"_s);
    auto sent = c.take();
    QCOMPARE(sent.size(), std::size_t(1));
    QCOMPARE(sent[0].value(u"method"_s).toString(), u"textDocument/publishDiagnostics"_s);
    QJsonObject params = sent[0].value(u"params"_s).toObject();
    QCOMPARE(params.value(u"uri"_s).toString(), uri);
    QJsonArray diagnostics = params.value(u"diagnostics"_s).toArray();
    QCOMPARE(diagnostics.size(), 1);
    QJsonObject d = diagnostics[0].toObject();
    QCOMPARE(d.value(u"severity"_s).toInt(), 1);
    QCOMPARE(d.value(u"source"_s).toString(), u"sightglass"_s);
    QVERIFY2(d.value(u"message"_s).toString().contains(u"unclosed"_s) || d.value(u"message"_s).toString().contains(u"expected"_s),
        qPrintable(d.value(u"message"_s).toString()));
    QCOMPARE(rangeText(d.value(u"range"_s)), u"0:0-0:3"_s); // `sum`, whose parenthesis is not closed

    // Fixed by an incremental change: the diagnostics are cleared.
    c.notify(u"textDocument/didChange"_s,
        { { u"textDocument"_s, QJsonObject { { u"uri"_s, uri }, { u"version"_s, 2 } } },
            { u"contentChanges"_s, QJsonArray { QJsonObject { { u"range"_s, range(0, 33, 0, 33) }, { u"text"_s, u")"_s } } } } });
    sent = c.take();
    QCOMPARE(sent.size(), std::size_t(1));
    params = sent[0].value(u"params"_s).toObject();
    QCOMPARE(params.value(u"version"_s).toInt(), 2);
    QCOMPARE(params.value(u"diagnostics"_s).toArray().size(), 0);

    // A warning: irate over a long range.
    c.notify(u"textDocument/didChange"_s,
        { { u"textDocument"_s, QJsonObject { { u"uri"_s, uri }, { u"version"_s, 3 } } },
            { u"contentChanges"_s, QJsonArray { QJsonObject { { u"range"_s, range(0, 4, 0, 8) }, { u"text"_s, u"irate"_s } },
                QJsonObject { { u"range"_s, range(0, 30, 0, 32) }, { u"text"_s, u"1h"_s } } } } });
    QCOMPARE(QString::fromStdString(c.server.document(uri)->text), u"sum(irate(http_requests_total[1h]))"_s);
    sent = c.take();
    diagnostics = sent.at(0).value(u"params"_s).toObject().value(u"diagnostics"_s).toArray();
    QCOMPARE(diagnostics.size(), 1);
    QCOMPARE(diagnostics[0].toObject().value(u"severity"_s).toInt(), 2);

    // Closing clears them.
    c.notify(u"textDocument/didClose"_s, { { u"textDocument"_s, docId(uri) } });
    sent = c.take();
    QCOMPARE(sent.size(), std::size_t(1));
    QCOMPARE(sent[0].value(u"params"_s).toObject().value(u"diagnostics"_s).toArray().size(), 0);
    QVERIFY(!c.server.document(uri));
}

void TestLspServer::diagnosticsPositionsInUtf16()
{
    Client c;
    c.initialize();
    // The error (a missing `}`) lies after an `é` and an emoji on the second line: columns count UTF-16 units.
    c.open(u"file:///q/u.logql"_s, u"# café\n{app=\"🔥é\" |= \"x\""_s, u"logql"_s);
    const auto sent = c.take();
    const QJsonArray diagnostics = sent.at(0).value(u"params"_s).toObject().value(u"diagnostics"_s).toArray();
    QCOMPARE(diagnostics.size(), 1);
    const QJsonObject start = diagnostics[0].toObject().value(u"range"_s).toObject().value(u"start"_s).toObject();
    QCOMPARE(start.value(u"line"_s).toInt(), 1);
    // The error is at `|=`, after `{app="🔥é" `: 10 code points, 11 UTF-16 units (the emoji counts two), 14 bytes.
    QCOMPARE(start.value(u"character"_s).toInt(), 11);
}

void TestLspServer::formatting()
{
    Client c;
    const QString uri = u"file:///q/f.promql"_s;
    c.start(uri, u"sum(rate(http_requests_total{job=\"café\"}[5m]))by(job)\n"_s);
    c.request(5, u"textDocument/formatting"_s,
        { { u"textDocument"_s, docId(uri) }, { u"options"_s, QJsonObject { { u"tabSize"_s, 2 }, { u"insertSpaces"_s, true } } } });
    QJsonArray edits = c.response(5).value(u"result"_s).toArray();
    QCOMPARE(edits.size(), 1);
    QCOMPARE(rangeText(edits[0].toObject().value(u"range"_s)), u"0:0-1:0"_s); // the whole document
    QCOMPARE(edits[0].toObject().value(u"newText"_s).toString(), u"sum by (job) (rate(http_requests_total{job=\"café\"}[5m]))\n"_s);

    // Already formatted: no edit.
    c.notify(u"textDocument/didChange"_s,
        { { u"textDocument"_s, QJsonObject { { u"uri"_s, uri }, { u"version"_s, 2 } } },
            { u"contentChanges"_s, QJsonArray { QJsonObject { { u"text"_s, edits[0].toObject().value(u"newText"_s) } } } } });
    c.take();
    c.request(6, u"textDocument/formatting"_s, { { u"textDocument"_s, docId(uri) } });
    QCOMPARE(c.response(6).value(u"result"_s).toArray().size(), 0);

    // Not parsing: no edit (the error is shown as a diagnostic).
    c.open(u"file:///q/bad.promql"_s, u"sum(rate(x[5m]"_s);
    c.take();
    c.request(7, u"textDocument/formatting"_s, { { u"textDocument"_s, docId(u"file:///q/bad.promql"_s) } });
    const QJsonObject r = c.response(7);
    QVERIFY(r.value(u"result"_s).isArray());
    QCOMPARE(r.value(u"result"_s).toArray().size(), 0);

    // Unknown document.
    c.request(8, u"textDocument/formatting"_s, { { u"textDocument"_s, docId(u"file:///nope.promql"_s) } });
    QCOMPARE(c.response(8).value(u"error"_s).toObject().value(u"code"_s).toInt(), LspError::InvalidParams);
}

void TestLspServer::completionWithoutData()
{
    Client c;
    const QString uri = u"file:///q/c.promql"_s;
    c.start(uri, u"# é🔥\nsum(ra"_s);
    c.request(9, u"textDocument/completion"_s, { { u"textDocument"_s, docId(uri) }, { u"position"_s, position(1, 6) } });
    const QJsonObject result = c.response(9).value(u"result"_s).toObject();
    const QJsonArray items = result.value(u"items"_s).toArray();
    QJsonObject rate;
    for (const auto& item : items)
        if (item.toObject().value(u"label"_s).toString() == u"rate")
            rate = item.toObject();
    QVERIFY2(!rate.isEmpty(), QJsonDocument(items).toJson().left(2000).constData());
    QCOMPARE(rate.value(u"kind"_s).toInt(), 3); // Function
    QVERIFY(!rate.value(u"detail"_s).toString().isEmpty());
    const QJsonObject edit = rate.value(u"textEdit"_s).toObject();
    QCOMPARE(rangeText(edit.value(u"range"_s)), u"1:4-1:6"_s); // replaces `ra`
    QVERIFY(edit.value(u"newText"_s).toString().startsWith(u"rate"_s));
    QCOMPARE(completionItemKind("metric"), 21);
    QCOMPARE(completionItemKind("label"), 5);
    QCOMPARE(completionItemKind("keyword"), 14);
    QCOMPARE(completionItemKind("duration"), 11);
    QCOMPARE(completionItemKind("something"), 1);
}

void TestLspServer::hover()
{
    Client c;
    const QString uri = u"file:///q/h.promql"_s;
    c.start(uri, u"sum(rate(x[5m]))"_s);
    c.request(10, u"textDocument/hover"_s, { { u"textDocument"_s, docId(uri) }, { u"position"_s, position(0, 6) } });
    const QJsonObject result = c.response(10).value(u"result"_s).toObject();
    QCOMPARE(result.value(u"contents"_s).toObject().value(u"kind"_s).toString(), u"markdown"_s);
    QVERIFY(result.value(u"contents"_s).toObject().value(u"value"_s).toString().contains(u"rate"_s));
    QCOMPARE(rangeText(result.value(u"range"_s)), u"0:4-0:8"_s);
    // On nothing documented: null.
    c.request(11, u"textDocument/hover"_s, { { u"textDocument"_s, docId(uri) }, { u"position"_s, position(0, 15) } });
    const QJsonObject none = c.response(11);
    QVERIFY(none.contains(u"result"_s));
    QVERIFY(none.value(u"result"_s).isNull());
}

void TestLspServer::cancelRunningCompletion()
{
    BlockingData data;
    Client c(&data);
    const QString uri = u"file:///q/slow.promql"_s;
    data.release.release(1); // the check with data of the opened document asks once (metric names)
    c.start(uri, u"http_"_s);
    QVERIFY(data.entered.tryAcquire(1, 10'000));
    c.request(12, u"textDocument/completion"_s, { { u"textDocument"_s, docId(uri) }, { u"position"_s, position(0, 5) } });
    QVERIFY2(data.entered.tryAcquire(1, 10'000), "the completion never asked the data");
    // While it waits, messages are still read and answered.
    c.notify(u"textDocument/didChange"_s,
        { { u"textDocument"_s, QJsonObject { { u"uri"_s, uri }, { u"version"_s, 2 } } },
            { u"contentChanges"_s, QJsonArray { QJsonObject { { u"text"_s, u"http_("_s } } } } });
    c.notify(u"$/cancelRequest"_s, { { u"id"_s, 12 } });
    {
        std::lock_guard lock(c.mutex);
        QCOMPARE(c.sent.size(), std::size_t(2));
        QCOMPARE(c.sent[0].value(u"method"_s).toString(), u"textDocument/publishDiagnostics"_s);
        QCOMPARE(c.sent[1].value(u"id"_s).toInt(), 12);
        QCOMPARE(c.sent[1].value(u"error"_s).toObject().value(u"code"_s).toInt(), LspError::RequestCancelled);
    }
    data.release.release(100); // the completion ends: its late result is dropped
    const auto sent = c.take();
    QCOMPARE(sent.size(), std::size_t(2)); // version 2 does not parse: no check with data
    for (const QJsonObject& m : sent)
        QVERIFY(!m.contains(u"result"_s));
    // Cancelling an answered request does nothing.
    c.notify(u"$/cancelRequest"_s, { { u"id"_s, 12 } });
    QVERIFY(c.take().empty());
}

void TestLspServer::diagnosticsWithData()
{
    // The language's diagnostics at once, then all of them with what the data does not hold.
    FixedData data;
    Client c(&data);
    c.initialize();
    c.open(u"file:///q/d.promql"_s, u"up{job=\"db\"} + nope"_s);
    const auto sent = c.take();
    QCOMPARE(sent.size(), std::size_t(2));
    QVERIFY(sent[0].value(u"params"_s).toObject().value(u"diagnostics"_s).toArray().isEmpty());
    const QJsonArray withData = sent[1].value(u"params"_s).toObject().value(u"diagnostics"_s).toArray();
    QCOMPARE(withData.size(), 2);
    QCOMPARE(withData[0].toObject().value(u"message"_s).toString(), u"no series of up has job=\"db\""_s);
    QCOMPARE(rangeText(withData[0].toObject().value(u"range"_s)), u"0:7-0:11"_s);
    QCOMPARE(withData[0].toObject().value(u"severity"_s).toInt(), 2);
    QCOMPARE(withData[1].toObject().value(u"message"_s).toString(), u"unknown metric \"nope\": no series in this store"_s);
}

void TestLspServer::sharedPool()
{
    // A server on a pool it shares waits for its own work only: another task holding a thread of the pool does not
    // hold up its answers or its end.
    QThreadPool pool;
    pool.setMaxThreadCount(2);
    QSemaphore running, release;
    pool.start([&] {
        running.release();
        release.tryAcquire(1, 10'000);
    });
    QVERIFY(running.tryAcquire(1, 10'000));
    QElapsedTimer timer;
    timer.start();
    {
        Client c(nullptr, &pool);
        const QString uri = u"file:///q/s.promql"_s;
        c.start(uri, u"sum(rate(x[5m]))"_s);
        c.request(
            20, u"textDocument/hover"_s, { { u"textDocument"_s, docId(uri) }, { u"position"_s, position(0, 6) } });
        const QJsonObject hover = c.response(20).value(u"result"_s).toObject();
        QVERIFY(hover.value(u"contents"_s).toObject().value(u"value"_s).toString().contains(u"rate"_s));
    }
    QVERIFY2(timer.elapsed() < 5'000, "the server waited for the pool's other task");
    release.release();
    pool.waitForDone();
}

QTEST_GUILESS_MAIN(TestLspServer)

#include "tst_lsp_server.moc"
