import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { applyEvent } from '../events/apply-event.ts';
import { detectExceptions } from '../exceptions/detect-exceptions.ts';
import { getException, listExceptions } from '../exceptions/list-exceptions.ts';
import { resolveException } from '../exceptions/set-exception-status.ts';
import { fixtureTenant, insertOrder, insertSku, type FixtureTenant } from '../exceptions/testing/exception-fixtures.ts';
import { listOutboxMessages } from '../outbox/index.ts';
import { createTestDb } from '../testing/test-db.ts';
import { getActionOutcomes, recordActionExecuted, sweepUnconfirmedActions } from './action-outcomes.ts';

describe('executed → confirmed / failed downstream / unconfirmed', () => {
  let db: Database;
  let tenant: FixtureTenant;
  let exceptionId: string;
  const executedAt = new Date('2026-03-02T10:00:00Z');

  /** An action executed for the exception, which it resolved (as policies/ does in one transaction). */
  async function executed(confirmWithinMinutes: number | null): Promise<string> {
    const proposalId = randomUUID();
    await tenant.run(async (tx) => {
      await recordActionExecuted(tx, {
        tenantId: tenant.tenantId,
        proposalId,
        tool: 'retry_erp_sync',
        exceptionId,
        orderingKey: 'order:82001',
        executedAt,
        confirmWithinMinutes,
      });
      const current = await getException(tx, exceptionId);
      if (current?.status !== 'resolved')
        await resolveException(tx, exceptionId, { actor: `proposal:${proposalId}`, how: 'agent', now: executedAt });
    });
    return proposalId;
  }
  const outcome = async (proposalId: string) => (await tenant.run((tx) => getActionOutcomes(tx, [proposalId]))).get(proposalId);
  const event = (type: 'action.confirmed' | 'action.failed', data: Record<string, unknown>) =>
    applyEvent(db, tenant.tenantId, { id: `evt-${randomUUID()}`, type, occurredAt: '2026-03-02T10:05:00Z', data }, { source: 'test' });

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await fixtureTenant(db);
    await tenant.run(async (tx) => {
      const sku = await insertSku(tx, 'GEAR');
      await insertOrder(tx, {
        number: '82001',
        status: 'released',
        erpSyncStatus: 'failed',
        erpLastError: 'ERP-503',
        lines: [{ skuId: sku, quantity: 1, reserved: 1 }],
      });
    });
    [exceptionId] = (await tenant.run((tx) => detectExceptions(tx, { tenantId: tenant.tenantId }))).raised as [string];
  });
  afterAll(async () => db?.close());

  it('a signed-path action.confirmed records the external reference, once; the outside hears action.confirmed', async () => {
    const proposalId = await executed(60);
    expect(await event('action.confirmed', { proposalId, externalReference: 'SAP-4711', system: 'sap' })).toMatchObject({
      status: 'applied',
    });
    expect(await outcome(proposalId)).toMatchObject({ status: 'confirmed', externalReference: 'SAP-4711' });
    expect(await event('action.confirmed', { proposalId, externalReference: 'SAP-4711' })).toMatchObject({ status: 'applied' });
    const messages = await tenant.run((tx) => listOutboxMessages(tx, { type: 'action.confirmed' }));
    expect(messages.filter((message) => message.payload.proposalId === proposalId)).toHaveLength(1);
    expect((await tenant.run((tx) => getException(tx, exceptionId)))?.status).toBe('resolved');
  });

  it('action.failed reopens the resolved exception with the reason, so it is triaged again', async () => {
    const proposalId = await executed(null);
    expect(await event('action.failed', { proposalId, reason: 'ERP rejected: period closed', code: 'ERP-409' })).toMatchObject({
      status: 'applied',
    });
    expect(await outcome(proposalId)).toMatchObject({
      status: 'failed',
      failureReason: 'ERP rejected: period closed',
      failureCode: 'ERP-409',
    });
    const exception = await tenant.run((tx) => getException(tx, exceptionId));
    expect(exception?.status).toBe('open');
    expect(exception?.history.find((entry) => entry.kind === 'reopened')).toMatchObject({
      note: 'retry_erp_sync failed downstream: ERP rejected: period closed',
    });
    const [failed] = await tenant.run((tx) => listOutboxMessages(tx, { type: 'action.failed_downstream' }));
    expect(failed?.payload).toMatchObject({ proposalId, reason: 'ERP rejected: period closed', unconfirmed: false });
    // A confirmation after a reported failure is a conflict, dead-lettered with the reason.
    expect(await event('action.confirmed', { proposalId, externalReference: 'X' })).toMatchObject({
      status: 'dead_lettered',
      error: { code: 'conflict' },
    });
  });

  it('an unknown action or a malformed event is dead-lettered naming what is wrong', async () => {
    expect(await event('action.failed', { proposalId: randomUUID(), reason: 'x' })).toMatchObject({
      status: 'dead_lettered',
      error: { code: 'not_found' },
    });
    const bad = await event('action.confirmed', { proposalId: 'not-a-uuid' });
    expect(bad).toMatchObject({ status: 'dead_lettered', invalid: true });
  });

  it('no confirmation within the window: unconfirmed, and the exception is raised again (controllable clock)', async () => {
    const proposalId = await executed(30);
    expect(await sweepUnconfirmedActions(db, new Date(executedAt.getTime() + 29 * 60_000))).toBe(0);
    expect(await sweepUnconfirmedActions(db, new Date(executedAt.getTime() + 31 * 60_000))).toBe(1);
    expect(await outcome(proposalId)).toMatchObject({ status: 'unconfirmed' });
    const exception = await tenant.run((tx) => getException(tx, exceptionId));
    expect(exception?.status).toBe('open');
    expect(
      exception?.history.some((entry) => /retry_erp_sync unconfirmed: no confirmation from the system of record/.test(entry.note ?? '')),
    ).toBe(true);
    expect(await sweepUnconfirmedActions(db, new Date(executedAt.getTime() + 90 * 60_000))).toBe(0);
  });

  it('an action with no exception of its own raises one when it fails downstream or goes unconfirmed, never silent', async () => {
    const standalone = async (confirmWithinMinutes: number | null, tool: string) => {
      const proposalId = randomUUID();
      await tenant.run((tx) =>
        recordActionExecuted(tx, {
          tenantId: tenant.tenantId,
          proposalId,
          tool,
          exceptionId: null,
          orderingKey: 'order:82001',
          executedAt,
          confirmWithinMinutes,
        }),
      );
      return proposalId;
    };
    const raisedFor = async (proposalId: string) =>
      (await tenant.run((tx) => listExceptions(tx, { status: 'live', limit: 100 }))).filter(
        (exception) => (exception.evidence as { proposalId?: string }).proposalId === proposalId,
      );

    const refund = await standalone(null, 'issue_refund');
    expect(
      (await event('action.failed', { proposalId: refund, reason: 'refund reversed by the bank', code: 'R01', system: 'stripe' })).status,
    ).toBe('applied');
    const [failed] = await raisedFor(refund);
    expect(failed).toMatchObject({
      type: 'action_failed_downstream',
      severity: 'high',
      status: 'open',
      title: 'issue_refund for order 82001 failed in stripe: refund reversed by the bank',
      codes: { orderNumber: '82001' },
      evidence: {
        proposalId: refund,
        idempotencyKey: refund,
        tool: 'issue_refund',
        reason: 'refund reversed by the bank',
        code: 'R01',
        system: 'stripe',
      },
    });
    // Clocked by its type's SLA (acknowledge 1 business hour) and opened with a detected entry, like any exception.
    expect(failed!.ackDueAt.getTime()).toBeGreaterThan(failed!.detectedAt.getTime());
    const detail = await tenant.run((tx) => getException(tx, failed!.id));
    expect(detail.history[0]).toMatchObject({ kind: 'detected', actor: `action:${refund}` });
    // The same failure told again raises nothing more.
    await event('action.failed', { proposalId: refund, reason: 'refund reversed by the bank', system: 'stripe' });
    expect(await raisedFor(refund)).toHaveLength(1);

    const retry = await standalone(15, 'retry_erp_sync');
    expect(await sweepUnconfirmedActions(db, new Date(executedAt.getTime() + 16 * 60_000))).toBe(1);
    expect(await raisedFor(retry)).toEqual([
      expect.objectContaining({
        type: 'action_unconfirmed',
        severity: 'medium',
        evidence: expect.objectContaining({ proposalId: retry, confirmBy: new Date(executedAt.getTime() + 15 * 60_000).toISOString() }),
      }),
    ]);
    const messages = await tenant.run((tx) => listOutboxMessages(tx, { limit: 500 }));
    expect(messages.filter((message) => message.type === 'exception.opened').length).toBeGreaterThanOrEqual(2);
  });
});
