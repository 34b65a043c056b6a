#include "positions.h"

#include <QSaveFile>

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sg::ingest {

Positions::Positions(std::string path)
    : m_path(std::move(path))
{
}

std::optional<Error> Positions::load(bool ignoreCorrupt)
{
    m_offsets.clear();
    if (m_path.empty())
        return std::nullopt;
    std::ifstream in(m_path);
    if (!in)
        return std::nullopt; // first run
    std::stringstream text;
    text << in.rdbuf();
    try {
        const YAML::Node root = YAML::Load(text.str());
        if (root && root["positions"]) {
            for (const auto& kv : root["positions"])
                m_offsets[kv.first.as<std::string>()] = std::stoll(kv.second.as<std::string>());
        }
        m_saved = m_offsets;
    } catch (const std::exception& e) {
        m_offsets.clear();
        if (!ignoreCorrupt)
            return Error { ErrorCode::BadData, "invalid positions file " + m_path + ": " + e.what(), {} };
    }
    return std::nullopt;
}

std::optional<Error> Positions::save()
{
    if (m_path.empty() || !m_dirty)
        return std::nullopt;
    if (auto error = saveOffsets(m_offsets))
        return error;
    m_dirty = false;
    return std::nullopt;
}

std::optional<Error> Positions::saveOffsets(const std::map<std::string, std::int64_t>& offsets)
{
    if (m_path.empty() || offsets == m_saved)
        return std::nullopt;
    YAML::Emitter out;
    out << YAML::BeginMap << YAML::Key << "positions" << YAML::Value << YAML::BeginMap;
    for (const auto& [file, offset] : offsets)
        out << YAML::Key << file << YAML::Value << YAML::DoubleQuoted << std::to_string(offset);
    out << YAML::EndMap << YAML::EndMap;
    std::error_code ec;
    const auto dir = std::filesystem::path(m_path).parent_path();
    if (!dir.empty())
        std::filesystem::create_directories(dir, ec);
    QSaveFile file(QString::fromStdString(m_path));
    if (!file.open(QIODevice::WriteOnly))
        return Error { ErrorCode::Io, "cannot write positions file " + m_path, {} };
    file.write(out.c_str(), qint64(out.size()));
    file.write("\n", 1);
    if (!file.commit())
        return Error { ErrorCode::Io, "cannot write positions file " + m_path + ": " + file.errorString().toStdString(), {} };
    m_saved = offsets;
    return std::nullopt;
}

std::optional<std::int64_t> Positions::get(const std::string& file) const
{
    const auto it = m_offsets.find(file);
    if (it == m_offsets.end())
        return std::nullopt;
    return it->second;
}

void Positions::set(const std::string& file, std::int64_t offset)
{
    auto [it, inserted] = m_offsets.try_emplace(file, offset);
    if (inserted || it->second != offset) {
        it->second = offset;
        m_dirty = true;
    }
}

void Positions::remove(const std::string& file)
{
    m_dirty |= m_offsets.erase(file) > 0;
}

} // namespace sg::ingest
