// The PromQL formatter against a real Prometheus 2.42 (Debian's prometheus package): for every query of the shared
// promqltest scripts and dashboards that has no comments and that Prometheus accepts, our formatQuery must equal
// Prometheus' /api/v1/format_query answer. Template variables outside strings, which Prometheus rejects, are sent
// as the placeholders the formatter parses in their place. Known differences are listed with their reason; the
// counts are printed.

#include "tests/common/query_corpus.h"
#include "tests/common/require_peer.h"
#include "core/promql/format.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrlQuery>

#include <map>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {

/// Queries where Prometheus 2.42's answer is not ours, by query text, with the reason.
const std::map<QString, QString> KnownDifferences = {
};

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

struct Answer
{
    bool ok = false;
    QString text; ///< the formatted query, or Prometheus' error
};

} // namespace

class TestFormatAgreement : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void agreesWithPrometheus();

private:
    Answer prometheusFormat(const QString& query);

    QTemporaryDir m_dir;
    QProcess m_prometheus;
    QUrl m_url;
    QNetworkAccessManager m_network;
};

void TestFormatAgreement::initTestCase()
{
    SG_REQUIRE_PEER(
        QDir(sg::testing::sharedTestdata()).exists(), "../shared/testdata is absent: no queries to compare");
    const QString binary = QStandardPaths::findExecutable(u"prometheus"_s);
    SG_REQUIRE_PEER(
        !binary.isEmpty(), "prometheus is not installed (Debian package: prometheus); scripts/setup installs it");
    QVERIFY(m_dir.isValid());
    QFile config(m_dir.filePath(u"prometheus.yml"_s));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("global:\n  scrape_interval: 1h\nscrape_configs: []\n");
    config.close();
    const quint16 port = freePort();
    m_url = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
    m_prometheus.setProcessChannelMode(QProcess::MergedChannels);
    m_prometheus.start(binary,
        { u"--config.file="_s + config.fileName(), u"--storage.tsdb.path="_s + m_dir.filePath(u"data"_s),
            u"--web.listen-address=127.0.0.1:%1"_s.arg(port) });
    QVERIFY(m_prometheus.waitForStarted());
    for (int i = 0; i < 300; ++i) {
        QNetworkReply* reply = m_network.get(QNetworkRequest(QUrl(m_url.toString() + u"/-/ready"_s)));
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const bool ready = reply->error() == QNetworkReply::NoError;
        reply->deleteLater();
        if (ready)
            return;
        QVERIFY2(m_prometheus.state() == QProcess::Running, m_prometheus.readAll().constData());
        QThread::msleep(100);
    }
    QFAIL("prometheus did not become ready in 30 s");
}

void TestFormatAgreement::cleanupTestCase()
{
    if (m_prometheus.state() == QProcess::Running) {
        m_prometheus.terminate();
        if (!m_prometheus.waitForFinished(10'000))
            m_prometheus.kill();
    }
}

Answer TestFormatAgreement::prometheusFormat(const QString& query)
{
    QUrlQuery form;
    form.addQueryItem(u"query"_s, QString::fromLatin1(QUrl::toPercentEncoding(query)));
    QNetworkRequest request(QUrl(m_url.toString() + u"/api/v1/format_query"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/x-www-form-urlencoded"_s);
    QNetworkReply* reply = m_network.post(request, form.toString(QUrl::FullyEncoded).toUtf8());
    QEventLoop loop;
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    if (body.value(u"status"_s).toString() == u"success"_s)
        return { true, body.value(u"data"_s).toString() };
    return { false, body.value(u"error"_s).toString() };
}

void TestFormatAgreement::agreesWithPrometheus()
{
    std::vector<sg::testing::CorpusQuery> queries = sg::testing::promqltestQueries();
    for (auto& q : sg::testing::dashboardExpressions())
        queries.push_back(std::move(q));
    int compared = 0, agreed = 0, known = 0, withVariables = 0, withComments = 0, notOurs = 0, rejected = 0;
    QStringList disagreements;
    for (const auto& q : queries) {
        const QByteArray utf8 = q.text.toUtf8();
        const std::string_view text(utf8.constData(), std::size_t(utf8.size()));
        const TemplatedQuery templated(text);
        if (!findQueryComments(text).empty()) {
            ++withComments;
            continue;
        }
        // A query with variables is compared with the placeholders that stand for them while it is parsed
        // (`__sgvar0__`, `9876543210000ms`): plain PromQL to Prometheus, and the same layout.
        const QString query = QString::fromStdString(templated.text());
        const auto ours = promql::formatQuery(templated.text());
        if (!ours.ok()) {
            ++notOurs; // LogQL targets and eval_fail queries
            continue;
        }
        const Answer theirs = prometheusFormat(query);
        if (!theirs.ok) {
            ++rejected; // syntax 2.42 does not have
            continue;
        }
        ++compared;
        if (!templated.variables().empty())
            ++withVariables;
        const QString mine = QString::fromStdString(*ours);
        if (mine == theirs.text) {
            ++agreed;
        } else if (KnownDifferences.count(query)) {
            ++known;
        } else {
            disagreements << u"%1: %2\n  prometheus: %3\n  sightglass: %4"_s.arg(q.origin, query, theirs.text, mine);
        }
    }
    qInfo("%d queries: %d compared with Prometheus 2.42 (%d of them with placeholders for their template variables), "
          "%d agree, %d listed differences; not compared: %d with comments, %d we do not parse as PromQL (LogQL "
          "targets, eval_fail queries), %d Prometheus 2.42 rejects (later syntax)",
        int(queries.size()), compared, withVariables, agreed, known, withComments, notOurs, rejected);
    QVERIFY2(disagreements.isEmpty(),
        qPrintable(u"%1 disagreements:\n"_s.arg(disagreements.size()) + disagreements.join(u"\n"_s)));
    QVERIFY(compared > 500);
}

QTEST_GUILESS_MAIN(TestFormatAgreement)
#include "tst_format_agreement.moc"
