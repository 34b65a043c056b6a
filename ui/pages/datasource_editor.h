#pragma once

#include "core/remote/datasource_config.h"

#include <QDialog>

#include <functional>
#include <vector>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace sg::services {
class QueryClient;
}

namespace sg::ui {

class DatasourceTester;

/// Grafana's data source settings for one remote Prometheus-compatible or Loki source: type, name, uid, URL, basic
/// auth, bearer token, custom headers, X-Scope-OrgID tenant, TLS files, skip verify, timeout, scrape interval, HTTP
/// method and the default flag. Secrets are masked. "Test" checks the fields as typed; Save validates them first
/// and stays open with the problems listed when something is wrong.
class DatasourceEditor : public QDialog
{
    Q_OBJECT
public:
    /// `others`: the sources the name and uid must differ from (every other configured one).
    DatasourceEditor(services::QueryClient* client, std::vector<remote::RemoteDatasource> others,
        QWidget* parent = nullptr);

    /// Fills the fields from `datasource` (fields the form has no place for, such as inline PEM, are kept).
    void setDatasource(const remote::RemoteDatasource& datasource);
    /// The source the fields describe (uid defaults to the name).
    remote::RemoteDatasource datasource() const;
    /// What keeps the fields from being saved (empty: valid).
    QStringList problems() const;

    /// Where the file buttons ask for a path (caption, current path); a file dialog unless set otherwise.
    using FileChooser = std::function<QString(const QString&, const QString&)>;
    void setFileChooser(FileChooser chooser) { m_chooseFile = std::move(chooser); }

    /// Called by Save with the valid fields: writes them where they belong and returns an error text (empty: saved,
    /// the editor closes; otherwise it stays open showing the error).
    using Saver = std::function<QString(const remote::RemoteDatasource&)>;
    void setSaver(Saver saver) { m_save = std::move(saver); }

    /// Adds a custom header row (name, value) to the headers table.
    void addHeader(const QString& name = {}, const QString& value = {});
    QTableWidget* headersTable() const { return m_headers; }
    DatasourceTester* tester() const { return m_tester; }
    QLabel* testResult() const { return m_testResult; }
    QLabel* problemsLabel() const { return m_problems; }

public Q_SLOTS:
    /// Tests the fields as they are now.
    void test();
    /// Saves (accepts) when the fields are valid; otherwise lists the problems.
    void accept() override;

private:
    QWidget* buildConnection();
    QWidget* buildAuth();
    QWidget* buildTls();
    QWidget* buildOptions();
    QWidget* fileRow(QLineEdit* edit, const QString& caption);
    QLineEdit* lineEdit(const QString& objectName, const QString& placeholder = {}, bool secret = false);

    std::vector<remote::RemoteDatasource> m_others;
    remote::RemoteDatasource m_original;
    FileChooser m_chooseFile;
    Saver m_save;
    DatasourceTester* m_tester = nullptr;
    QComboBox* m_type = nullptr;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_uid = nullptr;
    QLineEdit* m_url = nullptr;
    QLineEdit* m_user = nullptr;
    QLineEdit* m_password = nullptr;
    QLineEdit* m_token = nullptr;
    QTableWidget* m_headers = nullptr;
    QLineEdit* m_tenant = nullptr;
    QLineEdit* m_caFile = nullptr;
    QLineEdit* m_certFile = nullptr;
    QLineEdit* m_keyFile = nullptr;
    QCheckBox* m_skipVerify = nullptr;
    QLineEdit* m_timeout = nullptr;
    QLineEdit* m_interval = nullptr;
    QComboBox* m_method = nullptr;
    QCheckBox* m_default = nullptr;
    QLabel* m_testResult = nullptr;
    QLabel* m_problems = nullptr;
};

} // namespace sg::ui
