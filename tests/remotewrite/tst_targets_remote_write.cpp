// The Targets page shows one line per remote_write queue (and nothing when there is none).

#include "core/remotewrite/remote_storage.h"
#include "ui/pages/targets_page.h"

#include <QLabel>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sg;

class TestTargetsRemoteWrite : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void linePerRemote();
};

void TestTargetsRemoteWrite::linePerRemote()
{
    ui::TargetsPage page;
    page.setSource([] { return std::make_pair(std::vector<scrape::TargetStatus> {}, std::vector<scrape::DroppedTarget> {}); });
    page.show();
    auto* label = page.findChild<QLabel*>(u"targetsRemoteWrite"_s);
    QVERIFY(label);
    page.refresh();
    QVERIFY(!label->isVisible());

    remotewrite::QueueStatus status;
    status.name = "team";
    status.url = "http://mimir:9009/api/v1/push";
    status.samplesSent = 1200;
    status.samplesFailed = 3;
    status.samplesRetried = 40;
    status.pending = 7;
    status.shards = 2;
    status.lastError = "HTTP 500: overloaded";
    page.setRemoteWriteSource([status] { return QStringList { QString::fromStdString(remotewrite::describeQueue(status)) }; });
    page.refresh();
    QVERIFY(label->isVisible());
    QCOMPARE(label->text(), QString::fromUtf8("remote_write team \u2192 http://mimir:9009/api/v1/push: 1200 samples sent, 3 failed, "
                                              "40 retried, 7 pending, 2 shards; last error: HTTP 500: overloaded"));
}

QTEST_MAIN(TestTargetsRemoteWrite)
#include "tst_targets_remote_write.moc"
