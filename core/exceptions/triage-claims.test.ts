import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { asOperator } from '../db/tenant-scope.ts';
import { createTestDb } from '../testing/test-db.ts';
import { detectExceptions } from './detect-exceptions.ts';
import { getException } from './list-exceptions.ts';
import { setExceptionStatus } from './set-exception-status.ts';
import {
  ClaimLostError,
  claimExceptionsForTriage,
  completeTriage,
  countTriageQueue,
  recordTriageFailure,
  releaseTriageClaim,
  unparkException,
} from './triage-claims.ts';
import { fixtureTenant, insertOrder, insertSku, type FixtureTenant } from './testing/exception-fixtures.ts';

const now = new Date('2025-03-10T12:00:00Z');
let db: Database;
let tenant: FixtureTenant;
const ids: string[] = [];

beforeAll(async () => {
  db = await createTestDb();
  tenant = await fixtureTenant(db);
  await tenant.run(async (tx) => {
    const sku = await insertSku(tx, 'WIDGET');
    for (const number of ['70001', '70002', '70003']) {
      await insertOrder(tx, {
        number,
        status: 'released',
        erpSyncStatus: 'failed',
        erpLastError: 'ERP-503',
        lines: [{ skuId: sku, quantity: 1, reserved: 1 }],
      });
    }
  });
  ids.push(...(await tenant.run((tx) => detectExceptions(tx, { tenantId: tenant.tenantId, now }))).raised);
});
afterAll(async () => db.close());

describe('triage claims', () => {
  it('never hands the same exception to two concurrent claimers', async () => {
    expect(ids).toHaveLength(3);
    // Two open transactions claim at once: SKIP LOCKED gives them disjoint rows.
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    const first = asOperator(db, async (tx) => {
      const claimed = await claimExceptionsForTriage(tx, { workerId: 'w1', limit: 2, now });
      await firstHolds;
      return claimed;
    });
    // PGlite serialises transactions, so the second claim runs after the first commits; on PostgreSQL
    // it would skip the locked rows. Either way the claims must be disjoint.
    const second = asOperator(db, (tx) => claimExceptionsForTriage(tx, { workerId: 'w2', limit: 2, now }));
    releaseFirst();
    const [a, b] = await Promise.all([first, second]);
    expect(a).toHaveLength(2);
    expect(b).toHaveLength(1);
    expect(new Set([...a, ...b].map((exception) => exception.id)).size).toBe(3);
    expect(a[0]).toMatchObject({ status: 'triaging', triage: { claimedBy: 'w1' } });
  });

  it('reclaims a claim whose lease expired, and releases claims without counting an attempt', async () => {
    const later = new Date(now.getTime() + 10 * 60_000);
    const reclaimed = await asOperator(db, (tx) => claimExceptionsForTriage(tx, { workerId: 'w3', limit: 5, now: later }));
    expect(reclaimed).toHaveLength(3);
    for (const exception of reclaimed) await tenant.run((tx) => releaseTriageClaim(tx, exception.id, 'w3', later));
    const detail = await tenant.run((tx) => getException(tx, ids[0]!, later));
    expect(detail).toMatchObject({ status: 'open', triage: { attempts: 0, claimedBy: null } });
    await expect(tenant.run((tx) => releaseTriageClaim(tx, ids[0]!, 'w3', later))).rejects.toThrow(/not claimed by w3/);
  });

  it('parks an exception after three failed triage attempts, and a person can unpark it', async () => {
    const target = ids[0]!;
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const claimed = await tenant.run((tx) => claimExceptionsForTriage(tx, { workerId: 'w4', limit: 10, now }));
      expect(claimed.map((exception) => exception.id)).toContain(target);
      for (const exception of claimed) {
        if (exception.id === target)
          await tenant.run((tx) => recordTriageFailure(tx, target, { workerId: 'w4', error: `model timeout #${attempt}`, now }));
        else await tenant.run((tx) => releaseTriageClaim(tx, exception.id, 'w4', now));
      }
    }
    const parked = await tenant.run((tx) => getException(tx, target, now));
    expect(parked).toMatchObject({ status: 'open', triage: { attempts: 3, parked: true, lastError: 'model timeout #3' } });
    expect(parked.history.filter((entry) => entry.kind === 'triage_failed')).toHaveLength(3);
    const next = await tenant.run((tx) => claimExceptionsForTriage(tx, { workerId: 'w4', limit: 10, now }));
    expect(next.map((exception) => exception.id)).not.toContain(target);
    for (const exception of next) await tenant.run((tx) => releaseTriageClaim(tx, exception.id, 'w4', now));
    expect(await asOperator(db, (tx) => countTriageQueue(tx))).toEqual({ waiting: 2, triaging: 0, awaiting_approval: 0, parked: 1 });

    await tenant.run((tx) => unparkException(tx, target, 'lead:kim', now));
    const again = await tenant.run((tx) => claimExceptionsForTriage(tx, { workerId: 'w5', limit: 10, now }));
    expect(again.map((exception) => exception.id)).toContain(target);
    for (const exception of again) await tenant.run((tx) => releaseTriageClaim(tx, exception.id, 'w5', now));
  });

  it('records triage outcomes: awaiting approval, hand-off (parked for a human), resolved by the agent', async () => {
    const [first, second, third] = await tenant.run((tx) => claimExceptionsForTriage(tx, { workerId: 'w6', limit: 3, now }));
    const runId = '00000000-0000-4000-8000-000000000001';
    const waiting = await tenant.run((tx) => completeTriage(tx, first!.id, { workerId: 'w6', outcome: 'awaiting_approval', runId, now }));
    expect(waiting).toMatchObject({ status: 'awaiting_approval', triage: { lastRunId: runId, claimedBy: null } });
    const handoff = await tenant.run((tx) =>
      completeTriage(tx, second!.id, { workerId: 'w6', outcome: 'handoff', note: 'customer record needs master data', now }),
    );
    expect(handoff).toMatchObject({ status: 'open', triage: { parked: true } });
    // Another worker, or a second report of the same run, finds the claim gone: a typed refusal, nothing changed.
    await expect(tenant.run((tx) => completeTriage(tx, first!.id, { workerId: 'w6', outcome: 'handoff', now }))).rejects.toBeInstanceOf(
      ClaimLostError,
    );
    await expect(tenant.run((tx) => completeTriage(tx, third!.id, { workerId: 'w7', outcome: 'resolved', now }))).rejects.toThrow(
      /not claimed by w7 \(status triaging, claimed by w6\)/,
    );
    expect((await tenant.run((tx) => getException(tx, first!.id, now))).status).toBe('awaiting_approval');
    const resolved = await tenant.run((tx) => completeTriage(tx, third!.id, { workerId: 'w6', outcome: 'resolved', now }));
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { how: 'agent', code: 'RES-ACTION' } });
    // The queue gauge's view: the resolved one has left the queue, the hand-off waits for a human.
    expect(await asOperator(db, (tx) => countTriageQueue(tx))).toEqual({ waiting: 0, triaging: 0, awaiting_approval: 1, parked: 1 });
    // The approval flow settles later: a rejected proposal sends it back to the queue.
    const reopened = await tenant.run((tx) =>
      setExceptionStatus(tx, first!.id, 'open', { actor: 'approver:lee', note: 'proposal rejected', now }),
    );
    expect(reopened.status).toBe('open');
  });
});
