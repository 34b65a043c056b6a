#include "metrics_endpoint.h"

#include "core/common/tcp_low_delay.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>

namespace sg::metrics {

MetricsEndpoint::MetricsEndpoint(Renderer renderer, QObject* parent)
    : QObject(parent)
    , m_server(new QHttpServer(this)) // a child, so moveToThread() takes the server along
    , m_renderer(std::move(renderer))
{
    m_server->route(QStringLiteral("/metrics"), QHttpServerRequest::Method::Get, [this] {
        const std::string body = m_renderer ? m_renderer() : std::string();
        return QHttpServerResponse(QByteArray(ContentType), QByteArray(body.data(), qsizetype(body.size())));
    });
}

MetricsEndpoint::~MetricsEndpoint() = default;

quint16 MetricsEndpoint::listen(const QHostAddress& address, quint16 port)
{
    m_address = address;
    m_port = m_server->listen(address, port);
    setLowDelay(m_server->servers());
    return m_port;
}

QUrl MetricsEndpoint::url() const
{
    if (m_port == 0)
        return {};
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(m_address.toString());
    u.setPort(m_port);
    u.setPath(QStringLiteral("/metrics"));
    return u;
}

void MetricsEndpoint::setRenderer(Renderer renderer)
{
    m_renderer = std::move(renderer);
}

} // namespace sg::metrics
