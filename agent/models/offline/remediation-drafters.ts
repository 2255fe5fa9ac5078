/**
 * Drafts for each remediation a runbook can prescribe: concrete arguments taken from tool results,
 * or the reason the remediation does not fit this case. A drafter never invents a value the data
 * does not support (an address, an inspection grade, a count): it declines and says what is missing.
 */
import type { ArgumentSources } from './fill-arguments.ts';
import { findValues, firstNumber, firstString, isRecord } from './result-reading.ts';
import type { TriageKnowledge } from './triage-knowledge.ts';

export type Draft = { ok: true; sources: ArgumentSources; rationale: string } | { ok: false; reason: string };

type Drafter = (knowledge: TriageKnowledge) => Draft;

const decline = (reason: string): Draft => ({ ok: false, reason });

interface OrderLine {
  id?: string;
  sku?: string;
  quantity: number;
  location?: string;
}

export function orderLines(order: Record<string, unknown> | undefined): OrderLine[] {
  if (!order) return [];
  const lists = findValues(order, /^(lines|items|orderLines|line_items)$/i).filter(Array.isArray) as unknown[][];
  return (lists[0] ?? []).filter(isRecord).map((line) => {
    const parsed: OrderLine = { quantity: firstNumber(line, /^(quantity|qty|orderedQuantity)$/i) ?? 1 };
    const id = firstString(line, /^(id|lineId|line_id|orderLineId)$/i);
    if (id) parsed.id = id;
    const sku = firstString(line, /^sku$/i);
    if (sku) parsed.sku = sku;
    const location = firstString(line, /^(location|locationCode|locationId|allocatedLocation|allocatedLocationCode|fulfil+mentLocation)$/i);
    if (location) parsed.location = location;
    return parsed;
  });
}

interface LocationStock {
  location: string;
  available: number;
}

/** Available-to-sell per location from an inventory result (any list of records with a location and a quantity). */
export function stockByLocation(inventory: Record<string, unknown> | undefined): LocationStock[] {
  if (!inventory) return [];
  const rows: LocationStock[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 5) return;
    if (Array.isArray(node)) node.forEach((item) => visit(item, depth + 1));
    else if (isRecord(node)) {
      const location = ['locationCode', 'location', 'code', 'locationId'].map((key) => node[key]).find((value) => typeof value === 'string');
      const available = ['ats', 'available', 'availableToSell', 'atsQuantity', 'availableQuantity'].map((key) => node[key]).find((value) => typeof value === 'number');
      if (typeof location === 'string' && typeof available === 'number') rows.push({ location, available });
      else Object.values(node).forEach((child) => visit(child, depth + 1));
    }
  };
  visit(inventory, 0);
  return rows;
}

const addDays = (date: Date, days: number): Date => new Date(date.getTime() + days * 86_400_000);

function addBusinessDays(date: Date, days: number): Date {
  let result = new Date(date);
  let left = days;
  while (left > 0) {
    result = addDays(result, 1);
    if (result.getUTCDay() !== 0 && result.getUTCDay() !== 6) left -= 1;
  }
  return result;
}

const reallocate: Drafter = (knowledge) => {
  if (!knowledge.order) return decline('the order could not be read');
  const lines = orderLines(knowledge.order);
  const line = lines.find((candidate) => !knowledge.sku || candidate.sku === knowledge.sku) ?? lines[0];
  if (!line) return decline('the order has no line to reallocate');
  const stock = stockByLocation(knowledge.inventory);
  if (!stock.length) return decline(`no inventory by location is known for ${line.sku ?? knowledge.sku ?? 'the SKU'}`);
  const target = stock
    .filter((row) => row.location !== line.location && row.available >= line.quantity)
    .sort((a, b) => b.available - a.available)[0];
  if (!target) {
    const summary = stock.map((row) => `${row.location} ${row.available}`).join(', ');
    return decline(`no other location has ${line.quantity} unit(s) available (${summary})`);
  }
  return {
    ok: true,
    sources: {
      order: knowledge.orderRef,
      orderLine: line.id,
      sku: line.sku ?? knowledge.sku,
      location: target.location,
      quantity: line.quantity,
      reason: `stock conflict at ${line.location ?? 'the assigned location'}; ${target.location} has ${target.available} available`,
    },
    rationale: `Reallocate ${line.quantity} × ${line.sku ?? knowledge.sku} of order ${knowledge.orderRef} to ${target.location}, which has ${target.available} available to sell${line.location ? ` (the line sits at ${line.location})` : ''}.`,
  };
};

function inboundEta(knowledge: TriageKnowledge): Date | undefined {
  const eta = firstString(knowledge.inventory, /^(eta|expectedAt|expectedDate|inboundEta|nextReceiptAt|expectedArrival)$/i);
  const date = eta ? new Date(eta) : undefined;
  return date && !Number.isNaN(date.getTime()) && date > knowledge.now ? date : undefined;
}

const backorderNotice: Drafter = (knowledge) => {
  if (!knowledge.orderRef) return decline('no order is linked to the exception');
  const eta = inboundEta(knowledge);
  // Runbook: quote a date only from a confirmed inbound ETA; otherwise promise an update within 5 business days.
  const promised = eta ? addDays(eta, 2) : addBusinessDays(knowledge.now, 5);
  const basis = eta ? `the inbound ETA ${eta.toISOString().slice(0, 10)} plus 2 days for receiving` : 'no confirmed inbound ETA, so the runbook’s 5-business-day update window';
  return {
    ok: true,
    sources: {
      order: knowledge.orderRef,
      sku: knowledge.sku,
      reason: `backorder on ${knowledge.sku ?? 'the order'}; new date from ${basis}`,
      explicit: {
        promisedDate: promised.toISOString().slice(0, 10),
        newPromisedDate: promised.toISOString().slice(0, 10),
        new_promised_date: promised.toISOString().slice(0, 10),
        promisedAt: promised.toISOString(),
      },
    },
    rationale: `Tell the customer of order ${knowledge.orderRef} about the delay with a new promised date of ${promised.toISOString().slice(0, 10)} (${basis}).`,
  };
};

const purchaseOrder: Drafter = (knowledge) => {
  if (!knowledge.sku) return decline('no SKU is linked to the exception');
  const stock = stockByLocation(knowledge.inventory);
  const network = firstNumber(knowledge.inventory, /^(atsTotal|totalAts|networkAts|ats)$/i) ?? stock.reduce((sum, row) => sum + row.available, 0);
  const line = orderLines(knowledge.order).find((candidate) => candidate.sku === knowledge.sku);
  const deficit = Math.max(line?.quantity ?? 0, -Math.min(network, 0));
  if (deficit <= 0) return decline(`network ATS for ${knowledge.sku} is ${network}; no shortage to replenish`);
  const location = stock.sort((a, b) => a.available - b.available)[0]?.location;
  return {
    ok: true,
    sources: { sku: knowledge.sku, quantity: deficit, location, reason: `replenish shortage of ${deficit} for ${knowledge.sku}` },
    rationale: `Raise a purchase order for ${deficit} × ${knowledge.sku}: network ATS is ${network}, below what open orders need.`,
  };
};

const retrySync: Drafter = (knowledge) => {
  const error = firstString(knowledge.exception, /^(error|errorCode|erpError|lastError|message)$/i) ?? '';
  // Master-data and validation rejections fail again on retry; the catalogue says fix the data first.
  if (/master data|unknown (sku|customer|item)|validation|invalid|not found|mapping|duplicate key/i.test(error)) {
    return decline(`the ERP rejected the record (${error.slice(0, 120)}); a retry would fail again until the data is fixed`);
  }
  return {
    ok: true,
    sources: { order: knowledge.orderRef, reason: `retry after ${error ? `"${error.slice(0, 80)}"` : 'a failed ERP sync'}` },
    rationale: `Retry the ERP sync of ${knowledge.orderRef ?? 'the record'}${error ? ` after a transient error (${error.slice(0, 80)})` : ''}.`,
  };
};

const correctAddress: Drafter = (knowledge) => {
  const suggestion = findValues(knowledge.exception, /^(suggestion|suggestedAddress|suggested_address|candidate|correctedAddress|normalizedAddress)$/i).find(isRecord);
  if (!suggestion) return decline('the address validator returned no corrected address; the customer must confirm it');
  return {
    ok: true,
    sources: { order: knowledge.orderRef, reason: 'apply the validator’s corrected address', explicit: { address: suggestion, shippingAddress: suggestion, newAddress: suggestion } },
    rationale: `Apply the address validator's suggested correction to order ${knowledge.orderRef}.`,
  };
};

const refund: Drafter = (knowledge) => {
  const captured = firstNumber(knowledge.exception, /^(captured|capturedAmount|amountCaptured|paid|paidAmount)$/i) ?? firstNumber(knowledge.order, /^(captured|capturedAmount|amountCaptured|paidAmount)$/i);
  const total = firstNumber(knowledge.exception, /^(expected|expectedAmount|orderTotal|total)$/i) ?? firstNumber(knowledge.order, /^(total|totalAmount|grandTotal|orderTotal)$/i);
  if (captured === undefined || total === undefined) return decline('captured and expected amounts are not both known');
  const over = Math.round((captured - total) * 100) / 100;
  if (over <= 0) return decline(`the payment is short by ${Math.abs(over).toFixed(2)}, not over-captured; a refund does not apply`);
  return {
    ok: true,
    sources: { order: knowledge.orderRef, amount: over, reason: `over-capture: captured ${captured.toFixed(2)} against an order total of ${total.toFixed(2)}` },
    rationale: `Refund the over-captured ${over.toFixed(2)} on order ${knowledge.orderRef} (captured ${captured.toFixed(2)}, order total ${total.toFixed(2)}).`,
  };
};

const orderHold: Drafter = (knowledge) => {
  if (!knowledge.orderRef) return decline('no order is linked to the exception');
  const reason = {
    duplicate_order: `suspected duplicate${firstString(knowledge.exception, /^(duplicateOf|originalOrder(Id|Number)?|matchedOrder(Id|Number)?)$/i) ? ` of ${firstString(knowledge.exception, /^(duplicateOf|originalOrder(Id|Number)?|matchedOrder(Id|Number)?)$/i)}` : ''}; hold until the customer confirms`,
    payment_mismatch: 'payment does not cover the order; hold until it is settled',
    credit_hold: 'customer is over its credit limit',
  }[knowledge.type] ?? `${knowledge.type.replace(/_/g, ' ')} under review`;
  return {
    ok: true,
    sources: { order: knowledge.orderRef, reason, explicit: { reasonCode: knowledge.type } },
    rationale: `Hold order ${knowledge.orderRef}: ${reason}.`,
  };
};

const creditHold: Drafter = (knowledge) => {
  const limit = firstNumber(knowledge.customer ?? knowledge.exception, /^(creditLimit|credit_limit)$/i);
  const balance = firstNumber(knowledge.customer ?? knowledge.exception, /^(balance|openBalance|exposure|arBalance|outstanding)$/i);
  if (!knowledge.customerRef) return decline('no customer is linked to the exception');
  if (limit === undefined || balance === undefined) return decline('credit limit and balance are not both known');
  if (balance <= limit) return decline(`the customer is within its limit (${balance} of ${limit})`);
  return {
    ok: true,
    sources: { customer: knowledge.customerRef, order: knowledge.orderRef, reason: `open balance ${balance} exceeds credit limit ${limit}` },
    rationale: `Apply a credit hold to ${knowledge.customerRef}: open balance ${balance} exceeds the ${limit} limit.`,
  };
};

const releaseCreditHold: Drafter = (knowledge) => {
  const limit = firstNumber(knowledge.customer ?? knowledge.exception, /^(creditLimit|credit_limit)$/i);
  const balance = firstNumber(knowledge.customer ?? knowledge.exception, /^(balance|openBalance|exposure|arBalance|outstanding)$/i);
  if (!knowledge.customerRef || limit === undefined || balance === undefined) return decline('credit position is not known');
  if (balance > limit) return decline(`the balance ${balance} is still above the ${limit} limit`);
  return {
    ok: true,
    sources: { customer: knowledge.customerRef, reason: `balance ${balance} is back within the ${limit} limit` },
    rationale: `Release the credit hold on ${knowledge.customerRef}: balance ${balance} is within the ${limit} limit.`,
  };
};

const GRADE_TO_DISPOSITION: Array<[RegExp, string]> = [
  [/^(a|new|resell|resellable|sellable|like new|good)$/i, 'restock'],
  [/^(c|d|damaged|broken|unsellable)$/i, 'damaged'],
  [/^(defective|faulty|vendor|rtv)$/i, 'vendor_return'],
];

const returnDisposition: Drafter = (knowledge) => {
  const grade = firstString(knowledge.return ?? knowledge.exception, /^(grade|condition|inspectionGrade|inspectionResult)$/i);
  if (!grade) return decline('the return has not been inspected yet; the warehouse must inspect and grade it');
  const disposition = GRADE_TO_DISPOSITION.find(([pattern]) => pattern.test(grade.trim()))?.[1];
  if (!disposition) return decline(`inspection grade "${grade}" does not map to a disposition without judgement`);
  return {
    ok: true,
    sources: { return: knowledge.returnRef, reason: `inspection grade ${grade}`, explicit: { disposition } },
    rationale: `Set the disposition of return ${knowledge.returnRef} to ${disposition} (inspection grade ${grade}).`,
  };
};

const adjustInventory: Drafter = (knowledge) => {
  const counted = firstNumber(knowledge.exception, /^(countedQuantity|physicalCount|counted)$/i);
  if (counted === undefined) return decline('no physical count is recorded; an adjustment without a count is a control breach');
  return {
    ok: true,
    sources: { sku: knowledge.sku, quantity: counted, reason: 'cycle count correction', explicit: { reasonCode: 'cycle_count' } },
    rationale: `Correct on-hand for ${knowledge.sku} to the counted ${counted}.`,
  };
};

const releaseReservation: Drafter = (knowledge) => {
  const expired = findValues(knowledge.inventory, /^(reservations|expiredReservations)$/i)
    .flatMap((value) => (Array.isArray(value) ? value : []))
    .filter(isRecord)
    .find((reservation) => {
      const expires = firstString(reservation, /^(expiresAt|expires_at)$/i);
      return expires !== undefined && new Date(expires) < knowledge.now;
    });
  const id = expired ? firstString(expired, /^(id|reservationId)$/i) : undefined;
  if (!id) return decline('no expired reservation is holding the stock');
  return {
    ok: true,
    sources: { reason: 'reservation expired but still counted as committed', explicit: { reservationId: id } },
    rationale: `Release expired reservation ${id}, which still counts against ${knowledge.sku}.`,
  };
};

const overridePrice: Drafter = () =>
  decline('a price override needs the contract price confirmed by an approver; the data does not establish it');

export const DRAFTERS: Record<string, Drafter> = {
  reallocate_order_line: reallocate,
  send_backorder_notice: backorderNotice,
  create_purchase_order: purchaseOrder,
  retry_erp_sync: retrySync,
  correct_shipping_address: correctAddress,
  issue_refund: refund,
  place_order_hold: orderHold,
  apply_credit_hold: creditHold,
  release_credit_hold: releaseCreditHold,
  set_return_disposition: returnDisposition,
  adjust_inventory: adjustInventory,
  release_reservation: releaseReservation,
  override_price: overridePrice,
};
