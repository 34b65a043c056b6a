// Runs Prometheus' own PromQL test scripts and reports per-file pass/fail counts. Only files on the allow-list
// must pass completely; the rest are reported, so that unimplemented features do not fail the build.

#include "tests/common/require_peer.h"
#include "core/promql/promqltest.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace sg::promql;

namespace {

const QString CorpusDir = QStringLiteral(SG_SHARED_TESTDATA "/promqltest");

/// Files that pass completely today; any failed or unsupported eval in one of them is a regression.
const QStringList AllowList = {
    QStringLiteral("collision.test"),
    QStringLiteral("duration_expression.test"),
    QStringLiteral("fill-modifier.test"),
    QStringLiteral("literals.test"),
    QStringLiteral("name_label_dropping.test"),
    QStringLiteral("selectors.test"),
    QStringLiteral("trig_functions.test"),
    QStringLiteral("type_and_unit.test"),
};

/// Files whose float-sample evals all pass; the rest need native histograms or start timestamps, which
/// the store does not hold, so they count as unsupported. A failed eval here is a regression.
const QStringList NoFailureList = {
    QStringLiteral("aggregators.test"),
    QStringLiteral("extended_vectors.test"),
    QStringLiteral("functions.test"),
    QStringLiteral("histograms.test"),
    QStringLiteral("info.test"),
    QStringLiteral("limit.test"),
    QStringLiteral("native_histograms.test"),
    QStringLiteral("operators.test"),
    QStringLiteral("range_queries.test"),
    QStringLiteral("start_timestamps.test"),
};

} // namespace

class TestPromqltestCorpus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        SG_REQUIRE_PEER(QDir(CorpusDir).exists(), "Prometheus test scripts not found in ../shared/testdata/promqltest; skipping the corpus run");
    }

    void corpus_data()
    {
        QTest::addColumn<QString>("file");
        const auto files = QDir(CorpusDir).entryList({ QStringLiteral("*.test") }, QDir::Files, QDir::Name);
        for (const QString& f : files)
            QTest::newRow(qPrintable(f)) << f;
    }

    void corpus()
    {
        QFETCH(QString, file);
        QFile f(CorpusDir + u'/' + file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        const test::ScriptReport report = test::runScript(std::string_view(text.constData(), std::size_t(text.size())));
        qInfo("%s: %d evals, %d passed, %d failed, %d unsupported", qPrintable(file), report.evals, report.passed,
            report.failed, report.unsupported);
        const bool verbose = qEnvironmentVariableIsSet("SG_PROMQLTEST_VERBOSE");
        int shown = 0;
        for (const auto& o : report.outcomes) {
            if (o.passed)
                continue;
            const bool guarded = AllowList.contains(file) || (NoFailureList.contains(file) && !o.unsupported);
            if (verbose || (guarded && shown < 20)) {
                qInfo("  line %d%s: %s -- %s", o.line, o.unsupported ? " (unsupported)" : "", o.query.c_str(),
                    o.message.c_str());
                ++shown;
            }
        }
        QVERIFY(report.evals > 0);
        if (AllowList.contains(file) || NoFailureList.contains(file))
            QCOMPARE(report.failed, 0);
        if (AllowList.contains(file))
            QCOMPARE(report.unsupported, 0);
    }
};

QTEST_GUILESS_MAIN(TestPromqltestCorpus)
#include "tst_promqltest_corpus.moc"
