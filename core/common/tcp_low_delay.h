#pragma once

// TCP_NODELAY for the HTTP listeners. QHttpServer writes a response's headers and its body separately; with Nagle's
// algorithm on, the body waits for the client to acknowledge the headers, and a client on a kept-alive connection
// (Grafana, Prometheus scraping /metrics) delays that acknowledgement by 40 ms. Every response then took 40 ms more.

#include <QList>

class QTcpServer;

namespace sg {

/// Sets TCP_NODELAY on listening sockets; the connections they accept inherit it (Linux, BSD, macOS).
void setLowDelay(const QList<QTcpServer*>& servers);

} // namespace sg
