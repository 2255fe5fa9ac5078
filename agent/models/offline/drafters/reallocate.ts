import { decline, type Drafter } from './draft.ts';
import { lineToMove } from './line-to-move.ts';
import { orderStatus, REALLOCATABLE, stockByLocation } from './order-reading.ts';

export const reallocate: Drafter = (knowledge) => {
  if (!knowledge.order || !knowledge.orderRef) return decline('no open order holds or waits for this stock');
  const status = orderStatus(knowledge);
  if (!REALLOCATABLE.has(status))
    return decline(`order ${knowledge.orderRef} is ${status}; only validated, backordered, reserved or released orders can be reallocated`);
  const move = lineToMove(knowledge);
  if (!move || move.quantity <= 0) return decline(`order ${knowledge.orderRef} has no open line of ${knowledge.sku ?? 'the SKU'} to move`);
  const stock = stockByLocation(knowledge.inventory);
  if (!stock.length) return decline(`no location holds any ${move.line.sku ?? knowledge.sku}`);
  const target = stock
    .filter((row) => row.fulfils && row.location !== move.from && row.ats >= move.quantity)
    .sort((a, b) => b.ats - a.ats)[0];
  if (!target) {
    const described = stock.map(
      (row) =>
        `${row.location} ${row.ats}${row.location === move.from ? ' (the short location)' : !row.fulfils ? ' (does not fulfil orders)' : ''}`,
    );
    return decline(
      `no other fulfilling location has ${move.quantity} unit(s) of ${move.line.sku ?? knowledge.sku} to sell (available to sell: ${described.join(', ')})`,
    );
  }
  const reasonCode = knowledge.type === 'backorder_aging' || move.line.backordered > 0 ? 'RA-BACKORDER' : 'RA-SHORT';
  const note = `${move.from ?? 'the current location'} cannot supply ${move.quantity} × ${move.line.sku}; ${target.location} has ${target.ats} available to sell`;
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
