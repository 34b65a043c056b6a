// The LSP server (`sightglass lsp`) on what an editor sends, after `initialize`: the first byte's bit 0 picks the
// form. Even: the rest is message bodies separated by NUL bytes, each framed with its Content-Length (documents
// opened, changed in UTF-16 ranges, completion, hover, formatting, cancellation). Odd: the rest is the raw byte
// stream, framing included, fed in pieces of 1-128 bytes (the other bits). Every message the server sends, from
// this thread or its workers, must be a JSON-RPC 2.0 object.
#include "fuzz_input.h"

#include "core/langsvc/lsp_server.h"

#include <QJsonDocument>

#include <cstdlib>

SG_FUZZ_TARGET
{
    if (size < 1)
        return 0;
    using namespace sg::langsvc;
    const std::string_view input = fuzzText(data + 1, size - 1);
    // One pool for every run: its threads live on (starting two threads for each input took three quarters of the
    // time under ASan).
    static QThreadPool* pool = [] {
        auto* p = new QThreadPool;
        p->setMaxThreadCount(2);
        p->setExpiryTimeout(-1);
        return p;
    }();
    LspServer server(
        [](const QJsonObject& message) {
            if (message.value(QStringLiteral("jsonrpc")).toString() != QStringLiteral("2.0"))
                std::abort();
            (void)frameLspMessage(message);
        },
        nullptr, pool);
    server.receiveBody(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{}}})");
    if (data[0] & 1) {
        const std::size_t piece = std::size_t(data[0] >> 1) + 1;
        for (std::size_t i = 0; i < input.size(); i += piece) {
            const std::string_view part = input.substr(i, piece);
            server.receiveBytes(QByteArray(part.data(), qsizetype(part.size())));
        }
    } else {
        std::size_t start = 0;
        while (start <= input.size()) {
            std::size_t end = input.find('\0', start);
            if (end == std::string_view::npos)
                end = input.size();
            const std::string_view body = input.substr(start, end - start);
            server.receiveBytes("Content-Length: " + QByteArray::number(qsizetype(body.size())) + "\r\n\r\n"
                + QByteArray(body.data(), qsizetype(body.size())));
            start = end + 1;
        }
    }
    server.waitForIdle();
    return 0;
}
