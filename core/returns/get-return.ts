/** Read model of one return with its lines, refunds and how long it has waited. */
import type { Tx } from '../db/database.ts';
import { loadReturnLines, requireReturn, type ReturnLineRecord, type ReturnRecord } from './return-record.ts';

export interface ReturnView extends ReturnRecord {
  lines: ReturnLineRecord[];
  refunds: Array<{ amount: number; reason: string; pspReference: string | null; createdAt: Date }>;
  /** Hours since receipt while units still wait for a disposition (null once all are dispositioned). */
  hoursAwaitingDisposition: number | null;
}

export async function getReturn(tx: Tx, rmaOrId: string, now: Date = new Date()): Promise<ReturnView> {
  const returned = await requireReturn(tx, rmaOrId);
  const lines = await loadReturnLines(tx, returned.id);
  const refunds = await tx.query<ReturnView['refunds'][number]>(
    `SELECT amount, reason, psp_reference AS "pspReference", created_at AS "createdAt" FROM refunds WHERE return_id = $1 ORDER BY created_at`,
    [returned.id],
  );
  const waiting = returned.receivedAt && lines.some((line) => !line.disposition);
  return {
    ...returned,
    lines,
    refunds: refunds.rows,
    hoursAwaitingDisposition: waiting ? Math.floor((now.getTime() - returned.receivedAt!.getTime()) / 3_600_000) : null,
  };
}
