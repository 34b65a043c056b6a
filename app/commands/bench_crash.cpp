// `sightglass bench crash-trials`: runs `serve` under load — scraping loopback targets every second, Loki pushes
// four at a time, PromQL and LogQL queries — SIGKILLs it at a random moment, restarts it on the same data dir and
// checks that the store opens and that everything acknowledged before the kill is there:
//   - a log line is acknowledged when its push was answered 204;
//   - a scraped sample is acknowledged when a query answered it at least `--settle` (1 s) before the kill: the WAL
//     is synced for every scrape's batch within milliseconds of it becoming visible.
// Its last line is `N trials, M acknowledged lost`; the exit code is 0 only when nothing was lost and every
// restart opened.
#include "bench_data.h"
#include "bench_logs.h"
#include "commands.h"

#include "core/common/time.h"
#include "core/datadir/layout.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrlQuery>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>

namespace sg::app {

using namespace Qt::StringLiterals;
using benchlogs::option;

namespace {

constexpr int LinesPerPush = 100;
constexpr int PushesInFlight = 4;

struct Options
{
    int trials = 100;
    double maxLoadSeconds = 4.0;
    qint64 settleMs = 1000;
    QString dataDir;
    bool force = false;
    quint32 seed = 0;
};

/// One answer of the HTTP API, waited for in a local event loop.
struct Answer
{
    int status = 0;
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

class Harness
{
public:
    explicit Harness(Options options)
        : m_options(std::move(options))
        , m_random(m_options.seed ? m_options.seed : quint32(QRandomGenerator::global()->generate()))
    {
    }

    int run();

private:
    bool startTargets();
    bool writeConfig();
    /// Starts `serve`; true once /-/ready answers (the store opened). `seconds` gets the time that took.
    bool startServer(double* seconds);
    /// Load until the kill: pushes, queries; SIGKILL after `loadSeconds`.
    void loadAndKill(double loadSeconds);
    void push();
    void queryMetrics();
    void queryLogs();
    /// GETs `path` with `makeQuery()` until the kill, `againMs` after each answer; 200 answers go to `onAnswer`.
    void repeatQuery(const QString& path, const std::function<QUrlQuery()>& makeQuery, int againMs,
        const std::function<void(const QByteArray&)>& onAnswer);
    /// "name@ms" of every sample in a Prometheus query answer.
    static QStringList sampleKeys(const QByteArray& answer);
    /// Acknowledged lines and samples of the last trial that the restarted server does not have.
    qsizetype lostLines();
    qsizetype lostSamples();
    /// GETs `path`; a request not answered in `timeoutMs` is aborted and answers status 0.
    Answer get(const QString& path, const QUrlQuery& query, int timeoutMs = 60'000);
    QByteArray serveLogTail() const
    {
        QFile f(m_scratch.filePath(u"serve.log"_s));
        return f.open(QIODevice::ReadOnly) ? f.readAll().right(4000) : QByteArray();
    }

    Options m_options;
    QRandomGenerator m_random;
    QNetworkAccessManager m_nam;
    QProcess m_targets;
    QProcess m_server;
    QTemporaryDir m_scratch;
    QString m_dataDir;
    QString m_config;
    quint16 m_targetPort = 0;
    QUrl m_base;
    QByteArray m_notReady; ///< the last /-/ready answer that was not 200
    QByteArray m_stuck;    ///< the threads of a server that never became ready (gdb), when gdb is there
    bool m_killed = false;
    int m_inFlight = 0;
    // lines: unique text per line, timestamps in order across the whole run
    const qint64 m_baseNs = (nowMs() - 60'000) * 1'000'000;
    qint64 m_seq = 0;
    qint64 m_trialFirstSeq = 0;
    QSet<QString> m_ackedLines;
    // samples: "series@t" seen by a query, with when it was answered
    QHash<QString, qint64> m_seenSamples;
    qint64 m_killAtMs = 0;
    std::uint64_t m_pushes = 0, m_queries = 0;
};

Answer Harness::get(const QString& path, const QUrlQuery& query, int timeoutMs)
{
    QUrl url = m_base;
    url.setPath(path);
    url.setQuery(query);
    QNetworkReply* reply = m_nam.get(QNetworkRequest(url));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    if (!reply->isFinished())
        reply->abort();
    Answer a { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll() };
    reply->deleteLater();
    return a;
}

bool Harness::startTargets()
{
    m_targets.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_targets.start(QCoreApplication::applicationFilePath(),
        { u"bench-scrape"_s, u"--serve-targets"_s, u"--targets"_s, u"1"_s, u"--series"_s, u"200"_s });
    if (!m_targets.waitForStarted() || !m_targets.waitForReadyRead(30'000))
        return false;
    const QByteArray line = m_targets.readLine().trimmed();
    if (!line.startsWith("ports "))
        return false;
    m_targetPort = quint16(line.mid(6).toUInt());
    return m_targetPort != 0;
}

bool Harness::writeConfig()
{
    m_config = m_scratch.filePath(u"prometheus.yml"_s);
    QFile f(m_config);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: crash\n"
            "    static_configs:\n      - targets: ['127.0.0.1:"
        + QByteArray::number(m_targetPort) + "']\n");
    return true;
}

bool Harness::startServer(double* seconds)
{
    QElapsedTimer timer;
    timer.start();
    const quint16 port = freePort();
    m_base = QUrl(u"http://127.0.0.1:"_s + QString::number(port));
    // The server's log (a lock taken over at every restart, ...) goes to a file; printed when a start fails.
    m_server.setStandardOutputFile(QProcess::nullDevice());
    m_server.setStandardErrorFile(m_scratch.filePath(u"serve.log"_s)); // this start's log only
    m_server.start(QCoreApplication::applicationFilePath(),
        { u"serve"_s, u"--listen"_s, u"127.0.0.1:"_s + QString::number(port), u"--data-dir"_s, m_dataDir, u"--config"_s,
            m_config, u"--no-demo"_s });
    if (!m_server.waitForStarted(10'000))
        return false;
    bool saidSlow = false;
    while (timer.elapsed() < 60'000 && m_server.state() == QProcess::Running) {
        const Answer ready = get(u"/-/ready"_s, {}, 5'000);
        if (ready.status == 200) {
            *seconds = double(timer.nsecsElapsed()) / 1e9;
            return true;
        }
        m_notReady = "HTTP " + QByteArray::number(ready.status) + " " + ready.body;
        if (!saidSlow && timer.elapsed() > 20'000) {
            saidSlow = true;
            std::printf("  serve not ready 20 s after its start: %s\n", m_notReady.constData());
            std::fflush(stdout);
        }
        QEventLoop wait;
        QTimer::singleShot(20, &wait, &QEventLoop::quit);
        wait.exec();
    }
    // not ready in time: say where it is stuck, then stop it, so the next start is not refused by its lock
    if (m_server.state() == QProcess::Running) {
        QProcess gdb;
        gdb.start(u"gdb"_s, { u"-p"_s, QString::number(m_server.processId()), u"-batch"_s, u"-ex"_s, u"thread apply all bt 12"_s });
        if (gdb.waitForFinished(60'000))
            m_stuck = gdb.readAllStandardOutput().right(6000);
        ::kill(pid_t(m_server.processId()), SIGKILL);
        m_server.waitForFinished(10'000);
    }
    return false;
}

void Harness::push()
{
    if (m_killed)
        return;
    QByteArray body = R"({"streams":[)";
    QStringList lines;
    for (int s = 0; s < 4; ++s) {
        body += QByteArray(s ? "," : "") + R"({"stream":{"job":"crash","shard":")" + QByteArray::number(s) + R"("},"values":[)";
        for (int i = 0; i < LinesPerPush / 4; ++i, ++m_seq) {
            const QByteArray text = "crash line " + QByteArray::number(m_seq) + " level=info msg=\"trial load\"";
            body += QByteArray(i ? "," : "") + "[\"" + QByteArray::number(m_baseNs + m_seq * 1000) + "\",\""
                + QByteArray(text).replace('"', "\\\"") + "\"]";
            lines << QString::fromLatin1(text);
        }
        body += "]}";
    }
    body += "]}";
    QUrl url = m_base;
    url.setPath(u"/loki/api/v1/push"_s);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply* reply = m_nam.post(request, body);
    ++m_inFlight;
    ++m_pushes;
    QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply, lines] {
        --m_inFlight;
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 204)
            for (const auto& l : lines)
                m_ackedLines.insert(l);
        reply->deleteLater();
        push();
    });
}

void Harness::repeatQuery(const QString& path, const std::function<QUrlQuery()>& makeQuery, int againMs,
    const std::function<void(const QByteArray&)>& onAnswer)
{
    if (m_killed)
        return;
    QUrl url = m_base;
    url.setPath(path);
    url.setQuery(makeQuery());
    QNetworkReply* reply = m_nam.get(QNetworkRequest(url));
    ++m_inFlight;
    ++m_queries;
    QObject::connect(reply, &QNetworkReply::finished, reply, [=, this] {
        --m_inFlight;
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
            onAnswer(reply->readAll());
        reply->deleteLater();
        QTimer::singleShot(againMs, [=, this] { repeatQuery(path, makeQuery, againMs, onAnswer); });
    });
}

QStringList Harness::sampleKeys(const QByteArray& answer)
{
    QStringList keys;
    const auto result = QJsonDocument::fromJson(answer).object().value(u"data"_s).toObject().value(u"result"_s).toArray();
    for (const auto& s : result) {
        const QString name = s.toObject().value(u"metric"_s).toObject().value(u"__name__"_s).toString();
        for (const auto& v : s.toObject().value(u"values"_s).toArray())
            keys << name + u'@' + QString::number(qint64(std::llround(v.toArray().at(0).toDouble() * 1000)));
    }
    return keys;
}

void Harness::queryMetrics()
{
    repeatQuery(
        u"/api/v1/query"_s,
        [] {
            QUrlQuery q;
            q.addQueryItem(u"query"_s, uR"({__name__=~"up|scrape_samples_scraped",job="crash"}[10m])"_s);
            return q;
        },
        200,
        [this](const QByteArray& answer) {
            const qint64 answeredAt = nowMs();
            for (const QString& key : sampleKeys(answer))
                if (!m_seenSamples.contains(key))
                    m_seenSamples.insert(key, answeredAt);
        });
}

void Harness::queryLogs()
{
    repeatQuery(
        u"/loki/api/v1/query_range"_s,
        [this] {
            QUrlQuery q;
            q.addQueryItem(u"query"_s, uR"(sum by (shard) (count_over_time({job="crash"} |= "line" [1m])))"_s);
            q.addQueryItem(u"start"_s, QString::number(m_baseNs));
            q.addQueryItem(u"end"_s, QString::number(nowMs() * 1'000'000));
            q.addQueryItem(u"step"_s, u"15"_s);
            return q;
        },
        300, [](const QByteArray&) { });
}

void Harness::loadAndKill(double loadSeconds)
{
    m_killed = false;
    m_trialFirstSeq = m_seq;
    for (int i = 0; i < PushesInFlight; ++i)
        push();
    queryMetrics();
    queryLogs();
    QEventLoop loop;
    QTimer::singleShot(int(loadSeconds * 1000), &loop, [this] {
        m_killAtMs = nowMs();
        ::kill(pid_t(m_server.processId()), SIGKILL);
        m_killed = true;
    });
    // Requests of a killed server fail at once; one still open 10 s after the kill is said and not waited for.
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (m_killed && m_inFlight == 0)
            loop.quit();
        if (m_killed && nowMs() - m_killAtMs > 10'000) {
            std::printf("  %d requests still open 10 s after the kill\n", m_inFlight);
            std::fflush(stdout);
            loop.quit();
        }
    });
    poll.start(10);
    loop.exec();
    m_server.waitForFinished(10'000);
}

qsizetype Harness::lostLines()
{
    QUrlQuery q;
    q.addQueryItem(u"query"_s, uR"({job="crash"})"_s);
    q.addQueryItem(u"start"_s, QString::number(m_baseNs + m_trialFirstSeq * 1000));
    q.addQueryItem(u"end"_s, QString::number(m_baseNs + m_seq * 1000 + 1));
    q.addQueryItem(u"limit"_s, QString::number(m_seq - m_trialFirstSeq + 10));
    q.addQueryItem(u"direction"_s, u"forward"_s);
    const Answer a = get(u"/loki/api/v1/query_range"_s, q);
    if (a.status != 200)
        return m_ackedLines.size();
    QSet<QString> stored;
    for (const auto& s : a.json().value(u"data"_s).toObject().value(u"result"_s).toArray())
        for (const auto& v : s.toObject().value(u"values"_s).toArray())
            stored.insert(v.toArray().at(1).toString());
    qsizetype lost = 0;
    for (const auto& line : std::as_const(m_ackedLines))
        if (!stored.contains(line))
            ++lost;
    return lost;
}

qsizetype Harness::lostSamples()
{
    QUrlQuery q;
    q.addQueryItem(u"query"_s, uR"({__name__=~"up|scrape_samples_scraped",job="crash"}[1h])"_s);
    const Answer a = get(u"/api/v1/query"_s, q);
    const QStringList keys = sampleKeys(a.body);
    const QSet<QString> stored(keys.begin(), keys.end());
    qsizetype lost = 0;
    for (auto it = m_seenSamples.cbegin(); it != m_seenSamples.cend(); ++it)
        if (it.value() <= m_killAtMs - m_options.settleMs && !stored.contains(it.key()))
            ++lost;
    return lost;
}

int Harness::run()
{
    m_dataDir = m_options.dataDir.isEmpty() ? m_scratch.filePath(u"data"_s) : m_options.dataDir;
    if (auto error = datadir::prepareScratchDir(m_dataDir, m_options.force)) {
        std::fprintf(stderr, "crash-trials: %s\n", error->message.c_str());
        return 1;
    }
    if (!startTargets() || !writeConfig()) {
        std::fprintf(stderr, "crash-trials: the scrape target did not start\n");
        return 1;
    }
    double openSeconds = 0;
    if (!startServer(&openSeconds)) {
        std::fprintf(stderr, "crash-trials: serve did not start on %s\n%s", qPrintable(m_dataDir), serveLogTail().constData());
        return 1;
    }
    qsizetype totalLost = 0;
    int failedOpens = 0;
    int trials = 0;
    std::uint64_t totalLines = 0, totalSamples = 0;
    for (int trial = 1; trial <= m_options.trials; ++trial) {
        trials = trial;
        const double load = 0.3 + (m_options.maxLoadSeconds - 0.3) * m_random.generateDouble();
        m_ackedLines.clear();
        m_seenSamples.clear();
        loadAndKill(load);
        const bool opened = startServer(&openSeconds);
        const qsizetype lines = m_ackedLines.size();
        qsizetype samples = 0;
        for (auto it = m_seenSamples.cbegin(); it != m_seenSamples.cend(); ++it)
            samples += it.value() <= m_killAtMs - m_options.settleMs ? 1 : 0;
        if (!opened) {
            ++failedOpens;
            std::printf("trial %d: killed after %.2f s; the restart did NOT become ready\n  /-/ready: %s\n"
                        "  serve's log:\n%s\n  its threads:\n%s\n",
                trial, load, m_notReady.constData(), serveLogTail().constData(), m_stuck.constData());
        }
        // A start that did not become ready is followed by one more; what was acknowledged is checked on that.
        const bool checked = opened || startServer(&openSeconds);
        const qsizetype lost = checked ? lostLines() + lostSamples() : lines + samples;
        totalLost += lost;
        totalLines += std::uint64_t(lines);
        totalSamples += std::uint64_t(samples);
        std::printf("trial %d: killed after %.2f s; %lld lines and %lld samples acknowledged; %s; %lld lost%s\n", trial,
            load, static_cast<long long>(lines), static_cast<long long>(samples),
            checked ? qPrintable(u"reopened in %1 s"_s.arg(openSeconds, 0, 'f', 2)) : "the store did NOT open",
            static_cast<long long>(lost), checked ? "" : " (not checked: counted as lost)");
        std::fflush(stdout);
        if (!checked)
            break;
    }
    m_server.terminate();
    m_server.waitForFinished(30'000);
    m_targets.closeWriteChannel();
    m_targets.waitForFinished(5'000);
    std::printf("%llu pushes and %llu queries; %llu lines and %llu samples checked; %d restarts failed to open\n",
        static_cast<unsigned long long>(m_pushes), static_cast<unsigned long long>(m_queries),
        static_cast<unsigned long long>(totalLines), static_cast<unsigned long long>(totalSamples), failedOpens);
    std::printf("%d trials, %lld acknowledged lost\n", trials, static_cast<long long>(totalLost));
    return totalLost == 0 && failedOpens == 0 ? 0 : 1;
}

} // namespace

int runCrashTrials(int& argc, char** argv, const QStringList& args)
{
    Options o;
    o.trials = option(args, u"--trials"_s, u"100"_s).toInt();
    o.maxLoadSeconds = option(args, u"--max-load"_s, u"4"_s).toDouble();
    o.settleMs = qint64(option(args, u"--settle"_s, u"1"_s).toDouble() * 1000);
    o.dataDir = option(args, u"--data-dir"_s);
    o.force = args.contains(u"--force"_s);
    o.seed = option(args, u"--seed"_s, u"0"_s).toUInt();
    if (o.trials < 1 || o.maxLoadSeconds < 0.3) {
        std::fprintf(stderr, "usage: sightglass bench crash-trials [--trials 100] [--max-load 4] [--settle 1] [--seed N] "
                             "[--data-dir DIR [--force]]\n");
        return 2;
    }
    QCoreApplication app(argc, argv);
    Harness harness(o);
    return harness.run();
}

} // namespace sg::app
