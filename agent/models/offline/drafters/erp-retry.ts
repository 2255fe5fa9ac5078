import { isRecord } from '../result-reading.ts';
import { evidenceOf } from '../triage-knowledge.ts';
import { decline, type Drafter } from './draft.ts';
import { countEvents } from './order-reading.ts';

export const retrySync: Drafter = (knowledge) => {
  const erp = isRecord(knowledge.order?.erp) ? knowledge.order.erp : {};
  const evidence = evidenceOf(knowledge, 'erp_sync_failed');
  const code = String(evidence?.errorCode ?? erp.lastError ?? '');
  const attempts = evidence?.failedAttempts ?? 0;
  if (evidence?.neverRetry === true || code === 'ERP-409')
    return decline('ERP-409 is a duplicate document: never retry; check the ERP for the existing document');
  if (evidence?.retryable === false) {
    const message = evidence.errorMessage?.trim();
    return decline(`${code || 'the ERP error'} fails again until the data is fixed${message ? ` (${message.slice(0, 120)})` : ''}`);
  }
  // rb-erp-sync-failed: the middleware retries ERP-503/429 by itself after 1, 5 and 15 minutes; a person
  // retries only after that, at most 3 times, then escalates. Manual retries show in the order's timeline.
  const hoursFailing = evidence?.hoursFailing ?? undefined;
  if (/^ERP-(503|429)/.test(code) && hoursFailing !== undefined && hoursFailing < 0.35) {
    return decline(
      `${code} started ${Math.round(hoursFailing * 60)} minutes ago and the middleware is still retrying on its own (after 1, 5 and 15 minutes)`,
    );
  }
  const manualRetries = knowledge.timeline ? countEvents(knowledge.timeline, 'erp_sync_retried') : undefined;
  if ((manualRetries !== undefined && manualRetries >= 3) || attempts > 3) {
    return decline(
      `${attempts} attempts have failed${manualRetries ? ` (${manualRetries} manual retries)` : ''}; stop retrying and escalate to integrations with the document id and error payload`,
    );
  }
  if (!knowledge.orderRef) return decline('no order is linked to the exception');
  return {
    ok: true,
    role: 'fix',
    sources: { order: knowledge.orderRef, reason: `retry after ${code}` },
    rationale: `Retry the ERP sync of order ${knowledge.orderRef}: ${code} is retryable; ${attempts} attempt(s) have failed, ${manualRetries ?? 0} of them manual retries (at most 3).`,
  };
};
