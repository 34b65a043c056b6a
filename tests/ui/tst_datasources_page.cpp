// The Data sources page as a user drives it: clicks and typing against real `sightglass serve` processes (one open,
// one behind basic auth), a closed port and a remote that never answers; every field saved and read back with the
// file's owner-only mode; the window applying saved changes to the query client and Explore.
#include "core/remote/datasource_config.h"
#include "core/services/datasource_files.h"
#include "core/services/query_client.h"
#include "core/services/remote_datasources.h"
#include "tests/api/http_helpers.h"
#include "tests/common/require_peer.h"
#include "tests/common/run_sightglass.h"
#include "tests/common/web_fixtures.h"
#include "tests/ui/requests_store.h"
#include "ui/pages/datasource_editor.h"
#include "ui/pages/datasource_tester.h"
#include "ui/pages/datasources_page.h"
#include "ui/pages/explore_page.h"
#include "ui/pages/explore_pane.h"
#include "ui/pages/explore_row.h"
#include "ui/theme.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace sg;

namespace {

/// Replaces the text of `edit` as a user does: select all, delete, type.
void type(QLineEdit* edit, const QString& text)
{
    QVERIFY(edit);
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
    QCOMPARE(edit->text(), text);
}

void click(QWidget* widget)
{
    QVERIFY(widget);
    QVERIFY(widget->isEnabled());
    QTest::mouseClick(widget, Qt::LeftButton);
}

/// The permission bits of `path` (0 when it cannot be read).
int fileMode(const QString& path)
{
    struct stat st {};
    if (::stat(path.toLocal8Bit().constData(), &st) != 0)
        return 0;
    return int(st.st_mode & 0777);
}

} // namespace

class TestDatasourcesPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void fileSetRules();
    void validation_data();
    void validation();
    void listsEmbeddedAndRemote();
    void addTestAndSave();
    void closedPortShowsError();
    void wrongPasswordIs401();
    void slowRemoteTimesOutWithoutBlocking();
    void editEveryFieldAndReadBack();
    void validationKeepsEditorOpen();
    void saveFailureKeepsEditorOpen();
    void duplicateAndRemove();
    void windowAppliesSavedSources();
    void screenshot();

private:
    /// Starts `serve` with `extra` arguments; its base URL once it listens, empty on failure.
    QString startServe(QProcess& process, const QString& dataDir, const QStringList& extra = {});
    /// Clicks "Add data source" and returns the editor it opened.
    ui::DatasourceEditor* clickAdd();
    /// Types the name and URL of a new source into the editor `e`.
    void fillNew(ui::DatasourceEditor* e, const QString& name, const QString& url);
    void selectRow(int row);
    QString statusCell(int index) const
    {
        const QTableWidgetItem* item = m_page->table()->item(ui::DatasourcesPage::EmbeddedRows + index,
            ui::DatasourcesPage::Status);
        return item ? item->text() : QString();
    }
    template<class T>
    T* field(ui::DatasourceEditor* e, const QString& name)
    {
        return e->findChild<T*>(name);
    }

    QTemporaryDir m_dir;
    QProcess m_open;
    QProcess m_protected;
    QString m_openUrl;
    QString m_protectedUrl;
    QString m_version; ///< what the open serve's buildinfo says
    std::unique_ptr<services::QueryClient> m_client;
    std::unique_ptr<QTemporaryDir> m_case; ///< each test's own folder
    std::unique_ptr<ui::DatasourcesPage> m_page;
    QString m_file; ///< the page's save file
};

QString TestDatasourcesPage::startServe(QProcess& process, const QString& dataDir, const QStringList& extra)
{
    const quint16 port = sg::testing::freePort();
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(sg::testing::sightglassBinary(),
        QStringList { u"serve"_s, u"--listen"_s, u"127.0.0.1:"_s + QString::number(port), u"--no-demo"_s,
            u"--data-dir"_s, dataDir }
            + extra);
    if (!process.waitForStarted(10'000))
        return {};
    QString out;
    QElapsedTimer t;
    t.start();
    while (!out.contains(u"listening"_s) && t.elapsed() < 30'000 && process.state() == QProcess::Running) {
        process.waitForReadyRead(200);
        out += QString::fromUtf8(process.readAllStandardOutput());
    }
    return out.contains(u"listening"_s) ? u"http://127.0.0.1:"_s + QString::number(port) : QString();
}

void TestDatasourcesPage::initTestCase()
{
    ui::applyDarkTheme(*qApp);
    QVERIFY(m_dir.isValid());
    SG_REQUIRE_PEER(QFile::exists(sg::testing::sightglassBinary()), "the sightglass binary is not built");
    m_openUrl = startServe(m_open, m_dir.filePath(u"open"_s));
    QVERIFY2(!m_openUrl.isEmpty(), "sightglass serve did not start");
    const QString hash = sg::testing::bcrypt("s3cret");
    QVERIFY(!hash.isEmpty());
    QFile web(m_dir.filePath(u"web.yml"_s));
    QVERIFY(web.open(QIODevice::WriteOnly));
    web.write("basic_auth_users:\n  alice: " + hash.toLatin1() + "\n");
    web.close();
    m_protectedUrl = startServe(m_protected, m_dir.filePath(u"protected"_s), { u"--web.config.file"_s, web.fileName() });
    QVERIFY2(!m_protectedUrl.isEmpty(), "sightglass serve with basic auth did not start");

    QNetworkAccessManager nam;
    const auto info = sg::testing::httpGet(nam, QUrl(m_openUrl), u"/api/v1/status/buildinfo"_s);
    QCOMPARE(info.status, 200);
    m_version = info.json().value(u"data"_s).toObject().value(u"version"_s).toString();
    QVERIFY(!m_version.isEmpty());
    m_client = std::make_unique<services::QueryClient>(nullptr, nullptr);
}

void TestDatasourcesPage::cleanupTestCase()
{
    m_page.reset();
    m_client.reset();
    for (QProcess* p : { &m_open, &m_protected }) {
        p->terminate();
        p->waitForFinished(10'000);
    }
}

void TestDatasourcesPage::init()
{
    m_case = std::make_unique<QTemporaryDir>();
    QVERIFY(m_case->isValid());
    m_file = m_case->filePath(u"config/datasources.yml"_s);
    m_page = std::make_unique<ui::DatasourcesPage>(m_client.get());
    m_page->setConfirm([](const QString&) { return true; });
    QVERIFY(m_page->loadFiles({}, {}, m_file));
    m_page->resize(1200, 480);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestDatasourcesPage::cleanup()
{
    m_page.reset();
    m_case.reset();
}

ui::DatasourceEditor* TestDatasourcesPage::clickAdd()
{
    QTest::mouseClick(m_page->findChild<QPushButton*>(u"datasourcesAdd"_s), Qt::LeftButton);
    ui::DatasourceEditor* e = m_page->editor();
    if (e && !QTest::qWaitForWindowExposed(e))
        return nullptr;
    return e;
}

void TestDatasourcesPage::fillNew(ui::DatasourceEditor* e, const QString& name, const QString& url)
{
    QVERIFY(e);
    type(field<QLineEdit>(e, u"datasourceName"_s), name);
    type(field<QLineEdit>(e, u"datasourceUrl"_s), url);
}

void TestDatasourcesPage::selectRow(int row)
{
    QTableWidget* table = m_page->table();
    const QRect rect = table->visualRect(table->model()->index(row, ui::DatasourcesPage::Name));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(table->currentRow(), row);
}

void TestDatasourcesPage::fileSetRules()
{
    QTemporaryDir dir;
    const QString fallback = dir.filePath(u"cfg/datasources.yml"_s);
    auto write = [&dir](const QString& name, const QByteArray& text) {
        QFile f(dir.filePath(name));
        f.open(QIODevice::WriteOnly);
        f.write(text);
        return f.fileName();
    };
    const QString grafana = write(u"prov.yaml"_s,
        "apiVersion: 1\ndatasources:\n  - name: g\n    type: prometheus\n    url: http://g:9090\n");
    const QString mixed = write(u"sightglass.yml"_s,
        "scrape_configs: []\ndatasources:\n  - name: c\n    type: loki\n    url: http://c:3100\n");
    const QString pure = write(u"only.yml"_s, "datasources:\n  - name: p\n    type: prometheus\n    url: http://p:9090\n");

    auto set = services::loadDatasourceFileSet({}, grafana, fallback);
    QVERIFY(set.ok());
    QCOMPARE(set->savePath, fallback);
    QVERIFY(set->saveNote.contains(u"Grafana provisioning"_s));
    QVERIFY(set->saveNote.contains(fallback));
    QCOMPARE(set->editable().size(), std::size_t(1));

    set = services::loadDatasourceFileSet(mixed, pure, fallback);
    QVERIFY(set.ok());
    QCOMPARE(set->savePath, pure);
    QCOMPARE(set->sources.size(), std::size_t(2));
    QVERIFY(set->sources[0].readOnly); // the config file also holds scrape configs: never rewritten
    QVERIFY(!set->sources[1].readOnly);
    QVERIFY(set->saveNote.contains(u"read-only"_s));

    set = services::loadDatasourceFileSet(pure, {}, fallback);
    QVERIFY(set.ok());
    QCOMPARE(set->savePath, pure);
    QVERIFY(!set->sources[0].readOnly);

    set = services::loadDatasourceFileSet({}, {}, fallback);
    QVERIFY(set.ok());
    QCOMPARE(set->savePath, fallback);
    QVERIFY(set->sources.empty());

    // Saving writes the editable sources only: the config file's would be read twice at the next start.
    set = services::loadDatasourceFileSet(mixed, pure, fallback);
    QVERIFY(!services::saveDatasourceFileSet(*set));
    auto back = services::loadRemoteDatasources(mixed, pure);
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QCOMPARE(back->size(), std::size_t(2));
}

void TestDatasourcesPage::validation_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("problem"); // empty: valid

    QTest::addRow("valid") << u"name"_s << u"fresh"_s << QString();
    QTest::addRow("no-name") << u"name"_s << u"  "_s << u"Name is required."_s;
    QTest::addRow("no-url") << u"url"_s << QString() << u"URL is required."_s;
    QTest::addRow("ftp-url") << u"url"_s << u"ftp://x:21"_s << u"URL must be an http:// or https:// address"_s;
    QTest::addRow("no-host") << u"url"_s << u"http://"_s << u"URL must be an http:// or https:// address"_s;
    QTest::addRow("user-in-url") << u"url"_s << u"http://bob:pw@x:9090"_s << u"must not carry a user"_s;
    QTest::addRow("taken-name") << u"name"_s << u"taken"_s << u"Name \"taken\" is already used"_s;
    QTest::addRow("taken-uid") << u"uid"_s << u"taken-uid"_s << u"UID \"taken-uid\" is already used"_s;
    QTest::addRow("name-as-taken-uid") << u"name"_s << u"taken-uid"_s << u"UID \"taken-uid\" is already used"_s;
    QTest::addRow("embedded-uid") << u"uid"_s << u"sightglass-prometheus"_s << u"reserved for the embedded store"_s;
    QTest::addRow("auth-and-token") << u"token"_s << u"t"_s << u"not both"_s;
    QTest::addRow("password-without-user") << u"password-only"_s << u"p"_s << u"Basic auth needs a user."_s;
    QTest::addRow("cert-without-key") << u"cert"_s << u"/c.pem"_s << u"both its certificate file and its key file"_s;
    QTest::addRow("empty-header") << u"header"_s << QString() << u"Every custom header needs a name."_s;
    QTest::addRow("repeated-header") << u"header"_s << u"x-team"_s << u"Header \"x-team\" is given twice."_s;
    QTest::addRow("zero-timeout") << u"timeout"_s << u"0"_s << u"Timeout must be positive."_s;
}

void TestDatasourcesPage::validation()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, problem);
    remote::RemoteDatasource other;
    other.name = u"taken"_s;
    other.uid = u"taken-uid"_s;
    remote::RemoteDatasource d;
    d.name = u"new"_s;
    d.uid = u"new"_s;
    d.url = u"http://localhost:9090"_s;
    d.basicAuthUser = u"alice"_s;
    d.headers = { { u"X-Team"_s, u"blue"_s } };
    if (field == u"name"_s)
        d.name = d.uid = value;
    else if (field == u"uid"_s)
        d.uid = value;
    else if (field == u"url"_s)
        d.url = value;
    else if (field == u"token"_s)
        d.bearerToken = value;
    else if (field == u"password-only"_s) {
        d.basicAuthUser.clear();
        d.basicAuthPassword = value;
    } else if (field == u"cert"_s)
        d.tls.certFile = value;
    else if (field == u"header"_s)
        d.headers.emplace_back(value, u"v"_s);
    else if (field == u"timeout"_s)
        d.timeoutMs = value.toInt();
    const QStringList problems = services::validateDatasource(d, { other });
    if (problem.isEmpty()) {
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'|')));
        return;
    }
    QVERIFY2(problems.join(u'|').contains(problem), qPrintable(problems.join(u'|')));
}

void TestDatasourcesPage::listsEmbeddedAndRemote()
{
    QTemporaryDir dir;
    QFile config(dir.filePath(u"sightglass.yml"_s));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("scrape_configs: []\ndatasources:\n  - name: team-loki\n    uid: tl\n    type: loki\n"
                 "    url: http://loki.example:3100\n");
    config.close();
    QFile own(dir.filePath(u"ds.yml"_s));
    QVERIFY(own.open(QIODevice::WriteOnly));
    own.write("datasources:\n  - name: team-prom\n    type: prometheus\n    url: http://prom.example:9090\n"
              "    default: true\n");
    own.close();
    QVERIFY(m_page->loadFiles(config.fileName(), own.fileName(), m_file));
    QTableWidget* table = m_page->table();
    QCOMPARE(table->rowCount(), 4);
    QCOMPARE(table->item(0, ui::DatasourcesPage::Uid)->text(), u"sightglass-prometheus"_s);
    QCOMPARE(table->item(1, ui::DatasourcesPage::Uid)->text(), u"sightglass-loki"_s);
    QCOMPARE(table->item(2, ui::DatasourcesPage::Name)->text(), u"team-loki"_s);
    QCOMPARE(table->item(2, ui::DatasourcesPage::Type)->text(), u"Loki"_s);
    QCOMPARE(table->item(2, ui::DatasourcesPage::Uid)->text(), u"tl"_s);
    QCOMPARE(table->item(3, ui::DatasourcesPage::Url)->text(), u"http://prom.example:9090"_s);
    QCOMPARE(table->item(3, ui::DatasourcesPage::Default)->text(), u"default"_s);
    // A remote default takes the flag from the embedded Prometheus.
    QCOMPARE(table->item(0, ui::DatasourcesPage::Default)->text(), QString());
    QVERIFY(m_page->findChild<QLabel*>(u"datasourcesHeader"_s)->text().contains(own.fileName()));

    auto* edit = m_page->findChild<QPushButton*>(u"datasourcesEdit"_s);
    auto* remove = m_page->findChild<QPushButton*>(u"datasourcesRemove"_s);
    auto* duplicate = m_page->findChild<QPushButton*>(u"datasourcesDuplicate"_s);
    selectRow(0); // embedded: read-only
    QVERIFY(!edit->isEnabled());
    QVERIFY(!remove->isEnabled());
    QVERIFY(!duplicate->isEnabled());
    selectRow(2); // from a config file that also holds scrape configs: read-only, but can be copied
    QVERIFY(!edit->isEnabled());
    QVERIFY(!remove->isEnabled());
    QVERIFY(duplicate->isEnabled());
    QVERIFY(m_page->findChild<QLabel*>(u"datasourceDetails"_s)->text().contains(config.fileName()));
    // This page's client has no stores: the embedded row's Test says so instead of answering.
    click(m_page->findChild<QPushButton*>(u"datasourceRowTestEmbedded0"_s));
    QCOMPARE(table->item(0, ui::DatasourcesPage::Status)->text(), u"Error: the embedded store is not open"_s);
    selectRow(3);
    QVERIFY(edit->isEnabled());
    QVERIFY(remove->isEnabled());
}

void TestDatasourcesPage::addTestAndSave()
{
    QSignalSpy changed(m_page.get(), &ui::DatasourcesPage::datasourcesChanged);
    ui::DatasourceEditor* e = clickAdd();
    fillNew(e, u"local-serve"_s, m_openUrl);
    click(e->findChild<QPushButton*>(u"datasourceEditorTest"_s));
    QTRY_VERIFY_WITH_TIMEOUT(e->tester()->state() != ui::DatasourceTester::State::Running, 20'000);
    const QString result = e->testResult()->text();
    QVERIFY2(result.startsWith(u"Data source is working"_s), qPrintable(result));
    QVERIFY2(result.contains(u"Prometheus API, version "_s + m_version), qPrintable(result));
    QVERIFY(!QFile::exists(m_file)); // testing saves nothing

    click(e->findChild<QPushButton*>(u"datasourceEditorSave"_s));
    QTRY_VERIFY(!m_page->editor());
    QCOMPARE(changed.count(), 1);
    const auto announced = changed.at(0).at(0).value<std::vector<remote::RemoteDatasource>>();
    QCOMPARE(announced.size(), std::size_t(1));
    QCOMPARE(announced[0].uid, u"local-serve"_s);
    auto back = remote::loadDatasourceFile(m_file);
    QVERIFY(back.ok());
    QCOMPARE(back->size(), std::size_t(1));
    QCOMPARE(back->at(0).url, m_openUrl);
    QCOMPARE(fileMode(m_file), 0600);
    QVERIFY(m_page->saveStatus()->text().contains(m_file));

    // The row's own Test button.
    QCOMPARE(statusCell(0), u"not tested"_s);
    click(m_page->findChild<QPushButton*>(u"datasourceRowTest0"_s));
    QTRY_VERIFY_WITH_TIMEOUT(statusCell(0).startsWith(u"Data source is working"_s), 20'000);
    QVERIFY(statusCell(0).contains(m_version));
}

void TestDatasourcesPage::closedPortShowsError()
{
    const quint16 closed = sg::testing::freePort();
    ui::DatasourceEditor* e = clickAdd();
    fillNew(e, u"nobody-home"_s, u"http://127.0.0.1:"_s + QString::number(closed));
    click(e->findChild<QPushButton*>(u"datasourceEditorSave"_s));
    QTRY_VERIFY(!m_page->editor());
    selectRow(ui::DatasourcesPage::EmbeddedRows);
    click(m_page->findChild<QPushButton*>(u"datasourcesTest"_s));
    QTRY_VERIFY_WITH_TIMEOUT(statusCell(0).startsWith(u"Error"_s), 20'000);
    QVERIFY2(statusCell(0).contains(u"nobody-home: cannot reach"_s), qPrintable(statusCell(0)));
    // The selected row's full result shows under the table, in red.
    auto* details = m_page->findChild<QLabel*>(u"datasourceDetails"_s);
    QVERIFY(details->text().contains(u"cannot reach"_s));
    QVERIFY(details->styleSheet().contains(u"#f2495c"_s));
}

void TestDatasourcesPage::wrongPasswordIs401()
{
    ui::DatasourceEditor* e = clickAdd();
    fillNew(e, u"guarded"_s, m_protectedUrl);
    type(field<QLineEdit>(e, u"datasourceUser"_s), u"alice"_s);
    type(field<QLineEdit>(e, u"datasourcePassword"_s), u"wrong"_s);
    QCOMPARE(field<QLineEdit>(e, u"datasourcePassword"_s)->echoMode(), QLineEdit::Password);
    click(e->findChild<QPushButton*>(u"datasourceEditorTest"_s));
    QTRY_VERIFY_WITH_TIMEOUT(e->tester()->state() == ui::DatasourceTester::State::Failed, 20'000);
    QVERIFY2(e->testResult()->text().contains(u"HTTP 401"_s), qPrintable(e->testResult()->text()));
    QVERIFY(!e->testResult()->text().contains(u"wrong"_s)); // the secret is not shown back

    type(field<QLineEdit>(e, u"datasourcePassword"_s), u"s3cret"_s);
    click(e->findChild<QPushButton*>(u"datasourceEditorTest"_s));
    QTRY_VERIFY_WITH_TIMEOUT(e->tester()->state() == ui::DatasourceTester::State::Working, 20'000);
    QVERIFY(e->testResult()->text().contains(m_version));
}

void TestDatasourcesPage::slowRemoteTimesOutWithoutBlocking()
{
    QTcpServer silent; // accepts and never answers
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    ui::DatasourceEditor* e = clickAdd();
    fillNew(e, u"silent"_s, u"http://127.0.0.1:"_s + QString::number(silent.serverPort()));
    type(field<QLineEdit>(e, u"datasourceTimeout"_s), u"1s"_s);
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start(20);
    QElapsedTimer clicked;
    clicked.start();
    click(e->findChild<QPushButton*>(u"datasourceEditorTest"_s));
    QVERIFY2(clicked.elapsed() < 300, "the Test button blocked the UI thread");
    QCOMPARE(e->tester()->state(), ui::DatasourceTester::State::Running);
    QVERIFY(e->testResult()->text().startsWith(u"Testing"_s));
    QTRY_VERIFY_WITH_TIMEOUT(e->tester()->state() == ui::DatasourceTester::State::Failed, 10'000);
    QVERIFY2(e->testResult()->text().contains(u"within 1000 ms (timeout)"_s), qPrintable(e->testResult()->text()));
    // The event loop kept running while the remote was silent: about 50 ticks in a second.
    QVERIFY2(ticks >= 25, qPrintable(QString::number(ticks)));
}

void TestDatasourcesPage::editEveryFieldAndReadBack()
{
    ui::DatasourceEditor* e = clickAdd();
    fillNew(e, u"first"_s, u"http://first.example:9090"_s);
    click(e->findChild<QPushButton*>(u"datasourceEditorSave"_s));
    QTRY_VERIFY(!m_page->editor());

    selectRow(ui::DatasourcesPage::EmbeddedRows);
    QTest::keyClick(m_page->table(), Qt::Key_Return);
    e = m_page->editor();
    QVERIFY(e);
    QVERIFY(QTest::qWaitForWindowExposed(e));
    QCOMPARE(field<QLineEdit>(e, u"datasourceName"_s)->text(), u"first"_s);
    QStringList captions;
    e->setFileChooser([&captions](const QString& caption, const QString&) {
        captions << caption;
        return u"/picked/"_s + caption.toLower().replace(u' ', u'-') + u".pem"_s;
    });
    click(e->findChild<QPushButton*>(u"datasourceCaFileBrowse"_s));
    QCOMPARE(field<QLineEdit>(e, u"datasourceCaFile"_s)->text(), u"/picked/ca-certificate.pem"_s);
    click(e->findChild<QPushButton*>(u"datasourceKeyFileBrowse"_s));
    QCOMPARE(field<QLineEdit>(e, u"datasourceKeyFile"_s)->text(), u"/picked/client-key.pem"_s);
    QCOMPARE(captions, (QStringList { u"CA certificate"_s, u"Client key"_s }));
    auto* typeBox = field<QComboBox>(e, u"datasourceType"_s);
    typeBox->setFocus();
    QTest::keyClick(typeBox, Qt::Key_Down);
    QCOMPARE(typeBox->currentIndex(), 1); // Loki
    type(field<QLineEdit>(e, u"datasourceName"_s), u"team-loki"_s);
    type(field<QLineEdit>(e, u"datasourceUid"_s), u"tl-1"_s);
    type(field<QLineEdit>(e, u"datasourceUrl"_s), u"https://loki.example:3100/base"_s);
    type(field<QLineEdit>(e, u"datasourceUser"_s), u"bob"_s);
    type(field<QLineEdit>(e, u"datasourcePassword"_s), u"pa ss:word"_s);
    type(field<QLineEdit>(e, u"datasourceTenant"_s), u"acme"_s);
    type(field<QLineEdit>(e, u"datasourceCaFile"_s), u"/etc/ssl/ca.pem"_s);
    type(field<QLineEdit>(e, u"datasourceCertFile"_s), u"/etc/ssl/client.pem"_s);
    type(field<QLineEdit>(e, u"datasourceKeyFile"_s), u"/etc/ssl/client.key"_s);
    auto* skip = field<QCheckBox>(e, u"datasourceSkipVerify"_s);
    QTest::keyClick(skip, Qt::Key_Space);
    QVERIFY(skip->isChecked());
    type(field<QLineEdit>(e, u"datasourceTimeout"_s), u"45s"_s);
    type(field<QLineEdit>(e, u"datasourceInterval"_s), u"30s"_s);
    auto* method = field<QComboBox>(e, u"datasourceMethod"_s);
    method->setFocus();
    QTest::keyClick(method, Qt::Key_Down);
    QCOMPARE(method->currentText(), u"GET"_s);
    auto* isDefault = field<QCheckBox>(e, u"datasourceDefault"_s);
    QTest::keyClick(isDefault, Qt::Key_Space);
    QVERIFY(isDefault->isChecked());
    for (int i = 0; i < 2; ++i)
        click(e->findChild<QPushButton*>(u"datasourceAddHeader"_s));
    QCOMPARE(e->headersTable()->rowCount(), 2);
    type(e->findChild<QLineEdit*>(u"headerName0"_s), u"X-Team"_s);
    type(e->findChild<QLineEdit*>(u"headerValue0"_s), u"blue"_s);
    type(e->findChild<QLineEdit*>(u"headerName1"_s), u"X-Api-Key"_s);
    type(e->findChild<QLineEdit*>(u"headerValue1"_s), u"k3y"_s);
    QCOMPARE(e->findChild<QLineEdit*>(u"headerValue1"_s)->echoMode(), QLineEdit::Password);
    click(e->findChild<QPushButton*>(u"datasourceEditorSave"_s));
    QTRY_VERIFY(!m_page->editor());

    auto back = remote::loadDatasourceFile(m_file);
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QCOMPARE(back->size(), std::size_t(1));
    const remote::RemoteDatasource& d = back->front();
    QCOMPARE(d.type, remote::RemoteType::Loki);
    QCOMPARE(d.name, u"team-loki"_s);
    QCOMPARE(d.uid, u"tl-1"_s);
    QCOMPARE(d.url, u"https://loki.example:3100/base"_s);
    QCOMPARE(d.basicAuthUser, u"bob"_s);
    QCOMPARE(d.basicAuthPassword, u"pa ss:word"_s);
    QVERIFY(d.bearerToken.isEmpty());
    QCOMPARE(d.headers.size(), std::size_t(2));
    QCOMPARE(d.headers[0].first, u"X-Team"_s);
    QCOMPARE(d.headers[0].second, u"blue"_s);
    QCOMPARE(d.headers[1].first, u"X-Api-Key"_s);
    QCOMPARE(d.headers[1].second, u"k3y"_s);
    QCOMPARE(d.tenant, u"acme"_s);
    QCOMPARE(d.tls.caFile, u"/etc/ssl/ca.pem"_s);
    QCOMPARE(d.tls.certFile, u"/etc/ssl/client.pem"_s);
    QCOMPARE(d.tls.keyFile, u"/etc/ssl/client.key"_s);
    QVERIFY(d.tls.insecureSkipVerify);
    QCOMPARE(d.timeoutMs, 45'000);
    QCOMPARE(d.defaultStepMs, qint64(30'000));
    QVERIFY(!d.usePost);
    QVERIFY(d.isDefault);
    QCOMPARE(fileMode(m_file), 0600);
    QCOMPARE(m_page->table()->item(ui::DatasourcesPage::EmbeddedRows, ui::DatasourcesPage::Name)->text(), u"team-loki"_s);

    // A bearer token instead of basic auth, and one header fewer.
    selectRow(ui::DatasourcesPage::EmbeddedRows);
    click(m_page->findChild<QPushButton*>(u"datasourcesEdit"_s));
    e = m_page->editor();
    QVERIFY(e);
    QCOMPARE(field<QLineEdit>(e, u"datasourcePassword"_s)->text(), u"pa ss:word"_s);
    type(field<QLineEdit>(e, u"datasourceUser"_s), QString());
    type(field<QLineEdit>(e, u"datasourcePassword"_s), QString());
    type(field<QLineEdit>(e, u"datasourceToken"_s), u"t0ken"_s);
    e->headersTable()->selectRow(0);
    click(e->findChild<QPushButton*>(u"datasourceRemoveHeader"_s));
    click(e->findChild<QPushButton*>(u"datasourceEditorSave"_s));
    QTRY_VERIFY(!m_page->editor());
    back = remote::loadDatasourceFile(m_file);
    QVERIFY(back.ok());
    QCOMPARE(back->front().bearerToken, u"t0ken"_s);
    QVERIFY(back->front().basicAuthUser.isEmpty());
    QCOMPARE(back->front().headers.size(), std::size_t(1));
    QCOMPARE(back->front().headers[0].first, u"X-Api-Key"_s);
}

void TestDatasourcesPage::validationKeepsEditorOpen()
{
    ui::DatasourceEditor* e = clickAdd();
    fillNew(e, u"a"_s, u"http://a:9090"_s);
    click(e->findChild<QPushButton*>(u"datasourceEditorSave"_s));
    QTRY_VERIFY(!m_page->editor());
    const QByteArray saved = [this] {
        QFile f(m_file);
        f.open(QIODevice::ReadOnly);
        return f.readAll();
    }();

    e = clickAdd();
    fillNew(e, u"a"_s, u"ftp://b"_s);
    type(field<QLineEdit>(e, u"datasourceUid"_s), u"sightglass-loki"_s);
    type(field<QLineEdit>(e, u"datasourceUser"_s), u"u"_s);
    type(field<QLineEdit>(e, u"datasourceToken"_s), u"t"_s);
    type(field<QLineEdit>(e, u"datasourceTimeout"_s), u"soon"_s);
    click(e->findChild<QPushButton*>(u"datasourceEditorSave"_s));
    QVERIFY(e->isVisible());
    const QString problems = e->problemsLabel()->text();
    QVERIFY(e->problemsLabel()->isVisible());
    QVERIFY2(problems.contains(u"URL must be an http:// or https:// address"_s), qPrintable(problems));
    QVERIFY(problems.contains(u"Name \"a\" is already used"_s));
    QVERIFY(problems.contains(u"UID \"sightglass-loki\" is reserved"_s));
    QVERIFY(problems.contains(u"basic auth or a bearer token, not both"_s));
    QVERIFY(problems.contains(u"Timeout: \"soon\" is not a duration"_s));
    QFile f(m_file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), saved);

    // Test checks only what the request needs: the URL.
    click(e->findChild<QPushButton*>(u"datasourceEditorTest"_s));
    QCOMPARE(e->tester()->state(), ui::DatasourceTester::State::Idle);
    QVERIFY(!e->problemsLabel()->text().contains(u"already used"_s));
    click(e->findChild<QPushButton*>(u"datasourceEditorCancel"_s));
    QTRY_VERIFY(!m_page->editor());
    QCOMPARE(m_page->remoteDatasources().size(), std::size_t(1));
}

void TestDatasourcesPage::saveFailureKeepsEditorOpen()
{
    services::DatasourceFileSet set;
    set.savePath = u"/proc/sightglass-cannot-write/datasources.yml"_s;
    m_page->setFileSet(set);
    QSignalSpy changed(m_page.get(), &ui::DatasourcesPage::datasourcesChanged);
    ui::DatasourceEditor* e = clickAdd();
    fillNew(e, u"stays"_s, u"http://a:9090"_s);
    click(e->findChild<QPushButton*>(u"datasourceEditorSave"_s));
    QVERIFY(e->isVisible());
    QVERIFY2(e->problemsLabel()->text().startsWith(u"Cannot save to /proc/sightglass-cannot-write/datasources.yml"_s),
        qPrintable(e->problemsLabel()->text()));
    QVERIFY(m_page->saveStatus()->text().startsWith(u"Cannot save"_s));
    QCOMPARE(changed.count(), 0);
    QVERIFY(m_page->remoteDatasources().empty());
    e->reject();
}

void TestDatasourcesPage::duplicateAndRemove()
{
    ui::DatasourceEditor* e = clickAdd();
    fillNew(e, u"prod"_s, m_openUrl);
    type(field<QLineEdit>(e, u"datasourceTenant"_s), u"t1"_s);
    click(e->findChild<QPushButton*>(u"datasourceEditorSave"_s));
    QTRY_VERIFY(!m_page->editor());

    selectRow(ui::DatasourcesPage::EmbeddedRows);
    click(m_page->findChild<QPushButton*>(u"datasourcesDuplicate"_s));
    e = m_page->editor();
    QVERIFY(e);
    QCOMPARE(field<QLineEdit>(e, u"datasourceName"_s)->text(), u"prod-copy"_s);
    QCOMPARE(field<QLineEdit>(e, u"datasourceTenant"_s)->text(), u"t1"_s);
    click(e->findChild<QPushButton*>(u"datasourceEditorSave"_s));
    QTRY_VERIFY(!m_page->editor());
    auto back = remote::loadDatasourceFile(m_file);
    QVERIFY(back.ok());
    QCOMPARE(back->size(), std::size_t(2));
    QCOMPARE(back->at(1).uid, u"prod-copy"_s);
    QCOMPARE(back->at(1).tenant, u"t1"_s);

    QSignalSpy changed(m_page.get(), &ui::DatasourcesPage::datasourcesChanged);
    QStringList asked;
    m_page->setConfirm([&asked](const QString& question) {
        asked << question;
        return asked.size() > 1; // the first time the user says no
    });
    selectRow(ui::DatasourcesPage::EmbeddedRows);
    click(m_page->findChild<QPushButton*>(u"datasourcesRemove"_s));
    QCOMPARE(changed.count(), 0);
    QCOMPARE(m_page->table()->rowCount(), ui::DatasourcesPage::EmbeddedRows + 2);
    QTest::keyClick(m_page->table(), Qt::Key_Delete); // the key does what the button does
    QCOMPARE(asked.size(), 2);
    QVERIFY(asked.at(1).contains(u"\"prod\""_s));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_page->table()->rowCount(), ui::DatasourcesPage::EmbeddedRows + 1);
    back = remote::loadDatasourceFile(m_file);
    QVERIFY(back.ok());
    QCOMPARE(back->size(), std::size_t(1));
    QCOMPARE(back->at(0).name, u"prod-copy"_s);
    QCOMPARE(fileMode(m_file), 0600);
}

void TestDatasourcesPage::windowAppliesSavedSources()
{
    sg::testing::RequestsWindow w;
    QVERIFY(w.start());
    ui::DatasourcesPage* page = w.window->datasourcesPage();
    QVERIFY(page);
    QCOMPARE(w.window->tabs()->tabText(w.window->tabs()->indexOf(page)), u"Data sources"_s);
    QVERIFY(page->loadFiles({}, {}, m_file));
    w.window->tabs()->setCurrentWidget(page);
    QTest::mouseClick(page->findChild<QPushButton*>(u"datasourcesAdd"_s), Qt::LeftButton);
    ui::DatasourceEditor* e = page->editor();
    QVERIFY(e);
    type(field<QLineEdit>(e, u"datasourceName"_s), u"team-prom"_s);
    type(field<QLineEdit>(e, u"datasourceUrl"_s), m_openUrl);
    click(e->findChild<QPushButton*>(u"datasourceEditorSave"_s));
    QTRY_VERIFY(!page->editor());

    // The query client routes the uid to the remote, and Explore's rows offer it.
    QVERIFY(w.client->remoteClient(u"team-prom"_s));
    auto* combo = w.window->explorePage()->pane(0)->row(0)->findChild<QComboBox*>(u"exploreRowDatasource"_s);
    QVERIFY(combo);
    QVERIFY(combo->findText(u"team-prom"_s, Qt::MatchContains) >= 0);

    // The embedded stores answer their own Test.
    for (int row = 0; row < ui::DatasourcesPage::EmbeddedRows; ++row)
        click(page->findChild<QPushButton*>(u"datasourceRowTestEmbedded%1"_s.arg(row)));
    auto status = [page](int row) { return page->table()->item(row, ui::DatasourcesPage::Status)->text(); };
    QTRY_VERIFY(status(0).startsWith(u"Data source is working - Embedded Prometheus store, version "_s));
    QTRY_VERIFY(status(1).startsWith(u"Data source is working - Embedded Loki store"_s));
    QVERIFY(page->table()->item(0, ui::DatasourcesPage::Status)->toolTip().contains(u"2 label names"_s)); // __name__, job

    page->setConfirm([](const QString&) { return true; });
    page->removeSource(0);
    QVERIFY(!w.client->remoteClient(u"team-prom"_s));
    QCOMPARE(combo->findText(u"team-prom"_s, Qt::MatchContains), -1);
    w.stop();
}

void TestDatasourcesPage::screenshot()
{
    const QString dir = qEnvironmentVariable("SG_SCREENSHOT_DIR");
    ui::DatasourceEditor* e = clickAdd();
    fillNew(e, u"team-prom"_s, m_openUrl);
    click(e->findChild<QPushButton*>(u"datasourceEditorSave"_s));
    QTRY_VERIFY(!m_page->editor());
    e = clickAdd();
    fillNew(e, u"team-loki"_s, u"http://127.0.0.1:"_s + QString::number(sg::testing::freePort()));
    field<QComboBox>(e, u"datasourceType"_s)->setCurrentIndex(1);
    click(e->findChild<QPushButton*>(u"datasourceEditorSave"_s));
    QTRY_VERIFY(!m_page->editor());
    for (int i = 0; i < 2; ++i)
        click(m_page->findChild<QPushButton*>(u"datasourceRowTest%1"_s.arg(i)));
    QTRY_VERIFY_WITH_TIMEOUT(statusCell(0).startsWith(u"Data source is working"_s), 20'000);
    QTRY_VERIFY_WITH_TIMEOUT(statusCell(1).startsWith(u"Error"_s), 20'000);
    selectRow(ui::DatasourcesPage::EmbeddedRows + 1);
    QTest::qWait(50);
    const QImage page = m_page->grab().toImage();
    QVERIFY(!page.isNull());

    e = clickAdd();
    fillNew(e, u"mimir"_s, m_protectedUrl);
    type(field<QLineEdit>(e, u"datasourceUser"_s), u"alice"_s);
    type(field<QLineEdit>(e, u"datasourcePassword"_s), u"s3cret"_s);
    type(field<QLineEdit>(e, u"datasourceTenant"_s), u"acme"_s);
    click(e->findChild<QPushButton*>(u"datasourceAddHeader"_s));
    type(e->findChild<QLineEdit*>(u"headerName0"_s), u"X-Team"_s);
    type(e->findChild<QLineEdit*>(u"headerValue0"_s), u"blue"_s);
    click(e->findChild<QPushButton*>(u"datasourceEditorTest"_s));
    QTRY_VERIFY_WITH_TIMEOUT(e->tester()->state() == ui::DatasourceTester::State::Working, 20'000);
    QTest::qWait(50);
    const QImage editor = e->grab().toImage();
    QVERIFY(!editor.isNull());
    if (!dir.isEmpty()) {
        QVERIFY(page.save(dir + u"/datasources-page.png"_s));
        QVERIFY(editor.save(dir + u"/datasource-editor.png"_s));
    }
    e->reject();
}

QTEST_MAIN(TestDatasourcesPage)
#include "tst_datasources_page.moc"
