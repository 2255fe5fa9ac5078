/**
 * Predicted exceptions through the same triage and policy gate as the reactive ones: the forecast run
 * raises stockout_risk from real history, the offline triage agent reads the bundled runbook for it and
 * drafts the remediation from the evidence — a transfer from the location with surplus to bridge the
 * days until replenishment, with a reorder sized by forecast and lead time (both waiting for an
 * approver), or, with no supplier on record, moving an order reserved at the location at risk to one
 * with surplus. late_shipment_risk moves an order to a location that can ship it; where none can, it
 * expedites when a faster carrier service absorbs the delay, else drafts a proactive delay notice with
 * the date the history supports. Approved, each executes through the core and the action outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineChatModel } from '../../agent/models/offline/offline-chat-model.ts';
import { createGatedToolbox } from '../../agent/toolbox/gated-toolbox.ts';
import { getRun } from '../../agent/transcripts/runs.ts';
import type { TriageDependencies } from '../../agent/triage/triage-exception.ts';
import { clearTriagePrincipals } from '../../agent/triage/triage-principal.ts';
import { runTriage } from '../../agent/triage/triage-worker.ts';
import type { Database } from '../../core/db/database.ts';
import { reconcilePredictedExceptions } from '../../core/exceptions/index.ts';
import {
  exceptionsOfType,
  fixtureTenant,
  insertLocation,
  insertOrder,
  insertReservation,
  insertSku,
  setBalance,
  type FixtureTenant,
} from '../../core/exceptions/testing/exception-fixtures.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { importDailyHistory, readBalances, readStockPositions } from '../../core/inventory/index.ts';
import { getOrder } from '../../core/orders/index.ts';
import { listOutboxMessages } from '../../core/outbox/index.ts';
import { createPrincipal, type TestPrincipal } from '../../policies/testing/fixtures.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { runForecast } from '../../forecasting/index.ts';
import { ingestBundledCorpus } from '../../ingestion/bundled-corpus.ts';
import { applyPolicy, approveProposal, invokeTool } from '../../policies/index.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { smoothHistory } from './smooth-history.ts';

const POLICY = `
format: 1
name: predicted triage test policy
rules:
  - id: po-approval
    tool: create_purchase_order
    decision: require_approval
    approverRole: approver
    reason: Purchase orders need a buyer's sign-off.
  - id: reallocate-auto
    tool: reallocate_order_line
    decision: allow
    reason: Reallocations to a location with stock run automatically.
`;

const DAY = 86_400_000;
const now = new Date('2026-06-01T12:00:00Z');
const registry = buildDefaultRegistry();
let db: Database;
let tenant: FixtureTenant;
let approver: TestPrincipal;
const ids: Record<string, string> = {};
const pendingTransfer: { id?: string; quantity?: number } = {};

const deps = (): TriageDependencies => ({
  db,
  model: { id: 'offline', model: new OfflineChatModel({ now: () => now }) },
  // The gate runs on the test's clock too, so dates the drafts compute from it are in the future there.
  toolboxFor: (principal) => ({
    ...createGatedToolbox(db, registry, principal),
    invoke: (request) => invokeTool(db, registry, request, { now }),
  }),
});

beforeAll(async () => {
  clearTriagePrincipals();
  db = await createTestDb();
  await ingestBundledCorpus(db);
  tenant = await fixtureTenant(db, 'predicted-test');
  await applyPolicy(db, tenant.tenantId, POLICY);
  approver = await createPrincipal(db, tenant.tenantId, ['approver'], 'approver-1');
  await tenant.run(async (tx) => {
    ids.east = await insertLocation(tx, 'WH-EAST');
    ids.west = await insertLocation(tx, 'WH-WEST');
    ids.tee = await insertSku(tx, 'TEE-BLK-M');
    ids.mug = await insertSku(tx, 'MUG-01');
    // Both SKUs sell ~10 a day at WH-EAST, which holds two days of it; WH-WEST sells ~1 a day and holds 2,000.
    for (const sku of [ids.tee, ids.mug]) {
      await setBalance(tx, sku, ids.east, 'available', 20);
      await setBalance(tx, sku, ids.west, 'available', 2000);
      await importDailyHistory(tx, [
        ...smoothHistory({ skuId: sku, locationId: ids.east }, { perDay: 10, onHand: 20, now }),
        ...smoothHistory({ skuId: sku, locationId: ids.west }, { perDay: 1, onHand: 2000, now }),
      ]);
    }
    // The tee was ordered before (received): its supplier is on record. The mug never was.
    const po = await tx.query<{ id: string }>(
      `INSERT INTO purchase_orders (tenant_id, po_number, supplier, location_id, status, created_at, updated_at)
       VALUES (copilot_tenant_id(), 'PO-100', 'Nordic Textiles', $1, 'received', $2, $3) RETURNING id`,
      [ids.east, new Date(now.getTime() - 60 * DAY), new Date(now.getTime() - 50 * DAY)],
    );
    await tx.query(
      `INSERT INTO purchase_order_lines (tenant_id, purchase_order_id, sku_id, quantity_ordered, quantity_received) VALUES (copilot_tenant_id(), $1, $2, 300, 300)`,
      [po.rows[0]!.id, ids.tee],
    );
    // Order 3001 holds 4 mugs at WH-EAST.
    await setBalance(tx, ids.mug, ids.east, 'allocated', 4);
    const order = await insertOrder(tx, { number: '3001', status: 'reserved', lines: [{ skuId: ids.mug, quantity: 4, reserved: 4 }] });
    await insertReservation(tx, { orderId: order.id, orderLineId: order.lineIds[0]!, skuId: ids.mug, locationId: ids.east, quantity: 4 });
  });
});
afterAll(async () => {
  await db?.close();
});

describe('predicted exceptions through triage and the policy gate', () => {
  it('raises stockout_risk from the forecast with the supplier and the surplus elsewhere in its evidence', async () => {
    const report = await runForecast(db, tenant.tenantId, { now, historyDays: 120 });
    expect(report.stockoutRisk.raised).toBe(2);
    const raised = await tenant.run((tx) => exceptionsOfType(tx, 'stockout_risk'));
    const tee = raised.find((row) => row.title.startsWith('TEE-BLK-M'))!;
    expect(tee.evidence).toMatchObject({
      locationCode: 'WH-EAST',
      supplier: 'Nordic Textiles',
      leadTimeDays: 10,
      surplusElsewhere: [{ locationCode: 'WH-WEST', surplus: expect.any(Number) }],
    });
    expect((tee.evidence as { suggestedOrderQuantity: number }).suggestedOrderQuantity).toBeGreaterThan(10 * 24 - 20);
    expect(raised.find((row) => row.title.startsWith('MUG-01'))!.evidence).toMatchObject({ supplier: null });
  });

  it('triages them: a reorder sized by the forecast waits for an approver; with no supplier, the order at risk moves to the surplus', async () => {
    const items = await runTriage(deps(), { concurrency: 1 });
    expect(items).toHaveLength(2);
    const [tee, mug] = await tenant.run(async (tx) => {
      const rows = await exceptionsOfType(tx, 'stockout_risk');
      return ['TEE-BLK-M', 'MUG-01'].map((code) => rows.find((row) => row.title.startsWith(code))!);
    });
    const teeItem = items.find((item) => item.exceptionId === tee!.id)!;
    // The reorder arrives after the projected stockout (that is why it was raised): a transfer bridges the gap.
    expect(teeItem).toMatchObject({
      outcome: 'awaiting_approval',
      proposals: [
        { tool: 'transfer_stock', decision: 'require_approval' },
        { tool: 'create_purchase_order', decision: 'require_approval' },
      ],
    });
    const teeRun = await getRun(db, tenant.tenantId, teeItem.runId!);
    expect(teeRun.input.runbook).toMatchObject({ documentId: 'rb-stockout-risk' });
    const evidence = tee!.evidence as { suggestedOrderQuantity: number };
    expect(teeRun.toolCalls.find((call) => call.name === 'create_purchase_order')!.args).toMatchObject({
      sku: 'TEE-BLK-M',
      location: 'WH-EAST',
      quantity: evidence.suggestedOrderQuantity,
      supplier: 'Nordic Textiles',
    });

    const surplus = (tee!.evidence as { surplusElsewhere: Array<{ locationCode: string; surplus: number }> }).surplusElsewhere[0]!;
    const transferCall = teeRun.toolCalls.find((call) => call.name === 'transfer_stock')!;
    expect(transferCall.args).toMatchObject({ sku: 'TEE-BLK-M', fromLocation: 'WH-WEST', toLocation: 'WH-EAST' });
    const quantity = (transferCall.args as { quantity: number }).quantity;
    expect(quantity).toBeGreaterThan(0);
    expect(quantity).toBeLessThanOrEqual(surplus.surplus);
    pendingTransfer.id = teeItem.proposals.find((proposal) => proposal.tool === 'transfer_stock')!.id;
    pendingTransfer.quantity = quantity;

    const mugItem = items.find((item) => item.exceptionId === mug!.id)!;
    expect(mugItem.proposals).toMatchObject([
      { tool: 'transfer_stock', decision: 'require_approval' },
      { tool: 'reallocate_order_line', decision: 'allow' },
    ]);
    const mugRun = await getRun(db, tenant.tenantId, mugItem.runId!);
    expect(mugRun.toolCalls.find((call) => call.name === 'reallocate_order_line')).toMatchObject({
      status: 'executed',
      args: { order: '3001', lineNumber: 1, toLocation: 'WH-WEST', reasonCode: 'RA-SHORT' },
    });
  });

  it('moves an order likely to ship late to a location with the stock (RA-DELAY)', async () => {
    const order = await tenant.run(async (tx) => {
      await setBalance(tx, ids.tee!, ids.east!, 'allocated', 2);
      const created = await insertOrder(tx, { number: '4001', status: 'released', lines: [{ skuId: ids.tee!, quantity: 2, reserved: 2 }] });
      await insertReservation(tx, {
        orderId: created.id,
        orderLineId: created.lineIds[0]!,
        skuId: ids.tee!,
        locationId: ids.east!,
        quantity: 2,
      });
      const promisedAt = new Date(now.getTime() + 10 * 3_600_000);
      await reconcilePredictedExceptions(tx, {
        tenantId: tenant.tenantId,
        type: 'late_shipment_risk',
        now,
        findings: [
          {
            dedupeKey: `late_shipment_risk:${created.id}`,
            severity: 'high',
            title: 'Order 4001: 80% likely to miss its ship-by date (10 h left)',
            refs: { orderId: created.id, locationId: ids.east! },
            codes: { orderNumber: '4001', locationCode: 'WH-EAST' },
            evidence: {
              orderNumber: '4001',
              probabilityLate: 0.8,
              threshold: 0.6,
              stage: 'released',
              blocked: false,
              promisedAt: promisedAt.toISOString(),
              hoursLeft: 10,
              hoursInStage: 30,
              comparableOrders: 40,
              locationCode: 'WH-EAST',
              locationBacklog: 12,
            },
            resolveBy: promisedAt,
          },
        ],
      });
      return created;
    });
    const [item] = await runTriage(deps(), { concurrency: 1 });
    expect(item).toMatchObject({
      type: 'late_shipment_risk',
      outcome: 'executed',
      proposals: [{ tool: 'reallocate_order_line', decision: 'allow' }],
    });
    const run = await getRun(db, tenant.tenantId, item!.runId!);
    expect(run.input.runbook).toMatchObject({ documentId: 'rb-late-shipment-risk' });
    expect(run.toolCalls.find((call) => call.name === 'reallocate_order_line')).toMatchObject({
      status: 'executed',
      args: { order: '4001', lineNumber: 1, toLocation: 'WH-WEST', reasonCode: 'RA-DELAY' },
    });
    expect(order.id).toBeTruthy();
  });

  it('executes an approved transfer through the core: the source gives, the destination holds it in transit, the forecast counts it', async () => {
    const before = await tenant.run(async (tx) => (await readBalances(tx, ids.tee!, ids.west!)).available);
    const executed = await approveProposal(db, registry, approver, pendingTransfer.id!, {}, { now });
    expect(executed.status).toBe('executed');
    const [west, east] = await tenant.run(async (tx) => [
      await readBalances(tx, ids.tee!, ids.west!),
      await readBalances(tx, ids.tee!, ids.east!),
    ]);
    expect(west!.available).toBe(before - pendingTransfer.quantity!);
    expect(east!.in_transit).toBe(pendingTransfer.quantity);
    const position = await tenant.run(async (tx) =>
      (await readStockPositions(tx, { skuIds: [ids.tee!] })).find((row) => row.locationId === ids.east),
    );
    expect(position).toMatchObject({ inTransit: pendingTransfer.quantity });
    const messages = await withTenant(db, tenant.tenantId, (tx) => listOutboxMessages(tx, { type: 'action.executed', limit: 100 }));
    expect(messages.some((message) => JSON.stringify(message.payload).includes('transfer_stock'))).toBe(true);
    // The next run sees the transfer as inbound tomorrow, marked as a transfer, not a purchase order.
    await runForecast(db, tenant.tenantId, { now, historyDays: 120 });
    const tee = (await tenant.run((tx) => exceptionsOfType(tx, 'stockout_risk'))).find((row) => row.title.startsWith('TEE-BLK-M'));
    if (tee?.status !== 'resolved') {
      expect((tee!.evidence as { inbound: Array<{ source?: string; quantity: number }> }).inbound).toContainEqual(
        expect.objectContaining({ source: 'transfer', quantity: pendingTransfer.quantity }),
      );
    }
  });

  /** A late_shipment_risk for a released order of LAMP-01, stocked at WH-EAST only (no faster location to move it to). */
  async function lateOrder(number: string, transit: Record<string, unknown>): Promise<string> {
    return tenant.run(async (tx) => {
      ids.lamp ??= await insertSku(tx, 'LAMP-01');
      await setBalance(tx, ids.lamp, ids.east!, 'allocated', 1);
      const created = await insertOrder(tx, {
        number,
        status: 'released',
        promisedDate: new Date(now.getTime() + 10 * 3_600_000),
        lines: [{ skuId: ids.lamp, quantity: 1, reserved: 1 }],
      });
      await insertReservation(tx, {
        orderId: created.id,
        orderLineId: created.lineIds[0]!,
        skuId: ids.lamp,
        locationId: ids.east!,
        quantity: 1,
      });
      const promisedAt = new Date(now.getTime() + 10 * 3_600_000);
      await reconcilePredictedExceptions(tx, {
        tenantId: tenant.tenantId,
        type: 'late_shipment_risk',
        now,
        findings: [
          {
            dedupeKey: `late_shipment_risk:${created.id}`,
            severity: 'high',
            title: `Order ${number}: 85% likely to miss its ship-by date (10 h left)`,
            refs: { orderId: created.id, locationId: ids.east! },
            codes: { orderNumber: number, locationCode: 'WH-EAST' },
            evidence: {
              orderNumber: number,
              probabilityLate: 0.85,
              threshold: 0.6,
              stage: 'released',
              blocked: false,
              promisedAt: promisedAt.toISOString(),
              hoursLeft: 10,
              hoursInStage: 30,
              comparableOrders: 40,
              locationCode: 'WH-EAST',
              locationBacklog: 12,
              likelyShippedBy: new Date(now.getTime() + 40 * 3_600_000).toISOString(),
              likelyDelayHours: 30,
              usualService: { carrier: 'UPS', serviceLevel: 'ground', medianTransitHours: 70, shipments: 60 },
              ...transit,
            },
            resolveBy: promisedAt,
          },
        ],
      });
      return created.id;
    });
  }

  const actionExecuted = async (tool: string) =>
    (await withTenant(db, tenant.tenantId, (tx) => listOutboxMessages(tx, { type: 'action.executed', limit: 100 }))).filter((message) =>
      JSON.stringify(message.payload).includes(tool),
    );

  it('expedites an in-stock order when a faster carrier service saves the hours it will ship late, and the warehouse hears of it', async () => {
    await lateOrder('5001', {
      fasterService: { carrier: 'UPS', serviceLevel: '2day', medianTransitHours: 34, shipments: 18, savesHours: 36 },
    });
    const [item] = await runTriage(deps(), { concurrency: 1 });
    expect(item).toMatchObject({
      type: 'late_shipment_risk',
      outcome: 'awaiting_approval',
      proposals: [{ tool: 'expedite_shipment', decision: 'require_approval' }],
    });
    const run = await getRun(db, tenant.tenantId, item!.runId!);
    expect(run.toolCalls.find((call) => call.name === 'expedite_shipment')!.args).toMatchObject({
      order: '5001',
      carrier: 'UPS',
      serviceLevel: '2day',
    });
    expect((await approveProposal(db, registry, approver, item!.proposals[0]!.id, {}, { now })).status).toBe('executed');
    const order = await tenant.run((tx) => getOrder(tx, '5001'));
    expect(order.fulfilment).toMatchObject({ priority: 'expedite', requestedCarrier: 'UPS', requestedServiceLevel: '2day' });
    expect(await actionExecuted('expedite_shipment')).toHaveLength(1);
  });

  it('drafts a proactive delay notice with the date the history supports when no faster service helps, and sends it once approved', async () => {
    await lateOrder('5002', { fasterService: null });
    const [item] = await runTriage(deps(), { concurrency: 1 });
    expect(item).toMatchObject({
      type: 'late_shipment_risk',
      outcome: 'awaiting_approval',
      proposals: [{ tool: 'send_delay_notice', decision: 'require_approval' }],
    });
    const run = await getRun(db, tenant.tenantId, item!.runId!);
    // likelyShippedBy is 40 h after 2026-06-01 12:00 UTC: 2026-06-03.
    expect(run.toolCalls.find((call) => call.name === 'send_delay_notice')!.args).toMatchObject({
      order: '5002',
      newPromisedDate: '2026-06-03',
    });
    expect((await approveProposal(db, registry, approver, item!.proposals[0]!.id, {}, { now })).status).toBe('executed');
    const order = await tenant.run((tx) => getOrder(tx, '5002'));
    expect(order.delayNotices).toHaveLength(1);
    expect(order.promisedDate?.toISOString().slice(0, 10)).toBe('2026-06-03');
    expect(await actionExecuted('send_delay_notice')).toHaveLength(1);
  });
});
