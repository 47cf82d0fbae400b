#pragma once

#include "engine/checkresult.h"
#include "engine/runstats.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QVector>

namespace Fanout {

// One finished (or cancelled) run, as the run history keeps it across launches.
struct RunRecord
{
    QDateTime when;   // when the run finished, UTC
    QString listName; // the list's source name (file name, "Demo: 5 URLs x 1 s", ...)
    int urlCount = 0; // rows in the list, rejected ones included
    int cap = 0;      // concurrency cap the run used (the last one if it changed mid-run)
    qint64 wallMs = 0;
    qint64 sumMs = 0;   // sum of per-URL durations: what a one-at-a-time loop would have taken
    double speedUp = 0; // sumMs / wallMs
    int ok = 0;
    int failed = 0;
    int cancelledUrls = 0;  // URLs a stop left without an answer: neither OK nor failed, not in sumMs
    bool cancelled = false; // the run was stopped
    QString label;          // "sequential", "cap 8", "sweep cap 4", ...

    // Figures of a set of results: counts and sums from RunStats. when = now (UTC); label from the cap
    // ("sequential" for cap 1, else "cap N") unless one is given.
    static RunRecord fromResults(const QVector<CheckResult> &results, qint64 wallMs, int cap, const QString &listName,
                                 bool cancelled, const QString &label = {});
    // The same over any rows RunStats reads (the timing views' compact rows).
    template <typename Rows>
    static RunRecord fromResults(const Rows &rows, qint64 wallMs, int cap, const QString &listName, bool cancelled,
                                 const QString &label = {})
    {
        return fromStats(RunStats::compute(rows, wallMs), int(rows.size()), cap, listName, cancelled, label);
    }
    static RunRecord fromStats(const RunStats &stats, int urlCount, int cap, const QString &listName, bool cancelled,
                               const QString &label = {});
    static QString defaultLabel(int cap);

    QJsonObject toJson() const;
    // Returns false and sets *why when the object is not a usable record.
    static bool fromJson(const QJsonObject &object, RunRecord *record, QString *why);

    friend bool operator==(const RunRecord &a, const RunRecord &b);
    friend bool operator!=(const RunRecord &a, const RunRecord &b) { return !(a == b); }
};

// Every run, most recent last, kept in a JSON file whose path is injected (empty path = memory only).
// Saved atomically after each change; bounded to maxRuns(); a corrupt file is moved aside to <path>.bak and
// the history starts empty, with the reason in lastError().
class RunHistory final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunHistory)

public:
    static constexpr int DefaultMaxRuns = 500;

    explicit RunHistory(const QString &path = {}, QObject *parent = nullptr);
    ~RunHistory() override;

    QString path() const;
    void setPath(const QString &path); // where load() and save() go from now on; records are kept until load()
    void setMaxRuns(int maxRuns);      // drops the oldest runs beyond it (and saves)
    int maxRuns() const;

    // Reads the file. A missing file is an empty history (true). An unreadable or corrupt file: the history
    // starts empty, the file is copied to <path>.bak, false is returned and lastError() says why. Records
    // that cannot be read inside an otherwise good file are skipped and counted in lastError() (true).
    bool load();
    bool save(); // false with lastError() set when the file cannot be written
    QString lastError() const;

    const QVector<RunRecord> &records() const;
    int count() const;
    const RunRecord &at(int index) const;

    void add(const RunRecord &record); // appends, trims, saves
    void remove(QVector<int> indices); // indices into records()
    void clear();

    // CSV of the given records (header + one line per run); text cells are formula-safe.
    static QStringList csvColumns();
    static QByteArray toCsv(const QVector<RunRecord> &records, bool utf8Bom = true);
    // Atomic write; false with *error naming the path and the reason.
    static bool exportCsv(const QString &path, const QVector<RunRecord> &records, QString *error);

    static QByteArray toJson(const QVector<RunRecord> &records);

signals:
    void changed();
    void errorOccurred(const QString &message); // load/save problems, for a status line

private:
    void trim();
    bool saveIfPersistent();

    QString m_path;
    int m_maxRuns = DefaultMaxRuns;
    QVector<RunRecord> m_records;
    QString m_lastError;
};

} // namespace Fanout

Q_DECLARE_METATYPE(Fanout::RunRecord)
