/**
 * The dedupe keys of one type's live exceptions (open, triaging, awaiting approval). A predictor reads
 * them to hold a raised warning until its cause has clearly receded (hysteresis), instead of letting
 * it flicker off and on as the projection wobbles around the raising threshold.
 */
import type { Tx } from '../db/database.ts';
import { LIVE_STATUSES, type PredictedExceptionType } from './exception-types.ts';

export async function readLiveDedupeKeys(tx: Tx, type: PredictedExceptionType): Promise<Set<string>> {
  const result = await tx.query<{ dedupe_key: string }>(`SELECT dedupe_key FROM exceptions WHERE type = $1 AND status = ANY($2::text[])`, [
    type,
    [...LIVE_STATUSES],
  ]);
  return new Set(result.rows.map((row) => row.dedupe_key));
}
