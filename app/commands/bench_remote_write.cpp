// `sightglass bench-remote-write`: the remote_write sender's throughput. A WAL of N series × M scrapes is written
// first; then one queue (WAL tail → shards → protobuf + snappy → HTTP) sends all of it to a loopback receiver in a
// child process (so that receiving does not count) that reads each body and answers 204. The last line gives
// samples/s and the CPU the sending process used meanwhile.
#include "commands.h"

#include "core/remotewrite/queue_manager.h"
#include "core/remotewrite/write_request.h"
#include "core/tsdb/wal.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <filesystem>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sg::app {

using namespace Qt::StringLiterals;

namespace {

double cpuSeconds(int who)
{
    rusage u {};
    ::getrusage(who, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/// One keep-alive connection: reads requests (headers, then Content-Length bytes) and answers 204 to each.
void serveConnection(int fd)
{
    std::string buf;
    char chunk[1 << 16];
    while (true) {
        std::size_t headerEnd;
        while ((headerEnd = buf.find("\r\n\r\n")) == std::string::npos) {
            const ssize_t n = ::read(fd, chunk, sizeof chunk);
            if (n <= 0) {
                ::close(fd);
                return;
            }
            buf.append(chunk, std::size_t(n));
        }
        std::size_t length = 0;
        for (const char* key : { "Content-Length:", "content-length:" }) {
            const auto at = buf.find(key);
            if (at != std::string::npos && at < headerEnd)
                length = std::stoull(buf.substr(at + std::strlen(key), 20));
        }
        const std::size_t total = headerEnd + 4 + length;
        while (buf.size() < total) {
            const ssize_t n = ::read(fd, chunk, sizeof chunk);
            if (n <= 0) {
                ::close(fd);
                return;
            }
            buf.append(chunk, std::size_t(n));
        }
        buf.erase(0, total);
        static const char answer[] = "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n";
        if (::write(fd, answer, sizeof answer - 1) < 0) {
            ::close(fd);
            return;
        }
    }
}

/// The child: a loopback receiver; prints "port N", serves until stdin closes, then prints its CPU seconds.
int serveReceiver()
{
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(listener, 64) != 0
        || ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        return 1;
    std::printf("port %d\n", ntohs(addr.sin_port));
    std::fflush(stdout);
    std::thread([listener] {
        while (true) {
            const int fd = ::accept(listener, nullptr, nullptr);
            if (fd < 0)
                return;
            const int one = 1; // as Go's net/http servers (Prometheus, Mimir) do
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            std::thread(serveConnection, fd).detach();
        }
    }).detach();
    char c;
    while (::read(0, &c, 1) > 0) { }
    std::printf("cpu %.3f\n", cpuSeconds(RUSAGE_SELF));
    std::fflush(stdout);
    return 0;
}

/// utime + stime of process `pid` in seconds.
double processCpuSeconds(qint64 pid)
{
    QFile f(u"/proc/%1/stat"_s.arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return fields.size() < 13 ? 0 : double(fields[11].toLongLong() + fields[12].toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

/// On-CPU seconds (schedstat, ns resolution) of the threads of `pid` whose name starts with `prefix`, by thread id.
std::map<QString, double> threadCpuSeconds(qint64 pid, const QByteArray& prefix)
{
    std::map<QString, double> out;
    const QString base = u"/proc/%1/task"_s.arg(pid);
    for (const QString& tid : QDir(base).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(base + u'/' + tid + u"/comm"_s);
        QFile stat(base + u'/' + tid + u"/schedstat"_s);
        if (!comm.open(QIODevice::ReadOnly) || !comm.readAll().startsWith(prefix) || !stat.open(QIODevice::ReadOnly))
            continue;
        out[tid] = double(stat.readAll().split(' ').value(0).toLongLong()) / 1e9;
    }
    return out;
}

/// What one serve run used over the window: the whole process, and its remote_write threads alone.
struct ServeCpu
{
    double process = -1;
    double remoteWrite = 0;
};

/// The CPU seconds `sightglass serve` (or, with `prometheus`, Debian's Prometheus) uses over `window` s (after a
/// warm-up of two scrape intervals) scraping the bench targets on `ports` every `interval` s, with remote_write to
/// `receiverPort` when it is not 0; for serve also the CPU of its remote_write threads (watcher, shards, metadata).
ServeCpu serveCpu(const std::vector<QByteArray>& ports, int interval, int window, int receiverPort, bool prometheus)
{
    QTemporaryDir dir;
    QFile config(dir.filePath(u"prometheus.yml"_s));
    if (!config.open(QIODevice::WriteOnly))
        return {};
    QByteArray yaml = "global:\n  scrape_interval: " + QByteArray::number(interval) + "s\nscrape_configs:\n  - job_name: bench\n"
        "    static_configs:\n      - targets: [";
    for (std::size_t i = 0; i < ports.size(); ++i)
        yaml += (i ? ", '127.0.0.1:" : "'127.0.0.1:") + ports[i] + "'";
    yaml += "]\n";
    if (receiverPort)
        yaml += "remote_write:\n  - url: http://127.0.0.1:" + QByteArray::number(receiverPort) + "/api/v1/write\n";
    config.write(yaml);
    config.close();
    QProcess serve;
    serve.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    if (prometheus)
        serve.start(u"prometheus"_s, { u"--config.file="_s + config.fileName(), u"--storage.tsdb.path="_s + dir.filePath(u"data"_s),
                                         u"--web.listen-address=127.0.0.1:0"_s, u"--log.level=error"_s });
    else
        serve.start(QCoreApplication::applicationFilePath(),
            { u"serve"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--config"_s, config.fileName(), u"--data-dir"_s,
                dir.filePath(u"data"_s), u"--no-demo"_s });
    if (!serve.waitForStarted())
        return {};
    std::this_thread::sleep_for(std::chrono::seconds(2 * interval));
    const qint64 pid = serve.processId();
    const double cpu0 = processCpuSeconds(pid);
    const auto threads0 = threadCpuSeconds(pid, "RemoteWrite");
    std::this_thread::sleep_for(std::chrono::seconds(window));
    ServeCpu out;
    out.process = processCpuSeconds(pid) - cpu0;
    for (const auto& [tid, seconds] : threadCpuSeconds(pid, "RemoteWrite")) {
        const auto before = threads0.find(tid); // a thread started within the window counts from its start
        out.remoteWrite += seconds - (before == threads0.end() ? 0.0 : before->second);
    }
    serve.terminate();
    if (!serve.waitForFinished(60'000))
        serve.kill();
    return out;
}

/// `--scrape-overhead`: what remote_write adds to `sightglass serve` (and, with `prometheus`, to Prometheus) scraping
/// `targets` × `series` every 15 s.
int scrapeOverhead(int targets, int series, int window, int runs, int receiverPort, bool prometheus)
{
    QProcess bodies;
    bodies.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    bodies.start(QCoreApplication::applicationFilePath(), { u"bench-scrape"_s, u"--serve-targets"_s, u"--targets"_s,
                                                               QString::number(targets), u"--series"_s, QString::number(series) });
    if (!bodies.waitForStarted() || !bodies.waitForReadyRead(30'000))
        return 1;
    const QByteArray line = bodies.readLine().trimmed();
    if (!line.startsWith("ports "))
        return 1;
    const auto ports = line.mid(6).split(',');
    const std::vector<QByteArray> portList(ports.begin(), ports.end());
    constexpr int Interval = 15;
    const int samples = targets * series * (window / Interval);
    auto report = [&](const char* who, bool useProm) {
        const double without = serveCpu(portList, Interval, window, 0, useProm).process;
        const ServeCpu with = serveCpu(portList, Interval, window, receiverPort, useProm);
        std::printf("scrape of %d series every %d s for %d s: %s used %.2f cpu-s without remote_write, %.2f with: "
                    "+%.1f %% (%.2f us per sample sent)",
            targets * series, Interval, window, who, without, with.process, 100.0 * (with.process - without) / without,
            1e6 * (with.process - without) / samples);
        if (!useProm) // the whole-process difference carries the noise of two runs; the threads' own CPU does not
            std::printf("; its remote_write threads used %.3f cpu-s: %.1f %% of the run without (%.2f us per sample)",
                with.remoteWrite, 100.0 * with.remoteWrite / without, 1e6 * with.remoteWrite / samples);
        std::printf("\n");
        std::fflush(stdout);
    };
    if (prometheus)
        report("prometheus", true);
    for (int run = 0; run < runs; ++run)
        report("serve", false);
    bodies.closeWriteChannel();
    bodies.waitForFinished(10'000);
    return 0;
}

/// `--compress-floor`: what encoding and snappy alone cost per sample on a Remote Write 1.0 body of 2,000 samples
/// of the `--scrape-overhead` load's kind (node_cpu_seconds_total{cpu, instance, job, mode}), compressed `runs` ×
/// 1,000 times: the part of a sender's cost that the protocol itself sets.
int compressFloor(int runs)
{
    static const char* modes[] = { "idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user" };
    constexpr int Samples = 2'000;
    std::vector<std::string> labels;
    labels.reserve(Samples);
    for (int k = 0; k < Samples; ++k)
        labels.push_back(remotewrite::encodeSeriesLabels(Labels { { "__name__", "node_cpu_seconds_total" },
            { "cpu", std::to_string(k / 8) }, { "instance", "127.0.0.1:" + std::to_string(40'100 + k % 20) },
            { "job", "bench" }, { "mode", modes[k % 8] } }));
    std::vector<remotewrite::OutSample> batch;
    const TimestampMs t = nowMs();
    for (int k = 0; k < Samples; ++k)
        batch.push_back(remotewrite::OutSample { &labels[std::size_t(k)], t + k, 1.25 * (k * 7919 % 1000003) });
    remotewrite::ByteBuffer raw;
    remotewrite::ByteBuffer body;
    for (int run = 0; run < runs; ++run) {
        constexpr int Rounds = 1'000;
        double encode = 0;
        double compress = 0;
        for (int i = 0; i < Rounds; ++i) {
            const auto t0 = std::chrono::steady_clock::now();
            remotewrite::encodeWriteRequest<remotewrite::OutSample>(batch, raw);
            const auto t1 = std::chrono::steady_clock::now();
            remotewrite::snappyCompress(raw.view(), body);
            const auto t2 = std::chrono::steady_clock::now();
            encode += std::chrono::duration<double, std::nano>(t1 - t0).count();
            compress += std::chrono::duration<double, std::nano>(t2 - t1).count();
        }
        const double perSample = double(Rounds) * Samples;
        std::printf("a body of %d samples, %.0f raw bytes a sample, %.0f compressed: protobuf encoding %.1f ns per "
                    "sample, snappy %.1f ns per sample (%.2f GB/s)\n",
            Samples, double(raw.size()) / Samples, double(body.size()) / Samples, encode / perSample,
            compress / perSample, double(raw.size()) * Rounds / compress);
    }
    return 0;
}

int usage(const QString& message)
{
    std::fprintf(stderr, "sightglass bench-remote-write: %s\nusage: sightglass bench-remote-write [--series 100000] "
                         "[--scrapes 20] [--shards 4] [--max-samples-per-send 2000]\n"
                         "       sightglass bench-remote-write --scrape-overhead [--series 100000] [--window 60] "
                         "[--runs 1] [--prometheus]\n"
                         "       sightglass bench-remote-write --compress-floor [--runs 3]\n",
        qPrintable(message));
    return 2;
}

} // namespace

int runBenchRemoteWrite(int& argc, char** argv, const QStringList& args)
{
    int series = 100'000;
    int scrapes = 20;
    std::size_t shards = 4;
    std::size_t perSend = 2'000;
    bool overhead = false;
    bool prometheus = false;
    bool floor = false;
    int window = 60;
    int runs = 1;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == u"--serve-receiver"_s)
            return serveReceiver();
        if (a == u"--compress-floor"_s) {
            floor = true;
            continue;
        }
        if (a == u"--scrape-overhead"_s || a == u"--prometheus"_s) {
            (a == u"--prometheus"_s ? prometheus : overhead) = true;
            continue;
        }
        if (i + 1 >= args.size())
            return usage(u"unknown or incomplete argument "_s + a);
        bool ok = false;
        const qlonglong v = args[++i].toLongLong(&ok);
        if (!ok || v <= 0)
            return usage(a + u" needs a positive number"_s);
        if (a == u"--series"_s)
            series = int(v);
        else if (a == u"--scrapes"_s)
            scrapes = int(v);
        else if (a == u"--shards"_s)
            shards = std::size_t(v);
        else if (a == u"--max-samples-per-send"_s)
            perSend = std::size_t(v);
        else if (a == u"--window"_s)
            window = int(v);
        else if (a == u"--runs"_s)
            runs = int(v);
        else
            return usage(u"unknown argument "_s + a);
    }
    if (floor)
        return compressFloor(runs);
    QCoreApplication app(argc, argv);

    QProcess receiver;
    receiver.start(QCoreApplication::applicationFilePath(), { u"bench-remote-write"_s, u"--serve-receiver"_s });
    if (!receiver.waitForStarted() || !receiver.waitForReadyRead(10'000))
        return usage(u"the receiver did not start"_s);
    const QByteArray first = receiver.readLine().trimmed();
    const int port = first.mid(5).toInt();
    if (overhead) {
        const int rc = scrapeOverhead(20, series / 20, window, runs, port, prometheus);
        receiver.closeWriteChannel();
        receiver.waitForFinished(10'000);
        return rc;
    }

    QTemporaryDir dir;
    const std::string walDir = dir.filePath(u"wal"_s).toStdString();
    {
        auto wal = tsdb::WalWriter::open(walDir, 128u << 20, tsdb::WalSync::Never);
        if (!wal)
            return usage(QString::fromStdString(wal.error().message));
        auto& w = **wal;
        for (int s = 0; s < series; ++s)
            w.addSeries(tsdb::SeriesRef(s),
                Labels { { "__name__", "bench_metric_" + std::to_string(s % 100) + "_total" }, { "job", "bench" },
                    { "instance", "host-" + std::to_string(s / 1000) + ":9100" }, { "series", std::to_string(s) } });
        w.commit();
        std::vector<tsdb::WalSample> batch(static_cast<std::size_t>(series));
        const TimestampMs base = nowMs() - TimestampMs(scrapes) * 15'000;
        for (int k = 0; k < scrapes; ++k) {
            for (int s = 0; s < series; ++s)
                batch[std::size_t(s)] = tsdb::WalSample { tsdb::SeriesRef(s), base + k * 15'000, double(k * (s % 7 + 1)) };
            w.addSamples(batch);
            w.commit();
        }
    }
    const auto segments = tsdb::walSegments(walDir);
    const remotewrite::WalPosition end { segments.back().first, std::filesystem::file_size(segments.back().second) };

    remotewrite::RemoteWriteConfig config;
    config.name = "bench";
    config.url = "http://127.0.0.1:" + std::to_string(port) + "/api/v1/write";
    config.queue.minShards = shards;
    config.queue.maxShards = shards;
    config.queue.maxSamplesPerSend = perSend;
    config.queue.capacity = std::max<std::size_t>(config.queue.capacity, perSend * 5);
    config.metadata.send = false;
    remotewrite::QueueDeps deps;
    deps.walDir = walDir;
    deps.progressFile = dir.filePath(u"bench.position"_s).toStdString();

    const std::uint64_t total = std::uint64_t(series) * std::uint64_t(scrapes);
    const double cpu0 = cpuSeconds(RUSAGE_SELF);
    const auto t0 = std::chrono::steady_clock::now();
    remotewrite::QueueManager queue(config, deps);
    queue.start();
    const bool done = queue.waitCommitted(end, 600'000);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = cpuSeconds(RUSAGE_SELF) - cpu0;
    const auto status = queue.status();
    queue.stop();
    receiver.closeWriteChannel();
    receiver.waitForFinished(10'000);
    const QByteArray receiverCpu = receiver.readAll().trimmed();
    if (!done || status.samplesSent != double(total)) {
        std::fprintf(stderr, "bench-remote-write: sent %.0f of %llu samples (failed %.0f): %s\n", status.samplesSent,
            static_cast<unsigned long long>(total), status.samplesFailed, status.lastError.c_str());
        return 1;
    }
    std::printf("%d series x %d scrapes, %zu shards, %zu samples per send; receiver %s s\n", series, scrapes, shards,
        perSend, receiverCpu.mid(4).constData());
    std::printf("remote_write: %llu samples in %.2f s = %.0f samples/s, %.2f cpu-seconds = %.2f cores, %.0f samples per cpu-second\n",
        static_cast<unsigned long long>(total), seconds, double(total) / seconds, cpu, cpu / seconds, double(total) / cpu);
    std::printf("of which protobuf encoding %.3f s (%.3f us per sample), snappy %.3f s (%.3f us per sample), everything "
                "else (WAL reading, queueing, HTTP) %.3f cpu-s (%.3f us per sample)\n",
        status.encodeSeconds, 1e6 * status.encodeSeconds / double(total), status.compressSeconds,
        1e6 * status.compressSeconds / double(total), cpu - status.encodeSeconds - status.compressSeconds,
        1e6 * (cpu - status.encodeSeconds - status.compressSeconds) / double(total));
    return 0;
}

} // namespace sg::app
