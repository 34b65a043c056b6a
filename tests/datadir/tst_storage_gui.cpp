// The GUI shows a store that cannot keep data: a real workbench whose metric store cannot open (its folder is a
// file) keeps running, the status bar names the store, the path and the reason in red, and a click opens the
// Storage dialog, where the retention can be changed (validated, written to the data dir's storage.yml).
#include "app/main_window.h"
#include "core/datadir/settings.h"
#include "core/services/workbench.h"

#include <QApplication>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

class TestStorageGui : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void failedStoreIsShownAndRetentionEdited()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(u"metrics"_s));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        services::WorkbenchOptions options;
        options.dataDir = dir.path();
        options.demo = false;
        services::Workbench workbench(options);
        QVERIFY(!workbench.start()); // the GUI keeps running
        const auto health = workbench.storageHealth();
        QCOMPARE(health.size(), std::size_t(2));
        QVERIFY(health[0].failed() && health[0].openFailed);
        QVERIFY(!health[1].failed());

        MainWindow window(workbench.queryClient(), workbench.dashboardsDir());
        window.setStorage([&workbench](bool withDiskBytes) { return workbench.storageHealth(withDiskBytes); },
            workbench.dataDir(), workbench.startNotes());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* status = window.storageStatus();
        QVERIFY(status && status->isVisible());
        QVERIFY(status->showsFailure());
        QVERIFY2(status->text().contains(dir.filePath(u"metrics"_s)) && status->text().contains(u"Not a directory"_s),
            qPrintable(status->text()));

        QTest::mouseClick(status, Qt::LeftButton);
        auto* dialog = window.findChild<ui::StorageDialog*>(u"storageDialog"_s);
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        auto* table = dialog->table();
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, 0)->text(), u"metrics"_s);
        QVERIFY2(table->item(0, 2)->text().startsWith(u"FAILED: cannot open"_s), qPrintable(table->item(0, 2)->text()));
        QCOMPARE(table->item(1, 2)->text(), u"OK"_s);
        QCOMPARE(table->item(0, 3)->text(), u"15d, no size limit"_s);

        auto* time = dialog->retentionField(u"logs"_s, false);
        auto* save = dialog->findChild<QPushButton*>(u"saveRetention"_s);
        QVERIFY(time && save);
        time->selectAll();
        QTest::keyClicks(time, u"a month"_s);
        QTest::mouseClick(save, Qt::LeftButton);
        QVERIFY2(dialog->message().contains(u"logs time"_s), qPrintable(dialog->message()));
        time->selectAll();
        QTest::keyClicks(time, u"30d"_s);
        QTest::mouseClick(save, Qt::LeftButton);
        QVERIFY2(dialog->message().startsWith(u"Saved"_s), qPrintable(dialog->message()));
        const auto saved = datadir::loadSettings(dir.filePath(u"storage.yml"_s));
        QVERIFY(saved.ok());
        QCOMPARE(saved->logs.time, 30LL * 24 * 3600 * 1000);
        QCOMPARE(saved->metrics.time, 15LL * 24 * 3600 * 1000);
        if (!qEnvironmentVariableIsEmpty("SG_SCREENSHOT_DIR")) {
            window.grab().save(qEnvironmentVariable("SG_SCREENSHOT_DIR") + u"/storage-status.png"_s);
            dialog->grab().save(qEnvironmentVariable("SG_SCREENSHOT_DIR") + u"/storage-dialog.png"_s);
        }
        dialog->close();
    }

    void healthyStoresSayOk()
    {
        QTemporaryDir dir;
        services::WorkbenchOptions options;
        options.dataDir = dir.path();
        options.demo = false;
        services::Workbench workbench(options);
        QVERIFY(!workbench.start());
        MainWindow window(workbench.queryClient(), workbench.dashboardsDir());
        window.setStorage([&workbench](bool withDiskBytes) { return workbench.storageHealth(withDiskBytes); },
            workbench.dataDir());
        QVERIFY(!window.storageStatus()->showsFailure());
        QCOMPARE(window.storageStatus()->text(), u"Stores OK"_s);
    }
};

QTEST_MAIN(TestStorageGui)
#include "tst_storage_gui.moc"
