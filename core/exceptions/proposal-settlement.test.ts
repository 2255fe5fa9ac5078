import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../db/database.ts';
import { createTestDb } from '../testing/test-db.ts';
import { detectExceptions } from './detect-exceptions.ts';
import { getException } from './list-exceptions.ts';
import { registerProposalSettlement, type ProposalOutcome } from './proposal-settlement.ts';
import { fixtureTenant, insertOrder, insertSku, type FixtureTenant } from './testing/exception-fixtures.ts';

let db: Database;
let tenant: FixtureTenant;
let exceptionIds: string[];
let unregister: () => void;
// Stand-ins for policies' onProposalSettled / onProposalPending registries (cli/main.ts wires the real ones).
const listeners: Array<(event: ProposalOutcome, tx: Tx) => Promise<void>> = [];
const registry = (listener: (event: ProposalOutcome, tx: Tx) => Promise<void>) => {
  listeners.push(listener);
  return () => listeners.splice(listeners.indexOf(listener), 1);
};

beforeAll(async () => {
  db = await createTestDb();
  tenant = await fixtureTenant(db);
  await tenant.run(async (tx) => {
    const sku = await insertSku(tx, 'PUMP');
    for (const number of ['80001', '80002']) {
      await insertOrder(tx, {
        number,
        status: 'released',
        erpSyncStatus: 'failed',
        erpLastError: 'ERP-503',
        lines: [{ skuId: sku, quantity: 1, reserved: 1 }],
      });
    }
  });
  exceptionIds = (await tenant.run((tx) => detectExceptions(tx, { tenantId: tenant.tenantId }))).raised;
  unregister = registerProposalSettlement(registry, registry);
});
afterAll(async () => {
  unregister();
  expect(listeners).toHaveLength(0);
  await db.close();
});

/** Each status reaches the listener once (the registry holds it twice, as settled and as pending). */
const emit = (tx: Tx, exceptionId: string, status: string, error?: { code: string; message: string }) =>
  listeners[0]!(
    { proposalId: '00000000-0000-4000-8000-00000000000a', tool: 'retry_erp_sync', status, exceptionId, ...(error ? { error } : {}) },
    tx,
  );

describe('proposal settlement', () => {
  it('moves the exception to awaiting approval, then resolved when the action executes', async () => {
    const [id] = exceptionIds;
    await tenant.run((tx) => emit(tx, id!, 'pending'));
    expect((await tenant.run((tx) => getException(tx, id!))).status).toBe('awaiting_approval');
    await tenant.run((tx) => emit(tx, id!, 'executed'));
    const resolved = await tenant.run((tx) => getException(tx, id!));
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { how: 'agent', code: 'RES-ACTION' } });
    expect(resolved.history.map((entry) => entry.actor)).toContain('proposal:00000000-0000-4000-8000-00000000000a');
  });

  it('sends it back to the queue when the proposal is rejected or fails', async () => {
    const [, id] = exceptionIds;
    await tenant.run((tx) => emit(tx, id!, 'pending'));
    await tenant.run((tx) => emit(tx, id!, 'rejected', { code: 'rejected', message: 'approver: customer record must be fixed first' }));
    const reopened = await tenant.run((tx) => getException(tx, id!));
    expect(reopened.status).toBe('open');
    expect(reopened.history.at(-1)?.note).toContain('customer record must be fixed first');
  });
});
