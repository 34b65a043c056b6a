// QueryClient's remote routing helpers (query_client.cpp and query_client_remote.cpp only).
#pragma once

#include "core/remote/remote_client.h"
#include "core/services/query_client.h"

namespace sg::services {

/// The remote form of a request.
remote::RemoteQuery toRemoteQuery(const QueryRequest& request);
/// A remote's answer as the embedded path shapes it: frames named by the legend format, scalars named by the
/// legend format or the expression, log rows as they came (sorted per direction), warnings and the error.
void fillFromRemote(QueryResponse& response, remote::RemoteAnswer&& answer, const QueryRequest& request);

} // namespace sg::services
