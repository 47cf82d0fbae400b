#include "store/runhistory.h"

#include "engine/runstats.h"
#include "io/resultwriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

namespace Fanout {

namespace {

constexpr int FormatVersion = 1;
const QLatin1String FormatName("fanout-run-history");

QString isoUtc(const QDateTime &when)
{
    return when.toUTC().toString(Qt::ISODateWithMs);
}

bool readInt(const QJsonObject &o, QLatin1String key, qint64 min, qint64 *out, QString *why)
{
    const QJsonValue v = o.value(key);
    if (!v.isDouble()) {
        *why = QLatin1Char('\'') + key + QLatin1String("' is missing or not a number");
        return false;
    }
    const double d = v.toDouble();
    if (!std::isfinite(d) || d < double(min) || d > 9.0e15 || std::floor(d) != d) {
        *why = QLatin1Char('\'') + key + QLatin1String("' is out of range");
        return false;
    }
    *out = qint64(d);
    return true;
}

} // namespace

QString RunRecord::defaultLabel(int cap)
{
    return cap == 1 ? QStringLiteral("sequential") : QStringLiteral("cap %1").arg(cap);
}

RunRecord RunRecord::fromResults(const QVector<CheckResult> &results, qint64 wallMs, int cap, const QString &listName,
                                 bool cancelled, const QString &label)
{
    return fromStats(RunStats::compute(results, wallMs), int(results.size()), cap, listName, cancelled, label);
}

RunRecord RunRecord::fromStats(const RunStats &stats, int urlCount, int cap, const QString &listName, bool cancelled,
                               const QString &label)
{
    RunRecord r;
    r.when = QDateTime::currentDateTimeUtc();
    r.listName = listName;
    r.urlCount = urlCount;
    r.cap = cap;
    r.wallMs = stats.wallMs;
    r.sumMs = stats.sumMs;
    r.speedUp = stats.speedUp();
    r.ok = stats.ok;
    r.failed = stats.failed;
    r.cancelledUrls = stats.cancelled;
    r.cancelled = cancelled;
    r.label = label.isEmpty() ? defaultLabel(cap) : label;
    return r;
}

QJsonObject RunRecord::toJson() const
{
    QJsonObject o;
    o.insert(QLatin1String("when"), isoUtc(when));
    o.insert(QLatin1String("list"), listName);
    o.insert(QLatin1String("label"), label);
    o.insert(QLatin1String("urls"), urlCount);
    o.insert(QLatin1String("cap"), cap);
    o.insert(QLatin1String("wallMs"), double(wallMs));
    o.insert(QLatin1String("sumMs"), double(sumMs));
    o.insert(QLatin1String("speedUp"), speedUp);
    o.insert(QLatin1String("ok"), ok);
    o.insert(QLatin1String("failed"), failed);
    o.insert(QLatin1String("cancelled"), cancelled);
    o.insert(QLatin1String("cancelledUrls"), cancelledUrls);
    return o;
}

bool RunRecord::fromJson(const QJsonObject &o, RunRecord *record, QString *why)
{
    QString dummy;
    if (!why)
        why = &dummy;
    RunRecord r;
    r.when = QDateTime::fromString(o.value(QLatin1String("when")).toString(), Qt::ISODateWithMs);
    if (!r.when.isValid()) {
        *why = QStringLiteral("'when' is missing or not an ISO 8601 time");
        return false;
    }
    r.when = r.when.toUTC();
    qint64 urls = 0, cap = 0, wall = 0, sum = 0, ok = 0, failed = 0;
    if (!readInt(o, QLatin1String("urls"), 0, &urls, why) || !readInt(o, QLatin1String("cap"), 0, &cap, why) ||
        !readInt(o, QLatin1String("wallMs"), 0, &wall, why) || !readInt(o, QLatin1String("sumMs"), 0, &sum, why) ||
        !readInt(o, QLatin1String("ok"), 0, &ok, why) || !readInt(o, QLatin1String("failed"), 0, &failed, why))
        return false;
    if (urls > 100'000'000 || cap > 1'000'000 || ok > 100'000'000 || failed > 100'000'000) {
        *why = QStringLiteral("counts are out of range");
        return false;
    }
    r.urlCount = int(urls);
    r.cap = int(cap);
    r.wallMs = wall;
    r.sumMs = sum;
    r.ok = int(ok);
    r.failed = int(failed);
    const QJsonValue speedUp = o.value(QLatin1String("speedUp"));
    // A missing or bad speed-up is derived rather than fatal: wall and sum carry the information.
    r.speedUp = speedUp.isDouble() && std::isfinite(speedUp.toDouble()) && speedUp.toDouble() >= 0
                    ? speedUp.toDouble()
                    : (wall > 0 ? double(sum) / double(wall) : 0.0);
    r.listName = o.value(QLatin1String("list")).toString();
    r.label = o.value(QLatin1String("label")).toString();
    if (r.label.isEmpty())
        r.label = defaultLabel(r.cap);
    r.cancelled = o.value(QLatin1String("cancelled")).toBool(false);
    // Absent in histories written before it was kept: those counted cancelled URLs as failed.
    qint64 cancelledUrls = 0;
    if (o.contains(QLatin1String("cancelledUrls")) &&
        !readInt(o, QLatin1String("cancelledUrls"), 0, &cancelledUrls, why))
        return false;
    if (cancelledUrls > 100'000'000) {
        *why = QStringLiteral("counts are out of range");
        return false;
    }
    r.cancelledUrls = int(cancelledUrls);
    *record = r;
    return true;
}

bool operator==(const RunRecord &a, const RunRecord &b)
{
    return a.when == b.when && a.listName == b.listName && a.urlCount == b.urlCount && a.cap == b.cap &&
           a.wallMs == b.wallMs && a.sumMs == b.sumMs && qFuzzyCompare(1.0 + a.speedUp, 1.0 + b.speedUp) &&
           a.ok == b.ok && a.failed == b.failed && a.cancelledUrls == b.cancelledUrls && a.cancelled == b.cancelled &&
           a.label == b.label;
}

RunHistory::RunHistory(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path)
{}

RunHistory::~RunHistory() = default;

QString RunHistory::path() const
{
    return m_path;
}

void RunHistory::setPath(const QString &path)
{
    m_path = path;
}

void RunHistory::setMaxRuns(int maxRuns)
{
    m_maxRuns = std::max(1, maxRuns);
    if (m_records.size() > m_maxRuns) {
        trim();
        saveIfPersistent();
        emit changed();
    }
}

int RunHistory::maxRuns() const
{
    return m_maxRuns;
}

QString RunHistory::lastError() const
{
    return m_lastError;
}

bool RunHistory::load()
{
    m_lastError.clear();
    m_records.clear();
    if (m_path.isEmpty()) {
        emit changed();
        return true;
    }
    QFile file(m_path);
    if (!file.exists()) {
        emit changed();
        return true;
    }

    auto corrupt = [this](const QString &why) {
        const QString backup = m_path + QLatin1String(".bak");
        QFile::remove(backup);
        const bool copied = QFile::copy(m_path, backup);
        m_lastError = QStringLiteral("Run history %1 could not be read (%2); starting a new one")
                          .arg(QDir::toNativeSeparators(m_path), why);
        if (copied)
            m_lastError += QStringLiteral(", the old file is kept as %1").arg(QDir::toNativeSeparators(backup));
        else
            m_lastError += QStringLiteral(" (no backup could be made)");
        m_records.clear();
        emit changed();
        emit errorOccurred(m_lastError);
        return false;
    };

    if (!file.open(QIODevice::ReadOnly))
        return corrupt(file.errorString());
    if (file.size() > 64 * 1024 * 1024)
        return corrupt(QStringLiteral("file is larger than 64 MiB"));
    const QByteArray data = file.readAll();
    file.close();

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return corrupt(
            QStringLiteral("JSON error at byte %1: %2").arg(parseError.offset).arg(parseError.errorString()));
    if (!doc.isObject())
        return corrupt(QStringLiteral("top level is not an object"));
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("format")).toString() != FormatName)
        return corrupt(QStringLiteral("not a Fanout run history"));
    const QJsonValue runs = root.value(QLatin1String("runs"));
    if (!runs.isArray())
        return corrupt(QStringLiteral("'runs' is not an array"));

    int skipped = 0;
    QString firstWhy;
    const QJsonArray array = runs.toArray();
    m_records.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        RunRecord record;
        QString why;
        if (!array.at(i).isObject()) {
            why = QStringLiteral("not an object");
        } else if (RunRecord::fromJson(array.at(i).toObject(), &record, &why)) {
            m_records.append(record);
            continue;
        }
        if (skipped++ == 0)
            firstWhy = QStringLiteral("run %1: %2").arg(i + 1).arg(why);
    }
    trim();
    if (skipped > 0) {
        m_lastError = QStringLiteral("Run history %1: %2 unreadable run(s) skipped (first: %3)")
                          .arg(QDir::toNativeSeparators(m_path))
                          .arg(skipped)
                          .arg(firstWhy);
        emit errorOccurred(m_lastError);
    }
    emit changed();
    return true;
}

QByteArray RunHistory::toJson(const QVector<RunRecord> &records)
{
    QJsonArray runs;
    for (const RunRecord &r : records)
        runs.append(r.toJson());
    QJsonObject root;
    root.insert(QLatin1String("format"), FormatName);
    root.insert(QLatin1String("version"), FormatVersion);
    root.insert(QLatin1String("runs"), runs);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool RunHistory::save()
{
    if (m_path.isEmpty())
        return true;
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath())) {
        m_lastError = QStringLiteral("Cannot create the folder %1 for the run history")
                          .arg(QDir::toNativeSeparators(info.absolutePath()));
        emit errorOccurred(m_lastError);
        return false;
    }
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)) {
        m_lastError = QStringLiteral("Cannot write the run history %1: %2")
                          .arg(QDir::toNativeSeparators(m_path), file.errorString());
        emit errorOccurred(m_lastError);
        return false;
    }
    file.write(toJson(m_records));
    if (!file.commit()) {
        m_lastError = QStringLiteral("Cannot write the run history %1: %2")
                          .arg(QDir::toNativeSeparators(m_path), file.errorString());
        emit errorOccurred(m_lastError);
        return false;
    }
    return true;
}

bool RunHistory::saveIfPersistent()
{
    return m_path.isEmpty() || save();
}

const QVector<RunRecord> &RunHistory::records() const
{
    return m_records;
}

int RunHistory::count() const
{
    return int(m_records.size());
}

const RunRecord &RunHistory::at(int index) const
{
    return m_records.at(index);
}

void RunHistory::trim()
{
    if (m_records.size() > m_maxRuns)
        m_records.remove(0, m_records.size() - m_maxRuns);
}

void RunHistory::add(const RunRecord &record)
{
    m_records.append(record);
    trim();
    saveIfPersistent();
    emit changed();
}

void RunHistory::remove(QVector<int> indices)
{
    std::sort(indices.begin(), indices.end());
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
    bool removed = false;
    for (auto it = indices.crbegin(); it != indices.crend(); ++it) {
        if (*it >= 0 && *it < m_records.size()) {
            m_records.remove(*it);
            removed = true;
        }
    }
    if (removed) {
        saveIfPersistent();
        emit changed();
    }
}

void RunHistory::clear()
{
    m_records.clear();
    saveIfPersistent();
    emit changed();
}

QStringList RunHistory::csvColumns()
{
    return {QStringLiteral("when_utc"), QStringLiteral("list"),      QStringLiteral("label"),
            QStringLiteral("urls"),     QStringLiteral("cap"),       QStringLiteral("wall_ms"),
            QStringLiteral("sum_ms"),   QStringLiteral("speed_up"),  QStringLiteral("ok"),
            QStringLiteral("failed"),   QStringLiteral("cancelled"), QStringLiteral("cancelled_urls")};
}

QByteArray RunHistory::toCsv(const QVector<RunRecord> &records, bool utf8Bom)
{
    QString text;
    if (utf8Bom)
        text += QChar(0xFEFF);
    text += csvColumns().join(QLatin1Char(',')) + QLatin1String("\r\n");
    for (const RunRecord &r : records) {
        const QStringList cells{isoUtc(r.when),
                                ResultWriter::csvTextCell(r.listName),
                                ResultWriter::csvTextCell(r.label),
                                QString::number(r.urlCount),
                                QString::number(r.cap),
                                QString::number(r.wallMs),
                                QString::number(r.sumMs),
                                QString::number(r.speedUp, 'f', 2),
                                QString::number(r.ok),
                                QString::number(r.failed),
                                r.cancelled ? QStringLiteral("true") : QStringLiteral("false"),
                                QString::number(r.cancelledUrls)};
        text += cells.join(QLatin1Char(',')) + QLatin1String("\r\n");
    }
    return text.toUtf8();
}

bool RunHistory::exportCsv(const QString &path, const QVector<RunRecord> &records, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    file.write(toCsv(records));
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

} // namespace Fanout
