#pragma once

#include "core/common/time.h"
#include "core/correlation/label_mapping.h"
#include "core/labels/labels.h"

#include <QObject>
#include <QThreadPool>

#include <functional>
#include <vector>

namespace sg::services {
class QueryClient;
}

namespace sg::ui {

/// The window's label bridge: the metric → log label mapping of one pair of datasources — the embedded stores, or a
/// remote Prometheus and a remote Loki (setPair) — inferred from their values, with the user's entries of that pair
/// from the mapping file over it; the padding around a selected range; and stream counts in the pair's logs.
/// Store reads run on its own pool; answers come back on the UI thread.
class LabelBridgeState : public QObject
{
    Q_OBJECT
public:
    explicit LabelBridgeState(services::QueryClient* client, QObject* parent = nullptr);
    ~LabelBridgeState() override;

    /// Reads the user's entries from `path` (DATA/label-mapping.json); empty: nothing is persisted.
    void setMappingPath(const QString& path);
    QString mappingPath() const { return m_file.path(); }

    /// The datasources the bridge maps between (uids; empty or embedded ones: the embedded stores). A change loads
    /// the pair's user entries and drops the inferred defaults (infer again); mappingChanged follows.
    void setPair(const QString& metricsUid, const QString& logsUid);
    QString metricsUid() const { return m_metricsUid; }
    QString logsUid() const { return m_logsUid; }

    /// Infers the defaults again from the stores' labels over `range`, off the UI thread; mappingChanged follows.
    void infer(TimeRange range);
    bool inferred() const { return m_inferred; }

    /// The mapping in use: the user's entries over the inferred defaults.
    const correlation::LabelMapping& mapping() const { return m_mapping; }
    /// Keeps new user entries (writing the mapping file when there is one); an error message, or "".
    QString setUserEntries(const correlation::LabelMapping& userEntries);

    /// Time added before and after a selected range when its logs open.
    qint64 paddingMs() const { return m_paddingMs; }
    void setPaddingMs(qint64 ms);

    /// Counts the log streams matching any of `series` in `range` off the UI thread; `done` runs on `receiver`'s
    /// thread unless the receiver is gone.
    void countStreams(std::vector<Labels> series, TimeRange range, QObject* receiver, std::function<void(int)> done);
    /// Waits for the reads in flight (tests, shutdown).
    void waitForDone();

Q_SIGNALS:
    void mappingChanged();

private:
    /// The mapping file's key of the current pair (embedded uids count as the embedded stores).
    QString pairKey() const;

    services::QueryClient* m_client = nullptr;
    QString m_metricsUid;
    QString m_logsUid;
    correlation::LabelMappingFile m_file;
    correlation::LabelMapping m_mapping;
    qint64 m_paddingMs = 30'000;
    bool m_inferred = false;
    quint64 m_inferGeneration = 0;
    QThreadPool m_pool;
};

} // namespace sg::ui
