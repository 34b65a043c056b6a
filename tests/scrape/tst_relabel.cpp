#include "core/scrape/relabel.h"

#include <QTest>

using namespace sg;
using namespace sg::scrape;

namespace {

/// "a=foo,b=bar" -> Labels
Labels parse(const QString& text)
{
    std::vector<Label> out;
    const auto parts = text.split(u',', Qt::SkipEmptyParts);
    for (const QString& p : parts) {
        const auto eq = p.indexOf(u'=');
        out.push_back(Label { p.left(eq).toStdString(), p.mid(eq + 1).toStdString() });
    }
    return Labels(std::move(out));
}

QString dump(const std::optional<Labels>& l)
{
    if (!l)
        return QStringLiteral("DROPPED");
    QStringList parts;
    for (const auto& x : *l)
        parts << QString::fromStdString(x.name + "=" + x.value);
    return parts.join(u',');
}

} // namespace

class TestRelabel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Cases follow Prometheus' documented relabel semantics (model/relabel): anchored RE2, Go template expansion.
    void actions_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("regex");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("replacement");
        QTest::addColumn<int>("modulus");
        QTest::addColumn<QString>("expected");
        const QString abc = QStringLiteral("a=foo,b=bar,c=baz");
        const QString any = QStringLiteral("(.*)");
        const QString d1 = QStringLiteral("$1");
        QTest::addRow("replace-groups") << abc << "replace" << "a" << "f(.*)" << "d" << "ch${1}-ch${1}" << 0
                                        << "a=foo,b=bar,c=baz,d=choo-choo";
        QTest::addRow("replace-multi-source") << abc << "replace" << "a;b" << "f(.*);(.*)r" << "a"
                                              << "b${1}${2}m" << 0 << "a=boobam,b=bar,c=baz";
        QTest::addRow("replace-anchored-no-match") << abc << "replace" << "a" << "f|o" << "d" << d1 << 0 << abc;
        QTest::addRow("replace-missing-source-empty") << abc << "replace" << "x" << any << "d" << "v$1" << 0
                                                      << "a=foo,b=bar,c=baz,d=v";
        QTest::addRow("replace-empty-deletes") << abc << "replace" << "x" << any << "a" << d1 << 0
                                               << "b=bar,c=baz";
        QTest::addRow("replace-name-group-suffix") << abc << "replace" << "a" << "(f)oo" << "d" << "$1_x" << 0
                                                   << abc; // `$1_x` is the (missing) group "1_x": empty, d not set
        QTest::addRow("replace-braced-suffix") << abc << "replace" << "a" << "(f)oo" << "d" << "${1}_x" << 0
                                               << "a=foo,b=bar,c=baz,d=f_x";
        QTest::addRow("replace-target-from-group") << abc << "replace" << "a" << "(f)oo" << "t_$1" << "v" << 0
                                                   << "a=foo,b=bar,c=baz,t_f=v";
        QTest::addRow("replace-invalid-target") << abc << "replace" << "a" << "(f)oo" << "1$1" << "v" << 0 << abc;
        QTest::addRow("replace-named-group") << abc << "replace" << "b" << "(?P<x>b)ar" << "d" << "$x$$" << 0
                                             << "a=foo,b=bar,c=baz,d=b$";
        QTest::addRow("drop") << abc << "drop" << "a" << ".*o.*" << "" << d1 << 0 << "DROPPED";
        QTest::addRow("drop-no-match") << abc << "drop" << "a" << "f" << "" << d1 << 0 << abc;
        QTest::addRow("keep") << abc << "keep" << "a" << "no-match" << "" << d1 << 0 << "DROPPED";
        QTest::addRow("keep-match") << abc << "keep" << "a" << "f.*" << "" << d1 << 0 << abc;
        QTest::addRow("keep-missing-label-empty") << abc << "keep" << "x" << "" << "" << d1 << 0 << abc;
        QTest::addRow("keepequal") << "a=foo,b=foo" << "keepequal" << "a" << any << "b" << d1 << 0 << "a=foo,b=foo";
        QTest::addRow("keepequal-drop") << abc << "keepequal" << "a" << any << "b" << d1 << 0 << "DROPPED";
        QTest::addRow("dropequal") << "a=foo,b=foo" << "dropequal" << "a" << any << "b" << d1 << 0 << "DROPPED";
        QTest::addRow("dropequal-keep") << abc << "dropequal" << "a" << any << "b" << d1 << 0 << abc;
        QTest::addRow("hashmod") << abc << "hashmod" << "c" << any << "d" << d1 << 1000
                                 << "a=foo,b=bar,c=baz,d=976";
        QTest::addRow("hashmod-joined") << abc << "hashmod" << "a;b" << any << "d" << d1 << 1000
                                        << "a=foo,b=bar,c=baz,d=750";
        QTest::addRow("labelmap") << "a=foo,b1=bar,b2=baz" << "labelmap" << "" << "(b.*)" << "" << "bar_${1}" << 0
                                  << "a=foo,b1=bar,b2=baz,bar_b1=bar,bar_b2=baz";
        QTest::addRow("labelmap-meta") << "__meta_kubernetes_pod_label_app=web,job=x" << "labelmap" << ""
                                       << "__meta_kubernetes_pod_label_(.+)" << "" << d1 << 0
                                       << "__meta_kubernetes_pod_label_app=web,app=web,job=x";
        QTest::addRow("labeldrop") << abc << "labeldrop" << "" << "(b|c)" << "" << d1 << 0 << "a=foo";
        QTest::addRow("labeldrop-anchored") << abc << "labeldrop" << "" << "b|" << "" << d1 << 0 << "a=foo,c=baz";
        QTest::addRow("labelkeep") << abc << "labelkeep" << "" << "(b|c)" << "" << d1 << 0 << "b=bar,c=baz";
        QTest::addRow("lowercase") << "a=AbCd" << "lowercase" << "a" << any << "l" << d1 << 0 << "a=AbCd,l=abcd";
        QTest::addRow("uppercase") << "a=AbCd" << "uppercase" << "a" << any << "u" << d1 << 0 << "a=AbCd,u=ABCD";
        QTest::addRow("uppercase-overwrite") << "a=AbCd" << "uppercase" << "a" << any << "a" << d1 << 0 << "a=ABCD";
    }
    void actions()
    {
        QFETCH(QString, input);
        QFETCH(QString, action);
        QFETCH(QString, source);
        QFETCH(QString, regex);
        QFETCH(QString, target);
        QFETCH(QString, replacement);
        QFETCH(int, modulus);
        QFETCH(QString, expected);
        RelabelConfig c;
        c.action = relabelActionFromName(action.toStdString()).value();
        const auto sources = source.split(u';', Qt::SkipEmptyParts);
        for (const auto& s : sources)
            c.sourceLabels.push_back(s.toStdString());
        c.regex = regex.toStdString();
        c.targetLabel = target.toStdString();
        c.replacement = replacement.toStdString();
        c.modulus = std::uint64_t(modulus);
        if (c.action == RelabelAction::LabelDrop || c.action == RelabelAction::LabelKeep || c.action == RelabelAction::LabelMap)
            c.replacement = c.action == RelabelAction::LabelMap ? c.replacement : "$1";
        if (c.action == RelabelAction::KeepEqual || c.action == RelabelAction::DropEqual)
            c.regex = "(.*)";
        auto made = makeRelabelConfig(c);
        QVERIFY2(made.ok(), made.ok() ? "" : made.error().message.c_str());
        QCOMPARE(dump(relabel(parse(input), { *made })), expected);
    }

    void chain()
    {
        // a typical scrape-config chain: address rewrite through __param_target, then drop a tmp label
        auto step = [](RelabelConfig c) { return makeRelabelConfig(std::move(c)).value(); };
        std::vector<RelabelConfig> chain {
            step({ { "__address__" }, ";", "(.*)", 0, "__param_target", "$1", RelabelAction::Replace, {} }),
            step({ { "__param_target" }, ";", "(.*)", 0, "instance", "$1", RelabelAction::Replace, {} }),
            step({ {}, ";", "(.*)", 0, "__address__", "blackbox:9115", RelabelAction::Replace, {} }),
            step({ {}, ";", "__tmp.*", 0, "", "$1", RelabelAction::LabelDrop, {} }),
        };
        const auto out = relabel(parse(QStringLiteral("__address__=example.com:80,__tmp_x=1,job=probe")), chain);
        QCOMPARE(dump(out), QStringLiteral("__address__=blackbox:9115,__param_target=example.com:80,instance=example.com:80,job=probe"));
    }

    void invalidConfigs_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("regex");
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("modulus");
        QTest::addColumn<QString>("key");
        QTest::addRow("bad-regex") << "replace" << "(" << "x" << 0 << "regex:";
        QTest::addRow("replace-no-target") << "replace" << "(.*)" << "" << 0 << "target_label:";
        QTest::addRow("hashmod-no-modulus") << "hashmod" << "(.*)" << "x" << 0 << "modulus:";
        QTest::addRow("lowercase-bad-target") << "lowercase" << "(.*)" << "$1" << 0 << "target_label:";
        QTest::addRow("labeldrop-with-target") << "labeldrop" << "x" << "y" << 0 << "regex:";
    }
    void invalidConfigs()
    {
        QFETCH(QString, action);
        QFETCH(QString, regex);
        QFETCH(QString, target);
        QFETCH(int, modulus);
        QFETCH(QString, key);
        RelabelConfig c;
        c.action = relabelActionFromName(action.toStdString()).value();
        c.regex = regex.toStdString();
        c.targetLabel = target.toStdString();
        c.modulus = std::uint64_t(modulus);
        auto r = makeRelabelConfig(c);
        QVERIFY(!r.ok());
        QVERIFY2(QString::fromStdString(r.error().message).startsWith(key), r.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestRelabel)
#include "tst_relabel.moc"
