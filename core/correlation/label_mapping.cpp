#include "label_mapping.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace sg::correlation {

void LabelMapping::setInferred(const std::vector<LabelCorrespondence>& inferred)
{
    m_inferred.clear();
    for (const LabelCorrespondence& c : inferred)
        m_inferred[c.metricLabel] = { c.logLabel, c.normalize };
}

void LabelMapping::set(const std::string& metricLabel, LogLabelTarget target) { m_user[metricLabel] = std::move(target); }

void LabelMapping::remove(const std::string& metricLabel) { m_user.erase(metricLabel); }

std::optional<LogLabelTarget> LabelMapping::target(const std::string& metricLabel) const
{
    const auto user = m_user.find(metricLabel);
    if (user != m_user.end())
        return user->second.logLabel.empty() ? std::nullopt : std::optional(user->second);
    const auto inferred = m_inferred.find(metricLabel);
    if (inferred != m_inferred.end())
        return inferred->second;
    return std::nullopt;
}

std::map<std::string, LogLabelTarget> LabelMapping::effective() const
{
    std::map<std::string, LogLabelTarget> out = m_inferred;
    for (const auto& [metric, target] : m_user) {
        if (target.logLabel.empty())
            out.erase(metric);
        else
            out[metric] = target;
    }
    return out;
}

std::optional<std::string> LabelMapping::metricLabelFor(const std::string& logLabel) const
{
    for (const auto& [metric, target] : effective())
        if (target.logLabel == logLabel)
            return metric;
    return std::nullopt;
}

QString datasourcePairKey(const QString& metricsUid, const QString& logsUid) { return metricsUid + QStringLiteral("->") + logsUid; }

namespace {
Error fileError(ErrorCode code, const QString& message) { return Error { code, message.toStdString(), {} }; }
}

std::optional<Error> LabelMappingFile::load()
{
    m_pairs.clear();
    m_paddingSeconds = -1;
    QFile file(m_path);
    if (!file.exists())
        return std::nullopt;
    if (!file.open(QIODevice::ReadOnly))
        return fileError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(m_path, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!doc.isObject())
        return fileError(ErrorCode::Parse, QStringLiteral("%1 is not a label mapping file: %2").arg(m_path, parseError.errorString()));
    m_paddingSeconds = doc.object().value(u"padding_s").toInt(-1);
    const QJsonObject pairs = doc.object().value(u"pairs").toObject();
    for (auto pair = pairs.begin(); pair != pairs.end(); ++pair) {
        auto& entries = m_pairs[pair.key()];
        const QJsonObject labels = pair.value().toObject();
        for (auto label = labels.begin(); label != labels.end(); ++label) {
            const QJsonObject target = label.value().toObject();
            entries[label.key().toStdString()]
                = { target.value(u"log").toString().toStdString(), target.value(u"normalize").toBool() };
        }
    }
    return std::nullopt;
}

std::optional<Error> LabelMappingFile::save() const
{
    QJsonObject pairs;
    for (const auto& [key, entries] : m_pairs) {
        QJsonObject labels;
        for (const auto& [metric, target] : entries) {
            QJsonObject t { { QStringLiteral("log"), QString::fromStdString(target.logLabel) } };
            if (target.normalize)
                t.insert(QStringLiteral("normalize"), true);
            labels.insert(QString::fromStdString(metric), t);
        }
        pairs.insert(key, labels);
    }
    QJsonObject root { { QStringLiteral("version"), 1 }, { QStringLiteral("pairs"), pairs } };
    if (m_paddingSeconds >= 0)
        root.insert(QStringLiteral("padding_s"), m_paddingSeconds);
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return fileError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(m_path, file.errorString()));
    file.write(QJsonDocument(root).toJson());
    if (!file.commit())
        return fileError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(m_path, file.errorString()));
    return std::nullopt;
}

LabelMapping LabelMappingFile::mapping(const QString& pairKey) const
{
    LabelMapping m;
    const auto it = m_pairs.find(pairKey);
    if (it != m_pairs.end())
        for (const auto& [metric, target] : it->second)
            m.set(metric, target);
    return m;
}

void LabelMappingFile::setMapping(const QString& pairKey, const LabelMapping& mapping)
{
    if (mapping.user().empty())
        m_pairs.erase(pairKey);
    else
        m_pairs[pairKey] = mapping.user();
}

} // namespace sg::correlation
