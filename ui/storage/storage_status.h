#pragma once

#include "core/datadir/settings.h"
#include "core/services/store_health.h"

#include <QDialog>
#include <QToolButton>

#include <functional>
#include <vector>

class QLabel;
class QLineEdit;
class QTableWidget;

namespace sg::ui {

/// Reads the stores' health (value snapshots); `withDiskBytes` also sums their files (slower).
using StorageHealthSource = std::function<std::vector<services::StoreHealth>(bool withDiskBytes)>;

/// The storage part of the status bar: "Stores OK" or, in red, the failing store with its path and reason.
/// A click opens the StorageDialog.
class StorageStatusButton : public QToolButton
{
    Q_OBJECT
public:
    StorageStatusButton(StorageHealthSource source, QString dataDir, QWidget* parent = nullptr);

    /// Reads the health again and shows it.
    void refreshHealth();
    /// True while any store is failed.
    bool showsFailure() const { return m_failed; }

Q_SIGNALS:
    void detailsRequested();

private:
    StorageHealthSource m_source;
    QString m_dataDir;
    bool m_failed = false;
};

/// The data dir's storage: per store its path, state (with the reason of a failure), retention, size on disk,
/// unreadable chunks and failed writes; the retention can be changed here (written to DIR/storage.yml,
/// in force from the next start).
class StorageDialog : public QDialog
{
    Q_OBJECT
public:
    StorageDialog(StorageHealthSource source, QString dataDir, QStringList notes, QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }
    /// Validates and writes the retention fields to DIR/storage.yml; false with the message shown.
    bool saveRetention();
    QLineEdit* retentionField(const QString& store, bool size) const;
    QString message() const;

private:
    void reload();

    StorageHealthSource m_source;
    QString m_dataDir;
    QTableWidget* m_table = nullptr;
    QLineEdit* m_metricsTime = nullptr;
    QLineEdit* m_metricsSize = nullptr;
    QLineEdit* m_logsTime = nullptr;
    QLineEdit* m_logsSize = nullptr;
    QLabel* m_message = nullptr;
};

} // namespace sg::ui
