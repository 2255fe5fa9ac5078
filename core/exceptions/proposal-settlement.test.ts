import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../db/database.ts';
import { createTestDb } from '../testing/test-db.ts';
import { detectExceptions } from './detect-exceptions.ts';
import { getException } from './list-exceptions.ts';
import { listRetriageRounds } from './retriage.ts';
import { claimExceptionsForTriage } from './triage-claims.ts';
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
    for (const number of ['80001', '80002', '80003', '80004']) {
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
const emit = (tx: Tx, exceptionId: string, status: string, error?: { code: string; message: string }, proposal = 'a') =>
  listeners[0]!(
    {
      proposalId: `00000000-0000-4000-8000-00000000000${proposal}`,
      tool: 'retry_erp_sync',
      status,
      exceptionId,
      args: { orderNumber: '8000x' },
      actor: { kind: 'user', name: 'alex-approver' },
      ...(error ? { error } : {}),
    },
    tx,
  );

const orderOf = async (exceptionId: string) => (await tenant.run((tx) => getException(tx, exceptionId))).codes.orderNumber!;

describe('proposal settlement', () => {
  it('moves the exception to awaiting approval; an executed action whose cause is gone leaves it resolved', async () => {
    const [id] = exceptionIds;
    await tenant.run((tx) => emit(tx, id!, 'pending'));
    expect((await tenant.run((tx) => getException(tx, id!))).status).toBe('awaiting_approval');
    const number = await orderOf(id!);
    await tenant.run(async (tx) => {
      // The action fixed it (the ERP accepted the order) in the same transaction as the execution.
      await tx.query(`UPDATE orders SET erp_sync_status = 'synced', erp_last_error = NULL WHERE number = $1`, [number]);
      await emit(tx, id!, 'executed');
    });
    const resolved = await tenant.run((tx) => getException(tx, id!));
    expect(resolved.status).toBe('resolved');
    expect(resolved.history.map((entry) => entry.kind)).not.toContain('retriage');
  });

  it('re-checks an executed action: the cause still there sends it back to triage, recorded in the history', async () => {
    const [, , id] = exceptionIds;
    await tenant.run((tx) => emit(tx, id!, 'pending'));
    await tenant.run((tx) => emit(tx, id!, 'executed'));
    const back = await tenant.run((tx) => getException(tx, id!));
    expect(back.status).toBe('open');
    const round = back.history.find((entry) => entry.kind === 'retriage');
    expect(round).toMatchObject({ actor: 'proposal:00000000-0000-4000-8000-00000000000a', data: { round: 1, outcome: 'executed' } });
    expect(round?.note).toContain('re-checking found the cause still present');
  });

  it('sends a rejected proposal back to triage with the reason, at most twice, then hands it to a person', async () => {
    const [, id] = exceptionIds;
    const reasons = ['customer record must be fixed first', 'still the wrong customer record', 'no, fix the master data'];
    for (const [index, reason] of reasons.entries()) {
      await tenant.run((tx) => emit(tx, id!, 'pending', undefined, String(index + 1)));
      await tenant.run((tx) => emit(tx, id!, 'rejected', { code: 'rejected', message: reason }, String(index + 1)));
    }
    const after = await tenant.run((tx) => getException(tx, id!));
    const rounds = after.history.filter((entry) => entry.kind === 'retriage');
    expect(rounds.map((entry) => entry.data)).toEqual([
      expect.objectContaining({ round: 1, outcome: 'rejected', reason: reasons[0], by: 'alex-approver', tool: 'retry_erp_sync' }),
      expect.objectContaining({ round: 2, outcome: 'rejected', reason: reasons[1] }),
    ]);
    expect(await tenant.run((tx) => listRetriageRounds(tx, id!))).toHaveLength(2);
    // The third refusal is past the bound: parked (the worker will not take it again) and handed to a person, saying why.
    expect(after.status).toBe('open');
    expect(after.triage.parked).toBe(true);
    expect(after.assignment.reason?.reason).toContain(
      'came back 3 times (last: retry_erp_sync rejected by alex-approver: no, fix the master data)',
    );
    expect(after.history.map((entry) => entry.kind)).toEqual(expect.arrayContaining(['parked', 'handed_over']));
    const claimed = await tenant.run((tx) => claimExceptionsForTriage(tx, { workerId: 'w', tenantId: tenant.tenantId, limit: 10 }));
    expect(claimed.map((exception) => exception.id)).not.toContain(id);
  });

  it('notes a failure on a parked exception without another round', async () => {
    const [, id] = exceptionIds;
    await tenant.run((tx) => emit(tx, id!, 'pending', undefined, '9'));
    await tenant.run((tx) => emit(tx, id!, 'failed', { code: 'erp_down', message: 'ERP unreachable' }, '9'));
    const after = await tenant.run((tx) => getException(tx, id!));
    expect(after.history.filter((entry) => entry.kind === 'retriage')).toHaveLength(2);
    expect(after.history.at(-1)).toMatchObject({ kind: 'note', note: 'retry_erp_sync failed by alex-approver: ERP unreachable' });
  });
});
