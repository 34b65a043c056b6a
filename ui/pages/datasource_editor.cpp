#include "datasource_editor.h"

#include "core/promql/lexer.h"
#include "core/services/datasource_files.h"
#include "ui/pages/datasource_tester.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

QString durationText(qint64 ms) { return QString::fromStdString(promql::formatDuration(ms)); }

/// The duration typed in `edit` in ms; 0 with a message in `problems` when it is not one.
qint64 durationField(const QLineEdit* edit, const QString& label, QStringList* problems)
{
    const QString text = edit->text().trimmed();
    auto parsed = promql::parseDuration(text.toStdString());
    if (text.isEmpty() || !parsed.ok()) {
        if (problems)
            problems->append(QObject::tr("%1: \"%2\" is not a duration such as 30s or 1m.").arg(label, text));
        return 0;
    }
    return parsed.value();
}

/// A form whose label column has the same width in every group, so the fields line up down the dialog.
QFormLayout* alignedForm(QWidget* box)
{
    auto* form = new QFormLayout(box);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    return form;
}

template<class Field> // QWidget or QLayout
void addRow(QFormLayout* form, const QString& label, Field* field)
{
    auto* text = new QLabel(label);
    text->setMinimumWidth(130);
    form->addRow(text, field);
}

QLineEdit* cellEdit(QTableWidget* table, int row, int column)
{
    return qobject_cast<QLineEdit*>(table->cellWidget(row, column));
}

} // namespace

DatasourceEditor::DatasourceEditor(services::QueryClient* client, std::vector<remote::RemoteDatasource> others,
    QWidget* parent)
    : QDialog(parent)
    , m_others(std::move(others))
    , m_tester(new DatasourceTester(client, this))
{
    setObjectName(u"datasourceEditor"_s);
    setWindowTitle(tr("Data source"));
    m_chooseFile = [this](const QString& caption, const QString& current) {
        return QFileDialog::getOpenFileName(this, caption, current);
    };

    auto* content = new QWidget;
    auto* sections = new QVBoxLayout(content);
    sections->addWidget(buildConnection());
    sections->addWidget(buildAuth());
    sections->addWidget(buildTls());
    sections->addWidget(buildOptions());
    sections->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);

    m_testResult = new QLabel(this);
    m_testResult->setObjectName(u"datasourceTestResult"_s);
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems = new QLabel(this);
    m_problems->setObjectName(u"datasourceProblems"_s);
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(u"color: #f2495c;"_s);
    m_problems->hide();

    auto* buttons = new QDialogButtonBox(this);
    auto* testButton = buttons->addButton(tr("Test"), QDialogButtonBox::ActionRole);
    testButton->setObjectName(u"datasourceEditorTest"_s);
    auto* save = buttons->addButton(tr("Save"), QDialogButtonBox::AcceptRole);
    save->setObjectName(u"datasourceEditorSave"_s);
    save->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel)->setObjectName(u"datasourceEditorCancel"_s);
    connect(testButton, &QPushButton::clicked, this, &DatasourceEditor::test);
    connect(buttons, &QDialogButtonBox::accepted, this, &DatasourceEditor::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &DatasourceEditor::reject);
    connect(m_tester, &DatasourceTester::changed, this, [this] { showTestResult(m_testResult, *m_tester); });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_problems);
    layout->addWidget(m_testResult);
    layout->addWidget(buttons);
    resize(680, 900);
    setDatasource({});
}

QLineEdit* DatasourceEditor::lineEdit(const QString& objectName, const QString& placeholder, bool secret)
{
    auto* edit = new QLineEdit(this);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    if (secret)
        edit->setEchoMode(QLineEdit::Password);
    return edit;
}

QWidget* DatasourceEditor::buildConnection()
{
    auto* box = new QGroupBox(tr("Connection"), this);
    auto* form = alignedForm(box);
    m_type = new QComboBox(box);
    m_type->setObjectName(u"datasourceType"_s);
    m_type->addItem(tr("Prometheus-compatible (Prometheus, Thanos, Mimir, VictoriaMetrics)"),
        int(remote::RemoteType::Prometheus));
    m_type->addItem(tr("Loki"), int(remote::RemoteType::Loki));
    m_name = lineEdit(u"datasourceName"_s, tr("team-prom"));
    m_uid = lineEdit(u"datasourceUid"_s, tr("defaults to the name"));
    m_url = lineEdit(u"datasourceUrl"_s, tr("http://localhost:9090"));
    m_default = new QCheckBox(tr("Default data source"), box);
    m_default->setObjectName(u"datasourceDefault"_s);
    addRow(form, tr("Type"), m_type);
    addRow(form, tr("Name"), m_name);
    addRow(form, tr("UID"), m_uid);
    addRow(form, tr("URL"), m_url);
    addRow(form, QString(), m_default);
    return box;
}

QWidget* DatasourceEditor::buildAuth()
{
    auto* box = new QGroupBox(tr("Authentication and headers"), this);
    auto* form = alignedForm(box);
    m_user = lineEdit(u"datasourceUser"_s, tr("basic auth user"));
    m_password = lineEdit(u"datasourcePassword"_s, tr("basic auth password"), true);
    m_token = lineEdit(u"datasourceToken"_s, tr("sent as Authorization: Bearer"), true);
    m_tenant = lineEdit(u"datasourceTenant"_s, tr("sent as X-Scope-OrgID (Mimir, Cortex, Loki)"));
    addRow(form, tr("User"), m_user);
    addRow(form, tr("Password"), m_password);
    addRow(form, tr("Bearer token"), m_token);
    addRow(form, tr("Tenant"), m_tenant);

    m_headers = new QTableWidget(0, 2, box);
    m_headers->setObjectName(u"datasourceHeaders"_s);
    m_headers->setHorizontalHeaderLabels({ tr("Header"), tr("Value") });
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->horizontalHeader()->resizeSection(0, 180);
    m_headers->verticalHeader()->hide();
    m_headers->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_headers->setMinimumHeight(90);
    m_headers->setMaximumHeight(110);
    auto* add = new QPushButton(tr("Add header"), box);
    add->setObjectName(u"datasourceAddHeader"_s);
    auto* remove = new QPushButton(tr("Remove header"), box);
    remove->setObjectName(u"datasourceRemoveHeader"_s);
    connect(add, &QPushButton::clicked, this, [this] { addHeader(); });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_headers->currentRow() >= 0 ? m_headers->currentRow() : m_headers->rowCount() - 1;
        if (row >= 0)
            m_headers->removeRow(row);
    });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    auto* headers = new QVBoxLayout;
    headers->addWidget(m_headers);
    headers->addLayout(buttons);
    addRow(form, tr("Custom headers"), headers);
    return box;
}

QWidget* DatasourceEditor::fileRow(QLineEdit* edit, const QString& caption)
{
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* browse = new QPushButton(tr("Browse..."), row);
    browse->setObjectName(edit->objectName() + u"Browse"_s);
    connect(browse, &QPushButton::clicked, this, [this, edit, caption] {
        const QString path = m_chooseFile ? m_chooseFile(caption, edit->text()) : QString();
        if (!path.isEmpty())
            edit->setText(path);
    });
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    return row;
}

QWidget* DatasourceEditor::buildTls()
{
    auto* box = new QGroupBox(tr("TLS"), this);
    auto* form = alignedForm(box);
    m_caFile = lineEdit(u"datasourceCaFile"_s, tr("PEM file; empty: the system's CAs"));
    m_certFile = lineEdit(u"datasourceCertFile"_s, tr("client certificate (PEM)"));
    m_keyFile = lineEdit(u"datasourceKeyFile"_s, tr("client key (PEM)"));
    m_skipVerify = new QCheckBox(tr("Skip TLS certificate verification (insecure)"), box);
    m_skipVerify->setObjectName(u"datasourceSkipVerify"_s);
    addRow(form, tr("CA file"), fileRow(m_caFile, tr("CA certificate")));
    addRow(form, tr("Client certificate"), fileRow(m_certFile, tr("Client certificate")));
    addRow(form, tr("Client key"), fileRow(m_keyFile, tr("Client key")));
    addRow(form, QString(), m_skipVerify);
    return box;
}

QWidget* DatasourceEditor::buildOptions()
{
    auto* box = new QGroupBox(tr("Queries"), this);
    auto* form = alignedForm(box);
    m_timeout = lineEdit(u"datasourceTimeout"_s, tr("60s"));
    m_interval = lineEdit(u"datasourceInterval"_s, tr("15s"));
    m_method = new QComboBox(box);
    m_method->setObjectName(u"datasourceMethod"_s);
    m_method->addItems({ u"POST"_s, u"GET"_s });
    addRow(form, tr("Timeout"), m_timeout);
    addRow(form, tr("Scrape interval"), m_interval);
    addRow(form, tr("HTTP method"), m_method);
    return box;
}

void DatasourceEditor::addHeader(const QString& name, const QString& value)
{
    const int row = m_headers->rowCount();
    m_headers->insertRow(row);
    auto* nameEdit = new QLineEdit(name, m_headers);
    nameEdit->setObjectName(u"headerName%1"_s.arg(row));
    nameEdit->setPlaceholderText(tr("X-Header"));
    // Header values often carry keys: masked like the password.
    auto* valueEdit = new QLineEdit(value, m_headers);
    valueEdit->setObjectName(u"headerValue%1"_s.arg(row));
    valueEdit->setEchoMode(QLineEdit::Password);
    m_headers->setCellWidget(row, 0, nameEdit);
    m_headers->setCellWidget(row, 1, valueEdit);
}

void DatasourceEditor::setDatasource(const remote::RemoteDatasource& datasource)
{
    m_original = datasource;
    m_type->setCurrentIndex(m_type->findData(int(datasource.type)));
    m_name->setText(datasource.name);
    m_uid->setText(datasource.uid == datasource.name ? QString() : datasource.uid);
    m_url->setText(datasource.url);
    m_user->setText(datasource.basicAuthUser);
    m_password->setText(datasource.basicAuthPassword);
    m_token->setText(datasource.bearerToken);
    m_headers->setRowCount(0);
    for (const auto& header : datasource.headers)
        addHeader(header.first, header.second);
    m_tenant->setText(datasource.tenant);
    m_caFile->setText(datasource.tls.caFile);
    m_certFile->setText(datasource.tls.certFile);
    m_keyFile->setText(datasource.tls.keyFile);
    m_skipVerify->setChecked(datasource.tls.insecureSkipVerify);
    m_timeout->setText(durationText(datasource.timeoutMs));
    m_interval->setText(durationText(datasource.defaultStepMs));
    m_method->setCurrentIndex(datasource.usePost ? 0 : 1);
    m_default->setChecked(datasource.isDefault);
}

remote::RemoteDatasource DatasourceEditor::datasource() const
{
    remote::RemoteDatasource d = m_original;
    d.type = remote::RemoteType(m_type->currentData().toInt());
    d.name = m_name->text().trimmed();
    d.uid = m_uid->text().trimmed().isEmpty() ? d.name : m_uid->text().trimmed();
    d.url = m_url->text().trimmed();
    d.basicAuthUser = m_user->text().trimmed();
    d.basicAuthPassword = m_password->text();
    d.bearerToken = m_token->text().trimmed();
    d.headers.clear();
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const QLineEdit* name = cellEdit(m_headers, row, 0);
        const QLineEdit* value = cellEdit(m_headers, row, 1);
        if (name && value && !(name->text().trimmed().isEmpty() && value->text().isEmpty()))
            d.headers.emplace_back(name->text().trimmed(), value->text());
    }
    d.tenant = m_tenant->text().trimmed();
    d.tls.caFile = m_caFile->text().trimmed();
    d.tls.certFile = m_certFile->text().trimmed();
    d.tls.keyFile = m_keyFile->text().trimmed();
    d.tls.insecureSkipVerify = m_skipVerify->isChecked();
    d.timeoutMs = int(durationField(m_timeout, tr("Timeout"), nullptr));
    d.defaultStepMs = durationField(m_interval, tr("Scrape interval"), nullptr);
    d.usePost = m_method->currentIndex() == 0;
    d.isDefault = m_default->isChecked();
    return d;
}

QStringList DatasourceEditor::problems() const
{
    QStringList out;
    durationField(m_timeout, tr("Timeout"), &out);
    durationField(m_interval, tr("Scrape interval"), &out);
    const remote::RemoteDatasource d = datasource();
    for (const QString& problem : services::validateDatasource(d, m_others))
        if (!(d.timeoutMs <= 0 && problem.startsWith(u"Timeout"_s))
            && !(d.defaultStepMs <= 0 && problem.startsWith(u"Scrape interval"_s)))
            out << problem;
    return out;
}

void DatasourceEditor::test()
{
    // A source can be tested before its name is settled: only what the request needs must be right.
    QStringList found = problems();
    found.removeIf([](const QString& problem) {
        return !problem.startsWith(u"URL"_s) && !problem.startsWith(u"Timeout"_s)
            && !problem.startsWith(u"Scrape interval"_s);
    });
    if (!found.isEmpty()) {
        m_problems->setText(found.join(u'\n'));
        m_problems->show();
        return;
    }
    m_problems->hide();
    m_tester->start(datasource());
}

void DatasourceEditor::accept()
{
    const QStringList found = problems();
    if (!found.isEmpty()) {
        m_problems->setText(found.join(u'\n'));
        m_problems->show();
        return;
    }
    if (m_save) {
        const QString error = m_save(datasource());
        if (!error.isEmpty()) {
            m_problems->setText(error);
            m_problems->show();
            return;
        }
    }
    m_tester->stop();
    QDialog::accept();
}

} // namespace sg::ui
