#include "ui/panels/text/text_plugin.h"
#include "ui/panels/text/text_view.h"

#include <QImage>
#include <QJsonDocument>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>

#include <memory>

using namespace Qt::StringLiterals;
using namespace sg;

namespace {

dashboards::Panel panel(const QString& mode, const QString& content)
{
    QJsonObject options { { u"mode"_s, mode } };
    if (!content.isNull())
        options.insert(u"content"_s, content);
    return dashboards::Panel(QJsonObject { { u"type"_s, u"text"_s }, { u"options"_s, options } });
}

} // namespace

class TestText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void plugin();
    void markdown();
    void html_data();
    void html();
    void code();
    void defaultContent();
    void noNetwork();
    void screenshot();
};

void TestText::plugin()
{
    const auto p = ui::makeTextPlugin();
    QVERIFY(p);
    QCOMPARE(p->id(), u"text"_s);
    QCOMPARE(p->name(), u"Text"_s);
    QCOMPARE(p->queryKind(), ui::PanelQueryKind::None);
    QCOMPARE(p->defaultOptions().value(u"mode").toString(), u"markdown"_s);
    QVERIFY(p->defaultOptions().value(u"content").toString().startsWith(u"# Title"_s));
    std::unique_ptr<ui::PanelView> v(p->createView(nullptr));
    QVERIFY(qobject_cast<ui::TextView*>(v.get()));
}

void TestText::markdown()
{
    ui::TextView view;
    view.setPanel(panel(u"markdown"_s, u"# Runbook\n\nCheck **disk** usage.\n\n- one\n- two\n"_s));
    const QString text = view.plainText();
    QVERIFY(text.startsWith(u"Runbook"_s));
    QVERIFY(text.contains(u"Check disk usage."_s));
    QVERIFY(!text.contains(u"**"_s));
    QCOMPARE(view.browser()->document()->firstBlock().blockFormat().headingLevel(), 1);
    QCOMPARE(view.summary(), u"markdown, 46 characters"_s);
    QCOMPARE(view.seriesCount(), 0);
}

void TestText::html_data()
{
    QTest::addColumn<QString>("html");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<QString>("hidden");
    QTest::addRow("bold") << u"<p><b>hi</b> there</p>"_s << u"hi there"_s << u"<b>"_s;
    QTest::addRow("script stripped") << u"<p>ok</p><script>alert('x')</script>"_s << u"ok"_s << u"alert"_s;
    QTest::addRow("style stripped") << u"<style>p{color:red}</style><p>styled</p>"_s << u"styled"_s << u"color"_s;
    QTest::addRow("handler stripped") << u"<p onclick=\"steal()\">click</p>"_s << u"click"_s << u"steal"_s;
}

void TestText::html()
{
    QFETCH(QString, html);
    QFETCH(QString, shown);
    QFETCH(QString, hidden);
    QVERIFY(!ui::TextView::sanitizeHtml(html).contains(hidden) || hidden == u"<b>");
    ui::TextView view;
    view.setPanel(panel(u"html"_s, html));
    QVERIFY(view.plainText().contains(shown));
    QVERIFY(!view.plainText().contains(hidden));
}

void TestText::code()
{
    ui::TextView view;
    view.setPanel(panel(u"code"_s, u"# not a heading\nx = 1"_s));
    QCOMPARE(view.plainText(), u"# not a heading\nx = 1"_s);
    QVERIFY(view.browser()->document()->defaultFont().fixedPitch()
        || QFontInfo(view.browser()->document()->defaultFont()).fixedPitch());
}

void TestText::defaultContent()
{
    ui::TextView view;
    view.setPanel(panel(u"markdown"_s, QString()));
    QVERIFY(view.plainText().startsWith(u"Title"_s));
    view.setPanel(panel(u"markdown"_s, u""_s)); // explicitly empty stays empty
    QVERIFY(view.plainText().isEmpty());
}

void TestText::noNetwork()
{
    ui::TextView view;
    view.resize(300, 200);
    view.setPanel(panel(u"markdown"_s, u"![logo](https://example.com/logo.png)\n\ntext"_s));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.grab();
    QVERIFY(view.browser()->blockedLoads() >= 1);
    QVERIFY(view.plainText().contains(u"text"_s));
}

void TestText::screenshot()
{
    ui::TextView view;
    view.resize(420, 260);
    view.setPanel(panel(u"markdown"_s,
        u"## On-call notes\n\nThe **API** latency SLO is *300 ms* at p99. See the "
        "[runbook](https://example.com/runbook).\n\n- Restart with `systemctl restart api`\n"
        "- Escalate after 15 minutes\n\n| Service | Owner |\n|---|---|\n| api | team-a |\n| db | team-b |\n"_s));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.grab().save(u"/tmp/text.png"_s));
}

QTEST_MAIN(TestText)
#include "tst_text.moc"
