/**
 * retry_erp_sync for an erp_sync_failed: which codes a retry can clear, which never to retry, when the
 * middleware is still retrying on its own and how many manual retries are allowed all come from the
 * governing runbook's front-matter conditions (rb-erp-sync-failed states them in its step 1 and 3).
 */
import { isRecord } from '../result-reading.ts';
import { evidenceOf } from '../triage-knowledge.ts';
import { decline, type Drafter, runbookName, unstated } from './draft.ts';
import { countEvents } from './order-reading.ts';

export const retrySync: Drafter = (knowledge) => {
  const erp = isRecord(knowledge.order?.erp) ? knowledge.order.erp : {};
  const evidence = evidenceOf(knowledge, 'erp_sync_failed');
  const code = String(evidence?.errorCode ?? erp.lastError ?? '');
  const attempts = evidence?.failedAttempts ?? 0;
  const conditions = knowledge.conditions;
  const source = runbookName(knowledge);
  // A code with a detail suffix ("ERP-422.TAX") is the listed code it starts with.
  const listed = (codes: readonly string[] | undefined): boolean =>
    Boolean(code && codes?.some((entry) => code === entry || new RegExp(`^${entry}[^A-Z0-9]`, 'i').test(code)));
  if (evidence?.neverRetry === true || listed(conditions.never_retry_codes))
    return decline(`${code || 'the ERP error'} is never retried (${source}): check the ERP for the existing document`);
  if (evidence?.retryable === false || listed(conditions.fix_first_codes)) {
    const message = evidence?.errorMessage?.trim();
    return decline(`${code || 'the ERP error'} fails again until the data is fixed${message ? ` (${message.slice(0, 120)})` : ''}`);
  }
  if (!conditions.retryable_codes) return unstated(knowledge, 'retryable_codes', 'which ERP error codes are retryable');
  if (!listed(conditions.retryable_codes))
    return decline(
      `${code || 'the error code is unknown and'} is not among the codes ${source} lists as retryable (${conditions.retryable_codes.join(', ')}): check sop-erp-sync-error-catalogue before retrying`,
    );
  // The middleware retries some codes itself (after 1, 5 and 15 minutes in rb-erp-sync-failed); a person
  // retries only once those are spent. Manual retries show in the order's timeline.
  const selfRetryMinutes = (conditions.self_retry_minutes ?? []).reduce((sum, minutes) => sum + minutes, 0);
  const hoursFailing = evidence?.hoursFailing ?? undefined;
  if (listed(conditions.self_retried_codes) && hoursFailing !== undefined && hoursFailing * 60 < selfRetryMinutes) {
    return decline(
      `${code} started ${Math.round(hoursFailing * 60)} minutes ago and the middleware is still retrying on its own (after ${(conditions.self_retry_minutes ?? []).join(', ')} minutes)`,
    );
  }
  const manualRetries = knowledge.timeline ? countEvents(knowledge.timeline, 'erp_sync_retried') : undefined;
  const limit = conditions.max_manual_retries;
  if (limit !== undefined && ((manualRetries !== undefined && manualRetries >= limit) || attempts > limit)) {
    return decline(
      `${attempts} attempts have failed${manualRetries ? ` (${manualRetries} manual retries)` : ''}; stop retrying and escalate to integrations with the document id and error payload`,
    );
  }
  if (!knowledge.orderRef) return decline('no order is linked to the exception');
  return {
    ok: true,
    role: 'fix',
    sources: { order: knowledge.orderRef, reason: `retry after ${code}` },
    rationale: `Retry the ERP sync of order ${knowledge.orderRef}: ${code} is retryable (${source}); ${attempts} attempt(s) have failed, ${manualRetries ?? 0} of them manual retries${limit !== undefined ? ` (at most ${limit})` : ''}.`,
  };
};
