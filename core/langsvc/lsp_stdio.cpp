#include "lsp_stdio.h"

#include "lsp_server.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QSocketNotifier>

#include <cerrno>
#include <unistd.h>

namespace sg::langsvc {

namespace {

/// Writes all of `bytes` to `fd`; false when the other end is gone.
bool writeAll(int fd, const QByteArray& bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, std::size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

} // namespace

int runLspStdio(CompletionData* data, int in, int out)
{
    QEventLoop loop;
    // The server's sink is called one message at a time (from this thread or a worker).
    LspServer server([out](const QJsonObject& message) { writeAll(out, frameLspMessage(message)); }, data);
    QSocketNotifier notifier(in, QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &loop, [&] {
        char buffer[65536];
        ssize_t n = ::read(in, buffer, sizeof buffer);
        while (n < 0 && errno == EINTR)
            n = ::read(in, buffer, sizeof buffer);
        if (n > 0)
            server.receiveBytes(QByteArray(buffer, qsizetype(n)));
        else if (n == 0 || errno != EAGAIN)
            server.endOfInput();
        if (server.exitCode()) {
            notifier.setEnabled(false);
            loop.exit(*server.exitCode());
        }
    });
    return loop.exec();
}

} // namespace sg::langsvc
