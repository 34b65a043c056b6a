#include "lsp_protocol.h"

#include <QJsonDocument>

namespace sg::langsvc {

using namespace Qt::StringLiterals;

QByteArray frameLspMessage(const QJsonObject& message)
{
    const QByteArray body = QJsonDocument(message).toJson(QJsonDocument::Compact);
    return "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

std::optional<LspMessageReader::Frame> LspMessageReader::next()
{
    const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return std::nullopt;
    qsizetype length = -1;
    const QByteArray header = m_buffer.left(headerEnd);
    for (const QByteArray& line : header.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon < 0 || line.left(colon).trimmed().toLower() != "content-length")
            continue;
        bool ok = false;
        length = line.mid(colon + 1).trimmed().toLongLong(&ok);
        if (!ok || length < 0)
            length = -1;
    }
    const qsizetype bodyStart = headerEnd + 4;
    if (length < 0) {
        m_buffer.remove(0, bodyStart);
        return Frame { {}, u"a message header without a valid Content-Length"_s };
    }
    if (m_buffer.size() - bodyStart < length)
        return std::nullopt;
    Frame frame { m_buffer.mid(bodyStart, length), {} };
    m_buffer.remove(0, bodyStart + length);
    return frame;
}

QJsonObject lspResponse(const QJsonValue& id, const QJsonValue& result)
{
    return { { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, id }, { u"result"_s, result } };
}

QJsonObject lspErrorResponse(const QJsonValue& id, int code, const QString& message)
{
    return { { u"jsonrpc"_s, u"2.0"_s }, { u"id"_s, id },
        { u"error"_s, QJsonObject { { u"code"_s, code }, { u"message"_s, message } } } };
}

QJsonObject lspNotification(const QString& method, const QJsonValue& params)
{
    return { { u"jsonrpc"_s, u"2.0"_s }, { u"method"_s, method }, { u"params"_s, params } };
}

} // namespace sg::langsvc
