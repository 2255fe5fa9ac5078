import { evidenceOf, type TriageKnowledge } from '../triage-knowledge.ts';
import { decline, type Drafter } from './draft.ts';
import { lineToMove } from './line-to-move.ts';
import { orderStatus, REALLOCATABLE, stockByLocation } from './order-reading.ts';

/** A predicted stockout: stock may only come from where the forecast says it is surplus to that location's own needs. */
function surplusFor(knowledge: TriageKnowledge): Map<string, number> | undefined {
  const evidence = evidenceOf(knowledge, 'stockout_risk');
  return evidence ? new Map((evidence.surplusElsewhere ?? []).map((entry) => [entry.locationCode, entry.surplus])) : undefined;
}

export const reallocate: Drafter = (knowledge) => {
  const surplus = surplusFor(knowledge);
  if (!knowledge.order || !knowledge.orderRef) {
    const [richest] = [...(surplus ?? new Map<string, number>()).entries()];
    // Moving the stock itself is transfer_stock's remediation; say where it could come from.
    return decline(
      richest
        ? `no open order at ${knowledge.locationRef ?? 'the location'} holds or waits for ${knowledge.sku ?? 'the SKU'} to move; ` +
            `a transfer from ${richest[0]} (${richest[1]} units beyond its own forecast needs) moves the stock instead`
        : 'no open order holds or waits for this stock',
    );
  }
  const status = orderStatus(knowledge);
  if (!REALLOCATABLE.has(status))
    return decline(`order ${knowledge.orderRef} is ${status}; only validated, backordered, reserved or released orders can be reallocated`);
  const move = lineToMove(knowledge);
  if (!move || move.quantity <= 0) return decline(`order ${knowledge.orderRef} has no open line of ${knowledge.sku ?? 'the SKU'} to move`);
  const stock = stockByLocation(knowledge.inventory);
  if (!stock.length) return decline(`no location holds any ${move.line.sku ?? knowledge.sku}`);
  const target = stock
    .filter((row) => row.fulfils && row.location !== move.from && row.ats >= move.quantity)
    .filter((row) => !surplus || (surplus.get(row.location) ?? 0) >= move.quantity)
    .sort((a, b) => b.ats - a.ats)[0];
  if (!target && surplus) {
    return decline(
      `no other location has ${move.quantity} unit(s) of ${move.line.sku ?? knowledge.sku} beyond its own forecast needs ` +
        `(surplus: ${[...surplus.entries()].map(([location, units]) => `${location} ${units}`).join(', ') || 'none'})`,
    );
  }
  if (!target) {
    const described = stock.map(
      (row) =>
        `${row.location} ${row.ats}${row.location === move.from ? ' (the short location)' : !row.fulfils ? ' (does not fulfil orders)' : ''}`,
    );
    return decline(
      `no other fulfilling location has ${move.quantity} unit(s) of ${move.line.sku ?? knowledge.sku} to sell (available to sell: ${described.join(', ')})`,
    );
  }
  const reasonCode =
    knowledge.type === 'backorder_aging' || move.line.backordered > 0
      ? 'RA-BACKORDER'
      : knowledge.type === 'late_shipment_risk'
        ? 'RA-DELAY'
        : 'RA-SHORT';
  const why =
    knowledge.type === 'stockout_risk'
      ? `is projected to run out of ${move.line.sku} before replenishment`
      : knowledge.type === 'late_shipment_risk'
        ? `is likely to miss the ship-by date (${Math.round((evidenceOf(knowledge, 'late_shipment_risk')?.probabilityLate ?? 0) * 100)}% from its own history)`
        : `cannot supply ${move.quantity} × ${move.line.sku}`;
  const note = `${move.from ?? 'the current location'} ${why}; ${target.location} has ${target.ats} available to sell`;
  return {
    ok: true,
    role: 'fix',
    sources: {
      order: knowledge.orderRef,
      location: target.location,
      reason: note,
      explicit: { lineNumber: move.line.lineNumber, toLocation: target.location, reasonCode, note },
    },
    rationale: `Reallocate line ${move.line.lineNumber} of order ${knowledge.orderRef} (${move.quantity} × ${move.line.sku}) to ${target.location}, which has ${target.ats} available to sell.`,
  };
};
