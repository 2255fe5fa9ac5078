import { isRecord } from '../result-reading.ts';
import { decline, type Draft, type Drafter, runbookName, unstated } from './draft.ts';

export const returnDisposition: Drafter = (knowledge) => {
  const lines = knowledge.return && Array.isArray(knowledge.return.lines) ? knowledge.return.lines.filter(isRecord) : [];
  const pending = lines.filter((line) => line.disposition === null || line.disposition === undefined);
  if (!knowledge.returnRef) return decline('no return is linked to the exception');
  if (!pending.length) return decline(`every line of ${knowledge.returnRef} already has a disposition`);
  const byGrade = knowledge.conditions.disposition_by_grade;
  if (!byGrade) return unstated(knowledge, 'disposition_by_grade', 'which inspection grade gets which disposition');
  const drafts: Draft[] = [];
  for (const line of pending.slice(0, 3)) {
    const grade = typeof line.grade === 'string' ? line.grade.toUpperCase() : undefined;
    const label = `line ${String(line.lineNumber)} (${String(line.sku)})`;
    if (!grade) {
      drafts.push(decline(`${label} has not been inspected: the returns team must find and grade it`));
      continue;
    }
    // The runbook's grading table (rb-return-inspection-overdue): grades it does not map need a person
    // (C a refurbishment decision, X an investigation).
    const disposition = byGrade[grade];
    if (!disposition) {
      drafts.push(
        decline(
          `${label} is grade ${grade}, which needs ${grade === 'X' ? 'an investigation' : grade === 'C' ? 'a refurbishment decision' : `a person (${runbookName(knowledge)} maps no disposition to it)`}`,
        ),
      );
      continue;
    }
    drafts.push({
      ok: true,
      role: 'fix',
      sources: {
        return: knowledge.returnRef,
        reason: `inspection grade ${grade}`,
        explicit: { disposition, lineNumber: line.lineNumber, note: `grade ${grade}` },
      },
      rationale: `Set ${label} of return ${knowledge.returnRef} to ${disposition} (inspection grade ${grade}).`,
    });
  }
  return drafts;
};
