// Crash safety through HTTP: `sightglass serve --data-dir` is killed with SIGKILL in the middle of a push storm and
// restarted on the same directory; every line whose push got 204 must be queryable.
#include "http_helpers.h"

#include "core/common/time.h"

#include <QJsonArray>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace sg::testing;

class TestLokiCrash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sigkillDuringPushStorm();

private:
    bool startServer(QProcess& process, const QString& dir, quint16 port);
    QNetworkAccessManager m_nam;
};

bool TestLokiCrash::startServer(QProcess& process, const QString& dir, quint16 port)
{
    process.setProgram(QStringLiteral(SG_BINARY));
    process.setArguments({ u"serve"_s, u"--listen"_s, u"127.0.0.1:"_s + QString::number(port), u"--data-dir"_s, dir,
        u"--no-demo"_s });
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start();
    if (!process.waitForStarted(5000))
        return false;
    QUrl base(u"http://127.0.0.1:"_s + QString::number(port));
    for (int i = 0; i < 200; ++i) {
        if (httpGet(m_nam, base, u"/ready"_s).status == 200)
            return true;
        QTest::qWait(50);
    }
    return false;
}

void TestLokiCrash::sigkillDuringPushStorm()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const quint16 port = freePort();
    const QUrl base(u"http://127.0.0.1:"_s + QString::number(port));
    QProcess server;
    QVERIFY2(startServer(server, dir.path(), port), "sightglass serve did not become ready");

    // The storm: batches of 500 lines on 4 streams, four pushes in flight at a time (the server group-commits
    // them), a new one as soon as one is answered; a timer kills the server while pushes are in flight.
    constexpr int LinesPerBatch = 500;
    constexpr int InFlight = 4;
    const qint64 baseNs = (sg::nowMs() - 60'000) * 1'000'000;
    qint64 seq = 0;
    int batch = 0;
    int inFlight = 0;
    QSet<QString> acknowledged;
    int failed = 0;
    bool killed = false;
    QTimer::singleShot(1500, this, [&] {
        ::kill(pid_t(server.processId()), SIGKILL);
        killed = true;
    });
    std::function<void()> sendNext = [&] {
        if (killed || batch >= 100'000)
            return;
        QByteArray body = R"({"streams":[)";
        QStringList lines;
        for (int s = 0; s < 4; ++s) {
            body += QByteArray(s ? "," : "") + R"({"stream":{"job":"crash","shard":")" + QByteArray::number(s)
                + R"("},"values":[)";
            for (int i = 0; i < LinesPerBatch / 4; ++i) {
                const QByteArray text = "batch " + QByteArray::number(batch) + " line " + QByteArray::number(seq);
                body += QByteArray(i ? "," : "") + "[\"" + QByteArray::number(baseNs + seq) + "\",\"" + text + "\"]";
                lines << QString::fromLatin1(text);
                ++seq;
            }
            body += "]}";
        }
        body += "]}";
        ++batch;
        QNetworkRequest request(QUrl(base.toString() + u"/loki/api/v1/push"_s));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        QNetworkReply* reply = m_nam.post(request, body);
        ++inFlight;
        connect(reply, &QNetworkReply::finished, this, [&, reply, lines] {
            --inFlight;
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 204) {
                for (const auto& l : lines)
                    acknowledged.insert(l);
            } else {
                ++failed;
            }
            reply->deleteLater();
            sendNext();
        });
    };
    for (int i = 0; i < InFlight; ++i)
        sendNext();
    QTRY_VERIFY_WITH_TIMEOUT(killed && inFlight == 0, 30'000);
    QVERIFY(killed);
    if (server.state() != QProcess::NotRunning)
        QVERIFY(server.waitForFinished(5000));
    QCOMPARE(server.exitStatus(), QProcess::CrashExit);
    QVERIFY2(acknowledged.size() >= 10 * LinesPerBatch, "too few batches acknowledged before the kill");

    QProcess restarted;
    QVERIFY2(startServer(restarted, dir.path(), port), "sightglass serve did not restart on the same directory");
    QUrlQuery q;
    q.addQueryItem(u"query"_s, u"{job=\"crash\"}"_s);
    q.addQueryItem(u"start"_s, QString::number(baseNs - 1'000'000'000));
    q.addQueryItem(u"end"_s, QString::number(baseNs + seq + 1'000'000'000));
    q.addQueryItem(u"limit"_s, QString::number(seq + 10));
    q.addQueryItem(u"direction"_s, u"forward"_s);
    const auto r = httpGet(m_nam, base, u"/loki/api/v1/query_range"_s, q);
    QCOMPARE(r.status, 200);
    QSet<QString> stored;
    for (const auto& s : r.json().value(u"data").toObject().value(u"result").toArray())
        for (const auto& v : s.toObject().value(u"values").toArray())
            stored.insert(v.toArray().at(1).toString());
    int missing = 0;
    for (const auto& l : std::as_const(acknowledged))
        if (!stored.contains(l))
            ++missing;
    qInfo("%lld acknowledged lines, %lld stored after restart, %d pushes failed at the kill", qlonglong(acknowledged.size()),
        qlonglong(stored.size()), failed);
    QCOMPARE(missing, 0);
    restarted.terminate();
    QVERIFY(restarted.waitForFinished(10'000));
}

QTEST_GUILESS_MAIN(TestLokiCrash)
#include "tst_loki_crash.moc"
