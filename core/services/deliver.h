#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QThread>

namespace sg::services {

/// Runs `fn` on `receiver`'s thread unless the receiver is gone. The hop goes through `via` (an object that outlives
/// every pool task: the query service or client), so a receiver deleted meanwhile is detected on its own thread,
/// never raced.
template<class Fn>
void deliverTo(QObject* via, QPointer<QObject> receiver, Fn fn)
{
    QMetaObject::invokeMethod(
        via,
        [receiver, fn = std::move(fn)]() mutable {
            if (!receiver)
                return;
            if (receiver->thread() == QThread::currentThread()) {
                fn();
                return;
            }
            QMetaObject::invokeMethod(receiver.data(), std::move(fn), Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

} // namespace sg::services
