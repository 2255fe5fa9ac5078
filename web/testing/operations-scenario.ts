/**
 * A small operational scenario for web tests and the browser e2e, built only with the modules'
 * exported functions: a catalog and stock, a released order, an order whose address failed
 * validation (raising an exception), and two proposals pending approval — a remediation for that
 * exception (correct_shipping_address) and a hold on another order.
 */
import { upsertLocation, upsertSku } from '../../core/catalog/index.ts';
import { upsertCustomer } from '../../core/customers/index.ts';
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { detectExceptions, listExceptions } from '../../core/exceptions/index.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { receiveInventory } from '../../core/inventory/index.ts';
import { capturePayment } from '../../core/payments/index.ts';
import { createOrder, progressOrder, recordAddressValidationFailure } from '../../core/orders/index.ts';
import { invokeTool } from '../../policies/index.ts';
import type { ToolRegistry } from '../../tools/registry.ts';

export const SCENARIO_ADDRESS = {
  name: 'Dana Reyes',
  line1: '400 Market St',
  city: 'Philadelphia',
  region: 'PA',
  postalCode: '19106',
  country: 'US',
};

export interface OperationsScenario {
  /** Paid and released, nothing wrong with it. */
  healthyOrder: string;
  /** Address validation failed; an exception is open and a correction is pending approval. */
  flaggedOrder: string;
  exceptionId: string;
  /** correct_shipping_address for the flagged order, pending (approving it resolves the exception). */
  correctionProposalId: string;
  /** place_order_hold on the healthy order, pending. */
  holdProposalId: string;
}

export async function seedOperationsScenario(
  db: Database,
  registry: ToolRegistry,
  proposer: Principal,
  /** Orders are numbered SO-<firstNumber> and SO-<firstNumber + 1> (the copilot recognises SO- numbers). */
  firstNumber: number,
  options: { now?: Date } = {},
): Promise<OperationsScenario> {
  const healthyOrder = `SO-${firstNumber}`;
  const flaggedOrder = `SO-${firstNumber + 1}`;
  const now = options.now ?? new Date();
  await withTenant(db, proposer.tenantId, async (tx) => {
    await upsertLocation(tx, { code: 'WH-EAST', name: 'East DC', kind: 'warehouse', priority: 10 });
    await upsertSku(tx, { code: 'MUG-BLK', name: 'Enamel mug, black', unitCost: 4, price: 12 });
    await upsertSku(tx, { code: 'KETTLE-1L', name: 'Pour-over kettle 1 L', unitCost: 22, price: 59 });
    await upsertCustomer(tx, { code: 'C-1001', name: 'Dana Reyes', email: 'dana@example.com' });
    await receiveInventory(tx, { sku: 'MUG-BLK', location: 'WH-EAST', quantity: 40 });
    await receiveInventory(tx, { sku: 'KETTLE-1L', location: 'WH-EAST', quantity: 5 });
    for (const [number, lines] of [
      [healthyOrder, [{ sku: 'MUG-BLK', quantity: 2, unitPrice: 12 }]],
      [flaggedOrder, [{ sku: 'KETTLE-1L', quantity: 1, unitPrice: 59 }]],
    ] as const) {
      await createOrder(tx, {
        orderNumber: number,
        channel: 'web',
        customer: 'C-1001',
        lines: [...lines],
        shippingAddress: SCENARIO_ADDRESS,
      });
      await progressOrder(tx, number);
    }
    // The healthy order is paid, so a refund on it can be proposed (and executed once approved).
    await capturePayment(tx, { order: healthyOrder, psp: 'stripe', pspReference: `ch_${firstNumber}`, amount: 24 });
    await progressOrder(tx, healthyOrder);
    await recordAddressValidationFailure(tx, { order: flaggedOrder, reason: 'postal code does not match the city', field: 'postalCode' });
    await detectExceptions(tx, { tenantId: proposer.tenantId, now });
  });
  const exception = await withTenant(db, proposer.tenantId, async (tx) =>
    (await listExceptions(tx, { type: 'address_validation_failed', status: 'live' })).find(
      (candidate) => candidate.codes.orderNumber === flaggedOrder,
    ),
  );
  if (!exception) throw new Error(`scenario: no address_validation_failed exception for ${flaggedOrder}`);

  const correction = await invokeTool(db, registry, {
    principal: proposer,
    tool: 'correct_shipping_address',
    args: { order: flaggedOrder, address: { ...SCENARIO_ADDRESS, postalCode: '19107' }, note: 'Customer confirmed the ZIP code by phone.' },
    origin: { kind: 'user', ref: 'scenario' },
    rationale: 'The validator rejected 19106 for this street; the customer confirmed 19107.',
    exceptionId: exception.id,
  });
  const hold = await invokeTool(db, registry, {
    principal: proposer,
    tool: 'place_order_hold',
    args: { order: healthyOrder, reasonCode: 'CUSTOMER-REQ', note: 'Customer asked to delay shipping until Friday.' },
    origin: { kind: 'user', ref: 'scenario' },
    rationale: 'Customer request by email.',
  });
  for (const outcome of [correction, hold]) {
    if (outcome.status !== 'pending_approval' || !outcome.proposalId)
      throw new Error(`scenario: expected a pending proposal, got ${JSON.stringify(outcome)}`);
  }
  return {
    healthyOrder,
    flaggedOrder,
    exceptionId: exception.id,
    correctionProposalId: correction.proposalId!,
    holdProposalId: hold.proposalId!,
  };
}
