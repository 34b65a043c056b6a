#pragma once

// The base protocol of the Language Server Protocol: messages framed by a `Content-Length: N\r\n\r\n` header, each
// a JSON-RPC 2.0 request, response or notification.

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace sg::langsvc {

/// JSON-RPC and LSP error codes.
namespace LspError {
constexpr int ParseError = -32700;
constexpr int InvalidRequest = -32600;
constexpr int MethodNotFound = -32601;
constexpr int InvalidParams = -32602;
constexpr int InternalError = -32603;
constexpr int ServerNotInitialized = -32002;
constexpr int RequestCancelled = -32800;
}

/// `message` serialized and framed with its Content-Length header.
QByteArray frameLspMessage(const QJsonObject& message);

/// Splits a byte stream into message bodies: bytes may arrive in any pieces (a header split across reads, several
/// messages in one read).
class LspMessageReader
{
public:
    /// One framed body, or a framing error (a header without a valid Content-Length; its header is skipped).
    struct Frame
    {
        QByteArray body;
        QString error;
    };

    /// Appends bytes read from the stream.
    void feed(const QByteArray& bytes) { m_buffer.append(bytes); }
    /// The next complete frame, or nullopt until more bytes arrive.
    std::optional<Frame> next();
    /// Bytes received and not yet part of a returned frame.
    qsizetype pending() const { return m_buffer.size(); }

private:
    QByteArray m_buffer;
};

/// `{"jsonrpc":"2.0","id":id,"result":result}`.
QJsonObject lspResponse(const QJsonValue& id, const QJsonValue& result);
/// `{"jsonrpc":"2.0","id":id,"error":{"code":code,"message":message}}`.
QJsonObject lspErrorResponse(const QJsonValue& id, int code, const QString& message);
/// `{"jsonrpc":"2.0","method":method,"params":params}`.
QJsonObject lspNotification(const QString& method, const QJsonValue& params);

} // namespace sg::langsvc
