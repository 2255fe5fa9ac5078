import { isRecord } from '../result-reading.ts';
import { decline, type Draft, type Drafter } from './draft.ts';

export const returnDisposition: Drafter = (knowledge) => {
  const lines = knowledge.return && Array.isArray(knowledge.return.lines) ? knowledge.return.lines.filter(isRecord) : [];
  const pending = lines.filter((line) => line.disposition === null || line.disposition === undefined);
  if (!knowledge.returnRef) return decline('no return is linked to the exception');
  if (!pending.length) return decline(`every line of ${knowledge.returnRef} already has a disposition`);
  const drafts: Draft[] = [];
  for (const line of pending.slice(0, 3)) {
    const grade = typeof line.grade === 'string' ? line.grade.toUpperCase() : undefined;
    const label = `line ${String(line.lineNumber)} (${String(line.sku)})`;
    if (!grade) {
      drafts.push(decline(`${label} has not been inspected: the returns team must find and grade it`));
      continue;
    }
    // sop-returns-disposition-grading: A/B resell, D is damaged stock; C (refurbish) and X (investigate) need a person.
    const disposition = grade === 'A' || grade === 'B' ? 'restock' : grade === 'D' ? 'damaged' : undefined;
    if (!disposition) {
      drafts.push(decline(`${label} is grade ${grade}, which needs ${grade === 'X' ? 'an investigation' : 'a refurbishment decision'}`));
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
