#include "tcp_low_delay.h"

#include <QTcpServer>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace sg {

void setLowDelay(const QList<QTcpServer*>& servers)
{
    for (QTcpServer* server : servers) {
        const int one = 1;
        if (server && server->socketDescriptor() >= 0)
            (void)::setsockopt(int(server->socketDescriptor()), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
}

} // namespace sg
