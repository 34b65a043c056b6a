// `sightglass bench-scrape`: ingest through the real scrape path. N loopback targets (a child process, so that
// serving does not count) expose node-exporter-like text whose counters advance on every scrape; the app's own
// ScrapeManager → TsdbService → tsdb::Store path (WAL on, fdatasync per batch, as the app runs) scrapes them;
// with --prometheus a real Prometheus then scrapes the same targets for the same time. Figure on the last line.
#include "commands.h"

#include "core/scrape/scrape_manager.h"
#include "core/services/tsdb_service.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <map>
#include <thread>

#include <sys/resource.h>
#include <unistd.h>

namespace sg::app {

using namespace Qt::StringLiterals;

namespace {

// ---- the targets (child process) ----

/// The series of one target: node-exporter-like families with fixed label sets; every render is the next scrape
/// (counters advance by a per-series step, gauges wander).
class TargetBody
{
public:
    TargetBody(int series, int target)
    {
        struct Shape
        {
            const char* name;
            const char* type;
            const char* help;
        };
        static const Shape shapes[] = {
            { "node_cpu_seconds_total", "counter", "Seconds the CPUs spent in each mode." },
            { "node_network_receive_bytes_total", "counter", "Network device statistic receive_bytes." },
            { "node_network_transmit_packets_total", "counter", "Network device statistic transmit_packets." },
            { "node_disk_read_bytes_total", "counter", "The total number of bytes read successfully." },
            { "node_interrupts_total", "counter", "Interrupt details." },
            { "node_filesystem_avail_bytes", "gauge", "Filesystem space available to non-root users in bytes." },
            { "node_memory_Active_bytes", "gauge", "Memory information field Active_bytes." },
            { "node_hwmon_temp_celsius", "gauge", "Hardware monitor for temperature (input)." },
        };
        static const char* modes[] = { "idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user" };
        const int nShapes = int(std::size(shapes));
        m_families.resize(std::size_t(nShapes));
        for (int k = 0; k < series; ++k) {
            const int f = k % nShapes;
            const int i = k / nShapes;
            Family& family = m_families[std::size_t(f)];
            if (family.header.isEmpty())
                family.header = QByteArray("# HELP ") + shapes[f].name + ' ' + shapes[f].help + "\n# TYPE "
                    + shapes[f].name + ' ' + shapes[f].type + '\n';
            family.counter = shapes[f].type[0] == 'c';
            QByteArray labels;
            switch (f) {
            case 0: labels = "cpu=\"" + QByteArray::number(i / 8) + "\",mode=\"" + modes[i % 8] + '"'; break;
            case 1: case 2: labels = "device=\"veth" + QByteArray::number(i) + '"'; break;
            case 3: labels = "device=\"nvme" + QByteArray::number(i / 8) + "n" + QByteArray::number(i % 8) + '"'; break;
            case 4: labels = "cpu=\"" + QByteArray::number(i % 64) + "\",devices=\"dev" + QByteArray::number(i / 64)
                    + "\",type=\"" + QByteArray::number(i) + '"';
                break;
            case 5: labels = "device=\"/dev/sd" + QByteArray::number(i) + "\",fstype=\"ext4\",mountpoint=\"/srv/vol"
                    + QByteArray::number(i) + '"';
                break;
            default: labels = "chip=\"platform_coretemp_" + QByteArray::number(i / 16) + "\",sensor=\"temp"
                    + QByteArray::number(i % 16) + '"';
            }
            family.prefixes.push_back(QByteArray(shapes[f].name) + '{' + labels + "} ");
            family.base.push_back(double((k * 7919 + target * 104729) % 1000003) * 1.25);
            family.step.push_back(double(1 + (k * 31 + target) % 997) / 100.0);
        }
    }

    QByteArray render()
    {
        ++m_scrape;
        QByteArray out;
        out.reserve(m_lastSize + 4096);
        char number[32];
        for (const Family& f : m_families) {
            out += f.header;
            for (std::size_t j = 0; j < f.prefixes.size(); ++j) {
                const double v = f.counter ? f.base[j] + f.step[j] * double(m_scrape)
                                           : f.base[j] + f.step[j] * double((m_scrape * 13 + j) % 17);
                const auto r = std::to_chars(number, number + sizeof number, v);
                out += f.prefixes[j];
                out.append(number, r.ptr - number);
                out += '\n';
            }
        }
        m_lastSize = out.size();
        return out;
    }

private:
    struct Family
    {
        QByteArray header;
        bool counter = true;
        std::vector<QByteArray> prefixes;
        std::vector<double> base, step;
    };
    std::vector<Family> m_families;
    qint64 m_scrape = 0;
    qsizetype m_lastSize = 0;
};

/// One target: HTTP/1.1 with keep-alive, each GET answered with the next scrape of its body.
class TargetServer : public QObject
{
public:
    TargetServer(int series, int index)
        : m_body(series, index)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = m_server.nextPendingConnection()) {
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
                connect(s, &QTcpSocket::readyRead, this, [this, s] { onRead(s); });
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    quint16 port() const { return m_server.serverPort(); }

private:
    void onRead(QTcpSocket* s)
    {
        QByteArray& buffer = m_pending[s];
        buffer += s->readAll();
        qsizetype end;
        while ((end = buffer.indexOf("\r\n\r\n")) >= 0) {
            buffer.remove(0, end + 4);
            const QByteArray body = m_body.render();
            s->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n");
            s->write(body);
        }
    }
    QTcpServer m_server;
    TargetBody m_body;
    QHash<QTcpSocket*, QByteArray> m_pending;
};

/// The child: serves the targets until its standard input closes; prints "ports P1,P2,..." first.
int serveTargets(int& argc, char** argv, int targets, int series)
{
    QCoreApplication app(argc, argv);
    std::vector<std::unique_ptr<TargetServer>> servers;
    QStringList ports;
    for (int i = 0; i < targets; ++i) {
        servers.push_back(std::make_unique<TargetServer>(series, i));
        if (!servers.back()->listen())
            return 1;
        ports << QString::number(servers.back()->port());
    }
    std::printf("ports %s\n", qPrintable(ports.join(u',')));
    std::fflush(stdout);
    std::thread([] {
        char c;
        while (::read(0, &c, 1) > 0) {
        }
        QMetaObject::invokeMethod(QCoreApplication::instance(), &QCoreApplication::quit, Qt::QueuedConnection);
    }).detach();
    return app.exec();
}

// ---- measuring ----

double processCpuSeconds()
{
    rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/// utime + stime of a /proc/<pid>[/task/<tid>]/stat file, in seconds.
double statCpuSeconds(const QString& statPath)
{
    QFile f(statPath);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    return double(fields[11].toLongLong() + fields[12].toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

/// CPU seconds of this process' threads, summed by thread name.
std::map<QString, double> threadCpuSeconds()
{
    std::map<QString, double> byName;
    for (const QString& tid : QDir(u"/proc/self/task"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(u"/proc/self/task/%1/comm"_s.arg(tid));
        if (!comm.open(QIODevice::ReadOnly))
            continue;
        byName[QString::fromUtf8(comm.readAll().trimmed())] += statCpuSeconds(u"/proc/self/task/%1/stat"_s.arg(tid));
    }
    return byName;
}

void waitFor(double seconds)
{
    QEventLoop loop;
    QTimer::singleShot(int(seconds * 1000), &loop, &QEventLoop::quit);
    loop.exec();
}

QByteArray httpGet(QNetworkAccessManager& nam, const QUrl& url, int timeoutMs, int* status = nullptr)
{
    QNetworkReply* reply = nam.get(QNetworkRequest(url));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->abort();
    reply->deleteLater();
    return body;
}

struct Options
{
    int targets = 20;
    int series = 5000;
    double interval = 1;
    double duration = 30;
    QString dataDir;
    bool prometheus = false;
};

struct Figures
{
    double wall = 0;
    double cpu = 0;
    double samples = 0;
    std::map<QString, double> threads; ///< Sightglass only
    std::uint64_t failedScrapes = 0;
};

void printFigures(const char* who, const Figures& f, const Options& o)
{
    std::printf("%s: %.0f samples appended in %.1f s: %.0f samples/s (expected %.0f/s), %.2f cpu-s, %.0f samples/cpu-s\n",
        who, f.samples, f.wall, f.samples / f.wall, double(o.targets) * (o.series + 5) / o.interval, f.cpu,
        f.samples / f.cpu);
}

/// Sightglass' own path: ScrapeManager and TsdbService on their threads, connected as the workbench connects them.
Figures runSightglass(const Options& o, const std::vector<quint16>& ports, const QString& dataDir)
{
    scrape::ScrapeManager::registerMetaTypes();
    qRegisterMetaType<sg::tsdb::AppendBatch>();
    QThread tsdbThread;
    tsdbThread.setObjectName(u"TsdbService"_s);
    auto* tsdb = new services::TsdbService(dataDir); // a real data dir: WAL on, fdatasync per batch, as in the app
    tsdb->moveToThread(&tsdbThread);
    QThread scrapeThread;
    scrapeThread.setObjectName(u"ScrapeManager"_s);
    auto* manager = new scrape::ScrapeManager;
    manager->moveToThread(&scrapeThread);
    QObject::connect(&scrapeThread, &QThread::finished, manager, &QObject::deleteLater);
    std::atomic<std::uint64_t> appended { 0 };
    std::atomic<std::uint64_t> failed { 0 };
    QObject::connect(tsdb, &services::TsdbService::appended, tsdb, [&](qsizetype n) { appended += std::uint64_t(n); },
        Qt::DirectConnection);
    QObject::connect(manager, &scrape::ScrapeManager::targetScraped, manager,
        [&](const scrape::TargetStatus& s) { failed += s.up ? 0 : 1; }, Qt::DirectConnection);
    QObject::connect(manager, &scrape::ScrapeManager::samplesScraped, tsdb, &services::TsdbService::append);
    tsdbThread.start();
    scrapeThread.start();

    std::vector<scrape::TargetConfig> targets;
    for (quint16 port : ports) {
        scrape::TargetConfig t;
        t.job = u"node"_s;
        t.url = QUrl(u"http://127.0.0.1:%1/metrics"_s.arg(port));
        t.interval = DurationMs(o.interval * 1000);
        t.timeout = t.interval;
        targets.push_back(t);
    }
    QMetaObject::invokeMethod(manager, [manager, targets] { manager->setTargets(targets); }, Qt::QueuedConnection);
    waitFor(o.interval + 2); // every target has been scraped once: its series exist

    Figures f;
    const auto t0 = std::chrono::steady_clock::now();
    const double cpu0 = processCpuSeconds();
    const auto threads0 = threadCpuSeconds();
    const std::uint64_t samples0 = appended;
    const std::uint64_t failed0 = failed;
    waitFor(o.duration);
    f.samples = double(appended - samples0);
    f.cpu = processCpuSeconds() - cpu0;
    f.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    f.failedScrapes = failed - failed0;
    for (const auto& [name, seconds] : threadCpuSeconds()) {
        const auto it = threads0.find(name);
        f.threads[name] = seconds - (it == threads0.end() ? 0 : it->second);
    }

    QMetaObject::invokeMethod(manager, &scrape::ScrapeManager::stop, Qt::BlockingQueuedConnection);
    scrapeThread.quit();
    scrapeThread.wait();
    QMetaObject::invokeMethod(tsdb, [tsdb] { delete tsdb; }, Qt::BlockingQueuedConnection);
    tsdbThread.quit();
    tsdbThread.wait();
    return f;
}

/// A counter's value in a Prometheus /metrics text (summed over its series).
double metricValue(const QByteArray& text, const QByteArray& name)
{
    double sum = 0;
    for (const QByteArray& line : text.split('\n'))
        if (line.startsWith(name) && (line.size() > name.size() && (line[name.size()] == ' ' || line[name.size()] == '{')))
            sum += line.mid(line.lastIndexOf(' ') + 1).toDouble();
    return sum;
}

std::optional<Figures> runPrometheus(const Options& o, const std::vector<quint16>& ports, const QString& dir)
{
    const QString prometheus = QStandardPaths::findExecutable(u"prometheus"_s);
    if (prometheus.isEmpty()) {
        std::fprintf(stderr, "bench-scrape: --prometheus needs prometheus on PATH (Debian: prometheus)\n");
        return std::nullopt;
    }
    QByteArray yaml = "global:\n  scrape_interval: " + QByteArray::number(qint64(o.interval * 1000))
        + "ms\n  scrape_timeout: " + QByteArray::number(qint64(o.interval * 1000))
        + "ms\nscrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: [";
    for (std::size_t i = 0; i < ports.size(); ++i)
        yaml += (i ? "," : "") + QByteArray("'127.0.0.1:") + QByteArray::number(ports[i]) + "'";
    yaml += "]\n";
    QDir().mkpath(dir);
    QFile config(dir + u"/prometheus.yml"_s);
    if (!config.open(QIODevice::WriteOnly) || config.write(yaml) != yaml.size())
        return std::nullopt;
    config.close();
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setStandardOutputFile(dir + u"/prometheus.log"_s);
    p.start(prometheus, { u"--config.file="_s + config.fileName(), u"--storage.tsdb.path="_s + dir + u"/data"_s,
                            u"--web.listen-address=127.0.0.1:%1"_s.arg(port) });
    QNetworkAccessManager nam;
    nam.setProxy(QNetworkProxy::NoProxy);
    const QUrl base(u"http://127.0.0.1:%1"_s.arg(port));
    int status = 0;
    for (int i = 0; i < 600 && status != 200; ++i) {
        httpGet(nam, base.resolved(QUrl(u"/-/ready"_s)), 1000, &status);
        if (status != 200)
            waitFor(0.1);
    }
    if (status != 200) {
        std::fprintf(stderr, "bench-scrape: prometheus did not become ready (log: %s/prometheus.log)\n", qPrintable(dir));
        return std::nullopt;
    }
    const QString stat = u"/proc/%1/stat"_s.arg(p.processId());
    const QUrl metrics = base.resolved(QUrl(u"/metrics"_s));
    // Prometheus hands new targets to its scrape loops up to 5 s after start: wait until every one is up.
    int up = 0;
    for (int i = 0; i < 600 && up < o.targets; ++i) {
        waitFor(0.1);
        up = int(httpGet(nam, base.resolved(QUrl(u"/api/v1/targets?state=active"_s)), 5000).count("\"health\":\"up\""));
    }
    if (up < o.targets) {
        std::fprintf(stderr, "bench-scrape: only %d of %d targets up in prometheus\n", up, o.targets);
        return std::nullopt;
    }
    waitFor(o.interval + 1);
    Figures f;
    const auto t0 = std::chrono::steady_clock::now();
    const double cpu0 = statCpuSeconds(stat);
    const double samples0 = metricValue(httpGet(nam, metrics, 5000), "prometheus_tsdb_head_samples_appended_total");
    waitFor(o.duration);
    f.samples = metricValue(httpGet(nam, metrics, 5000), "prometheus_tsdb_head_samples_appended_total") - samples0;
    f.cpu = statCpuSeconds(stat) - cpu0;
    f.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    p.terminate();
    if (!p.waitForFinished(30000))
        p.kill();
    return f;
}

double seconds(const QString& text)
{
    static const QRegularExpression re(u"^([0-9.]+)(ms|s|m)?$"_s);
    const auto m = re.match(text);
    if (!m.hasMatch())
        return -1;
    const double v = m.captured(1).toDouble();
    return m.captured(2) == u"ms"_s ? v / 1000 : m.captured(2) == u"m"_s ? v * 60 : v;
}

int usage()
{
    std::fprintf(stderr, "usage: sightglass bench-scrape [--targets 20] [--series 5000] [--interval 1s] "
                         "[--duration 30s] [--data-dir DIR] [--prometheus]\n");
    return 2;
}

} // namespace

int runBenchScrape(int& argc, char** argv, const QStringList& args)
{
    Options o;
    bool serve = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        const QString v = i + 1 < args.size() ? args[i + 1] : QString();
        if (a == u"--targets"_s && !v.isEmpty())
            o.targets = args[++i].toInt();
        else if (a == u"--series"_s && !v.isEmpty())
            o.series = args[++i].toInt();
        else if (a == u"--interval"_s && !v.isEmpty())
            o.interval = seconds(args[++i]);
        else if (a == u"--duration"_s && !v.isEmpty())
            o.duration = seconds(args[++i]);
        else if (a == u"--data-dir"_s && !v.isEmpty())
            o.dataDir = args[++i];
        else if (a == u"--prometheus"_s)
            o.prometheus = true;
        else if (a == u"--serve-targets"_s)
            serve = true;
        else
            return usage();
    }
    if (o.targets < 1 || o.series < 1 || o.interval <= 0 || o.duration <= 0)
        return usage();
    if (serve)
        return serveTargets(argc, argv, o.targets, o.series);

    QCoreApplication app(argc, argv);
    QProcess targets;
    targets.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    targets.start(QCoreApplication::applicationFilePath(),
        { u"bench-scrape"_s, u"--serve-targets"_s, u"--targets"_s, QString::number(o.targets), u"--series"_s,
            QString::number(o.series) });
    if (!targets.waitForStarted() || !targets.waitForReadyRead(30000)) {
        std::fprintf(stderr, "bench-scrape: the target process did not start\n");
        return 1;
    }
    std::vector<quint16> ports;
    const QByteArray line = targets.readLine().trimmed();
    for (const QByteArray& p : line.mid(6).split(','))
        ports.push_back(quint16(p.toUInt()));
    if (!line.startsWith("ports ") || int(ports.size()) != o.targets) {
        std::fprintf(stderr, "bench-scrape: unexpected target process output: %s\n", line.constData());
        return 1;
    }

    QTemporaryDir temp;
    const QString dir = o.dataDir.isEmpty() ? temp.path() : o.dataDir;
    QDir().mkpath(dir);
    std::printf("targets %d x %d series (node-exporter-like text, counters advance per scrape), interval %.3g s, "
                "window %.3g s after a warm-up, data dir %s\n",
        o.targets, o.series, o.interval, o.duration, qPrintable(dir));
    std::fflush(stdout);
    const Figures sg = runSightglass(o, ports, dir + u"/sightglass"_s);
    printFigures("sightglass", sg, o);
    std::printf("  failed scrapes in the window: %llu\n", static_cast<unsigned long long>(sg.failedScrapes));
    for (const auto& [name, cpu] : sg.threads) {
        if (cpu < 0.005)
            continue;
        std::printf("  thread %-28s %6.2f cpu-s (%4.1f %%)\n", qPrintable(name), cpu, 100 * cpu / sg.cpu);
    }
    std::fflush(stdout);

    std::optional<Figures> prom;
    if (o.prometheus) {
        prom = runPrometheus(o, ports, dir + u"/prometheus"_s);
        if (!prom)
            return 1;
        printFigures("prometheus", *prom, o);
    }
    targets.closeWriteChannel();
    if (!targets.waitForFinished(10000))
        targets.kill();

    if (prom)
        std::printf("bench-scrape: sightglass %.0f samples/cpu-s, prometheus %.0f samples/cpu-s (%.2fx)\n",
            sg.samples / sg.cpu, prom->samples / prom->cpu, (sg.samples / sg.cpu) / (prom->samples / prom->cpu));
    else
        std::printf("bench-scrape: sightglass %.0f samples/cpu-s, %.0f samples/s\n", sg.samples / sg.cpu, sg.samples / sg.wall);
    return 0;
}

} // namespace sg::app
