// Log forwarding end to end, with real processes: one `sightglass serve` tails a file and forwards it through its
// Promtail config's `clients:` to a second `sightglass serve` acting as the team's Loki (tenant and bearer token
// required). The receiver is stopped for a while in the middle and the forwarding Sightglass is SIGKILLed once and
// restarted; at the end the receiver holds every line written, and so does the local store. Lines sent twice
// after the kill are harmless (the check is on the set of lines).

#include "tests/api/http_helpers.h"
#include "tests/common/run_sightglass.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sg::testing;

namespace {

constexpr int LinesPerRound = 300;

struct Server
{
    QProcess process;
    QUrl base;
    QStringList args;

    bool start(QNetworkAccessManager& nam)
    {
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.setStandardOutputFile(QProcess::nullDevice());
        process.start(sightglassBinary(), args);
        if (!process.waitForStarted())
            return false;
        for (int i = 0; i < 300 && process.state() == QProcess::Running; ++i) {
            if (httpGet(nam, base, u"/-/ready"_s).status == 200)
                return true;
            QTest::qWait(50);
        }
        return false;
    }
};

} // namespace

class TestLogForwarding : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QNetworkAccessManager m_nam;

    void write(int first, int count)
    {
        QFile f(m_dir.filePath(u"app.log"_s));
        QVERIFY(f.open(QIODevice::Append));
        for (int i = first; i < first + count; ++i)
            f.write("forwarded line " + QByteArray::number(i) + " level=info\n");
    }

    /// The distinct lines of {job="fwd"} a server holds, and the label sets of their streams.
    QSet<QString> linesOn(const QUrl& base, QSet<QString>* streams = nullptr)
    {
        QUrlQuery q;
        q.addQueryItem(u"query"_s, uR"({job="fwd"})"_s);
        q.addQueryItem(u"start"_s, QString::number((QDateTime::currentMSecsSinceEpoch() - 3600'000) * 1'000'000));
        q.addQueryItem(u"end"_s, QString::number((QDateTime::currentMSecsSinceEpoch() + 60'000) * 1'000'000));
        q.addQueryItem(u"limit"_s, u"100000"_s);
        const HttpResult r = httpGet(m_nam, base, u"/loki/api/v1/query_range"_s, q);
        QSet<QString> out;
        for (const auto& s : r.json().value(u"data"_s).toObject().value(u"result"_s).toArray()) {
            if (streams)
                streams->insert(QString::fromUtf8(QJsonDocument(s.toObject().value(u"stream"_s).toObject()).toJson(QJsonDocument::Compact)));
            for (const auto& v : s.toObject().value(u"values"_s).toArray())
                out.insert(v.toArray().at(1).toString());
        }
        return out;
    }

    bool waitForLines(const QUrl& base, int count, int timeoutMs)
    {
        for (QElapsedTimer t; !t.isValid() || t.elapsed() < timeoutMs; QTest::qWait(200)) {
            if (!t.isValid())
                t.start();
            if (linesOn(base).size() >= count)
                return true;
        }
        return false;
    }

private Q_SLOTS:
    void everyLineReachesTheRemoteThroughAnOutageAndAKill()
    {
        const quint16 receiverPort = freePort();
        const quint16 senderPort = freePort();
        const QString promtail = m_dir.filePath(u"promtail.yaml"_s);
        {
            QFile f(promtail);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QStringLiteral("positions:\n  filename: %1\n  sync_period: 300ms\n"
                                   "clients:\n  - url: http://127.0.0.1:%2/loki/api/v1/push\n    tenant_id: team-a\n"
                                   "    bearer_token: push-token\n    batchwait: 200ms\n    external_labels: {forwarded_by: laptop}\n"
                                   "    backoff_config: {min_period: 100ms, max_period: 1s, max_retries: 0}\n"
                                   "scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: [localhost]\n"
                                   "        labels: {job: fwd, __path__: %3}\n")
                        .arg(m_dir.filePath(u"positions.yaml"_s))
                        .arg(receiverPort)
                        .arg(m_dir.filePath(u"app.log"_s))
                        .toUtf8());
        }
        Server receiver;
        receiver.base = QUrl(u"http://127.0.0.1:%1"_s.arg(receiverPort));
        receiver.args = { u"serve"_s, u"--no-demo"_s, u"--listen"_s, u"127.0.0.1:%1"_s.arg(receiverPort), u"--data-dir"_s,
            m_dir.filePath(u"receiver"_s), u"--loki.tenant"_s, u"team-a"_s, u"--loki.push-token"_s, u"push-token"_s };
        Server sender;
        sender.base = QUrl(u"http://127.0.0.1:%1"_s.arg(senderPort));
        sender.args = { u"serve"_s, u"--no-demo"_s, u"--listen"_s, u"127.0.0.1:%1"_s.arg(senderPort), u"--data-dir"_s,
            m_dir.filePath(u"sender"_s), u"--promtail-config"_s, promtail };
        QVERIFY(receiver.start(m_nam));
        QVERIFY(sender.start(m_nam));

        write(0, LinesPerRound);
        QVERIFY2(waitForLines(receiver.base, LinesPerRound, 30'000), "the first lines did not reach the receiver");

        // The team's Loki goes away; lines go on being written and are kept for it.
        receiver.process.terminate();
        QVERIFY(receiver.process.waitForFinished(30'000));
        write(LinesPerRound, LinesPerRound);
        QVERIFY(waitForLines(sender.base, 2 * LinesPerRound, 30'000)); // the local store has them at once
        QTest::qWait(1500); // pushes fail and are retried

        // The forwarding Sightglass is killed while it still holds lines the remote has not taken.
        sender.process.kill();
        QVERIFY(sender.process.waitForFinished(10'000));
        QVERIFY(sender.start(m_nam));
        write(2 * LinesPerRound, LinesPerRound);
        QTest::qWait(1000);

        QVERIFY(receiver.start(m_nam));
        QSet<QString> streams;
        QVERIFY2(waitForLines(receiver.base, 3 * LinesPerRound, 60'000),
            qPrintable(u"the receiver holds %1 of %2 lines"_s.arg(linesOn(receiver.base).size()).arg(3 * LinesPerRound)));
        const QSet<QString> remote = linesOn(receiver.base, &streams);
        const QSet<QString> local = linesOn(sender.base);
        for (int i = 0; i < 3 * LinesPerRound; ++i) {
            const QString line = u"forwarded line %1 level=info"_s.arg(i);
            QVERIFY2(remote.contains(line), qPrintable(u"missing on the receiver: "_s + line));
            QVERIFY2(local.contains(line), qPrintable(u"missing locally: "_s + line));
        }
        for (const QString& s : std::as_const(streams))
            QVERIFY2(s.contains(uR"("forwarded_by":"laptop")"_s), qPrintable(s)); // external_labels attached

        sender.process.terminate();
        receiver.process.terminate();
        QVERIFY(sender.process.waitForFinished(30'000));
        QVERIFY(receiver.process.waitForFinished(30'000));
    }
};

QTEST_GUILESS_MAIN(TestLogForwarding)
#include "tst_log_forwarding.moc"
