/**
 * transfer_stock for a stockout_risk: bring units from the location with the largest surplus beyond its
 * own forecast needs (the evidence's surplusElsewhere) to bridge the days until replenishment can arrive
 * — demand at the interval's upper bound over those days, plus safety stock and open demand, less what
 * is on hand and already in transit — never more than the surplus. It keeps the location selling while
 * the reorder (the fix) is on its way, so it is drafted as containment alongside it.
 */
import { evidenceOf } from '../triage-knowledge.ts';
import { decline, type Drafter } from './draft.ts';

const DAY_MS = 86_400_000;

export const transfer: Drafter = (knowledge) => {
  const evidence = evidenceOf(knowledge, 'stockout_risk');
  if (!evidence) return decline('a transfer is drafted from a stockout-risk forecast (where the surplus is); this exception has none');
  const [source] = [...(evidence.surplusElsewhere ?? [])].sort((a, b) => b.surplus - a.surplus);
  if (!source) return decline(`no other location holds ${evidence.skuCode} beyond its own forecast needs`);
  const today = knowledge.now.getTime();
  const purchaseOrders = evidence.inbound.filter((line) => line.source !== 'transfer');
  const nextPurchaseOrderDays = purchaseOrders.length
    ? Math.max(0, Math.ceil((Math.min(...purchaseOrders.map((line) => Date.parse(`${line.expectedOn}T00:00:00Z`))) - today) / DAY_MS))
    : 0;
  const bridgeDays = Math.max(Math.ceil(evidence.leadTimeDays), nextPurchaseOrderDays);
  const inTransit = evidence.inbound.filter((line) => line.source === 'transfer').reduce((sum, line) => sum + line.quantity, 0);
  const highPerDay = evidence.interval.upper / Math.max(1, evidence.horizonDays);
  const need = Math.ceil(highPerDay * bridgeDays) + evidence.safetyStock + evidence.openDemand - evidence.available - inTransit;
  if (need < 1)
    return decline(
      `stock on hand and in transit cover ${evidence.skuCode} at ${evidence.locationCode} for the ${bridgeDays} days until replenishment`,
    );
  const quantity = Math.min(source.surplus, need);
  const reason =
    `${evidence.skuCode} at ${evidence.locationCode} is projected to run out on ${evidence.projectedStockoutOn} (${evidence.daysLeft} days left), ` +
    `before replenishment in ${bridgeDays} days; ${need} units cover those days at the forecast's upper bound ` +
    `(${Math.round(highPerDay * 10) / 10}/day) with safety stock and open demand; ${source.locationCode} holds ${source.surplus} beyond its own forecast needs`;
  return {
    ok: true,
    role: 'contain',
    sources: {
      sku: evidence.skuCode,
      quantity,
      reason,
      explicit: { sku: evidence.skuCode, fromLocation: source.locationCode, toLocation: evidence.locationCode, quantity, reason },
    },
    rationale: `Transfer ${quantity} × ${evidence.skuCode} from ${source.locationCode} to ${evidence.locationCode} to bridge until replenishment: ${reason}.`,
  };
};
