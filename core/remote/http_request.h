#pragma once

#include "core/common/result.h"
#include "core/remote/datasource_config.h"

#include <QByteArray>
#include <QString>
#include <QUrlQuery>

#include <atomic>
#include <functional>
#include <string_view>

namespace sg::remote {

/// One HTTP request to a remote datasource.
struct HttpCall
{
    QString path;        ///< appended to the datasource's URL, e.g. `/api/v1/query_range`
    QUrlQuery params;    ///< the query string (GET) or the form body (POST)
    bool post = false;
    int timeoutMs = 0;   ///< 0: the datasource's timeout
    /// When set, the body is handed here piece by piece as it arrives (on the calling thread, while the rest is
    /// still being received) instead of being collected in HttpAnswer::body.
    std::function<void(std::string_view bytes)> onBody;
};

/// What came back: the HTTP status and body, or why nothing did.
struct HttpAnswer
{
    int status = 0;       ///< 0 when no HTTP answer arrived
    QByteArray body;
    std::optional<Error> error; ///< transport failure (connection, TLS, timeout, cancel); HTTP errors keep the body
};

/// Sends `call` to `datasource` and waits for the answer on the calling thread (any thread: a network access
/// manager and an event loop are made for the call; never call it on the GUI thread). Applies basic auth or the
/// bearer token, the custom headers, `X-Scope-OrgID`, and the TLS settings. Stops within ~20 ms when `cancel`
/// becomes true (error code Canceled) or when the timeout passes (Timeout). Messages name the datasource.
HttpAnswer httpRequest(const RemoteDatasource& datasource, const HttpCall& call, const std::atomic_bool* cancel = nullptr);

} // namespace sg::remote
