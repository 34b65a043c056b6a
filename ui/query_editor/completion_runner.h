#pragma once

#include "core/langsvc/language_service.h"

#include <QObject>

#include <atomic>
#include <memory>

class QThreadPool;

namespace sg::ui {

/// The pool of the editors' work that may wait on the store (completion, diagnostics with data): a slow look-up
/// never waits behind, or holds up, the query pool's work.
QThreadPool& completionPool();

/// Runs the language service's completion off the UI thread. Each request cancels the one before it (its atomic
/// flag is set, so a completion blocked on the store returns early) and an answer to anything but the latest
/// request is dropped, so a keystroke never waits for the store and never sees a stale list.
class CompletionRunner : public QObject
{
    Q_OBJECT
public:
    explicit CompletionRunner(QObject* parent = nullptr);
    ~CompletionRunner() override;

    /// Where label names, values and metric names come from; null completes keywords, functions and durations only.
    void setData(std::shared_ptr<langsvc::CompletionData> data) { m_data = std::move(data); }
    const std::shared_ptr<langsvc::CompletionData>& data() const { return m_data; }

    /// Starts completing `request`, cancelling the previous one; returns the request's id.
    quint64 start(langsvc::CompletionRequest request);
    /// Cancels the running request; its answer is dropped.
    void cancel();
    /// The id of the latest request (0 before the first).
    quint64 latest() const { return m_latest; }

Q_SIGNALS:
    /// The answer to request `id`, the latest one, on the UI thread.
    void finished(quint64 id, const sg::langsvc::CompletionResult& result);

private:
    void deliver(quint64 id, const std::shared_ptr<langsvc::CompletionResult>& result);

    std::shared_ptr<langsvc::CompletionData> m_data;
    std::shared_ptr<std::atomic_bool> m_cancel;
    quint64 m_latest = 0;
};

} // namespace sg::ui
