#pragma once

#include "io/resultwriter.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <array>
#include <functional>

namespace Fanout {

// What changed for one URL between an OLD and a NEW run of a list. One kind per row, the first that applies:
enum class DiffChange
{
    NewFailure, // "new-failure": OK in OLD, failed in NEW
    Fixed,      // "fixed": failed in OLD, OK in NEW
    Status,     // "status": both OK or both failed, but the status code or the error category differs
    Redirect,   // "redirect": the final URL differs
    Title,      // "title": only the title differs
    Added,      // "added": only in NEW
    Removed,    // "removed": only in OLD
    Unchecked,  // "unchecked": in both, but one run has no verdict for it (interrupted before it, or its result
                // is "cancelled: ..."): nothing can be said about a change
};
constexpr int DiffChangeCount = 8;

QString diffChangeName(DiffChange change); // "new-failure", "fixed", ...

// One row of a diff. A side without a result has status 0 and empty texts; a rejected line has its rejection
// ("invalid: ...") as error. Status 0 is written as an empty CSV cell / JSON null.
struct DiffRow
{
    QString url; // the normalised URL (QUrl::FullyEncoded), or the line's text for a rejected line
    DiffChange change = DiffChange::Status;
    int oldStatus = 0;
    int newStatus = 0;
    QString oldTitle;
    QString newTitle;
    QString oldFinalUrl;
    QString newFinalUrl;
    QString oldError;
    QString newError;
    int oldLine = 0; // 0 when not in that run
    int newLine = 0;
};

struct DiffSummary
{
    std::array<int, DiffChangeCount> counts{}; // indexed by DiffChange
    int unchanged = 0;                         // in both, nothing of the above differs
    int oldEntries = 0;
    int newEntries = 0;

    int count(DiffChange change) const { return counts[size_t(change)]; }
    int changed() const; // rows written
    // "2 new failures, 1 fixed, 3 status, 0 redirect, 1 title, 1 added, 1 removed, 0 unchecked; 40 unchanged"
    QString toText() const;
};

// Compares two run files. Matching: URLs by their normalised form (entries.url); rejected lines by their text
// (the k-th rejected "foo" of OLD with the k-th of NEW). Rows come new failures first (in NEW's input order),
// then every other change in NEW's input order, then the removed ones in OLD's order.
// Runs as set queries over both files ATTACHed to a scratch database: bounded memory at any size.
class RunDiff final
{
public:
    using RowVisitor = std::function<bool(const DiffRow &)>; // false stops early

    // Returns false and sets *error (naming the file and the reason) when either run cannot be read, or the
    // visitor stopped. *warnings (optional) gets notes such as the two runs coming from different sources.
    static bool compare(const QString &oldPath, const QString &newPath, const RowVisitor &visit, DiffSummary *summary,
                        QString *error, QStringList *warnings = nullptr);

    // The kind of change between two results of the same entry (for tests and for views that hold both
    // results); nullopt-like: returns false when nothing changed.
    struct Side
    {
        bool present = false;    // the entry is in the run
        bool hasVerdict = false; // it has a result that is not "cancelled: ..."
        int status = 0;
        QString title;
        QString finalUrl;
        QString error;
    };
    static bool classify(const Side &oldSide, const Side &newSide, DiffChange *change);
};

// Serialises diff rows as CSV (RFC 4180, formula-safe cells as ResultWriter writes them) or JSON Lines (the
// same keys in the same order; status null when none).
class DiffWriter final
{
public:
    static QStringList columns(); // url,change,old_status,new_status,old_title,new_title,...

    explicit DiffWriter(ExportFormat format, bool utf8Bom = true);
    QByteArray header() const; // CSV: [BOM] header line; JSON Lines: empty
    void append(QByteArray &out, const DiffRow &row) const;

private:
    ExportFormat m_format;
    bool m_utf8Bom;
};

} // namespace Fanout
