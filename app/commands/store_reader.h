#pragma once

// The stores of a data dir opened for reading, with a QueryClient over them: for the commands that only look
// (`query complete`, `query explain`). No lock is taken, so they work beside a running Sightglass on the same dir.

#include "core/common/result.h"

#include <QString>

#include <memory>

namespace sg::services {
class QueryClient;
}

namespace sg::app {

class StoreReader
{
public:
    /// Opens `dataDir`'s metric and log stores read-only (a store that is not there is an empty one).
    static Result<std::unique_ptr<StoreReader>> open(const QString& dataDir);
    ~StoreReader();

    const services::QueryClient* client() const { return m_client.get(); }

private:
    StoreReader() = default;
    struct Stores;
    std::unique_ptr<Stores> m_stores;
    std::unique_ptr<services::QueryClient> m_client;
};

} // namespace sg::app
