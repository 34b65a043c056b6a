// `sightglass bench-logs push FILE`: push ingest end to end. A headless workbench serves the Loki push API on
// loopback; client threads send the log as Loki's protobuf + snappy pushes over keep-alive HTTP/1.1
// connections (what Promtail and winston-loki send) and count the 204s.
#include "core/datadir/layout.h"
#include "bench_logs.h"

#include "core/logstore/store.h"
#include "core/services/workbench.h"
#include "core/api/loki_push.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>


#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace sg::app {

using namespace benchlogs;

namespace {

/// One push request, ready to send.
std::string encodeRequest(const logs::PushBatch& batch)
{
    const std::string body = api::encodePushProtobuf(batch);
    return "POST /loki/api/v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\n"
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

/// A blocking keep-alive HTTP/1.1 client on loopback, just enough for the push API's answers.
class Client
{
public:
    explicit Client(quint16 port) : m_port(port) { }
    ~Client() { close(); }

    /// Sends `request` and returns the response's status (0 on a connection error).
    int send(const std::string& request)
    {
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (m_fd < 0 && !connectServer())
                return 0;
            if (writeAll(request))
                if (int status = readResponse(); status > 0)
                    return status;
            close(); // the server closed the idle connection: reconnect once
        }
        return 0;
    }

private:
    bool connectServer()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr {};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(m_port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (m_fd < 0 || ::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            close();
            return false;
        }
        int one = 1;
        ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        return true;
    }
    void close()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
        m_buffer.clear();
    }
    bool writeAll(const std::string& data)
    {
        for (std::size_t done = 0; done < data.size();) {
            const auto n = ::send(m_fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
            if (n <= 0)
                return false;
            done += std::size_t(n);
        }
        return true;
    }
    int readResponse()
    {
        std::size_t headerEnd;
        while ((headerEnd = m_buffer.find("\r\n\r\n")) == std::string::npos)
            if (!readMore())
                return 0;
        const int status = m_buffer.size() > 12 ? std::atoi(m_buffer.c_str() + 9) : 0;
        std::size_t length = 0;
        for (const char* key : { "Content-Length: ", "content-length: " })
            if (auto pos = m_buffer.find(key); pos != std::string::npos && pos < headerEnd)
                length = std::stoul(m_buffer.substr(pos + std::strlen(key)));
        while (m_buffer.size() < headerEnd + 4 + length)
            if (!readMore())
                return 0;
        m_buffer.erase(0, headerEnd + 4 + length);
        return status;
    }
    bool readMore()
    {
        char chunk[4096];
        const auto n = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            return false;
        m_buffer.append(chunk, std::size_t(n));
        return true;
    }

    quint16 m_port;
    int m_fd = -1;
    std::string m_buffer;
};

} // namespace

int benchLogsPush(int& argc, char** argv, const QStringList& args)
{
    if (args.isEmpty()) {
        std::fprintf(stderr, "usage: sightglass bench-logs push FILE [--data-dir DIR] [--force] [--batch-bytes N] [--pushers N]\n");
        return 2;
    }
    const auto file = args[0];
    const auto dir = option(args, QStringLiteral("--data-dir"), file + QStringLiteral(".push-data"));
    const auto batchBytes = parseSize(option(args, QStringLiteral("--batch-bytes"), QStringLiteral("1MiB")));
    const unsigned pushers = std::max(1, option(args, QStringLiteral("--pushers"), QStringLiteral("4")).toInt());
    if (!QFileInfo(file).isFile()) {
        std::fprintf(stderr, "bench-logs push: %s is not a file of log lines\n", qPrintable(file));
        return 2;
    }
    // The server's data dir is rebuilt from scratch: only a folder a benchmark made is cleared (or any, with --force).
    if (auto error = datadir::prepareScratchDir(dir, args.contains(QStringLiteral("--force")))) {
        std::fprintf(stderr, "bench-logs push: %s\n", error->message.c_str());
        return 1;
    }
    std::ifstream in(file.toStdString(), std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(file));
        return 1;
    }
    // The push API rejects entries older than a week: the log's time is moved to end now.
    std::uint64_t textBytes = 0;
    auto batches = readBatches(in, batchBytes, 0, &textBytes);
    std::size_t lines = 0;
    for (const auto& b : batches)
        for (const auto& s : b.streams)
            lines += s.entries.size();
    const TimestampNs start = nowNs() - TimestampNs(lines) * LineSpacingNs - 60'000'000'000;
    std::vector<std::string> requests;
    requests.reserve(batches.size());
    for (auto& b : batches) {
        for (auto& s : b.streams)
            for (auto& e : s.entries)
                e.ts += start;
        requests.push_back(encodeRequest(b));
        b = {};
    }

    QCoreApplication app(argc, argv);
    services::WorkbenchOptions options;
    options.demo = false;
    options.dataDir = dir;
    options.apiListen = QStringLiteral("127.0.0.1:0");
    int rc = 0;
    {
        services::Workbench workbench(options);
        if (auto error = workbench.start()) {
            std::fprintf(stderr, "%s\n", error->message.c_str());
            return 1;
        }
        const auto port = quint16(workbench.apiUrl().port());
        std::atomic<std::size_t> next { 0 }, ok { 0 }, failed { 0 };
        std::atomic<unsigned> running { pushers };
        QElapsedTimer t;
        t.start();
        std::vector<std::thread> threads;
        for (unsigned p = 0; p < pushers; ++p)
            threads.emplace_back([&] {
                Client client(port);
                for (std::size_t i; (i = next.fetch_add(1)) < requests.size();)
                    (client.send(requests[i]) == 204 ? ok : failed) += 1;
                --running;
            });
        // The workbench's objects live on this thread: keep its event loop turning while the clients push.
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &app, [&] {
            if (running == 0)
                app.quit();
        });
        poll.start(5);
        app.exec();
        for (auto& th : threads)
            th.join();
        const double secs = double(t.nsecsElapsed()) / 1e9;
        const auto stored = workbench.logStore()->streams({}, 0, std::numeric_limits<TimestampNs>::max()).size();
        std::printf("%zu pushes (%.1f MiB of text each, protobuf + snappy) from %u HTTP clients: %zu answered 204, "
                    "%zu failed, in %.2f s; %zu streams stored\n",
            requests.size(), double(batchBytes) / (1 << 20), pushers, std::size_t(ok), std::size_t(failed), secs, stored);
        std::printf("push API ingest: %.0f lines/s (%.1f MiB/s of text)\n", double(lines) / secs,
            double(textBytes) / (1 << 20) / secs);
        rc = failed == 0 ? 0 : 1;
    }
    return rc;
}

} // namespace sg::app
