#include "io/rules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Fanout {

bool parseAcceptSpec(QStringView spec, QList<QPair<int, int>> *ranges, QString *why)
{
    QList<QPair<int, int>> out;
    auto status = [](QStringView text, int *value) {
        bool ok = false;
        *value = text.trimmed().toInt(&ok);
        return ok && *value >= 100 && *value <= 599;
    };
    for (QStringView part : spec.split(u',')) {
        part = part.trimmed();
        if (part.isEmpty())
            continue;
        const qsizetype dots = part.indexOf(QLatin1String(".."));
        int low = 0;
        int high = 0;
        const bool ok = dots < 0 ? status(part, &low) && status(part, &high)
                                 : status(part.left(dots), &low) && status(part.mid(dots + 2), &high) && low <= high;
        if (!ok) {
            *why = QStringLiteral("'%1' is not a status (100 to 599) or a range LOW..HIGH").arg(part);
            return false;
        }
        out.append({low, high});
    }
    if (out.isEmpty()) {
        *why = QStringLiteral("no status given");
        return false;
    }
    *ranges = out;
    return true;
}

namespace {

bool compile(const QString &pattern, QVector<QRegularExpression> *into, QString *why)
{
    QRegularExpression re(pattern, QRegularExpression::DontCaptureOption);
    if (!re.isValid()) {
        *why = QStringLiteral("'%1' is not a regular expression: %2 (at %3)")
                   .arg(pattern, re.errorString())
                   .arg(re.patternErrorOffset());
        return false;
    }
    re.optimize();
    into->append(re);
    return true;
}

QString hostName(QString host)
{
    host = host.trimmed().toLower();
    if (host.startsWith(QLatin1String("*.")))
        host.remove(0, 2);
    else if (host.startsWith(u'.'))
        host.remove(0, 1);
    return host;
}

} // namespace

bool UrlRules::addExclude(const QString &pattern, QString *why)
{
    return compile(pattern, &m_excludes, why);
}

bool UrlRules::addInclude(const QString &pattern, QString *why)
{
    return compile(pattern, &m_includes, why);
}

void UrlRules::addOnlyHost(const QString &host)
{
    if (const QString name = hostName(host); !name.isEmpty())
        m_onlyHosts.append(name);
}

void UrlRules::addSkipHost(const QString &host)
{
    if (const QString name = hostName(host); !name.isEmpty())
        m_skipHosts.append(name);
}

bool UrlRules::isEmpty() const
{
    return m_excludes.isEmpty() && m_includes.isEmpty() && m_onlyHosts.isEmpty() && m_skipHosts.isEmpty();
}

bool UrlRules::hostMatches(const QString &host, const QStringList &names)
{
    for (const QString &name : names) {
        if (host == name ||
            (host.endsWith(name) && host.size() > name.size() && host.at(host.size() - name.size() - 1) == u'.'))
            return true;
    }
    return false;
}

QString UrlRules::verdict(const QUrl &url) const
{
    if (isEmpty())
        return {};
    const QString host = url.host().toLower();
    if (!m_onlyHosts.isEmpty() && !hostMatches(host, m_onlyHosts))
        return QStringLiteral("excluded: host %1 is not in --only-hosts").arg(host);
    if (hostMatches(host, m_skipHosts))
        return QStringLiteral("excluded: host %1 is in --skip-hosts").arg(host);
    const QString text = url.toString(QUrl::FullyEncoded);
    for (const QRegularExpression &re : m_excludes) {
        if (re.match(text).hasMatch())
            return QStringLiteral("excluded: matches %1").arg(re.pattern());
    }
    if (m_includes.isEmpty())
        return {};
    for (const QRegularExpression &re : m_includes) {
        if (re.match(text).hasMatch())
            return {};
    }
    return QStringLiteral("excluded: matches no --include");
}

QString UrlRules::toJson() const
{
    if (isEmpty())
        return {};
    const QJsonObject object{{QStringLiteral("exclude"), QJsonArray::fromStringList(excludes())},
                             {QStringLiteral("include"), QJsonArray::fromStringList(includes())},
                             {QStringLiteral("only_hosts"), QJsonArray::fromStringList(m_onlyHosts)},
                             {QStringLiteral("skip_hosts"), QJsonArray::fromStringList(m_skipHosts)}};
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

bool UrlRules::fromJson(const QString &json, UrlRules *rules, QString *why)
{
    *rules = UrlRules();
    if (json.isEmpty())
        return true;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json.toUtf8(), &parseError);
    if (!document.isObject()) {
        *why = QStringLiteral("its rules are unreadable (%1)").arg(parseError.errorString());
        return false;
    }
    const QJsonObject object = document.object();
    const auto strings = [&object](const char *key) {
        QStringList out;
        for (const QJsonValue &value : object.value(QLatin1String(key)).toArray())
            out.append(value.toString());
        return out;
    };
    for (const QString &pattern : strings("exclude")) {
        if (!rules->addExclude(pattern, why))
            return false;
    }
    for (const QString &pattern : strings("include")) {
        if (!rules->addInclude(pattern, why))
            return false;
    }
    for (const QString &host : strings("only_hosts"))
        rules->addOnlyHost(host);
    for (const QString &host : strings("skip_hosts"))
        rules->addSkipHost(host);
    return true;
}

QStringList UrlRules::excludes() const
{
    QStringList out;
    for (const QRegularExpression &re : m_excludes)
        out.append(re.pattern());
    return out;
}

QStringList UrlRules::includes() const
{
    QStringList out;
    for (const QRegularExpression &re : m_includes)
        out.append(re.pattern());
    return out;
}

} // namespace Fanout
