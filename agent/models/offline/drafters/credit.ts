import { firstNumber } from '../result-reading.ts';
import type { TriageKnowledge } from '../triage-knowledge.ts';
import { decline, type Drafter } from './draft.ts';

export function creditPosition(knowledge: TriageKnowledge) {
  const source = { ...knowledge.evidence, ...(knowledge.customer ?? {}) };
  const limit = firstNumber(source, /^creditLimit$/);
  const exposure = firstNumber(source, /^exposure$/);
  const available =
    firstNumber(source, /^(creditAvailable|availableCredit)$/) ??
    (limit !== undefined && exposure !== undefined ? limit - exposure : undefined);
  const pastDue = firstNumber(source, /^oldestPastDueDays$/) ?? 0;
  const status = String(knowledge.customer?.creditStatus ?? knowledge.evidence.creditStatus ?? 'ok');
  return { limit, exposure, available, pastDue, status };
}

export const applyCreditHold: Drafter = (knowledge) => {
  if (!knowledge.customerRef) return decline('no customer is linked to the exception');
  const credit = creditPosition(knowledge);
  if (credit.status === 'on_hold') return decline(`${knowledge.customerRef} is already on credit hold`);
  const overLimit = credit.available !== undefined && credit.available < 0;
  const pastDue = credit.pastDue > 30;
  if (!overLimit && !pastDue) return decline(`${knowledge.customerRef} is within its limit and not more than 30 days past due`);
  const figures = `limit ${credit.limit ?? 'n/a'}, exposure ${credit.exposure ?? 'n/a'}, oldest past due ${credit.pastDue} days`;
  const reason = `${overLimit ? 'exposure above the credit limit' : 'invoice more than 30 days past due'} (${figures})`;
  return {
    ok: true,
    role: 'fix',
    sources: { customer: knowledge.customerRef, reason },
    rationale: `Put account ${knowledge.customerRef} on credit hold: ${reason}.`,
  };
};

export const releaseCreditHold: Drafter = (knowledge) => {
  if (!knowledge.customerRef) return decline('no customer is linked to the exception');
  const credit = creditPosition(knowledge);
  if (credit.status !== 'on_hold') return decline(`${knowledge.customerRef} is not on credit hold`);
  if (credit.available === undefined || credit.available < 0 || credit.pastDue > 30) {
    return decline(
      `the trigger still applies (available credit ${credit.available ?? 'unknown'}, oldest past due ${credit.pastDue} days); credit control decides`,
    );
  }
  const note = `cause cleared: exposure ${credit.exposure} within limit ${credit.limit}, oldest past due ${credit.pastDue} days`;
  return {
    ok: true,
    role: 'fix',
    sources: { customer: knowledge.customerRef, reason: note, explicit: { note } },
    rationale: `Release the credit hold on ${knowledge.customerRef}: ${note}.`,
  };
};
