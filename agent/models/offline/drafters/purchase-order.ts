/**
 * create_purchase_order: drafted only where the data names everything a buyer would — a stockout_risk
 * forecast carries the quantity (lead time + horizon at the service level, above stock and inbound),
 * the location and the supplier of the SKU's last order. Elsewhere (an oversell, an aged backorder) the
 * supplier is not in the data the agent reads, and a PO to an invented supplier is worse than none.
 */
import { evidenceOf } from '../triage-knowledge.ts';
import { day, decline, type Drafter } from './draft.ts';

const DAY_MS = 86_400_000;

export const purchaseOrder: Drafter = (knowledge) => {
  if (!knowledge.sku) return decline('no SKU is linked to the exception');
  const evidence = evidenceOf(knowledge, 'stockout_risk');
  if (!evidence)
    return decline(`the supplier for ${knowledge.sku} is not recorded in the data the agent can read; a buyer must raise the PO`);
  if (evidence.suggestedOrderQuantity < 1)
    return decline(`stock on hand and inbound already cover the forecast over lead time and horizon (suggested order quantity 0)`);
  if (!evidence.supplier)
    return decline(`no purchase order of ${evidence.skuCode} is on record, so no supplier is known; a buyer must choose one`);
  // A new order arrives after the lead time; an open PO due no later than that is faster to expedite than to duplicate.
  const newOrderArrives = day(new Date(knowledge.now.getTime() + Math.ceil(evidence.leadTimeDays) * DAY_MS));
  // Stock in transit from another location is not a supplier order to expedite.
  const sooner = evidence.inbound.find((po) => po.source !== 'transfer' && po.expectedOn <= newOrderArrives);
  if (sooner)
    return decline(
      `open purchase order ${sooner.reference ? `${sooner.reference} ` : ''}(${sooner.quantity} units) is due ${sooner.expectedOn}, no later than ` +
        `a new order placed today could arrive (${newOrderArrives}, ${evidence.leadTimeDays} days' lead time): ask the supplier to expedite it rather than order more`,
    );
  const basis =
    `${evidence.skuCode} at ${evidence.locationCode} is projected to run out on ${evidence.projectedStockoutOn} (${evidence.daysLeft} days left); ` +
    `forecast ${evidence.forecastPerDay}/day (${evidence.demandClass}, ${evidence.method}), lead time ${evidence.leadTimeDays} days (${evidence.leadTimeSource}); ` +
    `${evidence.suggestedOrderQuantity} units cover lead time + ${evidence.horizonDays} days at the ${Math.round(evidence.serviceLevel * 100)}% service level above stock and inbound`;
  return {
    ok: true,
    role: 'fix',
    sources: {
      sku: evidence.skuCode,
      location: evidence.locationCode,
      quantity: evidence.suggestedOrderQuantity,
      reason: basis,
      explicit: {
        sku: evidence.skuCode,
        location: evidence.locationCode,
        quantity: evidence.suggestedOrderQuantity,
        supplier: evidence.supplier,
        reason: basis,
      },
    },
    rationale:
      `Reorder ${evidence.suggestedOrderQuantity} × ${evidence.skuCode} to ${evidence.locationCode} from ${evidence.supplier} ` +
      `(the supplier of its last purchase order): ${basis}.`,
  };
};
