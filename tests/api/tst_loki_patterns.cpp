// Loki's patterns endpoint (`GET /loki/api/v1/patterns`) over real HTTP on loopback, served by a Workbench.
#include "http_helpers.h"

#include "api_workbench.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sg;
using namespace sg::testing;

class TestLokiPatterns : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_workbench = startApiWorkbench();
        QVERIFY(m_workbench);
        m_base = m_workbench->apiUrl();
        QVERIFY(m_base.isValid());

        // 40 request lines a second apart, then 5 errors; all in the last few minutes, on a 10 s boundary.
        m_startS = nowMs() / 1000 / 10 * 10 - 300;
        QByteArray values;
        for (int i = 0; i < 45; ++i) {
            const QByteArray ts = QByteArray::number((m_startS + i) * 1'000'000'000LL);
            const QByteArray line = i < 40 ? "GET /api/items/" + QByteArray::number(100 + i) + " 200 in " + QByteArray::number(i % 7 + 1) + "ms"
                                           : "connection refused by db-" + QByteArray::number(i) + " after retry";
            values += (values.isEmpty() ? "" : ",") + QByteArray("[\"") + ts + "\",\"" + line + "\"]";
        }
        const auto push = httpPost(m_nam, m_base, u"/loki/api/v1/push"_s,
            R"({"streams":[{"stream":{"app":"pat"},"values":[)" + values + "]}]}", "application/json");
        QCOMPARE(push.status, 204);
    }
    void cleanupTestCase() { m_workbench.reset(); }

    void patternsWithSamples()
    {
        const QUrlQuery q { { u"query"_s, u"{app=\"pat\"}"_s }, { u"start"_s, QString::number(m_startS) },
            { u"end"_s, QString::number(m_startS + 60) }, { u"step"_s, u"10s"_s } };
        const auto r = httpGet(m_nam, m_base, u"/loki/api/v1/patterns"_s, q);
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        QCOMPARE(o.value(u"status").toString(), u"success"_s);
        const QJsonArray data = o.value(u"data").toArray();
        QCOMPARE(data.size(), 2);
        // Most lines first; numbers and the varying path are placeholders.
        QCOMPARE(data[0].toObject().value(u"pattern").toString(), u"GET <_> <_> in <_>"_s);
        QCOMPARE(data[1].toObject().value(u"pattern").toString(), u"connection refused by <_> after retry"_s);
        // Each pattern names the level it was mined in, as Loki 3.3 answers (these lines carry none).
        QCOMPARE(data[0].toObject().value(u"level").toString(), u"unknown"_s);
        const QJsonArray samples = data[0].toObject().value(u"samples").toArray();
        QStringList got;
        for (const auto& s : samples)
            got << QStringLiteral("%1:%2").arg(qint64(s.toArray().at(0).toDouble()) - m_startS).arg(s.toArray().at(1).toInt());
        QCOMPARE(got, (QStringList { u"0:10"_s, u"10:10"_s, u"20:10"_s, u"30:10"_s }));
        const QJsonArray errors = data[1].toObject().value(u"samples").toArray();
        QCOMPARE(errors.size(), 1);
        QCOMPARE(qint64(errors[0].toArray().at(0).toDouble()), m_startS + 40);
        QCOMPARE(errors[0].toArray().at(1).toInt(), 5);
    }

    void badRequests()
    {
        QCOMPARE(httpGet(m_nam, m_base, u"/loki/api/v1/patterns"_s).status, 400);
        const auto metric = httpGet(m_nam, m_base, u"/loki/api/v1/patterns"_s,
            QUrlQuery { { u"query"_s, u"count_over_time({app=\"pat\"}[1m])"_s } });
        QCOMPARE(metric.status, 400);
        const auto step = httpGet(m_nam, m_base, u"/loki/api/v1/patterns"_s,
            QUrlQuery { { u"query"_s, u"{app=\"pat\"}"_s }, { u"step"_s, u"soon"_s } });
        QCOMPARE(step.status, 400);
        const auto fine = httpGet(m_nam, m_base, u"/loki/api/v1/patterns"_s,
            QUrlQuery { { u"query"_s, u"{app=\"pat\"}"_s }, { u"start"_s, u"0"_s }, { u"end"_s, u"86400"_s }, { u"step"_s, u"1s"_s } });
        QCOMPARE(fine.status, 400);
        QVERIFY(fine.body.contains("maximum resolution"));
    }

private:
    std::unique_ptr<services::Workbench> m_workbench;
    QNetworkAccessManager m_nam;
    QUrl m_base;
    qint64 m_startS = 0;
};

QTEST_GUILESS_MAIN(TestLokiPatterns)
#include "tst_loki_patterns.moc"
