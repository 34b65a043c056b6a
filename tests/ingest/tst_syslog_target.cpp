#include "core/ingest/log_collector.h"
#include "core/ingest/syslog_parser.h"
#include "core/ingest/syslog_target.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QDateTime>
#include <QTcpSocket>
#include <QTest>
#include <QUdpSocket>

using namespace Qt::StringLiterals;
using namespace sg;
using namespace sg::ingest;

namespace {

constexpr TimestampNs T0 = 1'714'557'600'000'000'000; // 2024-05-01T10:00:00Z

std::string octetCounted(const std::string& msg)
{
    return std::to_string(msg.size()) + " " + msg;
}

} // namespace

/// Promtail's syslog target: RFC 5424 parsing, RFC 6587 framing, and real frames over loopback TCP.
class TestSyslogTarget : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        LogCollector collector;
        QStringList got; ///< `labels ts line`, ts relative to T0 or "now"
        explicit Run(PromtailConfig c)
            : collector(std::move(c))
        {
            QObject::connect(&collector, &LogCollector::linesCollected, &collector, [this](const logs::PushBatch& b) {
                for (const auto& s : b.streams)
                    for (const auto& e : s.entries) {
                        const TimestampNs age = nowNs() - e.ts;
                        const std::string ts = age >= 0 && age < 60'000'000'000 ? "now" : std::to_string(e.ts - T0);
                        got << QString::fromStdString(s.labels.toString() + " " + ts + " " + e.line);
                    }
                got.sort();
            });
        }
    };

    static PromtailConfig parse(const std::string& text)
    {
        auto parsed = parsePromtailConfig(text, "promtail.yaml");
        if (!parsed.ok())
            qFatal("%s", parsed.error().message.c_str());
        return parsed.value();
    }

    static bool send(QTcpSocket& socket, const std::string& data)
    {
        socket.write(data.data(), qint64(data.size()));
        return socket.waitForBytesWritten(5000) || socket.bytesToWrite() == 0;
    }

private Q_SLOTS:
    void parsesRfc5424()
    {
        auto m = parseRfc5424("<165>1 2024-05-01T10:00:00.003Z mymachine.example.com evntslog - ID47 "
                              "[exampleSDID@32473 iut=\"3\" eventSource=\"App\\\"x\\]\"][origin ip=\"10.0.0.1\"] "
                              "\xEF\xBB\xBF" "An application event log entry...\n");
        QVERIFY2(m.ok(), m.ok() ? "" : m.error().message.c_str());
        QCOMPARE(m->facility, 20);
        QCOMPARE(m->severity, 5);
        QCOMPARE(syslogFacilityName(m->facility), std::string_view("local4"));
        QCOMPARE(syslogSeverityName(m->severity), std::string_view("notice"));
        QCOMPARE(*m->timestamp, T0 + 3'000'000);
        QCOMPARE(m->hostname, std::string("mymachine.example.com"));
        QCOMPARE(m->appName, std::string("evntslog"));
        QCOMPARE(m->procId, std::string());
        QCOMPARE(m->msgId, std::string("ID47"));
        QCOMPARE(m->structuredData.size(), std::size_t(2));
        QCOMPARE(m->structuredData[0].first, std::string("exampleSDID@32473"));
        QCOMPARE(m->structuredData[0].second[1].second, std::string("App\"x]"));
        QCOMPARE(m->structuredData[1].second[0], (std::pair<std::string, std::string> { "ip", "10.0.0.1" }));
        QCOMPARE(m->message, std::string("An application event log entry..."));

        auto bare = parseRfc5424("<0>1 - - - - - -");
        QVERIFY(bare.ok());
        QVERIFY(!bare->timestamp);
        QCOMPARE(syslogFacilityName(bare->facility), std::string_view("kern"));
        QCOMPARE(syslogSeverityName(bare->severity), std::string_view("emergency"));
        QCOMPARE(bare->message, std::string());
        QCOMPARE(parseRfc5424("<13>1 2024-05-01T12:00:00+02:00 h a 42 - - hi")->timestamp.value(), T0);

        QVERIFY(!parseRfc5424("<34>Oct 11 22:14:15 mymachine su: 'su root' failed").ok()); // RFC 3164
        QVERIFY(!parseRfc5424("<192>1 - - - - - -").ok());
        QVERIFY(!parseRfc5424("<13>1 yesterday h a - - - x").ok());
        QVERIFY(!parseRfc5424("<13>1 - h a - - [id x=\"unterminated] x").ok());
        QVERIFY(!parseRfc5424("no pri").ok());
    }

    void parsesRfc3164()
    {
        const TimestampNs oct12 = 1'728'691'200'000'000'000; // 2024-10-12T00:00:00Z
        auto m = parseRfc3164("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8\n", oct12);
        QVERIFY2(m.ok(), m.ok() ? "" : m.error().message.c_str());
        QCOMPARE(syslogFacilityName(m->facility), std::string_view("auth"));
        QCOMPARE(syslogSeverityName(m->severity), std::string_view("critical"));
        QCOMPARE(*m->timestamp, oct12 - 6345 * 1'000'000'000LL); // 22:14:15 the day before: 1:45:45 before midnight
        QCOMPARE(m->hostname, std::string("mymachine"));
        QCOMPARE(m->appName, std::string("su"));
        QCOMPARE(m->procId, std::string());
        QCOMPARE(m->message, std::string("'su root' failed for lonvick on /dev/pts/8"));

        auto pid = parseRfc3164("<13>Oct  1 02:03:04 web1 nginx[4242]: GET / 200", oct12);
        QVERIFY(pid.ok());
        QCOMPARE(*pid->timestamp, oct12 - 11 * 86'400'000'000'000LL + (2 * 3600 + 3 * 60 + 4) * 1'000'000'000LL);
        QCOMPARE(pid->appName, std::string("nginx"));
        QCOMPARE(pid->procId, std::string("4242"));
        QCOMPARE(pid->message, std::string("GET / 200"));
        // No year in the message: a December line read on New Year's Day belongs to the year before.
        const TimestampNs jan1 = 1'735'689'600'000'000'000; // 2025-01-01T00:00:00Z
        QCOMPARE(*parseRfc3164("<13>Dec 31 23:59:00 h a: x", jan1 + 600'000'000'000)->timestamp, jan1 - 60'000'000'000);
        // A message without a tag keeps its text.
        QCOMPARE(parseRfc3164("<13>Oct 11 22:14:15 host just some text", oct12)->message, std::string("just some text"));

        QVERIFY(!parseRfc3164("<13>1 2024-05-01T10:00:00Z h a - - - rfc 5424", oct12).ok());
        QVERIFY(!parseRfc3164("<13>Oct 32 22:14:15 h a: x", oct12).ok());
        QVERIFY(!parseRfc3164("<13>Oct 11 25:14:15 h a: x", oct12).ok());
        QVERIFY(!parseRfc3164("no pri", oct12).ok());
    }

    void framesOctetCountedAndNewline()
    {
        const std::string stream = octetCounted("<13>1 - h a - - - one") + octetCounted("<13>1 - h a - - - two\nwith newline")
            + "<13>1 - h a - - - three\r\n<13>1 - h a - - - four\n" + octetCounted("<13>1 - h a - - - 0123456789abcdef")
            + "<13>1 - h a - - - tail";
        SyslogFramer framer(30);
        std::vector<std::string> frames;
        for (char c : stream) // byte by byte: every state resumes
            QVERIFY(framer.feed(std::string_view(&c, 1), frames));
        framer.finish(frames);
        QCOMPARE(frames, (std::vector<std::string> { "<13>1 - h a - - - one", "<13>1 - h a - - - two\nwith new",
                             "<13>1 - h a - - - three", "<13>1 - h a - - - four", "<13>1 - h a - - - 0123456789ab",
                             "<13>1 - h a - - - tail" }));
        QCOMPARE(framer.truncated(), std::uint64_t(2));
        SyslogFramer bad(100);
        QVERIFY(!bad.feed("12x <13>1 - - - - - -", frames));
    }

    void configKeysAndErrors()
    {
        auto c = parse(R"(scrape_configs:
  - job_name: syslog
    syslog:
      listen_address: 0.0.0.0:1514
      listen_protocol: tcp
      idle_timeout: 60s
      label_structured_data: yes
      labels:
        job: syslog
      use_incoming_timestamp: true
      use_rfc5424_message: true
      max_message_length: 16384
      syslog_format: rfc5424
)");
        const SyslogConfig& s = *c.jobs.at(0).syslog;
        QCOMPARE(s.listenHost, std::string("0.0.0.0"));
        QCOMPARE(s.listenPort, 1514);
        QCOMPARE(s.idleTimeout, DurationMs(60'000));
        QVERIFY(s.labelStructuredData && s.useIncomingTimestamp && s.useRfc5424Message);
        QCOMPARE(s.labels.at("job"), std::string("syslog"));
        QCOMPARE(s.maxMessageLength, std::size_t(16384));
        auto defaults = parse("scrape_configs:\n  - job_name: s\n    syslog:\n      listen_address: ':6514'\n");
        QCOMPARE(defaults.jobs.at(0).syslog->listenHost, std::string("127.0.0.1"));
        QCOMPARE(defaults.jobs.at(0).syslog->listenPort, 6514);
        QCOMPARE(defaults.jobs.at(0).syslog->maxMessageLength, std::size_t(8192));

        const auto error = [](const char* text) {
            auto r = parsePromtailConfig(text, "promtail.yaml");
            return r.ok() ? std::string("parsed") : r.error().message;
        };
        QCOMPARE(error("scrape_configs:\n  - job_name: s\n    syslog:\n      listen_address: 127.0.0.1:1514\n      idle: 5s\n"),
            std::string("promtail.yaml:5: syslog: unknown key \"idle\""));
        QCOMPARE(error("scrape_configs:\n  - job_name: s\n    syslog:\n      listen_protocol: sctp\n"),
            std::string("promtail.yaml:4: syslog: listen_protocol must be tcp or udp, not \"sctp\""));
        QCOMPARE(error("scrape_configs:\n  - job_name: s\n    syslog:\n      syslog_format: cef\n"),
            std::string("promtail.yaml:4: syslog: syslog_format must be rfc5424 or rfc3164, not \"cef\""));
        auto udp = parse("scrape_configs:\n  - job_name: s\n    syslog:\n      listen_protocol: udp\n      syslog_format: rfc3164\n");
        QVERIFY(udp.jobs.at(0).syslog->udp && udp.jobs.at(0).syslog->rfc3164);
        QVERIFY(!defaults.jobs.at(0).syslog->udp && !defaults.jobs.at(0).syslog->rfc3164);
        QCOMPARE(error("scrape_configs:\n  - job_name: s\n    syslog:\n      listen_address: nowhere\n"),
            std::string("promtail.yaml:4: syslog: listen_address \"nowhere\": no port"));
    }

    void receivesOverLoopbackTcp()
    {
        Run run(parse(R"(global:
  file_watch_config:
    min_poll_frequency: 20ms
scrape_configs:
  - job_name: incoming
    syslog:
      listen_address: 127.0.0.1:0
      label_structured_data: true
      use_incoming_timestamp: true
      labels:
        job: syslog
    relabel_configs:
      - source_labels: [__syslog_message_app_name]
        target_label: app
      - source_labels: [__syslog_message_severity]
        target_label: level
      - source_labels: [__syslog_message_facility]
        target_label: facility
      - source_labels: [__syslog_message_hostname]
        target_label: host
      - source_labels: [__syslog_message_sd_origin_32473_region]
        target_label: region
      - source_labels: [__syslog_connection_ip_address]
        target_label: peer
    pipeline_stages:
      - logfmt: {mapping: {user: user}}
      - labels: {user: }
  - job_name: raw
    syslog:
      listen_address: 127.0.0.1:0
      use_rfc5424_message: true
      labels:
        job: raw
)"));
        QVERIFY(!run.collector.start());
        QCOMPARE(run.collector.syslogTargets().size(), std::size_t(2));
        const quint16 port = run.collector.syslogTargets()[0]->port();
        const quint16 rawPort = run.collector.syslogTargets()[1]->port();
        QVERIFY(port != 0 && rawPort != 0 && port != rawPort);

        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(socket.waitForConnected(5000));
        const std::string first = octetCounted("<14>1 2024-05-01T10:00:01Z web1 api 123 - [origin@32473 region=\"eu\"] user=ann GET /");
        const std::string second = octetCounted("<11>1 2024-05-01T10:00:02.5Z web1 api 123 - - user=bob boom");
        QVERIFY(send(socket, first + second.substr(0, 10))); // two frames, the second split across writes
        QVERIFY(send(socket, second.substr(10) + "<190>1 2024-05-01T10:00:03Z db1 pg - - - checkpoint\n"
                                                 "not syslog at all\n"));
        const QStringList expected {
            uR"({app="api", facility="user", host="web1", job="syslog", level="error", peer="127.0.0.1", user="bob"} 2500000000 user=bob boom)"_s,
            uR"({app="api", facility="user", host="web1", job="syslog", level="informational", peer="127.0.0.1", region="eu", user="ann"} 1000000000 user=ann GET /)"_s,
            uR"({app="pg", facility="local7", host="db1", job="syslog", level="informational", peer="127.0.0.1"} 3000000000 checkpoint)"_s,
        };
        QTRY_COMPARE_WITH_TIMEOUT(run.got, expected, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(run.collector.syslogTargets()[0]->invalidMessages(), std::uint64_t(1), 5000);

        QTcpSocket rawSocket; // receive time, whole message as the line; the last frame ends with the connection
        rawSocket.connectToHost(QHostAddress::LocalHost, rawPort);
        QVERIFY(rawSocket.waitForConnected(5000));
        QVERIFY(send(rawSocket, "<13>1 2024-05-01T10:00:04Z h app - - - last words"));
        rawSocket.disconnectFromHost();
        QTRY_COMPARE_WITH_TIMEOUT(run.got.size(), 4, 5000);
        QCOMPARE(run.got.last(), uR"({job="raw"} now <13>1 2024-05-01T10:00:04Z h app - - - last words)"_s);
        run.collector.stop();
    }

    void receivesRfc3164OverLoopbackUdp()
    {
        Run run(parse(R"(global:
  file_watch_config:
    min_poll_frequency: 20ms
scrape_configs:
  - job_name: bsd
    syslog:
      listen_address: 127.0.0.1:0
      listen_protocol: udp
      syslog_format: rfc3164
      use_incoming_timestamp: true
      labels:
        job: bsd
    relabel_configs:
      - source_labels: [__syslog_message_app_name]
        target_label: app
      - source_labels: [__syslog_message_hostname]
        target_label: host
      - source_labels: [__syslog_message_severity]
        target_label: level
)"));
        QVERIFY(!run.collector.start());
        QCOMPARE(run.collector.syslogTargets().size(), std::size_t(1));
        const quint16 port = run.collector.syslogTargets()[0]->port();
        QVERIFY(port != 0);
        // The message's own time (no year: this year), seconds ago.
        const std::string stamp = QDateTime::currentDateTimeUtc().addSecs(-5).toString(u"MMM d hh:mm:ss"_s).toStdString();
        QUdpSocket sender;
        for (const std::string& datagram : { "<11>" + stamp + " web1 nginx[42]: upstream timed out\n",
                 "<14>" + stamp + " db1 postgres: checkpoint complete", std::string("<14>not a bsd syslog line") }) {
            QCOMPARE(sender.writeDatagram(datagram.data(), qint64(datagram.size()), QHostAddress::LocalHost, port),
                qint64(datagram.size()));
        }
        const QStringList expected {
            uR"({app="nginx", host="web1", job="bsd", level="error"} now upstream timed out)"_s,
            uR"({app="postgres", host="db1", job="bsd", level="informational"} now checkpoint complete)"_s,
        };
        QTRY_COMPARE_WITH_TIMEOUT(run.got, expected, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(run.collector.syslogTargets()[0]->invalidMessages(), std::uint64_t(1), 5000);
        run.collector.stop();
    }

    void manyFramesPauseTheConnection()
    {
        PromtailConfig c = parse("global:\n  file_watch_config:\n    min_poll_frequency: 20ms\nscrape_configs:\n"
                                 "  - job_name: s\n    syslog:\n      listen_address: 127.0.0.1:0\n"
                                 "      use_incoming_timestamp: true\n      labels: {job: s}\n");
        c.readBatchBytes = 1024; // the 64 KiB floor applies: ~2 MB pause the connection many times
        LogCollector collector(std::move(c));
        std::vector<TimestampNs> ts;
        QObject::connect(&collector, &LogCollector::linesCollected, &collector, [&](const logs::PushBatch& b) {
            for (const auto& s : b.streams)
                for (const auto& e : s.entries)
                    ts.push_back(e.ts);
        });
        QVERIFY(!collector.start());
        constexpr int Messages = 20'000;
        std::string data;
        for (int i = 0; i < Messages; ++i) {
            char stamp[64];
            std::snprintf(stamp, sizeof stamp, "2024-05-01T10:%02d:%02d.%06dZ", i / 60000, (i / 1000) % 60, i % 1000 * 1000);
            const std::string msg = "<14>1 " + std::string(stamp) + " host app - - - message number " + std::to_string(i)
                + " with some padding to make it longer";
            data += i % 2 ? octetCounted(msg) : msg + "\n";
        }
        QElapsedTimer timer;
        timer.start();
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, collector.syslogTargets()[0]->port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write(data.data(), qint64(data.size()));
        QTRY_COMPARE_WITH_TIMEOUT(int(ts.size()), Messages, 20000);
        qInfo("%d syslog messages (%.1f MB) in %lld ms", Messages, double(data.size()) / 1e6, static_cast<long long>(timer.elapsed()));
        std::sort(ts.begin(), ts.end());
        for (int i = 0; i < Messages; ++i)
            QCOMPARE(ts[std::size_t(i)], T0 + TimestampNs(i / 1000) * 1'000'000'000 + TimestampNs(i % 1000) * 1'000'000);
        collector.stop();
    }

    void idleConnectionsAreClosed()
    {
        Run run(parse("scrape_configs:\n  - job_name: s\n    syslog:\n      listen_address: 127.0.0.1:0\n"
                      "      idle_timeout: 100ms\n      labels: {job: s}\n"));
        QVERIFY(!run.collector.start());
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, run.collector.syslogTargets()[0]->port());
        QVERIFY(socket.waitForConnected(5000));
        QVERIFY(send(socket, "<13>1 - h a - - - still here\n"));
        QTRY_COMPARE_WITH_TIMEOUT(run.got.size(), 1, 5000); // the connection was accepted and read
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
        QCOMPARE(run.collector.syslogTargets()[0]->connections(), 0);
        run.collector.stop();
    }

    void addressInUseIsAnError()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        LogCollector collector(parse("scrape_configs:\n  - job_name: s\n    syslog:\n      listen_address: 127.0.0.1:"
            + std::to_string(taken.serverPort()) + "\n"));
        const auto error = collector.start();
        QVERIFY(error);
        QVERIFY2(error->message.starts_with("syslog target s: cannot listen on 127.0.0.1:"), error->message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestSyslogTarget)
#include "tst_syslog_target.moc"
