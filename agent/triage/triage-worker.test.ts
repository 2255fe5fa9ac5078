/**
 * Triage end to end on the real core, tools, knowledge index and policy gate: exceptions raised by
 * the core's rules from fixture rows, claimed by the worker, triaged by the offline model against the
 * bundled runbooks, and recorded on the exception.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { detectExceptions, getException } from '../../core/exceptions/index.ts';
import {
  fixtureTenant,
  insertLocation,
  insertOrder,
  insertPayment,
  insertSku,
  setBalance,
  type FixtureTenant,
} from '../../core/exceptions/testing/exception-fixtures.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { applyPolicy } from '../../policies/index.ts';
import { ingestBundledCorpus } from '../../ingestion/bundled-corpus.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { OfflineChatModel } from '../models/offline/offline-chat-model.ts';
import { ScriptedChatModel } from '../testing/scripted-chat-model.ts';
import { createGatedToolbox } from '../toolbox/gated-toolbox.ts';
import { getRun } from '../transcripts/runs.ts';
import type { TriageDependencies } from './triage-exception.ts';
import { clearTriagePrincipals } from './triage-principal.ts';
import { runTriage } from './triage-worker.ts';

const POLICY = `
format: 1
name: triage test policy
rules:
  - id: reallocate-auto
    tool: reallocate_order_line
    decision: allow
    reason: Reallocations to a location with stock run automatically.
  - id: hold-auto
    tool: place_order_hold
    decision: allow
    reason: Holds are protective.
  - id: refund-approval
    tool: issue_refund
    decision: require_approval
    approverRole: approver
    reason: Refunds need an approver.
`;

let db: Database;
let tenant: FixtureTenant;
const registry = buildDefaultRegistry();
const now = new Date();

function deps(model = new OfflineChatModel({ now: () => now })): TriageDependencies {
  return { db, model: { id: 'offline', model }, toolboxFor: (principal) => createGatedToolbox(db, registry, principal) };
}

beforeAll(async () => {
  clearTriagePrincipals();
  db = await createTestDb();
  await ingestBundledCorpus(db);
  tenant = await fixtureTenant(db, 'acme-test');
  await applyPolicy(db, tenant.tenantId, POLICY);
  await tenant.run(async (tx) => {
    const east = await insertLocation(tx, 'WH-EAST');
    const west = await insertLocation(tx, 'WH-WEST');
    const tee = await insertSku(tx, 'TEE-BLK-M');
    const mug = await insertSku(tx, 'MUG-01');
    // Stock conflict: 2 units reserved for order 1001 at WH-EAST, but a count found 2 fewer than promised.
    await setBalance(tx, tee, east, 'available', -2);
    await setBalance(tx, tee, east, 'allocated', 2);
    await setBalance(tx, tee, west, 'available', 10);
    await setBalance(tx, mug, west, 'available', 50);
    const stuck = await insertOrder(tx, { number: '1001', status: 'reserved', lines: [{ skuId: tee, quantity: 2, reserved: 2 }] });
    await tx.query(
      `INSERT INTO reservations (tenant_id, order_id, order_line_id, sku_id, location_id, quantity) VALUES (copilot_tenant_id(), $1, $2, $3, $4, 2)`,
      [stuck.id, stuck.lineIds[0], tee, east],
    );
    // Payment mismatch: order of 100 captured twice (130).
    const paid = await insertOrder(tx, {
      number: '2001',
      status: 'validated',
      total: 100,
      lines: [{ skuId: mug, quantity: 10, unitPrice: 10 }],
    });
    await insertPayment(tx, paid.id, { reference: 'pi_1', captured: 130 });
    // ERP sync failed with a validation error that a retry cannot fix.
    await insertOrder(tx, {
      number: '3001',
      status: 'validated',
      erpSyncStatus: 'failed',
      erpLastError: 'ERP-422',
      lines: [{ skuId: mug, quantity: 1 }],
    });
    await detectExceptions(tx, { tenantId: tenant.tenantId, now });
  });
});
afterAll(async () => {
  await db.close();
});

describe('runTriage with the offline model', () => {
  it('claims every open exception once and records a runbook-grounded outcome for each', async () => {
    const items = await runTriage(deps(), { concurrency: 2 });
    const byType = Object.fromEntries(items.map((item) => [item.type, item]));
    expect(Object.keys(byType).sort()).toEqual(['erp_sync_failed', 'payment_mismatch', 'stock_conflict']);
    expect(new Set(items.map((item) => item.exceptionId)).size).toBe(items.length);

    // Stock conflict: reallocated to the location with stock, allowed by policy and executed.
    const stock = byType.stock_conflict!;
    expect(stock).toMatchObject({ outcome: 'executed', proposals: [{ tool: 'reallocate_order_line', decision: 'allow' }] });
    const stockRun = await getRun(db, tenant.tenantId, stock.runId!);
    expect(stockRun.toolCalls.find((call) => call.name === 'reallocate_order_line')).toMatchObject({
      status: 'executed',
      args: { order: '1001', lineNumber: 1, toLocation: 'WH-WEST', reasonCode: 'RA-SHORT' },
    });
    expect(stockRun.input.runbook).toMatchObject({
      documentId: 'rb-oversell-stock-conflict',
      actions: ['reallocate_order_line', 'send_backorder_notice', 'create_purchase_order'],
    });
    expect(stockRun.citations.map((citation) => citation.ref)).toContain(
      'rb-oversell-stock-conflict#1-reallocate-the-order-line-reallocate-order-line',
    );
    expect(stockRun).toMatchObject({ kind: 'triage', exceptionId: stock.exceptionId, status: 'completed' });

    // Payment mismatch: hold first (allowed), then the refund of exactly the excess, waiting for an approver.
    const payment = byType.payment_mismatch!;
    expect(payment.outcome).toBe('awaiting_approval');
    expect(payment.proposals.map((proposal) => [proposal.tool, proposal.decision])).toEqual([
      ['place_order_hold', 'allow'],
      ['issue_refund', 'require_approval'],
    ]);
    const paymentRun = await getRun(db, tenant.tenantId, payment.runId!);
    expect(paymentRun.toolCalls.find((call) => call.name === 'issue_refund')!.args).toMatchObject({ order: '2001', amount: 30 });

    // ERP-422: a retry would fail again; handed off with the reason and parked for a person.
    const erp = byType.erp_sync_failed!;
    expect(erp.outcome).toBe('handoff');
    expect(erp.reason).toMatch(/ERP-422 fails again until the data is fixed/);
    await withTenant(db, tenant.tenantId, async (tx) => {
      const exception = await getException(tx, erp.exceptionId);
      expect(exception.status).toBe('open');
      expect(exception.triage.parked).toBe(true);
      expect((await getException(tx, payment.exceptionId)).status).toBe('awaiting_approval');
      expect(['resolved']).toContain((await getException(tx, stock.exceptionId)).status);
    });

    // Nothing left to claim.
    expect(await runTriage(deps(), { concurrency: 2 })).toEqual([]);
  });

  it('parks an exception after three failed triage runs, with the error', async () => {
    await tenant.run(async (tx) => {
      const mug = (await tx.query<{ id: string }>(`SELECT id FROM skus WHERE code = 'MUG-01'`)).rows[0]!.id;
      await insertOrder(tx, {
        number: '4001',
        status: 'validated',
        erpSyncStatus: 'failed',
        erpLastError: 'ERP-503',
        lines: [{ skuId: mug, quantity: 1 }],
      });
      await detectExceptions(tx, { tenantId: tenant.tenantId, now });
    });
    const broken = new ScriptedChatModel(() => {
      throw Object.assign(new Error('model unavailable'), { status: 400 });
    });
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      for (const item of await runTriage(deps(broken as unknown as OfflineChatModel))) outcomes.push(item.outcome);
    }
    expect(outcomes).toEqual(['failed', 'failed', 'failed']);
    await withTenant(db, tenant.tenantId, async (tx) => {
      const parked = (
        await tx.query<{ id: string }>(`SELECT id FROM exceptions WHERE type = 'erp_sync_failed' AND parked AND attempts = 3`)
      ).rows[0];
      expect(parked).toBeDefined();
      const exception = await getException(tx, parked!.id);
      // What the model client said stays in the server log; the exception says what kind of failure it was.
      expect(exception.triage.lastError).toMatch(
        /model offline failed after 1 attempt: the model endpoint rejected the request \(HTTP 400\)/,
      );
      expect(exception.triage.lastError).not.toMatch(/model unavailable/);
    });
  });
});
