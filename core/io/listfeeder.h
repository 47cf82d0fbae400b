#pragma once

#include "engine/checker.h"
#include "io/urllist.h"

#include <QObject>
#include <QVector>

#include <deque>

namespace Fanout {

// A list file given to the engine a batch at a time, as the engine asks for more (Checker::targetsLow), so that
// memory follows the engine's queue rather than the list. Targets get ids 0..n-1 in list order, rejected lines
// included, exactly as targetsFor(UrlListParser::parseFile(path)) numbers them; duplicate lines are not targets
// but are reported (line, text, id of the first occurrence). See UrlListReader for what is read when.
class ListFeeder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListFeeder)

public:
    explicit ListFeeder(const QString &path, QObject *parent = nullptr);
    ~ListFeeder() override;

    // Checks the file (see UrlListReader::open); false with error() set when it cannot be a list.
    bool open();
    QString error() const; // also a read that failed mid-list (what came before it was given)
    QString encoding() const;
    // On a hash match against a target already given (see UrlListReader): is its URL's key this one?
    void setConfirmDuplicate(UrlListReader::ConfirmDuplicate confirm);

    // Pull: the next targets, at most max; empty once the list is exhausted.
    QVector<CheckTarget> next(int max);
    bool atEnd() const;
    // Valid targets ahead, counting at most limit (e.g. to size a cap to a short list); what it reads is kept
    // for next().
    int validAhead(int limit);

    // Push: starts a streaming run on checker (false if it is running already) and feeds it until the list
    // ends, then closes its input. targetsRead() comes before the engine gets each batch.
    bool feed(Checker *checker);

    // Duplicate lines whose first occurrence was given already, in input order (feed() emits them instead).
    QVector<UrlDuplicate> takeDuplicates();

    int targetsGiven() const; // ids handed out so far
    int rejected() const;     // rejected lines among them
    int duplicates() const;
    int skipped() const;

signals:
    void targetsRead(const QVector<Fanout::CheckTarget> &targets);
    void duplicatesFound(const QVector<Fanout::UrlDuplicate> &duplicates);
    void finished(); // everything was given (or a read failed: error()); the engine's input is closed

private:
    void topUp(Checker *checker, int queued);
    void fill(int count);

    UrlListReader m_reader;
    UrlListReader::ConfirmDuplicate m_confirm;
    std::deque<CheckTarget> m_ahead;    // read, not given
    QVector<UrlDuplicate> m_duplicates; // found, not taken
    int m_nextId = 0;                   // the id of the next target read
    int m_given = 0;
    int m_rejected = 0;
    bool m_feeding = false;
};

} // namespace Fanout
