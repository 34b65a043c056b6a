#pragma once

#include <QHostAddress>
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>
#include <string>

class QHttpServer;

namespace sg::metrics {

/// Serves `GET /metrics` over HTTP with the text produced by a renderer (usually Registry::render).
/// Lives on the thread that created it; the renderer runs on that thread for every request.
class MetricsEndpoint : public QObject
{
    Q_OBJECT
public:
    using Renderer = std::function<std::string()>;

    explicit MetricsEndpoint(Renderer renderer, QObject* parent = nullptr);
    ~MetricsEndpoint() override;

    /// Starts listening; port 0 picks an ephemeral port. Returns the bound port, or 0 on failure.
    quint16 listen(const QHostAddress& address = QHostAddress(QHostAddress::LocalHost), quint16 port = 0);
    /// `http://host:port/metrics` once listening, an empty URL before.
    QUrl url() const;
    /// Replaces the renderer (e.g. to serve a deliberately broken payload in tests).
    void setRenderer(Renderer renderer);

    /// The Content-Type of the text exposition format.
    static constexpr const char* ContentType = "text/plain; version=0.0.4; charset=utf-8";

private:
    QHttpServer* m_server = nullptr;
    Renderer m_renderer;
    QHostAddress m_address;
    quint16 m_port = 0;
};

} // namespace sg::metrics
