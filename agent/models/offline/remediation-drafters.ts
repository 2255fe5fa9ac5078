/**
 * Drafts for each remediation a runbook can prescribe: concrete arguments taken from tool results,
 * or the reason it does not fit this case. A drafter never invents what the data does not hold (an
 * address, an inspection grade, a count, a supplier, a contract price): it declines and says why.
 * `contain` drafts (holds) stop damage while a person decides; a `fix` draft addresses the cause.
 */
import type { ArgumentSources } from './fill-arguments.ts';
import { firstNumber, firstString, isRecord } from './result-reading.ts';
import type { TriageKnowledge } from './triage-knowledge.ts';

export type Draft = { ok: true; role: 'contain' | 'fix'; sources: ArgumentSources; rationale: string } | { ok: false; reason: string };

export type Drafter = (knowledge: TriageKnowledge) => Draft[] | Draft;

const decline = (reason: string): Draft => ({ ok: false, reason });
const round2 = (value: number): number => Math.round(value * 100) / 100;
const money = (value: number): string => value.toFixed(2);
const day = (date: Date): string => date.toISOString().slice(0, 10);

export interface OrderLine {
  lineNumber: number;
  sku?: string;
  quantity: number;
  reserved: number;
  backordered: number;
  shipped: number;
  location?: string;
}

export function orderLines(order: Record<string, unknown> | undefined): OrderLine[] {
  const lines = order && Array.isArray(order.lines) ? order.lines : [];
  return lines.filter(isRecord).map((line, index) => ({
    lineNumber: typeof line.lineNumber === 'number' ? line.lineNumber : index + 1,
    ...(typeof line.sku === 'string' ? { sku: line.sku } : {}),
    quantity: typeof line.quantity === 'number' ? line.quantity : 1,
    reserved: typeof line.reserved === 'number' ? line.reserved : 0,
    backordered: typeof line.backordered === 'number' ? line.backordered : 0,
    shipped: typeof line.shipped === 'number' ? line.shipped : 0,
    ...(typeof line.location === 'string' ? { location: line.location } : {}),
  }));
}

interface LocationStock {
  location: string;
  ats: number;
  fulfils: boolean;
}

/** Sellable stock per location from get_inventory (locations excluded from selling have ats null). */
export function stockByLocation(inventory: Record<string, unknown> | undefined): LocationStock[] {
  const locations = inventory && Array.isArray(inventory.locations) ? inventory.locations : [];
  return locations.filter(isRecord).flatMap((row) => {
    const location = typeof row.locationCode === 'string' ? row.locationCode : undefined;
    const ats = typeof row.ats === 'number' ? row.ats : undefined;
    if (!location || ats === undefined) return [];
    return [{ location, ats, fulfils: row.fulfilsOrders !== false }];
  });
}

function countEvents(timeline: Record<string, unknown>, type: string): number {
  return (Array.isArray(timeline.events) ? timeline.events : []).filter((event) => isRecord(event) && event.type === type).length;
}

const orderStatus = (knowledge: TriageKnowledge): string => String(knowledge.order?.status ?? '');
const HOLDABLE = new Set(['captured', 'validated', 'reserved', 'backordered', 'released', 'partially_shipped', 'on_hold']);
const REALLOCATABLE = new Set(['validated', 'backordered', 'reserved', 'released']);

function activeHoldCodes(order: Record<string, unknown> | undefined): string[] {
  const holds = order && Array.isArray(order.holds) ? order.holds : [];
  return holds.filter(isRecord).map((hold) => String(hold.reasonCode ?? ''));
}

/** A hold of `reasonCode` on the exception's order, when it can still stop the goods. */
function holdDraft(
  knowledge: TriageKnowledge,
  reasonCode: string,
  note: string,
  orderRef = knowledge.orderRef,
  order = knowledge.order,
): Draft {
  if (!orderRef || !order) return decline('no order is linked to the exception');
  const status = String(order.status ?? '');
  if (!HOLDABLE.has(status)) return decline(`order ${orderRef} is ${status}; a hold can no longer stop it`);
  if (activeHoldCodes(order).includes(reasonCode)) return decline(`order ${orderRef} already has a ${reasonCode} hold`);
  return {
    ok: true,
    role: 'contain',
    sources: { order: orderRef, reason: note, explicit: { reasonCode, note } },
    rationale: `Hold order ${orderRef} (${reasonCode}) so it cannot ship while this is resolved: ${note}`,
  };
}

// --- stock and backorders -------------------------------------------------------------------------

/** The line to move and how many units: the conflicted or backordered line of the order. */
function lineToMove(knowledge: TriageKnowledge): { line: OrderLine; quantity: number; from: string | undefined } | undefined {
  const lines = orderLines(knowledge.order);
  const evidenceLine = typeof knowledge.evidence.lineNumber === 'number' ? knowledge.evidence.lineNumber : undefined;
  const line =
    lines.find((candidate) => candidate.lineNumber === evidenceLine) ??
    lines.find((candidate) => candidate.sku === knowledge.sku && (candidate.backordered > 0 || candidate.reserved > 0)) ??
    lines.find((candidate) => candidate.sku === knowledge.sku);
  if (!line) return undefined;
  if (knowledge.type === 'backorder_aging' || line.backordered > 0)
    return { line, quantity: line.backordered || line.quantity - line.shipped, from: line.location };
  const reservations = knowledge.order && Array.isArray(knowledge.order.reservations) ? knowledge.order.reservations.filter(isRecord) : [];
  const atShort = reservations.find(
    (reservation) =>
      reservation.lineNumber === line.lineNumber && (!knowledge.locationRef || reservation.locationCode === knowledge.locationRef),
  );
  const quantity = typeof atShort?.quantity === 'number' ? atShort.quantity : line.reserved || line.quantity - line.shipped;
  return {
    line,
    quantity,
    from: typeof atShort?.locationCode === 'string' ? atShort.locationCode : (knowledge.locationRef ?? line.location),
  };
}

const reallocate: Drafter = (knowledge) => {
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

function addBusinessDays(date: Date, days: number): Date {
  const result = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  let left = days;
  while (left > 0) {
    result.setUTCDate(result.getUTCDate() + 1);
    if (result.getUTCDay() !== 0 && result.getUTCDay() !== 6) left -= 1;
  }
  return result;
}

/** The earliest confirmed inbound delivery of the SKU that is still in the future. */
function inboundEta(knowledge: TriageKnowledge): Date | undefined {
  const purchaseOrders =
    knowledge.inventory && Array.isArray(knowledge.inventory.inboundPurchaseOrders)
      ? knowledge.inventory.inboundPurchaseOrders.filter(isRecord)
      : [];
  return purchaseOrders
    .filter((po) => typeof po.expectedAt === 'string' && (typeof po.openQuantity !== 'number' || po.openQuantity > 0))
    .map((po) => new Date(String(po.expectedAt)))
    .filter((date) => !Number.isNaN(date.getTime()) && date > knowledge.now)
    .sort((a, b) => a.getTime() - b.getTime())[0];
}

const backorderNotice: Drafter = (knowledge) => {
  if (!knowledge.orderRef || !knowledge.order) return decline('no order is linked to the exception');
  const lastNotice = firstString(knowledge.evidence, /^lastNoticeAt$/) ?? firstString(knowledge.order, /^lastSentAt$/);
  if (lastNotice && knowledge.now.getTime() - new Date(lastNotice).getTime() < 7 * 86_400_000) {
    return decline(`a backorder notice was already sent on ${lastNotice.slice(0, 10)}; at most one per 7 days`);
  }
  const move = lineToMove(knowledge);
  const line = move?.line;
  // A line still reserved is not backordered yet: the location holding it is short (a count or short
  // pick found fewer units), and what the customer hears depends on a recount or a move, not a date.
  if (line && line.reserved > 0 && line.backordered === 0 && knowledge.type !== 'backorder_aging') {
    return decline(
      `line ${line.lineNumber} of order ${knowledge.orderRef} (${line.sku ?? knowledge.sku ?? 'the SKU'}) is reserved at ${move?.from ?? 'its location'}, not backordered, ` +
        `and that location is short of the units: recount there, then move or backorder the line before the customer is given a new date`,
    );
  }
  // Quote a firm date only from a confirmed inbound PO; otherwise the date by which the customer hears again (5 business days).
  const eta = inboundEta(knowledge);
  const promised = eta ? addBusinessDays(eta, 2) : addBusinessDays(knowledge.now, 5);
  const basis = eta
    ? `confirmed inbound PO due ${day(eta)} plus 2 business days to receive and ship`
    : 'no confirmed inbound supply, so the date of the next update (5 business days)';
  return {
    ok: true,
    role: 'fix',
    sources: {
      order: knowledge.orderRef,
      reason: basis,
      explicit: { newPromisedDate: day(promised), ...(line ? { lineNumber: line.lineNumber } : {}) },
    },
    rationale: `Tell the customer of order ${knowledge.orderRef} about the backorder with ${day(promised)} as the new date (${basis}).`,
  };
};

const purchaseOrder: Drafter = (knowledge) => {
  if (!knowledge.sku) return decline('no SKU is linked to the exception');
  // The catalog records no default supplier, and a PO to an invented supplier is worse than none.
  return decline(`the supplier for ${knowledge.sku} is not recorded in the data the agent can read; a buyer must raise the PO`);
};

const releaseReservation: Drafter = (knowledge) => {
  const reservations =
    knowledge.inventory && Array.isArray(knowledge.inventory.reservations) ? knowledge.inventory.reservations.filter(isRecord) : [];
  const expired = reservations.find(
    (reservation) => reservation.expired === true && (!knowledge.locationRef || reservation.locationCode === knowledge.locationRef),
  );
  if (!expired || typeof expired.id !== 'string') return decline('no expired reservation is holding the stock');
  const reason = `reservation for order ${String(expired.orderNumber)} expired${typeof expired.expiresAt === 'string' ? ` at ${expired.expiresAt.slice(0, 16)}` : ''} but still counts as committed`;
  return {
    ok: true,
    role: 'fix',
    sources: { reason, explicit: { reservationId: expired.id, reason } },
    rationale: `Release reservation ${expired.id} of order ${String(expired.orderNumber)}: ${reason}.`,
  };
};

const adjustInventory: Drafter = () => decline('no physical count is recorded; adjusting stock without a count is a control breach');

// --- money -----------------------------------------------------------------------------------------

/** What a person does next for a parcel the carrier has (rb-shipment-delayed's scan-pattern table). */
function parcelNextStep(knowledge: TriageKnowledge): string {
  const reasons = Array.isArray(knowledge.evidence.reasons) ? knowledge.evidence.reasons.map(String) : [];
  const carrier = firstString(knowledge.evidence, /^carrier$/) ?? 'the carrier';
  const exceptionCode = firstString(knowledge.evidence, /^exceptionCode$/);
  if (reasons.includes('carrier_exception') || exceptionCode) {
    const message = firstString(knowledge.evidence, /^exceptionMessage$/);
    return `${carrier} reports an exception on ${knowledge.shipmentRef}${exceptionCode ? ` (${exceptionCode}${message ? `: ${message}` : ''})` : ''}: follow it up with ${carrier} and tell the customer`;
  }
  if (reasons.includes('no_tracking_movement')) {
    const lastScan = firstString(knowledge.evidence, /^lastCarrierScanAt$/);
    return `${knowledge.shipmentRef} has had no ${carrier} scan${lastScan ? ` since ${lastScan.slice(0, 16).replace('T', ' ')} UTC` : ' since it shipped'}: open a carrier trace and message the customer proactively`;
  }
  return `${knowledge.shipmentRef} is past ${carrier}'s estimated delivery: confirm the tracking in the carrier portal and update the customer`;
}

const refundOverCapture: Drafter = (knowledge) => {
  const difference = firstNumber(knowledge.evidence, /^difference$/);
  const kind = String(knowledge.evidence.kind ?? '');
  const refundable = firstNumber(knowledge.order?.payment, /^refundableAmount$/);
  if (knowledge.type === 'payment_mismatch') {
    if (difference === undefined) return decline('the mismatch amount is not known');
    if (difference <= 0 || /under|short|uncaptured|missing/i.test(kind))
      return decline(`the payment is short by ${money(Math.abs(difference))}: collect the difference (payments-ops), do not refund`);
    const amount = round2(refundable !== undefined ? Math.min(difference, refundable) : difference);
    if (amount <= 0) return decline('nothing on the order is refundable');
    return {
      ok: true,
      role: 'fix',
      sources: {
        order: knowledge.orderRef,
        amount,
        reason: `over-capture of ${money(difference)} against the order total; refund exactly the excess to the original payment method`,
      },
      rationale: `Refund the over-captured ${money(amount)} on order ${knowledge.orderRef} (captured ${money(Number(knowledge.evidence.netCaptured ?? knowledge.evidence.captured ?? 0))}, expected ${money(Number(knowledge.evidence.expected ?? knowledge.evidence.orderTotal ?? 0))}).`,
    };
  }
  if (knowledge.type === 'shipment_delayed') {
    if (!knowledge.shipmentRef) {
      const shipBy = firstString(knowledge.evidence, /^shipBy$/);
      return decline(
        `the order has not shipped${shipBy ? ` by its ship-by date ${shipBy.slice(0, 10)}` : ''}: check the outbound dock and manifest with the warehouse team (a warehouse issue, not a carrier delay); no shipping refund applies`,
      );
    }
    const daysLate = firstNumber(knowledge.evidence, /^daysLate$/) ?? 0;
    if (daysLate <= 3)
      return decline(
        `${parcelNextStep(knowledge)}; the parcel is ${daysLate} day(s) late and the shipping-fee refund starts at more than 3 days`,
      );
    const shipping = firstNumber(knowledge.order?.totals, /^shipping$/);
    if (shipping === undefined) return decline('the shipping fee paid is not known');
    if (shipping <= 0) return decline('the customer paid no shipping; a goodwill gesture is a person’s call');
    const amount = round2(refundable !== undefined ? Math.min(shipping, refundable) : shipping);
    if (amount <= 0)
      return decline(
        `nothing of the ${money(shipping)} shipping fee is refundable on order ${knowledge.orderRef} (refundable ${money(refundable ?? 0)})`,
      );
    return {
      ok: true,
      role: 'fix',
      sources: { order: knowledge.orderRef, amount, reason: `shipping-fee refund: delivered ${daysLate} days late against the promise` },
      rationale: `Refund the ${money(amount)} shipping fee of order ${knowledge.orderRef}: the parcel is ${daysLate} days late (runbook: more than 3 days).`,
    };
  }
  if (knowledge.type === 'duplicate_order') return decline('refund only after the later order is confirmed a duplicate and cancelled');
  if (knowledge.type === 'return_inspection_overdue') return decline('the refund follows the disposition; set the disposition first');
  return decline(`a refund is not the remedy the data supports for ${knowledge.type}`);
};

// --- orders, payments, addresses, ERP ----------------------------------------------------------------

const placeHold: Drafter = (knowledge) => {
  switch (knowledge.type) {
    case 'payment_mismatch':
      return holdDraft(
        knowledge,
        'PAY-MISMATCH',
        `payment mismatch (${String(knowledge.evidence.kind ?? 'amounts differ')}, difference ${money(Number(knowledge.evidence.difference ?? 0))}); stop the goods before fixing the money`,
      );
    case 'duplicate_order':
      return holdDraft(
        knowledge,
        'DUP-CHECK',
        `possible duplicate of order ${knowledge.originalOrderRef ?? 'an earlier order'} (${String(knowledge.evidence.basis ?? 'same customer and items')}); hold the later order until confirmed`,
      );
    case 'address_validation_failed': {
      // Runbook: hold when the order is already released to the warehouse (in a pick wave).
      if (orderStatus(knowledge) !== 'released')
        return decline(`order ${knowledge.orderRef} is not in a pick wave (${orderStatus(knowledge) || 'unknown'}); no hold needed yet`);
      return holdDraft(
        knowledge,
        'ADDR-CHECK',
        `ship-to address failed validation (${String(knowledge.evidence.resultCode ?? knowledge.evidence.issue ?? 'invalid')}); keep it from being packed without a label`,
      );
    }
    case 'invoice_mismatch':
      return holdDraft(knowledge, 'INV-MISMATCH', `invoice differs from the order by ${money(Number(knowledge.evidence.difference ?? 0))}`);
    case 'erp_sync_failed': {
      const code = String(knowledge.evidence.errorCode ?? '');
      const terms = String(knowledge.order?.paymentTerms ?? '');
      if (code !== 'ERP-404' || !/^net_/.test(terms))
        return decline(`a hold is only needed for ERP-404 on credit terms (here ${code || 'unknown'}, ${terms || 'no terms'})`);
      return holdDraft(knowledge, 'ERP-PENDING', 'customer not found in the ERP; keep the order from release until credit is checked');
    }
    case 'credit_hold':
      return decline('hold the account (apply_credit_hold), not single orders');
    default:
      return decline(`no hold applies to ${knowledge.type}`);
  }
};

const releaseHold: Drafter = (knowledge) =>
  decline(`release only once the cause is cleared and the evidence is attached (${knowledge.type.replace(/_/g, ' ')} is still open)`);

const retrySync: Drafter = (knowledge) => {
  const erp = isRecord(knowledge.order?.erp) ? knowledge.order.erp : {};
  const code = String(knowledge.evidence.errorCode ?? erp.lastError ?? '');
  const attempts = firstNumber(knowledge.evidence, /^failedAttempts$/) ?? 0;
  if (knowledge.evidence.neverRetry === true || code === 'ERP-409')
    return decline('ERP-409 is a duplicate document: never retry; check the ERP for the existing document');
  if (knowledge.evidence.retryable === false) {
    const message = firstString(knowledge.evidence, /^errorMessage$/);
    return decline(`${code || 'the ERP error'} fails again until the data is fixed${message ? ` (${message.slice(0, 120)})` : ''}`);
  }
  // rb-erp-sync-failed: the middleware retries ERP-503/429 by itself after 1, 5 and 15 minutes; a person
  // retries only after that, at most 3 times, then escalates. Manual retries show in the order's timeline.
  const hoursFailing = firstNumber(knowledge.evidence, /^hoursFailing$/);
  if (/^ERP-(503|429)/.test(code) && hoursFailing !== undefined && hoursFailing < 0.35) {
    return decline(
      `${code} started ${Math.round(hoursFailing * 60)} minutes ago and the middleware is still retrying on its own (after 1, 5 and 15 minutes)`,
    );
  }
  const manualRetries = knowledge.timeline ? countEvents(knowledge.timeline, 'erp_sync_retried') : undefined;
  if ((manualRetries !== undefined && manualRetries >= 3) || attempts > 3) {
    return decline(
      `${attempts} attempts have failed${manualRetries ? ` (${manualRetries} manual retries)` : ''}; stop retrying and escalate to integrations with the document id and error payload`,
    );
  }
  if (!knowledge.orderRef) return decline('no order is linked to the exception');
  return {
    ok: true,
    role: 'fix',
    sources: { order: knowledge.orderRef, reason: `retry after ${code}` },
    rationale: `Retry the ERP sync of order ${knowledge.orderRef}: ${code} is retryable; ${attempts} attempt(s) have failed, ${manualRetries ?? 0} of them manual retries (at most 3).`,
  };
};

/** AV-STD ("deliverable after standardisation") is fixed by standardising what is there; nothing else is. */
const correctAddress: Drafter = (knowledge) => {
  const code = String(knowledge.evidence.resultCode ?? '');
  const address = isRecord(knowledge.evidence.address)
    ? knowledge.evidence.address
    : isRecord(knowledge.order?.shippingAddress)
      ? knowledge.order.shippingAddress
      : undefined;
  if (code !== 'AV-STD')
    return decline(`${code || 'the validation result'} needs the customer to confirm the address; nothing to correct from the data`);
  if (!address) return decline('the current address is not known');
  const clean = (value: unknown): string | undefined =>
    typeof value === 'string' && value.trim() ? value.trim().replace(/\s+/g, ' ') : undefined;
  const titleCase = (value: string | undefined): string | undefined =>
    value?.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, lead: string, letter: string) => lead + letter.toUpperCase());
  const standardised: Record<string, string> = {};
  const put = (key: string, value: string | undefined): void => {
    if (value) standardised[key] = value;
  };
  put('name', clean(address.name));
  put('company', clean(address.company));
  put('line1', clean(address.line1));
  put('line2', clean(address.line2));
  put('city', titleCase(clean(address.city)));
  put('region', clean(address.region)?.toUpperCase());
  put('postalCode', clean(address.postalCode)?.toUpperCase());
  put('country', clean(address.country)?.toUpperCase());
  put('phone', clean(address.phone));
  if (!standardised.line1 || !standardised.city || !standardised.postalCode || !standardised.country || !standardised.name) {
    return decline('the address lacks a name, street, city, postcode or country to standardise');
  }
  return {
    ok: true,
    role: 'fix',
    sources: {
      order: knowledge.orderRef,
      reason: 'AV-STD: standardise casing and spacing; same delivery point',
      explicit: { address: standardised, note: 'AV-STD standardisation (same delivery point)' },
    },
    rationale: `Standardise the ship-to address of order ${knowledge.orderRef} (AV-STD: deliverable after standardisation; same delivery point, so no approval is needed).`,
  };
};

const overridePrice: Drafter = () =>
  decline('a price override needs the contract or quoted price confirmed; the data does not establish it');

// --- credit ------------------------------------------------------------------------------------------

function creditPosition(knowledge: TriageKnowledge) {
  const source = { ...knowledge.evidence, ...(knowledge.customer ?? {}) };
  const limit = firstNumber(source, /^creditLimit$/);
  const exposure = firstNumber(source, /^exposure$/);
  const available =
    firstNumber(source, /^(creditAvailable|availableCredit)$/) ??
    (limit !== undefined && exposure !== undefined ? limit - exposure : undefined);
  const pastDue = firstNumber(source, /^oldestPastDueDays$/) ?? 0;
  const status = String(knowledge.customer?.creditStatus ?? knowledge.evidence.creditStatus ?? 'ok');
  return { limit, exposure, available, pastDue, status };
}

const applyCreditHold: Drafter = (knowledge) => {
  if (!knowledge.customerRef) return decline('no customer is linked to the exception');
  const credit = creditPosition(knowledge);
  if (credit.status === 'on_hold') return decline(`${knowledge.customerRef} is already on credit hold`);
  const overLimit = credit.available !== undefined && credit.available < 0;
  const pastDue = credit.pastDue > 30;
  if (!overLimit && !pastDue) return decline(`${knowledge.customerRef} is within its limit and not more than 30 days past due`);
  const figures = `limit ${credit.limit ?? 'n/a'}, exposure ${credit.exposure ?? 'n/a'}, oldest past due ${credit.pastDue} days`;
  const reason = `${overLimit ? 'exposure above the credit limit' : 'invoice more than 30 days past due'} (${figures})`;
  return {
    ok: true,
    role: 'fix',
    sources: { customer: knowledge.customerRef, reason },
    rationale: `Put account ${knowledge.customerRef} on credit hold: ${reason}.`,
  };
};

const releaseCreditHold: Drafter = (knowledge) => {
  if (!knowledge.customerRef) return decline('no customer is linked to the exception');
  const credit = creditPosition(knowledge);
  if (credit.status !== 'on_hold') return decline(`${knowledge.customerRef} is not on credit hold`);
  if (credit.available === undefined || credit.available < 0 || credit.pastDue > 30) {
    return decline(
      `the trigger still applies (available credit ${credit.available ?? 'unknown'}, oldest past due ${credit.pastDue} days); credit control decides`,
    );
  }
  const note = `cause cleared: exposure ${credit.exposure} within limit ${credit.limit}, oldest past due ${credit.pastDue} days`;
  return {
    ok: true,
    role: 'fix',
    sources: { customer: knowledge.customerRef, reason: note, explicit: { note } },
    rationale: `Release the credit hold on ${knowledge.customerRef}: ${note}.`,
  };
};

// --- returns -------------------------------------------------------------------------------------------

const returnDisposition: Drafter = (knowledge) => {
  const lines = knowledge.return && Array.isArray(knowledge.return.lines) ? knowledge.return.lines.filter(isRecord) : [];
  const pending = lines.filter((line) => line.disposition === null || line.disposition === undefined);
  if (!knowledge.returnRef) return decline('no return is linked to the exception');
  if (!pending.length) return decline(`every line of ${knowledge.returnRef} already has a disposition`);
  const drafts: Draft[] = [];
  for (const line of pending.slice(0, 3)) {
    const grade = typeof line.grade === 'string' ? line.grade.toUpperCase() : undefined;
    const label = `line ${String(line.lineNumber)} (${String(line.sku)})`;
    if (!grade) {
      drafts.push(decline(`${label} has not been inspected: the returns team must find and grade it`));
      continue;
    }
    // sop-returns-disposition-grading: A/B resell, D is damaged stock; C (refurbish) and X (investigate) need a person.
    const disposition = grade === 'A' || grade === 'B' ? 'restock' : grade === 'D' ? 'damaged' : undefined;
    if (!disposition) {
      drafts.push(decline(`${label} is grade ${grade}, which needs ${grade === 'X' ? 'an investigation' : 'a refurbishment decision'}`));
      continue;
    }
    drafts.push({
      ok: true,
      role: 'fix',
      sources: {
        return: knowledge.returnRef,
        reason: `inspection grade ${grade}`,
        explicit: { disposition, lineNumber: line.lineNumber, note: `grade ${grade}` },
      },
      rationale: `Set ${label} of return ${knowledge.returnRef} to ${disposition} (inspection grade ${grade}).`,
    });
  }
  return drafts;
};

export const DRAFTERS: Record<string, Drafter> = {
  reallocate_order_line: reallocate,
  send_backorder_notice: backorderNotice,
  create_purchase_order: purchaseOrder,
  release_reservation: releaseReservation,
  adjust_inventory: adjustInventory,
  issue_refund: refundOverCapture,
  place_order_hold: placeHold,
  release_order_hold: releaseHold,
  retry_erp_sync: retrySync,
  correct_shipping_address: correctAddress,
  override_price: overridePrice,
  apply_credit_hold: applyCreditHold,
  release_credit_hold: releaseCreditHold,
  set_return_disposition: returnDisposition,
};
