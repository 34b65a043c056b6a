#include "registry.h"

#include <QDir>
#include <QFile>

#include <string>
#include <unistd.h>

namespace sg::metrics {

namespace {

QByteArray readProcFile(const char* path)
{
    QFile f(QString::fromLatin1(path));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll(); // /proc files report size 0; readAll reads until EOF
}

/// Boot time in seconds since the epoch (`btime` in /proc/stat).
double bootTimeSeconds()
{
    const QByteArray stat = readProcFile("/proc/stat");
    const int i = stat.indexOf("\nbtime ");
    if (i < 0)
        return 0;
    const int end = stat.indexOf('\n', i + 1);
    return stat.mid(i + 7, end - (i + 7)).trimmed().toDouble();
}

} // namespace

void Registry::collectProcessMetrics()
{
#ifdef __linux__
    const QByteArray stat = readProcFile("/proc/self/stat");
    // The command name (field 2) may contain spaces; fields after it follow the last ')'.
    const int paren = stat.lastIndexOf(')');
    if (paren < 0)
        return;
    const QList<QByteArray> fields = stat.mid(paren + 2).split(' ');
    // fields[0] is field 3 (state); field N is fields[N - 3]
    auto field = [&](int n) { return n - 3 < fields.size() ? fields[n - 3].toDouble() : 0.0; };
    const double ticks = double(sysconf(_SC_CLK_TCK));
    const double pageSize = double(sysconf(_SC_PAGESIZE));

    counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.")
        .setTotal((field(14) + field(15)) / ticks);
    gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.").set(field(23));
    gauge("process_resident_memory_bytes", "Resident memory size in bytes.").set(field(24) * pageSize);
    gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.")
        .set(bootTimeSeconds() + field(22) / ticks);

    const QDir fdDir(QStringLiteral("/proc/self/fd"));
    gauge("process_open_fds", "Number of open file descriptors.")
        .set(double(fdDir.entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot).size()));

    const QByteArray limits = readProcFile("/proc/self/limits");
    const int i = limits.indexOf("Max open files");
    if (i >= 0) {
        const QList<QByteArray> parts = limits.mid(i + 14, limits.indexOf('\n', i) - (i + 14)).simplified().split(' ');
        if (!parts.isEmpty() && parts[0] != "unlimited")
            gauge("process_max_fds", "Maximum number of open file descriptors.").set(parts[0].toDouble());
    }
#endif
}

} // namespace sg::metrics
