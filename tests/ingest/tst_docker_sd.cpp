#include "core/ingest/docker_api.h"
#include "core/ingest/docker_discovery.h"
#include "core/ingest/docker_source.h"
#include "core/ingest/docker_target.h"
#include "core/ingest/log_collector.h"
#include "core/logql/engine.h"
#include "core/services/workbench.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace sg;
using namespace sg::ingest;

namespace {

/// A Docker Engine API on a unix socket (or loopback TCP) speaking real HTTP/1.1: `GET /containers/json` with
/// `filters`, `GET /containers/{id}/json` and a chunked, multiplexed (or raw for TTY containers), following
/// `GET /containers/{id}/logs` that the test appends lines to.
class FakeDockerEngine : public QObject
{
public:
    struct Line
    {
        int stream = 1;
        TimestampNs ts = 0;
        QByteArray text;
    };
    struct Container
    {
        QString id, name;
        QJsonObject labels;
        bool tty = false;
        bool running = true;
        std::vector<Line> log;
    };

    bool listenUnix(const QString& path)
    {
        m_local = new QLocalServer(this);
        connect(m_local, &QLocalServer::newConnection, this, [this] {
            while (QLocalSocket* s = m_local->nextPendingConnection())
                accept(s);
        });
        return m_local->listen(path);
    }
    quint16 listenTcp()
    {
        m_tcp = new QTcpServer(this);
        connect(m_tcp, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = m_tcp->nextPendingConnection())
                accept(s);
        });
        return m_tcp->listen(QHostAddress::LocalHost, 0) ? m_tcp->serverPort() : 0;
    }

    void add(const QString& id, const QString& name, QJsonObject labels, bool tty = false)
    {
        m_containers[id] = Container { id, name, std::move(labels), tty, true, {} };
    }
    /// Appends a line to the container's log and sends it to the open log streams.
    void append(const QString& id, int stream, TimestampNs ts, const QByteArray& text)
    {
        Container& c = m_containers[id];
        c.log.push_back(Line { stream, ts, text });
        for (auto& f : m_followers)
            if (f.id == id)
                writeLine(f.socket, c, c.log.back(), int(c.log.size()));
    }
    /// The container stops: it leaves the list and its log streams end.
    void stop(const QString& id)
    {
        m_containers[id].running = false;
        endStreams(id);
    }
    /// Ends the log streams of a running container (as an engine restart would).
    void endStreams(const QString& id)
    {
        for (auto it = m_followers.begin(); it != m_followers.end();) {
            if (it->id != id) {
                ++it;
                continue;
            }
            it->socket->write("0\r\n\r\n");
            close(it->socket);
            it = m_followers.erase(it);
        }
    }
    int logRequests(const QString& id) const { return m_logRequests.value(id); }
    QStringList requests;
    int failListWith = 0; ///< an HTTP status for /containers/json, 0: answer

private:
    struct Follower
    {
        QIODevice* socket;
        QString id;
    };

    static TimestampNs since(const QUrlQuery& q) { return q.queryItemValue(u"since"_s).toLongLong() * 1'000'000'000; }

    static QByteArray rfc3339Nano(TimestampNs ts)
    {
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(ts / 1'000'000, Qt::UTC);
        return t.toString(u"yyyy-MM-ddTHH:mm:ss"_s).toLatin1() + "." + QByteArray::number(ts % 1'000'000'000).rightJustified(9, '0') + "Z";
    }

    static void close(QIODevice* socket)
    {
        if (auto* local = qobject_cast<QLocalSocket*>(socket))
            local->disconnectFromServer();
        else
            static_cast<QTcpSocket*>(socket)->disconnectFromHost();
    }

    static void chunk(QIODevice* socket, const QByteArray& data)
    {
        socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    }

    /// One log line; odd lines split their frame header and payload into separate chunks.
    static void writeLine(QIODevice* socket, const Container& c, const Line& line, int index)
    {
        const QByteArray payload = rfc3339Nano(line.ts) + " " + line.text + "\n";
        if (c.tty)
            return chunk(socket, payload);
        QByteArray header(8, '\0');
        header[0] = char(line.stream);
        const auto n = quint32(payload.size());
        header[4] = char(n >> 24), header[5] = char(n >> 16), header[6] = char(n >> 8), header[7] = char(n);
        if (index % 2 == 1) {
            chunk(socket, header.left(3));
            chunk(socket, header.mid(3) + payload.left(5));
            chunk(socket, payload.mid(5));
        } else {
            chunk(socket, header + payload);
        }
    }

    void respond(QIODevice* socket, int status, const QByteArray& body, bool chunked = false)
    {
        QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + (status == 200 ? " OK" : " Error")
            + "\r\nContent-Type: application/json\r\nApi-Version: 1.43\r\n";
        if (chunked) {
            socket->write(head + "Transfer-Encoding: chunked\r\n\r\n");
            chunk(socket, body.left(body.size() / 2));
            chunk(socket, body.mid(body.size() / 2));
            socket->write("0\r\n\r\n");
        } else {
            socket->write(head + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        }
        close(socket);
    }

    /// Docker's `filters`: both the `{"label":{"k=v":true}}` and the legacy `{"label":["k=v"]}` form.
    static bool matches(const Container& c, const QJsonObject& filters)
    {
        for (auto it = filters.begin(); it != filters.end(); ++it) {
            QStringList values;
            if (it.value().isArray())
                for (const auto& v : it.value().toArray())
                    values << v.toString();
            else
                values = it.value().toObject().keys();
            for (const QString& v : values) {
                if (it.key() == u"label"_s) {
                    const qsizetype eq = v.indexOf(u'=');
                    const QString key = eq < 0 ? v : v.left(eq);
                    if (!c.labels.contains(key) || (eq >= 0 && c.labels.value(key).toString() != v.mid(eq + 1)))
                        return false;
                } else if (it.key() == u"name"_s) {
                    if (!c.name.contains(v))
                        return false;
                } else if (it.key() == u"id"_s) {
                    if (!c.id.startsWith(v))
                        return false;
                }
            }
        }
        return true;
    }

    void handle(QIODevice* socket, const QByteArray& target)
    {
        const QUrl url(QString::fromLatin1(target));
        const QUrlQuery query(url);
        const QString path = url.path();
        requests << QString::fromLatin1(target);
        if (path == u"/containers/json"_s) {
            if (failListWith)
                return respond(socket, failListWith, R"({"message":"engine trouble"})");
            const QJsonObject filters = QJsonDocument::fromJson(query.queryItemValue(u"filters"_s, QUrl::FullyDecoded).toUtf8()).object();
            QJsonArray list;
            int n = 2;
            for (const Container& c : m_containers) {
                ++n;
                if (!c.running || !matches(c, filters))
                    continue;
                list.append(QJsonObject { { u"Id"_s, c.id }, { u"Names"_s, QJsonArray { u"/"_s + c.name } }, { u"Labels"_s, c.labels },
                    { u"State"_s, u"running"_s }, { u"HostConfig"_s, QJsonObject { { u"NetworkMode"_s, u"bridge"_s } } },
                    { u"NetworkSettings"_s, QJsonObject { { u"Networks"_s, QJsonObject { { u"bridge"_s, QJsonObject {
                        { u"NetworkID"_s, u"net0"_s }, { u"IPAddress"_s, u"172.17.0."_s + QString::number(n) } } } } } } },
                    { u"Ports"_s, QJsonArray { QJsonObject { { u"PrivatePort"_s, 8000 }, { u"Type"_s, u"tcp"_s } } } } });
            }
            return respond(socket, 200, QJsonDocument(list).toJson(QJsonDocument::Compact), true);
        }
        const QStringList parts = path.split(u'/'); // "", containers, id, json|logs
        if (parts.size() != 4 || parts[1] != u"containers"_s || !m_containers.contains(parts[2]))
            return respond(socket, 404, R"({"message":"No such container"})");
        const Container& c = m_containers[parts[2]];
        if (parts[3] == u"json"_s)
            return respond(socket, 200, QJsonDocument(QJsonObject { { u"Id"_s, c.id }, { u"Name"_s, u"/"_s + c.name },
                { u"Config"_s, QJsonObject { { u"Tty"_s, c.tty }, { u"Labels"_s, c.labels } } },
                { u"State"_s, QJsonObject { { u"Running"_s, c.running } } } }).toJson());
        if (parts[3] != u"logs"_s || query.queryItemValue(u"follow"_s) != u"1"_s || query.queryItemValue(u"timestamps"_s) != u"1"_s)
            return respond(socket, 400, R"({"message":"unexpected request"})");
        ++m_logRequests[c.id];
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker."_ba + (c.tty ? "raw-stream" : "multiplexed-stream")
            + "\r\nTransfer-Encoding: chunked\r\n\r\n");
        const TimestampNs from = since(query);
        for (std::size_t i = 0; i < c.log.size(); ++i)
            if (c.log[i].ts >= from)
                writeLine(socket, c, c.log[i], int(i + 1));
        if (!c.running) {
            socket->write("0\r\n\r\n");
            return close(socket);
        }
        m_followers.push_back(Follower { socket, c.id });
    }

    void accept(QIODevice* socket)
    {
        connect(socket, &QIODevice::readyRead, this, [this, socket] {
            QByteArray& buffer = m_buffers[socket];
            buffer += socket->readAll();
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QList<QByteArray> requestLine = buffer.left(buffer.indexOf("\r\n")).split(' ');
            buffer.clear();
            if (requestLine.size() != 3 || requestLine[0] != "GET" || !requestLine[2].startsWith("HTTP/1.1"))
                return respond(socket, 400, "{}");
            handle(socket, requestLine[1]);
        });
        connect(socket, &QObject::destroyed, this, [this, socket] {
            m_buffers.remove(socket);
            std::erase_if(m_followers, [socket](const Follower& f) { return f.socket == socket; });
        });
        if (auto* local = qobject_cast<QLocalSocket*>(socket))
            connect(local, &QLocalSocket::disconnected, local, &QObject::deleteLater);
        else
            connect(static_cast<QTcpSocket*>(socket), &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }

    QLocalServer* m_local = nullptr;
    QTcpServer* m_tcp = nullptr;
    QMap<QString, Container> m_containers;
    QHash<QIODevice*, QByteArray> m_buffers;
    std::vector<Follower> m_followers;
    QHash<QString, int> m_logRequests;
};

constexpr TimestampNs T0 = 1'714'557'600'000'000'000; // 2024-05-01T10:00:00Z

} // namespace

/// docker_sd_configs against a fake Docker Engine API over a real unix socket (and loopback TCP).
class TestDockerSd : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString socketPath() const { return m_dir.filePath(u"docker.sock"_s); }
    QString positionsPath() const { return m_dir.filePath(u"positions.yaml"_s); }

    std::string configText(const QString& host, const QString& extraSd = {}, const QString& stages = {}) const
    {
        return (u"positions:\n  filename: "_s + positionsPath() + u"\nglobal:\n  file_watch_config:\n    min_poll_frequency: 20ms\n"_s
            u"scrape_configs:\n  - job_name: containers\n    docker_sd_configs:\n      - host: "_s + host
            + u"\n        refresh_interval: 100ms\n"_s + extraSd
            + u"    relabel_configs:\n"_s
              u"      - source_labels: ['__meta_docker_container_label_logging_job']\n        target_label: job\n"_s
              u"      - source_labels: ['__meta_docker_container_name']\n        regex: '/(.*)'\n        target_label: container\n"_s
            + (stages.isEmpty() ? QString() : u"    pipeline_stages:\n"_s + stages))
            .toStdString();
    }

    PromtailConfig config(const QString& host, const QString& extraSd = {}, const QString& stages = {}) const
    {
        auto parsed = parsePromtailConfig(configText(host, extraSd, stages), "promtail.yaml");
        if (!parsed.ok())
            qFatal("%s", parsed.error().message.c_str());
        return parsed.value();
    }

    struct Run
    {
        LogCollector collector;
        QStringList got; ///< `labels ts line`
        explicit Run(PromtailConfig c)
            : collector(std::move(c))
        {
            QObject::connect(&collector, &LogCollector::linesCollected, &collector, [this](const logs::PushBatch& b) {
                for (const auto& s : b.streams)
                    for (const auto& e : s.entries)
                        got << QString::fromStdString(s.labels.toString() + " " + std::to_string(e.ts - T0) + " " + e.line);
                got.sort();
            });
        }
    };

private Q_SLOTS:
    void init()
    {
        QFile::remove(positionsPath());
        QFile::remove(socketPath());
    }

    void configParsing()
    {
        auto parsed = parsePromtailConfig(R"(scrape_configs:
  - job_name: docker
    docker_sd_configs:
      - host: unix:///var/run/docker.sock
        refresh_interval: 2s
        port: 8080
        host_networking_host: 10.0.0.1
        filters:
          - name: label
            values: [logging=promtail]
          - name: name
            values: [api, worker]
      - host: http://127.0.0.1:2375
)");
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
        const auto& sds = parsed->jobs.at(0).dockerSdConfigs;
        QCOMPARE(sds.size(), std::size_t(2));
        QCOMPARE(sds[0].host, std::string("unix:///var/run/docker.sock"));
        QCOMPARE(sds[0].refreshInterval, DurationMs(2000));
        QCOMPARE(sds[0].port, 8080);
        QCOMPARE(sds[0].hostNetworkingHost, std::string("10.0.0.1"));
        QCOMPARE(sds[0].filters.size(), std::size_t(2));
        QCOMPARE(sds[0].filters[1].second, (std::vector<std::string> { "api", "worker" }));
        QCOMPARE(dockerFiltersJson(sds[0]), std::string(R"({"label":{"logging=promtail":true},"name":{"api":true,"worker":true}})"));
        QCOMPARE(sds[1].refreshInterval, DurationMs(5000));
        QCOMPARE(sds[1].port, 80);
        QCOMPARE(sds[1].hostNetworkingHost, std::string("localhost"));
        auto tcp = DockerEndpoint::parse(sds[1].host);
        QVERIFY(tcp.ok());
        QCOMPARE(tcp->host, std::string("127.0.0.1"));
        QCOMPARE(tcp->port, quint16(2375));
        QCOMPARE(DockerEndpoint::parse("unix:///run/d.sock")->socketPath, std::string("/run/d.sock"));
        QCOMPARE(DockerEndpoint::parse("http://localhost")->port, quint16(80));

        const auto error = [](const char* text) {
            auto r = parsePromtailConfig(text, "promtail.yaml");
            return r.ok() ? std::string("parsed") : r.error().message;
        };
        QCOMPARE(error("scrape_configs:\n  - job_name: d\n    docker_sd_configs:\n      - host: unix:///d.sock\n"
                       "        refresh_intervall: 5s\n"),
            std::string("promtail.yaml:5: docker_sd_configs: unknown key \"refresh_intervall\""));
        QCOMPARE(error("scrape_configs:\n  - job_name: d\n    docker_sd_configs:\n      - host: ftp://x\n"),
            std::string("promtail.yaml:4: docker_sd_configs: docker host \"ftp://x\": use unix:///path or http://host:port"));
        QCOMPARE(error("scrape_configs:\n  - job_name: d\n    docker_sd_configs:\n      - port: 80\n"),
            std::string("promtail.yaml:4: docker_sd_configs: host is required"));
        QCOMPARE(error("scrape_configs:\n  - job_name: d\n    docker_sd_configs:\n      - host: unix:///d.sock\n"
                       "        filters:\n          - name: label\n            value: [a]\n"),
            std::string("promtail.yaml:7: docker_sd_configs filter: unknown key \"value\""));
        QVERIFY(error("scrape_configs:\n  - job_name: d\n    docker_sd_configs:\n      - host: unix:///d.sock\n"
                      "        refresh_interval: soon\n").starts_with("promtail.yaml:5: invalid duration"));
    }

    void httpParserFraming()
    {
        const std::string response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n"
                                     "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\n";
        HttpResponseParser parser;
        std::string body;
        for (char c : response) // byte by byte: every state resumes mid-line
            QVERIFY(parser.feed(std::string_view(&c, 1), body));
        QCOMPARE(parser.state(), HttpResponseParser::State::Done);
        QCOMPARE(body, std::string("hello, world"));
        QCOMPARE(parser.header("x-a"), std::string("1"));

        HttpResponseParser length;
        body.clear();
        QVERIFY(length.feed("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nabcdEXTRA", body));
        QCOMPARE(length.status(), 500);
        QCOMPARE(body, std::string("abcd"));
        QCOMPARE(length.state(), HttpResponseParser::State::Done);

        HttpResponseParser untilClose;
        body.clear();
        QVERIFY(untilClose.feed("HTTP/1.0 200 OK\r\n\r\nraw", body));
        QCOMPARE(untilClose.state(), HttpResponseParser::State::Body);
        untilClose.finishAtEof();
        QCOMPARE(untilClose.state(), HttpResponseParser::State::Done);
        QCOMPARE(body, std::string("raw"));

        HttpResponseParser bad;
        QVERIFY(!bad.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", body));
        QVERIFY(bad.error().starts_with("invalid chunk size"));
        HttpResponseParser cut;
        QVERIFY(cut.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", body));
        cut.finishAtEof();
        QCOMPARE(cut.state(), HttpResponseParser::State::Failed);
    }

    void stdcopyDemuxAndTimestamps()
    {
        const auto frame = [](char stream, const std::string& payload) {
            std::string h(8, '\0');
            h[0] = stream;
            h[7] = char(payload.size());
            return h + payload;
        };
        const std::string data = frame(1, "2024-05-01T10:00:00.000000001Z out one\n2024-05-01T10:00:00.5Z out ")
            + frame(2, "2024-05-01T12:00:00+02:00 err\n") + frame(1, "two\n");
        DockerLogParser parser(false);
        std::vector<DockerLine> lines;
        for (std::size_t i = 0; i < data.size(); i += 3) // frames and lines split anywhere
            QVERIFY(parser.feed(std::string_view(data).substr(i, 3), lines));
        QCOMPARE(lines.size(), std::size_t(3));
        QCOMPARE(lines[0].line, std::string("out one"));
        QCOMPARE(lines[0].ts, T0 + 1);
        QVERIFY(!lines[0].isStderr);
        QCOMPARE(lines[1].line, std::string("err"));
        QVERIFY(lines[1].isStderr);
        QCOMPARE(lines[1].ts, T0);
        QCOMPARE(lines[2].line, std::string("out two"));
        QCOMPARE(lines[2].ts, T0 + 500'000'000);

        DockerLogParser tty(true);
        lines.clear();
        QVERIFY(tty.feed("2024-05-01T10:00:01Z raw\r\n2024-05-01T10:00:02Z tail", lines));
        tty.finish(lines);
        QCOMPARE(lines.size(), std::size_t(2));
        QCOMPARE(lines[0].line, std::string("raw"));
        QCOMPARE(lines[1].ts, T0 + 2'000'000'000);

        DockerLogParser notFramed(false);
        QVERIFY(!notFramed.feed("2024-05-01T10:00:01Z raw\n", lines));
    }

    void containerListToTargets()
    {
        DockerSdConfig sd;
        sd.port = 9100;
        const QByteArray json = R"([
 {"Id":"aaa","Names":["/api-1"],"Labels":{"com.docker.compose.service":"api","logging-job":"x"},
  "HostConfig":{"NetworkMode":"app_default"},
  "NetworkSettings":{"Networks":{"z_net":{"NetworkID":"n2","IPAddress":"10.1.0.9"},"app_default":{"NetworkID":"n1","IPAddress":"172.18.0.2"}}},
  "Ports":[{"IP":"0.0.0.0","PrivatePort":8000,"PublicPort":18000,"Type":"tcp"}]},
 {"Id":"bbb","Names":["/worker"],"Labels":{},"HostConfig":{"NetworkMode":"host"},"NetworkSettings":{"Networks":{"host":{"NetworkID":"h"}}},"Ports":[]},
 {"Id":"ccc","Names":["/quiet"],"HostConfig":{"NetworkMode":"bridge"},"NetworkSettings":{"Networks":{"bridge":{"IPAddress":"172.17.0.3"}}}}
])";
        auto targets = parseContainerList(json, sd);
        QVERIFY(targets.ok());
        QCOMPARE(targets->size(), std::size_t(3));
        const auto& a = targets->at(0).labels;
        QCOMPARE(a.at("__meta_docker_container_id"), std::string("aaa"));
        QCOMPARE(a.at("__meta_docker_container_name"), std::string("/api-1"));
        QCOMPARE(a.at("__meta_docker_container_network_mode"), std::string("app_default"));
        QCOMPARE(a.at("__meta_docker_container_label_com_docker_compose_service"), std::string("api"));
        QCOMPARE(a.at("__meta_docker_container_label_logging_job"), std::string("x"));
        QCOMPARE(a.at("__meta_docker_network_name"), std::string("app_default"));
        QCOMPARE(a.at("__meta_docker_network_ip"), std::string("172.18.0.2"));
        QCOMPARE(a.at("__meta_docker_port_private"), std::string("8000"));
        QCOMPARE(a.at("__meta_docker_port_public"), std::string("18000"));
        QCOMPARE(a.at("__meta_docker_port_public_ip"), std::string("0.0.0.0"));
        QCOMPARE(a.at("__address__"), std::string("172.18.0.2:8000"));
        QCOMPARE(targets->at(1).labels.at("__address__"), std::string("localhost"));
        QCOMPARE(targets->at(2).labels.at("__address__"), std::string("172.17.0.3:9100"));
        QVERIFY(!parseContainerList("{\"not\": \"a list\"}", sd).ok());
        QVERIFY(!parseContainerList("[{", sd).ok());
    }

    void labelsStreamsAndPipeline_data()
    {
        QTest::addColumn<bool>("tcp");
        QTest::addRow("unix socket") << false;
        QTest::addRow("loopback tcp") << true;
    }

    void labelsStreamsAndPipeline()
    {
        QFETCH(bool, tcp);
        FakeDockerEngine engine;
        QString host = u"unix://"_s + socketPath();
        if (tcp)
            host = u"http://127.0.0.1:"_s + QString::number(engine.listenTcp());
        else
            QVERIFY(engine.listenUnix(socketPath()));
        engine.add(u"aaa111"_s, u"api-1"_s, { { u"logging"_s, u"promtail"_s }, { u"logging_job"_s, u"fastapi"_s } });
        engine.add(u"bbb222"_s, u"worker-1"_s, { { u"logging"_s, u"promtail"_s } });
        engine.add(u"ccc333"_s, u"db-1"_s, { { u"logging"_s, u"off"_s } });
        engine.append(u"aaa111"_s, 1, T0 + 1, R"({"level":"info","msg":"GET /"})");
        engine.append(u"aaa111"_s, 2, T0 + 2, R"({"level":"error","msg":"boom"})");
        engine.append(u"bbb222"_s, 1, T0 + 3, "hello from b");
        engine.append(u"ccc333"_s, 1, T0 + 4, "never collected");
        Run run(config(host, u"        filters:\n          - name: label\n            values: [logging=promtail]\n"_s,
            u"      - json: {expressions: {level: level}}\n      - labels: {level: }\n"_s));
        QVERIFY(!run.collector.start());
        const QStringList backlog {
            uR"({container="api-1", job="fastapi", level="error", stream="stderr"} 2 {"level":"error","msg":"boom"})"_s,
            uR"({container="api-1", job="fastapi", level="info", stream="stdout"} 1 {"level":"info","msg":"GET /"})"_s,
            uR"({container="worker-1", stream="stdout"} 3 hello from b)"_s,
        };
        QTRY_COMPARE_WITH_TIMEOUT(run.got, backlog, 5000);
        QCOMPARE(run.collector.containers(), (std::vector<std::string> { "aaa111", "bbb222" }));
        QVERIFY(engine.requests.first().startsWith(u"/containers/json?filters="_s));

        engine.append(u"aaa111"_s, 2, T0 + 5'000'000'000, R"({"level":"warn","msg":"slow"})"); // followed live
        QTRY_COMPARE_WITH_TIMEOUT(run.got.size(), 4, 5000);
        QVERIFY(run.got.contains(uR"({container="api-1", job="fastapi", level="warn", stream="stderr"} 5000000000 {"level":"warn","msg":"slow"})"_s));
        QCOMPARE(engine.logRequests(u"aaa111"_s), 1);
        run.collector.stop();
    }

    void containersComeAndGo()
    {
        FakeDockerEngine engine;
        QVERIFY(engine.listenUnix(socketPath()));
        engine.add(u"aaa"_s, u"first"_s, {});
        engine.append(u"aaa"_s, 1, T0 + 1, "a1");
        Run run(config(u"unix://"_s + socketPath()));
        QVERIFY(!run.collector.start());
        QTRY_COMPARE_WITH_TIMEOUT(run.got, QStringList { uR"({container="first", stream="stdout"} 1 a1)"_s }, 5000);

        engine.add(u"ddd"_s, u"late"_s, {}); // picked up at the next refresh, from its first line
        engine.append(u"ddd"_s, 1, T0 + 2, "d1");
        QTRY_COMPARE_WITH_TIMEOUT(run.collector.containers(), (std::vector<std::string> { "aaa", "ddd" }), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(run.got.size(), 2, 5000);
        QCOMPARE(run.got.at(1), uR"({container="late", stream="stdout"} 2 d1)"_s);

        engine.stop(u"aaa"_s); // leaves the list: no longer tailed
        QTRY_COMPARE_WITH_TIMEOUT(run.collector.containers(), std::vector<std::string> { "ddd" }, 5000);

        engine.endStreams(u"ddd"_s); // the stream ends while the container runs: reopened, nothing read twice
        engine.append(u"ddd"_s, 1, T0 + 3, "d2");
        QTRY_COMPARE_WITH_TIMEOUT(run.got.size(), 3, 5000);
        QCOMPARE(run.got.at(2), uR"({container="late", stream="stdout"} 3 d2)"_s);
        QCOMPARE(engine.logRequests(u"ddd"_s), 2);
        QTest::qWait(300); // three more refreshes: still no duplicate
        QCOMPARE(run.got.size(), 3);
        run.collector.stop();
    }

    void restartResumesFromPositions()
    {
        FakeDockerEngine engine;
        QVERIFY(engine.listenUnix(socketPath()));
        engine.add(u"aaa"_s, u"api"_s, {});
        engine.append(u"aaa"_s, 1, T0 + 100, "one");
        engine.append(u"aaa"_s, 2, T0 + 200, "two");
        engine.append(u"aaa"_s, 1, T0 + 300, "three");
        {
            Run run(config(u"unix://"_s + socketPath()));
            QVERIFY(!run.collector.start());
            QTRY_COMPARE_WITH_TIMEOUT(run.got.size(), 3, 5000);
            run.collector.stop();
        }
        QFile positions(positionsPath());
        QVERIFY(positions.open(QIODevice::ReadOnly));
        const QByteArray text = positions.readAll();
        QVERIFY2(text.contains("cursor-aaa: \"" + QByteArray::number(T0 + 300) + "\""), text.constData());

        // Written while the collector was down, in the same second as the saved cursor: `since` returns the old
        // lines of that second again and they are dropped.
        engine.append(u"aaa"_s, 1, T0 + 400, "four");
        engine.append(u"aaa"_s, 2, T0 + 1'000'000'000, "five");
        Run second(config(u"unix://"_s + socketPath()));
        QVERIFY(!second.collector.start());
        QTRY_COMPARE_WITH_TIMEOUT(second.got.size(), 2, 5000);
        QTest::qWait(200);
        QCOMPARE(second.got, (QStringList { uR"({container="api", stream="stderr"} 1000000000 five)"_s,
                                 uR"({container="api", stream="stdout"} 400 four)"_s }));
        QVERIFY(engine.requests.contains(u"/containers/aaa/logs?stdout=1&stderr=1&follow=1&timestamps=1&since=1714557600"_s));
        second.collector.stop();
    }

    void ttyContainerRawStream()
    {
        FakeDockerEngine engine;
        QVERIFY(engine.listenUnix(socketPath()));
        engine.add(u"ttt"_s, u"shell"_s, { { u"logging_job"_s, u"console"_s } }, true);
        engine.append(u"ttt"_s, 1, T0 + 7, "$ ls");
        engine.append(u"ttt"_s, 1, T0 + 8, "README.md");
        Run run(config(u"unix://"_s + socketPath()));
        QVERIFY(!run.collector.start());
        QTRY_COMPARE_WITH_TIMEOUT(run.got, (QStringList { uR"({container="shell", job="console", stream="stdout"} 7 $ ls)"_s,
                                               uR"({container="shell", job="console", stream="stdout"} 8 README.md)"_s }),
            5000);
        run.collector.stop();
    }

    void largeBacklogPausesTheStream()
    {
        FakeDockerEngine engine;
        QVERIFY(engine.listenUnix(socketPath()));
        engine.add(u"big"_s, u"big"_s, {});
        constexpr int Lines = 20'000; // ~1.2 MB: the stream is paused at the 64 KiB buffer limit many times
        for (int i = 0; i < Lines; ++i)
            engine.append(u"big"_s, 1 + i % 2, T0 + i, "line " + QByteArray::number(i).rightJustified(6, '0') + " padding padding");
        PromtailConfig c = config(u"unix://"_s + socketPath());
        c.readBatchBytes = 1024;
        LogCollector collector(std::move(c));
        std::vector<TimestampNs> stdoutTs;
        int total = 0;
        QObject::connect(&collector, &LogCollector::linesCollected, &collector, [&](const logs::PushBatch& b) {
            for (const auto& s : b.streams) {
                total += int(s.entries.size());
                if (s.labels.get("stream") == "stdout")
                    for (const auto& e : s.entries)
                        stdoutTs.push_back(e.ts);
            }
        });
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!collector.start());
        QTRY_COMPARE_WITH_TIMEOUT(total, Lines, 20000);
        qInfo("%d container lines in %lld ms", Lines, static_cast<long long>(timer.elapsed()));
        QCOMPARE(stdoutTs.size(), std::size_t(Lines / 2));
        for (std::size_t i = 0; i < stdoutTs.size(); ++i)
            QCOMPARE(stdoutTs[i], T0 + TimestampNs(2 * i)); // in order, none lost or repeated
        collector.stop();
    }

    void workbenchStoresContainerLines()
    {
        // The collector on its own thread (as the application runs it), the engine on this one.
        FakeDockerEngine engine;
        QVERIFY(engine.listenUnix(socketPath()));
        engine.add(u"aaa"_s, u"api-1"_s, { { u"logging_job"_s, u"fastapi"_s } });
        engine.append(u"aaa"_s, 2, T0 + 1, R"({"level":"error","msg":"db down"})");
        const QString configFile = m_dir.filePath(u"promtail.yaml"_s);
        QFile file(configFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray::fromStdString(configText(u"unix://"_s + socketPath(), {},
            u"      - json: {expressions: {level: level}}\n      - labels: {level: }\n"_s)));
        file.close();
        services::WorkbenchOptions options;
        options.dataDir = m_dir.filePath(u"data"_s);
        options.demo = false;
        options.promtailConfig = configFile;
        services::Workbench wb(options);
        QSignalSpy ready(&wb, &services::Workbench::ready);
        auto error = wb.start();
        QVERIFY2(!error, error ? error->message.c_str() : "");
        QVERIFY(ready.count() > 0 || ready.wait(5000));
        const auto query = [&wb](const char* logql) {
            logql::QueryParams params;
            params.start = 0;
            params.end = nowNs() + msToNs(60'000);
            params.limit = 100;
            params.direction = logs::Direction::Forward;
            auto result = logql::Engine().query(*wb.logStore(), logql, params);
            QStringList out;
            if (!result.ok())
                return QStringList { QString::fromStdString("error: " + result.error().message) };
            for (const auto& s : result->streams)
                for (const auto& e : s.entries)
                    out << QString::fromStdString(s.labels.toString() + " " + std::to_string(e.ts - T0) + " " + e.line);
            return out;
        };
        QTRY_COMPARE_WITH_TIMEOUT(query(R"({job="fastapi", stream="stderr"} |= "down")"),
            QStringList { uR"({container="api-1", job="fastapi", level="error", stream="stderr"} 1 {"level":"error","msg":"db down"})"_s },
            5000);
        engine.append(u"aaa"_s, 1, T0 + 2, R"({"level":"info","msg":"db back"})");
        QTRY_COMPARE_WITH_TIMEOUT(query(R"({container="api-1", level="info"})").size(), 1, 5000);
    }

    void socketMissingThenAppears()
    {
        Run run(config(u"unix://"_s + socketPath()));
        QVERIFY(!run.collector.start()); // no engine yet: not fatal
        QVERIFY(run.collector.docker());
        QTRY_VERIFY_WITH_TIMEOUT(!run.collector.docker()->errors().at(0).empty(), 5000);
        QVERIFY(run.got.isEmpty());

        FakeDockerEngine engine;
        engine.failListWith = 500;
        QVERIFY(engine.listenUnix(socketPath()));
        engine.add(u"aaa"_s, u"api"_s, {});
        engine.append(u"aaa"_s, 1, T0 + 1, "up");
        QTRY_VERIFY_WITH_TIMEOUT(run.collector.docker()->errors().at(0).find("HTTP 500: engine trouble") != std::string::npos, 5000);
        QVERIFY(run.collector.containers().empty());

        engine.failListWith = 0;
        QTRY_COMPARE_WITH_TIMEOUT(run.got, QStringList { uR"({container="api", stream="stdout"} 1 up)"_s }, 5000);
        QCOMPARE(run.collector.docker()->errors().at(0), std::string());
        run.collector.stop();
    }
};

QTEST_GUILESS_MAIN(TestDockerSd)
#include "tst_docker_sd.moc"
