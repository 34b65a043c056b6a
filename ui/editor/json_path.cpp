#include "json_path.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace sg::ui::editor {

QJsonValue valueAt(const QJsonObject& root, const QString& path)
{
    const QStringList parts = path.split(u'.');
    QJsonValue v = root;
    for (const QString& part : parts) {
        if (!v.isObject())
            return QJsonValue(QJsonValue::Undefined);
        v = v.toObject().value(part);
    }
    return v;
}

namespace {

void setIn(QJsonObject& object, const QStringList& parts, int index, const QJsonValue& value)
{
    const QString& key = parts[index];
    if (index == parts.size() - 1) {
        if (value.isNull() || value.isUndefined())
            object.remove(key);
        else
            object.insert(key, value);
        return;
    }
    QJsonObject child = object.value(key).toObject();
    setIn(child, parts, index + 1, value);
    object.insert(key, child);
}

} // namespace

void setValueAt(QJsonObject& root, const QString& path, const QJsonValue& value)
{
    const QStringList parts = path.split(u'.');
    if (parts.isEmpty() || parts.first().isEmpty())
        return;
    setIn(root, parts, 0, value);
}

QString compactJson(const QJsonValue& value)
{
    // QJsonDocument only takes objects and arrays: wrap the value in an array and strip the brackets.
    const QByteArray text = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

bool parseJsonValue(const QString& text, QJsonValue* out, QString* error)
{
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(u"["_s.append(text).append(u"]"_s).toUtf8(), &e);
    if (e.error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != 1) {
        if (error)
            *error = e.error != QJsonParseError::NoError ? e.errorString() : u"expected one JSON value"_s;
        return false;
    }
    *out = doc.array().first();
    return true;
}

} // namespace sg::ui::editor
