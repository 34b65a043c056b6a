#include "completion_runner.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>

namespace sg::ui {

QThreadPool& completionPool()
{
    static QThreadPool* pool = [] {
        auto* p = new QThreadPool(QCoreApplication::instance());
        p->setMaxThreadCount(2);
        p->setObjectName(QStringLiteral("completion"));
        return p;
    }();
    return *pool;
}

CompletionRunner::CompletionRunner(QObject* parent)
    : QObject(parent)
{
}

CompletionRunner::~CompletionRunner() { cancel(); }

quint64 CompletionRunner::start(langsvc::CompletionRequest request)
{
    cancel();
    const quint64 id = ++m_latest;
    auto cancelFlag = std::make_shared<std::atomic_bool>(false);
    m_cancel = cancelFlag;
    // The task owns what it reads (the request, the data source, the flag); it reports through the application
    // object, and the QPointer is only looked at back on the UI thread.
    QPointer<CompletionRunner> self(this);
    completionPool().start([self, id, request = std::move(request), data = m_data, cancelFlag] {
        if (cancelFlag->load())
            return;
        auto result = std::make_shared<langsvc::CompletionResult>(
            langsvc::complete(request, data.get(), cancelFlag.get()));
        if (cancelFlag->load())
            return;
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, id, result] {
                if (self)
                    self->deliver(id, result);
            },
            Qt::QueuedConnection);
    });
    return id;
}

void CompletionRunner::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
    m_cancel.reset();
}

void CompletionRunner::deliver(quint64 id, const std::shared_ptr<langsvc::CompletionResult>& result)
{
    if (id != m_latest || !m_cancel)
        return; // superseded or cancelled while the answer was on its way
    m_cancel.reset();
    Q_EMIT finished(id, *result);
}

} // namespace sg::ui
