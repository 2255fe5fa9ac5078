import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { createTestDb } from '../testing/test-db.ts';
import { detectExceptions } from './detect-exceptions.ts';
import { countResolutionsByHow, countResolvedWithoutClaim } from './resolution-counts.ts';
import { claimExceptionsForTriage, completeTriage } from './triage-claims.ts';
import { setExceptionStatus } from './set-exception-status.ts';
import { fixtureTenant, insertOrder, insertSku, type FixtureTenant } from './testing/exception-fixtures.ts';

const now = new Date('2025-03-10T12:00:00Z');
const hour = 3_600_000;
let db: Database;
let tenant: FixtureTenant;
let other: FixtureTenant;

async function raiseErpFailures(on: FixtureTenant, numbers: string[]): Promise<string[]> {
  await on.run(async (tx) => {
    const sku = await insertSku(tx, 'WIDGET');
    for (const number of numbers) {
      await insertOrder(tx, {
        number,
        status: 'released',
        erpSyncStatus: 'failed',
        erpLastError: 'ERP-503',
        lines: [{ skuId: sku, quantity: 1, reserved: 1 }],
      });
    }
  });
  return (await on.run((tx) => detectExceptions(tx, { tenantId: on.tenantId, now }))).raised;
}

beforeAll(async () => {
  db = await createTestDb();
  tenant = await fixtureTenant(db);
  other = await fixtureTenant(db, 'other-shop');
  const ids = await raiseErpFailures(tenant, ['80001', '80002', '80003', '80004', '80005']);
  await tenant.run(async (tx) => {
    await setExceptionStatus(tx, ids[0]!, 'resolved', { actor: 'agent', how: 'agent', now: new Date(now.getTime() + hour) });
    await setExceptionStatus(tx, ids[1]!, 'resolved', { actor: 'sam', how: 'human', now: new Date(now.getTime() + 2 * hour) });
    await setExceptionStatus(tx, ids[2]!, 'resolved', {
      actor: 'system',
      how: 'auto',
      code: 'RES-AUTO',
      now: new Date(now.getTime() + 3 * hour),
    });
    await setExceptionStatus(tx, ids[3]!, 'dismissed', { actor: 'sam', now: new Date(now.getTime() + hour) });
  });
  const foreign = await raiseErpFailures(other, ['90001']);
  await other.run((tx) =>
    setExceptionStatus(tx, foreign[0]!, 'resolved', { actor: 'kim', how: 'human', now: new Date(now.getTime() + hour) }),
  );
});
afterAll(async () => db.close());

describe('countResolutionsByHow', () => {
  it('counts the tenant’s resolutions in the window by who resolved them, never dismissals or open ones', async () => {
    const counts = await tenant.run((tx) => countResolutionsByHow(tx, { from: now, to: new Date(now.getTime() + 24 * hour) }));
    expect(counts).toEqual({ auto: 1, agent: 1, human: 1, unrecorded: 0 });
  });

  it('leaves out resolutions outside [from, to)', async () => {
    const counts = await tenant.run((tx) =>
      countResolutionsByHow(tx, { from: new Date(now.getTime() + 2 * hour), to: new Date(now.getTime() + 3 * hour) }),
    );
    expect(counts).toEqual({ auto: 0, agent: 0, human: 1, unrecorded: 0 });
  });
});

describe('countResolvedWithoutClaim', () => {
  it('counts resolved exceptions no triage worker claimed, and not one the agent claimed and resolved', async () => {
    // The three resolved in setup were resolved directly, never claimed.
    expect(await tenant.run((tx) => countResolvedWithoutClaim(tx))).toBe(3);
    const at = new Date(now.getTime() + 4 * hour);
    const [claimed] = await tenant.run((tx) => claimExceptionsForTriage(tx, { workerId: 'w1', limit: 1, now: at }));
    await tenant.run((tx) => completeTriage(tx, claimed!.id, { workerId: 'w1', outcome: 'resolved', now: at }));
    expect(await tenant.run((tx) => countResolvedWithoutClaim(tx))).toBe(3);
    expect(await other.run((tx) => countResolvedWithoutClaim(tx))).toBe(1);
  });
});
