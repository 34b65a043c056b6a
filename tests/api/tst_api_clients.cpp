// Real clients against `sightglass serve`: Prometheus' promtool, and npm's winston-loki (protobuf) and
// pino-loki (JSON). Each part skips with a message when its client is not installed.
#include "tests/common/require_peer.h"
#include "http_helpers.h"

#include <QDir>
#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sg::testing;

class TestApiClients : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void promtoolInstantAndRange();
    void nodeLokiClients();
    void serveStopsOnSigterm();

private:
    QProcess m_serve;
    QNetworkAccessManager m_nam;
    QUrl m_base;
};

void TestApiClients::initTestCase()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    m_serve.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_serve.start(QStringLiteral(SG_BINARY), { u"serve"_s, u"--listen"_s, u"127.0.0.1:"_s + QString::number(port) });
    QVERIFY(m_serve.waitForStarted(5000));
    QTRY_VERIFY_WITH_TIMEOUT(m_serve.canReadLine() || (m_serve.waitForReadyRead(100) && m_serve.canReadLine()), 10000);
    const QString line = QString::fromUtf8(m_serve.readLine()).trimmed();
    QVERIFY2(line.startsWith(u"Sightglass API listening on http://127.0.0.1:"_s), qPrintable(line));
    m_base = QUrl(line.section(u' ', -1));
    // Sightglass scrapes itself at start-up: wait for `up`.
    QTRY_VERIFY_WITH_TIMEOUT(
        httpGet(m_nam, m_base, u"/api/v1/query"_s, QUrlQuery { { u"query"_s, u"up"_s } }).json().value(u"data").toObject().value(u"result").toArray().size() == 1,
        20000);
}

void TestApiClients::cleanupTestCase()
{
    if (m_serve.state() != QProcess::NotRunning) {
        m_serve.kill();
        m_serve.waitForFinished(5000);
    }
}

void TestApiClients::promtoolInstantAndRange()
{
    const QString promtool = QStandardPaths::findExecutable(u"promtool"_s);
    SG_REQUIRE_PEER(!promtool.isEmpty(), "promtool not installed (Debian package `prometheus`); skipping the promtool client check");
    QProcess p;
    p.start(promtool, { u"query"_s, u"instant"_s, m_base.toString(), u"up"_s });
    QVERIFY(p.waitForFinished(20000));
    const QString instant = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(p.exitCode() == 0, qPrintable(instant + QString::fromUtf8(p.readAllStandardError())));
    QVERIFY2(instant.contains(u"job=\"sightglass\""_s) && instant.contains(u"=> 1 @"_s), qPrintable(instant));

    const qint64 end = QDateTime::currentSecsSinceEpoch() + 2; // past the first self-scrape
    const QStringList rangeArgs { u"query"_s, u"range"_s, u"--start"_s, QString::number(end - 60), u"--end"_s, QString::number(end),
        u"--step"_s, u"15s"_s, m_base.toString(), u"up"_s };
    p.start(promtool, rangeArgs);
    QVERIFY(p.waitForFinished(20000));
    const QString range = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(p.exitCode() == 0, qPrintable(range + QString::fromUtf8(p.readAllStandardError())));
    // Same number of points as our own API returns for the same range.
    auto ours = httpGet(m_nam, m_base, u"/api/v1/query_range"_s,
        QUrlQuery { { u"query"_s, u"up"_s }, { u"start"_s, QString::number(end - 60) }, { u"end"_s, QString::number(end) },
            { u"step"_s, u"15s"_s } });
    const int points = ours.json().value(u"data").toObject().value(u"result").toArray().at(0).toObject().value(u"values").toArray().size();
    QVERIFY(points > 0);
    QCOMPARE(int(range.count(u" @["_s)), points);
}

void TestApiClients::nodeLokiClients()
{
    const QString node = QStandardPaths::findExecutable(u"node"_s);
    const QString npm = QStandardPaths::findExecutable(u"npm"_s);
    SG_REQUIRE_PEER(!(node.isEmpty() || npm.isEmpty()), "node/npm not installed; skipping the winston-loki and pino-loki client check");
    // Clients installed by scripts/setup into tests/api/clients/node_modules, else into a temporary dir.
    QString prefix = QStringLiteral(SG_SOURCE_DIR "/tests/api/clients");
    QTemporaryDir temp;
    if (!QDir(prefix + u"/node_modules/winston-loki"_s).exists() || !QDir(prefix + u"/node_modules/pino-loki"_s).exists()) {
        prefix = temp.path();
        QProcess install;
        install.start(npm, { u"install"_s, u"--silent"_s, u"--no-audit"_s, u"--no-fund"_s, u"--prefix"_s, prefix, u"winston"_s,
                               u"winston-loki"_s, u"pino"_s, u"pino-loki"_s });
        SG_REQUIRE_PEER(!(!install.waitForFinished(120000) || install.exitCode() != 0), "npm install of winston-loki/pino-loki failed (no registry access?); skipping the client check");
    }
    const QString script = uR"JS(
const url = process.argv[2];
const winston = require('winston');
const LokiTransport = require('winston-loki');
const pino = require('pino');
const done = (code) => setTimeout(() => process.exit(code), 3000);
const logger = winston.createLogger({ transports: [ new LokiTransport({ host: url, labels: { app: 'winston-client' },
  json: false, batching: false, onConnectionError: (e) => { console.error('winston', e); process.exit(3); } }) ] });
for (let i = 0; i < 5; ++i) logger.info('winston line ' + i);
const transport = pino.transport({ target: 'pino-loki', options: { host: url, labels: { app: 'pino-client' }, batching: false } });
const plog = pino(transport);
for (let i = 0; i < 5; ++i) plog.info('pino line ' + i);
done(0);
)JS"_s;
    QFile js(prefix + u"/push.js"_s);
    QVERIFY(js.open(QIODevice::WriteOnly));
    js.write(script.toUtf8());
    js.close();
    QProcess run;
    run.setWorkingDirectory(prefix);
    run.start(node, { js.fileName(), m_base.toString() });
    QVERIFY(run.waitForFinished(60000));
    QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());

    for (const auto& [app, prefixText] : { std::pair { u"winston-client"_s, u"winston line "_s }, std::pair { u"pino-client"_s, u"pino line "_s } }) {
        QStringList lines;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&]() -> bool {
                lines.clear();
                auto r = httpGet(m_nam, m_base, u"/loki/api/v1/query_range"_s, QUrlQuery { { u"query"_s, u"{app=\""_s + app + u"\"}"_s } });
                for (const auto& s : r.json().value(u"data").toObject().value(u"result").toArray()) {
                    if (s.toObject().value(u"stream").toObject().value(u"app").toString() != app)
                        return false;
                    for (const auto& v : s.toObject().value(u"values").toArray())
                        lines << v.toArray().at(1).toString();
                }
                return lines.size() == 5;
            }(),
            10000);
        for (int i = 0; i < 5; ++i)
            QVERIFY2(std::any_of(lines.begin(), lines.end(), [&](const QString& l) { return l.contains(prefixText + QString::number(i)); }),
                qPrintable(lines.join(u'\n')));
    }
}

void TestApiClients::serveStopsOnSigterm()
{
    m_serve.terminate();
    QVERIFY(m_serve.waitForFinished(10000));
    QCOMPARE(m_serve.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_serve.exitCode(), 0);
    QVERIFY(m_serve.readAllStandardOutput().contains("Sightglass stopped"));
}

QTEST_GUILESS_MAIN(TestApiClients)
#include "tst_api_clients.moc"
