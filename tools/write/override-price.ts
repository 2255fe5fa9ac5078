/** override_price: set a manual unit price on an order line (contract, quote, promotion or data-error fixes). */
import { z } from 'zod';
import { findSku } from '../../core/catalog/index.ts';
import { roundMoney } from '../../core/domain/money.ts';
import { overridePrice, requireOrder } from '../../core/orders/index.ts';
import { lineNumberField, moneyField, orderNumberField, reasonField } from '../read/reference-fields.ts';
import { defineDomainWriteTool } from './domain-write-tool.ts';
import { loadOrderFacts } from './order-facts.ts';
import { writeResultFields } from './write-result.ts';
import { PROPOSER_ROLES } from './write-roles.ts';

/** pol-price-override-authority: no "goodwill" overrides; goodwill is a refund. */
export const PRICE_OVERRIDE_REASON_CODES = ['PO-CONTRACT', 'PO-QUOTE', 'PO-PROMO', 'PO-ERROR', 'PO-DAMAGE'] as const;

const input = z.strictObject({
  order: orderNumberField,
  lineNumber: lineNumberField,
  newUnitPrice: moneyField('zero', 'The new unit price in the order currency (0 or more).'),
  reasonCode: z
    .enum(PRICE_OVERRIDE_REASON_CODES)
    .describe(
      'PO-CONTRACT contract price not in the system; PO-QUOTE accepted quote; PO-PROMO promotion failed to apply; PO-ERROR price list data error; PO-DAMAGE agreed concession for cosmetic damage.',
    ),
  reason: reasonField.describe(
    'The reference that justifies the price: contract and clause, quote id and expiry, promotion id, or pricing ticket.',
  ),
});

const output = z.object({
  orderNumber: z.string(),
  lineNumber: z.number().int(),
  skuCode: z.string(),
  listUnitPrice: z.number(),
  previousUnitPrice: z.number(),
  newUnitPrice: z.number(),
  changePercent: z.number().describe('Change from the previous effective price, in percent (negative = discount).'),
  lineTotalChange: z.number(),
  orderTotalBefore: z.number(),
  orderTotalAfter: z.number(),
  ...writeResultFields,
});

export const overridePriceTool = defineDomainWriteTool({
  name: 'override_price',
  title: 'Override an order line price',
  description:
    'Sets a manual unit price on one order line and recalculates the order totals; the original price is kept alongside. ' +
    'Use it when a contract price, an accepted quote or a promotion did not apply, or the price list is wrong — never for ' +
    'goodwill (use issue_refund). Check quantity breaks and unit of measure first. Preconditions: the order is not ' +
    'invoiced, closed or cancelled (posted invoices need a credit memo) and the new price differs from the current one. ' +
    'Reports the change in percent and money, and the unit cost, so the policy can route it (below cost is never automatic). ' +
    'Returns the old and new prices and order totals.',
  risk: 'high',
  roles: PROPOSER_ROLES,
  // Setting the price a line already has is refused, so repeating the call changes nothing.
  idempotent: true,
  input,
  output,
  async facts({ tx }, request) {
    const { facts } = await loadOrderFacts(tx, request.order);
    return { ...facts, lineNumber: request.lineNumber, reasonCode: request.reasonCode, newPrice: request.newUnitPrice };
  },
  apply: ({ tx }, request, change) =>
    overridePrice(
      tx,
      {
        order: request.order,
        lineNumber: request.lineNumber,
        newUnitPrice: request.newUnitPrice,
        reason: `${request.reasonCode}: ${request.reason}`,
      },
      change,
    ),
  async trialFacts({ tx }, result) {
    const sku = await findSku(tx, result.skuCode);
    const unitCost = sku?.unitCost ?? null;
    return {
      skuCode: result.skuCode,
      unitCost,
      listPrice: result.listUnitPrice,
      previousPrice: result.previousUnitPrice,
      changePercent: result.changePercent,
      absoluteChangePercent: Math.abs(result.changePercent),
      direction: result.newUnitPrice > result.previousUnitPrice ? 'up' : 'down',
      belowCost: unitCost !== null && result.newUnitPrice < unitCost,
      // The money the override moves (unit difference × quantity): authority limits are measured on it.
      amount: roundMoney(Math.abs(result.lineTotalChange)),
      orderTotalAfter: result.orderTotalAfter,
    };
  },
  touched: async ({ tx }, result) => ({ orderIds: [(await requireOrder(tx, result.orderNumber)).id] }),
  present: (result, redetection) => ({
    orderNumber: result.orderNumber,
    lineNumber: result.lineNumber,
    skuCode: result.skuCode,
    listUnitPrice: result.listUnitPrice,
    previousUnitPrice: result.previousUnitPrice,
    newUnitPrice: result.newUnitPrice,
    changePercent: result.changePercent,
    lineTotalChange: result.lineTotalChange,
    orderTotalBefore: result.orderTotalBefore,
    orderTotalAfter: result.orderTotalAfter,
    ...redetection,
  }),
});
