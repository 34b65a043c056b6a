#include "docker_discovery.h"

#include <QDebug>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace sg::ingest {

std::string sanitizeLabelName(std::string_view name)
{
    std::string out(name);
    for (char& c : out)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
            c = '_';
    return out;
}

std::string dockerFiltersJson(const DockerSdConfig& config)
{
    if (config.filters.empty())
        return {};
    QJsonObject filters;
    for (const auto& [name, values] : config.filters) {
        const QString key = QString::fromStdString(name);
        QJsonObject set = filters.value(key).toObject();
        for (const std::string& v : values)
            set.insert(QString::fromStdString(v), true);
        filters.insert(key, set);
    }
    return QJsonDocument(filters).toJson(QJsonDocument::Compact).toStdString();
}

namespace {

std::string str(const QJsonValue& v)
{
    return v.toString().toStdString();
}

} // namespace

Result<std::vector<DiscoveredContainer>> parseContainerList(const QByteArray& json, const DockerSdConfig& config)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isArray())
        return Error { ErrorCode::BadData,
            "invalid container list: " + (doc.isNull() ? parseError.errorString().toStdString() : std::string("not an array")), {} };
    std::vector<DiscoveredContainer> out;
    for (const QJsonValue& value : doc.array()) {
        const QJsonObject c = value.toObject();
        DiscoveredContainer container;
        container.id = str(c.value(QStringLiteral("Id")));
        if (container.id.empty())
            continue;
        auto& labels = container.labels;
        labels["__meta_docker_container_id"] = container.id;
        const QJsonArray names = c.value(QStringLiteral("Names")).toArray();
        if (!names.isEmpty())
            labels["__meta_docker_container_name"] = str(names.first());
        const std::string networkMode = str(c.value(QStringLiteral("HostConfig")).toObject().value(QStringLiteral("NetworkMode")));
        labels["__meta_docker_container_network_mode"] = networkMode;
        const QJsonObject containerLabels = c.value(QStringLiteral("Labels")).toObject();
        for (auto it = containerLabels.begin(); it != containerLabels.end(); ++it)
            labels["__meta_docker_container_label_" + sanitizeLabelName(it.key().toStdString())] = str(it.value());

        const QJsonObject networks = c.value(QStringLiteral("NetworkSettings")).toObject().value(QStringLiteral("Networks")).toObject();
        std::string ip;
        if (!networks.isEmpty()) { // QJsonObject keys are sorted: the first network by name
            const QJsonObject network = networks.begin().value().toObject();
            ip = str(network.value(QStringLiteral("IPAddress")));
            labels["__meta_docker_network_name"] = networks.begin().key().toStdString();
            labels["__meta_docker_network_id"] = str(network.value(QStringLiteral("NetworkID")));
            labels["__meta_docker_network_ip"] = ip;
        }
        const bool hostNetwork = networkMode == "host";
        const auto address = [&](int port) {
            if (hostNetwork)
                return config.hostNetworkingHost;
            const std::string host = ip.find(':') != std::string::npos ? "[" + ip + "]" : ip;
            return host + ":" + std::to_string(port);
        };
        const QJsonArray ports = c.value(QStringLiteral("Ports")).toArray();
        if (!ports.isEmpty()) {
            const QJsonObject port = ports.first().toObject();
            const int privatePort = port.value(QStringLiteral("PrivatePort")).toInt();
            labels["__meta_docker_port_private"] = std::to_string(privatePort);
            if (const int publicPort = port.value(QStringLiteral("PublicPort")).toInt(); publicPort > 0)
                labels["__meta_docker_port_public"] = std::to_string(publicPort);
            if (const std::string publicIp = str(port.value(QStringLiteral("IP"))); !publicIp.empty())
                labels["__meta_docker_port_public_ip"] = publicIp;
            labels["__meta_docker_port_protocol"] = str(port.value(QStringLiteral("Type")));
            labels["__address__"] = address(privatePort);
        } else {
            labels["__address__"] = address(config.port);
        }
        out.push_back(std::move(container));
    }
    return out;
}

DockerDiscovery::DockerDiscovery(DockerSdConfig config, DockerEndpoint endpoint, Handler handler, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_endpoint(std::move(endpoint))
    , m_handler(std::move(handler))
{
}

void DockerDiscovery::start()
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &DockerDiscovery::refresh);
    }
    m_timer->start(int(std::min<DurationMs>(m_config.refreshInterval, 24 * 3600 * 1000)));
    refresh();
}

void DockerDiscovery::stop()
{
    if (m_timer)
        m_timer->stop();
    delete m_inFlight; // cancels the request
    m_inFlight = nullptr;
}

void DockerDiscovery::refresh()
{
    if (m_inFlight)
        return; // a slow engine: one request at a time
    std::string path = "/containers/json";
    if (const std::string filters = dockerFiltersJson(m_config); !filters.empty())
        path += "?filters=" + percentEncode(filters);
    m_inFlight = new QObject(this);
    const int timeout = int(std::clamp<DurationMs>(m_config.refreshInterval * 2, 2'000, 60'000));
    dockerGet(m_endpoint, path, m_inFlight, [this](Result<DockerResponse> response) {
        m_inFlight->deleteLater();
        m_inFlight = nullptr;
        if (!response.ok())
            return setError(response.error().message);
        if (response->status != 200)
            return setError(m_endpoint.describe() + "/containers/json: HTTP " + std::to_string(response->status) + ": "
                + dockerErrorMessage(response->body));
        auto containers = parseContainerList(response->body, m_config);
        if (!containers.ok())
            return setError(m_endpoint.describe() + "/containers/json: " + containers.error().message);
        setError({});
        ++m_successes;
        m_handler(std::move(containers.value()));
    }, timeout);
}

void DockerDiscovery::setError(const std::string& message)
{
    if (message == m_lastError)
        return;
    if (!message.empty())
        qWarning().noquote() << QString::fromStdString("docker_sd_configs: " + message + "; retrying every "
            + std::to_string(m_config.refreshInterval) + " ms");
    else
        qInfo().noquote() << QString::fromStdString("docker_sd_configs: " + m_endpoint.describe() + " answers again");
    m_lastError = message;
}

} // namespace sg::ingest
