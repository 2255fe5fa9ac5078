/** Re-applies pending dead letters (after master data or state was fixed); each ends replayed or still failing. */
import type { Database } from '../db/database.ts';
import { applyEvent } from './apply-event.ts';
import { listDeadLetters } from './dead-letters.ts';

export interface ReplayResult {
  deadLetterId: string;
  tenantId: string;
  eventId: string | null;
  eventType: string | null;
  outcome: 'replayed' | 'duplicate' | 'still_failing';
  error?: { code: string; message: string };
}

export interface ReplaySummary {
  replayed: number;
  stillFailing: number;
  results: ReplayResult[];
}

export async function replayDeadLetters(
  db: Database,
  options: { tenantId?: string; ids?: string[]; limit?: number } = {},
): Promise<ReplaySummary> {
  const pending = await listDeadLetters(db, { tenantId: options.tenantId, ids: options.ids, status: 'pending', limit: options.limit });
  const results: ReplayResult[] = [];
  // Oldest first: an order.created must be replayed before the payment that refers to it.
  for (const letter of pending) {
    const result = await applyEvent(db, letter.tenantId, letter.payload, { source: 'replay', deadLetterId: letter.id });
    const base = { deadLetterId: letter.id, tenantId: letter.tenantId, eventId: letter.eventId, eventType: letter.eventType };
    if (result.status === 'dead_lettered')
      results.push({ ...base, outcome: 'still_failing', error: { code: result.error.code, message: result.error.message } });
    else results.push({ ...base, outcome: result.status === 'duplicate' ? 'duplicate' : 'replayed' });
  }
  return {
    replayed: results.filter((r) => r.outcome !== 'still_failing').length,
    stillFailing: results.filter((r) => r.outcome === 'still_failing').length,
    results,
  };
}
