#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace sg::ui::editor {

/// The value at a dotted path ("options.reduceOptions.calcs", "fieldConfig.defaults.unit") of a panel's JSON;
/// undefined when any step is missing.
QJsonValue valueAt(const QJsonObject& root, const QString& path);

/// Sets the value at a dotted path, creating the objects on the way; a null or undefined `value` removes the key
/// (and leaves the now-empty parents in place, as Grafana's panel editor does).
void setValueAt(QJsonObject& root, const QString& path, const QJsonValue& value);

/// A JSON value as one line of compact text, for the JSON editors ("\"text\"", "12", "{\"a\":1}").
QString compactJson(const QJsonValue& value);

/// Parses a JSON value written as text (objects, arrays, strings, numbers, booleans, null); nothing on error.
bool parseJsonValue(const QString& text, QJsonValue* out, QString* error = nullptr);

} // namespace sg::ui::editor
