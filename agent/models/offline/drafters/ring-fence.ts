/**
 * set_channel_allocation for a stockout_risk: keep what the tenant's first key channel (the policy's
 * forecasting.keyChannels that sells the SKU, with its share of the SKU's recent demand in the evidence's
 * keyChannels) will need until replenishment — its share of demand at the interval's upper bound over
 * those days — out of the other channels' reach, never more than the stock above safety stock. It is
 * drafted as protection alongside the transfer and the reorder, and the policy always sends it to an
 * approver: which channel comes first is a person's call, the draft only sizes it.
 */
import { evidenceOf } from '../triage-knowledge.ts';
import { decline, type Drafter } from './draft.ts';

const DAY_MS = 86_400_000;

export const ringFence: Drafter = (knowledge) => {
  const evidence = evidenceOf(knowledge, 'stockout_risk');
  if (!evidence)
    return decline("a ring-fence is drafted from a stockout-risk forecast (the key channels' share of demand); this exception has none");
  const [key] = evidence.keyChannels ?? [];
  if (!key)
    return decline(
      `the tenant policy names no key channel that sells ${evidence.skuCode} (forecasting.keyChannels): which channel comes first is a person's call`,
    );
  const purchaseOrders = evidence.inbound.filter((line) => line.source !== 'transfer');
  const nextPurchaseOrderDays = purchaseOrders.length
    ? Math.max(
        0,
        Math.ceil(
          (Math.min(...purchaseOrders.map((line) => Date.parse(`${line.expectedOn}T00:00:00Z`))) - knowledge.now.getTime()) / DAY_MS,
        ),
      )
    : 0;
  const bridgeDays = Math.max(Math.ceil(evidence.leadTimeDays), nextPurchaseOrderDays);
  const highPerDay = evidence.interval.upper / Math.max(1, evidence.horizonDays);
  const room = Math.max(0, evidence.available - evidence.safetyStock);
  // Rounded to a millionth before rounding up: 0.4 × 6 × 10 is 24.000000000000004 in floating point, and 24 units.
  const need = Math.ceil(Math.round(key.share * highPerDay * bridgeDays * 1e6) / 1e6);
  const quantity = Math.min(room, need);
  if (quantity < 1)
    return decline(`${evidence.locationCode} has no stock of ${evidence.skuCode} above safety stock left to ring-fence for ${key.channel}`);
  const reason =
    `${evidence.skuCode} at ${evidence.locationCode} runs out on ${evidence.projectedStockoutOn} and replenishment is ${bridgeDays} days out; ` +
    `${key.channel} (a key channel in the tenant policy) takes ${Math.round(key.share * 100)}% of recent demand: ${quantity} units kept for it`;
  return {
    ok: true,
    role: 'protect',
    sources: {
      sku: evidence.skuCode,
      location: evidence.locationCode,
      quantity,
      reason,
      explicit: { sku: evidence.skuCode, location: evidence.locationCode, channel: key.channel, quantity, reason },
    },
    rationale: `Ring-fence ${quantity} × ${evidence.skuCode} at ${evidence.locationCode} for ${key.channel}: ${reason}.`,
  };
};
