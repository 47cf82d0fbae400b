#pragma once

#include <QList>
#include <QPair>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVector>

namespace Fanout {

// --accept SPEC: "200..299,403,429" -> inclusive ranges of statuses 100..599. False, with *why, for anything else.
bool parseAcceptSpec(QStringView spec, QList<QPair<int, int>> *ranges, QString *why);

// Which URLs of a list are requested. Applied to every entry before the engine sees it: an entry a rule keeps
// out gets the error "excluded: ..." and becomes a row of its own (never requested, never silently dropped).
//   exclude: any match keeps the URL out; include: when any are given, a URL must match one of them;
//   onlyHosts: when given, the host must be one of them or a subdomain; skipHosts: such hosts are kept out.
// Regular expressions are matched (unanchored) against the URL as text, fully encoded.
class UrlRules final
{
public:
    // False, with *why, for a pattern QRegularExpression refuses.
    bool addExclude(const QString &pattern, QString *why);
    bool addInclude(const QString &pattern, QString *why);
    // Host names, case-insensitive; a leading "*." or "." is allowed and means the same as the bare name.
    void addOnlyHost(const QString &host);
    void addSkipHost(const QString &host);

    bool isEmpty() const;
    // Empty when the URL is to be checked; else the reason, "excluded: ...".
    QString verdict(const QUrl &url) const;

    QStringList excludes() const;
    QStringList includes() const;
    QStringList onlyHosts() const { return m_onlyHosts; }
    QStringList skipHosts() const { return m_skipHosts; }

    // A compact JSON object of the four lists (empty text for no rules), and back: false, with *why, for text
    // that is not such an object or holds a pattern QRegularExpression refuses.
    QString toJson() const;
    static bool fromJson(const QString &json, UrlRules *rules, QString *why);

private:
    static bool hostMatches(const QString &host, const QStringList &names);

    QVector<QRegularExpression> m_excludes;
    QVector<QRegularExpression> m_includes;
    QStringList m_onlyHosts;
    QStringList m_skipHosts;
};

} // namespace Fanout
