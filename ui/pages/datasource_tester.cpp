#include "datasource_tester.h"

#include "core/services/query_client.h"

#include <QElapsedTimer>
#include <QLabel>

namespace sg::ui {

namespace {

QString apiName(remote::RemoteType type)
{
    return type == remote::RemoteType::Loki ? QStringLiteral("Loki API") : QStringLiteral("Prometheus API");
}

} // namespace

DatasourceTester::DatasourceTester(services::QueryClient* client, QObject* parent)
    : QObject(parent)
    , m_client(client)
{
}

DatasourceTester::~DatasourceTester()
{
    if (m_request && m_client)
        m_client->cancel(m_request);
}

void DatasourceTester::start(const remote::RemoteDatasource& datasource)
{
    stop();
    if (!m_client) {
        finish(State::Failed, tr("Error: no query client to test with"));
        return;
    }
    const quint64 generation = ++m_generation;
    const remote::RemoteType type = datasource.type;
    const QString url = datasource.url;
    m_state = State::Running;
    m_text = tr("Testing %1 ...").arg(url);
    Q_EMIT changed();
    m_request = m_client->testDatasource(datasource, this,
        [this, generation, type](const Result<remote::RemoteStatus>& answer) {
            if (generation != m_generation)
                return; // a newer test, or stop(), replaced this one
            m_request = 0;
            if (!answer.ok()) {
                finish(State::Failed, tr("Error: %1").arg(QString::fromStdString(answer.error().toString())));
                return;
            }
            const remote::RemoteStatus& status = answer.value();
            QString version = status.version;
            if (!status.revision.isEmpty())
                version += QStringLiteral(" (%1)").arg(status.revision.left(12));
            finish(State::Working,
                tr("Data source is working\n%1, version %2 - %3 label names, %4 ms")
                    .arg(apiName(type), version)
                    .arg(status.labelCount)
                    .arg(status.elapsedMs));
        });
}

void DatasourceTester::startEmbedded(bool logs)
{
    stop();
    if (!m_client || (logs ? !m_client->logsQuerier() : !m_client->metricsQuerier())) {
        finish(State::Failed, tr("Error: the embedded store is not open"));
        return;
    }
    const quint64 generation = ++m_generation;
    m_state = State::Running;
    m_text = tr("Testing the embedded store ...");
    Q_EMIT changed();
    QElapsedTimer elapsed;
    elapsed.start();
    m_request = m_client->labelNames(logs ? services::QueryLanguage::LogQL : services::QueryLanguage::PromQL, this,
        [this, generation, logs, elapsed](const QStringList& names) {
            if (generation != m_generation)
                return;
            m_request = 0;
            finish(State::Working,
                tr("Data source is working\nEmbedded %1 store, version %2 - %3 label names, %4 ms")
                    .arg(logs ? tr("Loki") : tr("Prometheus"), QStringLiteral(SIGHTGLASS_VERSION))
                    .arg(names.size())
                    .arg(elapsed.elapsed()));
        });
}

void DatasourceTester::stop()
{
    ++m_generation;
    if (m_request && m_client)
        m_client->cancel(m_request);
    m_request = 0;
    if (m_state == State::Running) {
        m_state = State::Idle;
        m_text.clear();
        Q_EMIT changed();
    }
}

void DatasourceTester::finish(State state, const QString& text)
{
    m_state = state;
    m_text = text;
    Q_EMIT changed();
}

void showTestResult(QLabel* label, const DatasourceTester& tester)
{
    label->setText(tester.text());
    switch (tester.state()) {
    case DatasourceTester::State::Working:
        label->setStyleSheet(QStringLiteral("color: #73bf69;"));
        break;
    case DatasourceTester::State::Failed:
        label->setStyleSheet(QStringLiteral("color: #f2495c;"));
        break;
    default:
        label->setStyleSheet({});
    }
}

} // namespace sg::ui
