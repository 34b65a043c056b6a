#include "label_bridge_state.h"

#include "core/correlation/store_bridge.h"
#include "core/services/query_client.h"

#include <QPointer>

namespace sg::ui {


LabelBridgeState::LabelBridgeState(services::QueryClient* client, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_file(QString())
{
    m_pool.setMaxThreadCount(2); // a stream count need not wait for an inference over a large store
    m_pool.setStackSize(services::QueryStackBytes);
}

LabelBridgeState::~LabelBridgeState() { m_pool.waitForDone(); }

QString LabelBridgeState::pairKey() const
{
    auto remote = [this](const QString& uid) { return m_client && m_client->remoteClient(uid) ? uid : QString(); };
    return correlation::datasourcePairKey(remote(m_metricsUid), remote(m_logsUid));
}

void LabelBridgeState::setPair(const QString& metricsUid, const QString& logsUid)
{
    if (metricsUid == m_metricsUid && logsUid == m_logsUid)
        return;
    m_metricsUid = metricsUid;
    m_logsUid = logsUid;
    m_mapping = m_file.mapping(pairKey());
    m_inferred = false;
    ++m_inferGeneration; // an inference of the old pair in flight is dropped
    Q_EMIT mappingChanged();
}

void LabelBridgeState::setMappingPath(const QString& path)
{
    m_file = correlation::LabelMappingFile(path);
    if (!path.isEmpty())
        m_file.load(); // a malformed file reads as no entries; saving rewrites it
    const auto inferred = m_mapping.inferred();
    m_mapping = m_file.mapping(pairKey());
    m_mapping.setInferred(inferred);
    if (const int padding = m_file.paddingSeconds(); padding >= 0)
        m_paddingMs = padding * 1000LL;
    Q_EMIT mappingChanged();
}

void LabelBridgeState::infer(TimeRange range)
{
    if (!m_client)
        return;
    const quint64 generation = ++m_inferGeneration;
    services::QueryClient* client = m_client;
    m_pool.start([this, client, range, generation, metricsUid = m_metricsUid, logsUid = m_logsUid] {
        auto bridge = correlation::inferFromStores(*client, range.minMs, range.maxMs, {}, metricsUid, logsUid);
        QMetaObject::invokeMethod(
            this,
            [this, generation, bridge = std::move(bridge)] {
                if (generation != m_inferGeneration)
                    return; // a newer inference superseded this one
                m_mapping.setInferred(bridge);
                m_inferred = true;
                Q_EMIT mappingChanged();
            },
            Qt::QueuedConnection);
    });
}

QString LabelBridgeState::setUserEntries(const correlation::LabelMapping& userEntries)
{
    correlation::LabelMapping next = userEntries;
    next.setInferred(m_mapping.inferred());
    m_mapping = next;
    Q_EMIT mappingChanged();
    if (m_file.path().isEmpty())
        return {};
    m_file.setMapping(pairKey(), m_mapping);
    const auto error = m_file.save();
    return error ? QString::fromStdString(error->message) : QString();
}

void LabelBridgeState::setPaddingMs(qint64 ms)
{
    m_paddingMs = std::max<qint64>(0, ms);
    m_file.setPaddingSeconds(int(m_paddingMs / 1000));
    if (!m_file.path().isEmpty())
        m_file.save();
}

void LabelBridgeState::countStreams(
    std::vector<Labels> series, TimeRange range, QObject* receiver, std::function<void(int)> done)
{
    if (!m_client)
        return;
    services::QueryClient* client = m_client;
    QPointer<QObject> target(receiver);
    // Delivered through this object, which outlives the pool's tasks; the receiver may be gone by then.
    m_pool.start([this, client, series = std::move(series), range, mapping = m_mapping, target, done = std::move(done),
                     logsUid = m_logsUid] {
        const int count = int(correlation::matchingStreams(*client, series, mapping, range.minMs, range.maxMs, logsUid));
        QMetaObject::invokeMethod(
            this,
            [target, done, count] {
                if (target)
                    done(count);
            },
            Qt::QueuedConnection);
    });
}

void LabelBridgeState::waitForDone() { m_pool.waitForDone(); }

} // namespace sg::ui
