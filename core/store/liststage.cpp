#include "store/liststage.h"

#include "io/listfeeder.h"
#include "store/runpaths.h"

namespace Fanout {

bool stageListFile(const QString &listPath, const QString &runPath, RunMeta meta, const UrlRules &rules,
                   ListStage *stage, QString *error)
{
    ListFeeder feeder(listPath);
    if (!feeder.open()) {
        *error = feeder.error();
        return false;
    }
    meta.rules = rules.isEmpty() ? QString() : rules.toJson();
    std::unique_ptr<RunFile> file = RunFile::create(runPath, meta, error);
    if (!file)
        return false;
    const auto failed = [&file, &runPath, error](const QString &why) {
        *error = why;
        file.reset();
        removeRunFile(runPath);
        return false;
    };
    constexpr int kBatch = 8192;
    int inBatch = 0;
    if (!file->beginBatch())
        return failed(file->lastError());
    while (!feeder.atEnd()) {
        QVector<CheckTarget> targets = feeder.next(kBatch);
        for (CheckTarget &target : targets) {
            ++stage->entries;
            if (!target.entry.isValid())
                ++stage->rejected;
            else if (!rules.isEmpty())
                target.entry.error = rules.verdict(target.entry.url); // as the CLI: a row the engine never requests
        }
        if (!file->addEntries(targets))
            return failed(file->lastError());
        for (const UrlDuplicate &duplicate : feeder.takeDuplicates())
            if (!file->addDuplicate(duplicate.line, duplicate.text, duplicate.firstIndex))
                return failed(file->lastError());
        inBatch += int(targets.size());
        if (inBatch >= 16 * kBatch) { // bounded journal, and a long list is durable as it goes
            if (!file->commit() || !file->beginBatch())
                return failed(file->lastError());
            inBatch = 0;
        }
    }
    if (!feeder.error().isEmpty())
        return failed(feeder.error());
    if (!file->setInputComplete(true) || !file->setState(RunState::Cancelled, 0) || !file->commit())
        return failed(file->lastError());
    stage->duplicates = feeder.duplicates();
    stage->skipped = feeder.skipped();
    stage->encoding = feeder.encoding();
    return true;
}

} // namespace Fanout
