import { customerResultSchema } from '../../../../tools/read/get-customer.ts';
import { evidenceOf, type TriageKnowledge } from '../triage-knowledge.ts';
import { decline, type Drafter } from './draft.ts';

/** The past-due trigger from the runbook's conditions; without one, only exposure above the limit triggers a hold. */
const pastDueLimit = (knowledge: TriageKnowledge): number => knowledge.conditions.credit_hold_past_due_days ?? Number.POSITIVE_INFINITY;

/** The credit figures get_customer returns (a typed read of the tool's own output schema). */
const customerCredit = customerResultSchema.pick({
  creditLimit: true,
  exposure: true,
  creditAvailable: true,
  oldestPastDueDays: true,
  creditStatus: true,
});

/** The account's credit position: the customer as read now when the run read it, else the exception's evidence. */
export function creditPosition(knowledge: TriageKnowledge) {
  const read = customerCredit.safeParse(knowledge.customer);
  const customer = read.success ? read.data : undefined;
  const evidence = evidenceOf(knowledge, 'credit_hold');
  const limit = customer?.creditLimit ?? evidence?.creditLimit;
  const exposure = customer?.exposure ?? evidence?.exposure;
  const available =
    customer?.creditAvailable ??
    evidence?.availableCredit ??
    (limit !== undefined && exposure !== undefined ? limit - exposure : undefined);
  const pastDue = customer?.oldestPastDueDays ?? evidence?.oldestPastDueDays ?? 0;
  const status = customer?.creditStatus ?? evidence?.creditStatus ?? 'ok';
  return { limit, exposure, available, pastDue, status };
}
export const applyCreditHold: Drafter = (knowledge) => {
  if (!knowledge.customerRef) return decline('no customer is linked to the exception');
  const credit = creditPosition(knowledge);
  if (credit.status === 'on_hold') return decline(`${knowledge.customerRef} is already on credit hold`);
  const overLimit = credit.available !== undefined && credit.available < 0;
  const limit = pastDueLimit(knowledge);
  const pastDue = credit.pastDue > limit;
  const limitText = Number.isFinite(limit) ? `not more than ${limit} days past due` : 'the runbook states no past-due trigger';
  if (!overLimit && !pastDue) return decline(`${knowledge.customerRef} is within its limit and ${limitText}`);
  const figures = `limit ${credit.limit ?? 'n/a'}, exposure ${credit.exposure ?? 'n/a'}, oldest past due ${credit.pastDue} days`;
  const reason = `${overLimit ? 'exposure above the credit limit' : `invoice more than ${limit} days past due`} (${figures})`;
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
  if (credit.available === undefined || credit.available < 0 || credit.pastDue > pastDueLimit(knowledge)) {
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
