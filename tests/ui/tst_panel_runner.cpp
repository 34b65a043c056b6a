#include <QTest>
class TestPanelRunner : public QObject { Q_OBJECT };
QTEST_MAIN(TestPanelRunner)
#include "tst_panel_runner.moc"
