#pragma once

#include "core/remote/datasource_config.h"

#include <QObject>
#include <QString>

class QLabel;

namespace sg::services {
class QueryClient;
}

namespace sg::ui {

/// Runs QueryClient::testDatasource for one data source at a time, off the UI thread, and words the answer as
/// Grafana does: "Data source is working" with the API and version, or the error (with the HTTP status when the
/// remote answered). Starting again, or stop(), drops the answer of the test before.
class DatasourceTester : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Running, Working, Failed };
    Q_ENUM(State)

    explicit DatasourceTester(services::QueryClient* client, QObject* parent = nullptr);
    ~DatasourceTester() override;

    /// Tests `datasource` (configured or only being edited); finished() follows, on this object's thread.
    void start(const remote::RemoteDatasource& datasource);
    /// Tests the embedded metric (`logs` false) or log store: its label names answer through the query client.
    void startEmbedded(bool logs);
    /// Cancels the running test; nothing is reported for it.
    void stop();

    State state() const { return m_state; }
    /// "Testing ...", "Data source is working\n...", or "Error: ..." (empty before the first test).
    QString text() const { return m_text; }

Q_SIGNALS:
    /// The state or the text changed (a test started or ended).
    void changed();

private:
    void finish(State state, const QString& text);

    services::QueryClient* m_client = nullptr;
    quint64 m_request = 0;
    quint64 m_generation = 0;
    State m_state = State::Idle;
    QString m_text;
};

/// Shows `tester`'s text in `label`: green when working, red on an error, plain while running.
void showTestResult(QLabel* label, const DatasourceTester& tester);

} // namespace sg::ui
