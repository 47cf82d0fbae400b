#include "io/listfeeder.h"

namespace Fanout {

ListFeeder::ListFeeder(const QString &path, QObject *parent)
    : QObject(parent)
    , m_reader(path)
{
    // Entries read ahead are the feeder's to compare; those given are the caller's.
    m_reader.setConfirmDuplicate([this](int firstIndex, QStringView key) -> std::optional<bool> {
        if (firstIndex >= m_given) {
            const UrlEntry &first = m_ahead.at(size_t(firstIndex - m_given)).entry;
            return UrlListParser::duplicateKey(first.text, first.url) == key;
        }
        return m_confirm ? m_confirm(firstIndex, key) : std::nullopt;
    });
}

ListFeeder::~ListFeeder() = default;

bool ListFeeder::open()
{
    return m_reader.open();
}

QString ListFeeder::error() const
{
    return m_reader.error();
}

QString ListFeeder::encoding() const
{
    return m_reader.encoding();
}

void ListFeeder::setConfirmDuplicate(UrlListReader::ConfirmDuplicate confirm)
{
    m_confirm = std::move(confirm);
}

QVector<UrlDuplicate> ListFeeder::takeDuplicates()
{
    m_duplicates += m_reader.takeDuplicates();
    // A duplicate is told only after the target it names, so a record of it can point at a known row.
    qsizetype ready = 0;
    while (ready < m_duplicates.size() && m_duplicates.at(ready).firstIndex < m_given)
        ++ready;
    QVector<UrlDuplicate> out = m_duplicates.first(ready);
    m_duplicates.remove(0, ready);
    return out;
}

void ListFeeder::fill(int count)
{
    while (int(m_ahead.size()) < count && !m_reader.atEnd()) {
        const QVector<UrlEntry> entries = m_reader.read(count - int(m_ahead.size()));
        for (const UrlEntry &entry : entries)
            m_ahead.push_back({m_nextId++, entry});
    }
}

QVector<CheckTarget> ListFeeder::next(int max)
{
    fill(max);
    const int n = std::min(max, int(m_ahead.size()));
    QVector<CheckTarget> targets;
    targets.reserve(n);
    for (int i = 0; i < n; ++i) {
        m_rejected += m_ahead.front().entry.isValid() ? 0 : 1;
        targets.append(std::move(m_ahead.front()));
        m_ahead.pop_front();
    }
    m_given += n;
    return targets;
}

bool ListFeeder::atEnd() const
{
    return m_ahead.empty() && m_reader.atEnd();
}

int ListFeeder::validAhead(int limit)
{
    int valid = 0;
    for (size_t i = 0;; ++i) {
        if (i == m_ahead.size()) {
            if (m_reader.atEnd())
                break;
            fill(int(m_ahead.size()) + std::max(64, limit - valid));
            if (i == m_ahead.size())
                break;
        }
        valid += m_ahead[i].entry.isValid() ? 1 : 0;
        if (valid >= limit)
            break;
    }
    return valid;
}

bool ListFeeder::feed(Checker *checker)
{
    if (m_feeding || !checker->start({}, Checker::InputMode::Streaming))
        return false;
    m_feeding = true;
    // The run's first pump finds the queue empty and asks for targets; so does each that leaves it low.
    connect(checker, &Checker::targetsLow, this, [this, checker](int queued) { topUp(checker, queued); });
    return true;
}

void ListFeeder::topUp(Checker *checker, int queued)
{
    if (!m_feeding)
        return;
    // Up to twice the mark: the engine takes what fits its cap and asks again once below the mark.
    const QVector<CheckTarget> targets = next(std::max(1, 2 * checker->lowWaterMark() - queued));
    const QVector<UrlDuplicate> duplicates = takeDuplicates();
    if (!targets.isEmpty()) {
        emit targetsRead(targets);
        checker->appendTargets(targets);
    }
    if (!duplicates.isEmpty())
        emit duplicatesFound(duplicates);
    if (atEnd()) {
        m_feeding = false;
        disconnect(checker, &Checker::targetsLow, this, nullptr);
        checker->closeInput();
        emit finished();
    }
}

int ListFeeder::targetsGiven() const
{
    return m_given;
}

int ListFeeder::rejected() const
{
    return m_rejected;
}

int ListFeeder::duplicates() const
{
    return m_reader.duplicates();
}

int ListFeeder::skipped() const
{
    return m_reader.skipped();
}

} // namespace Fanout
