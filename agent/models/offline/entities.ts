/** Entity extraction for the offline model: order numbers, SKUs, exception ids, amounts and the like, from text. */
import { markedAmounts, moneyMentions } from './money-amounts.ts';

export interface Entities {
  orders: string[];
  skus: string[];
  exceptions: string[];
  shipments: string[];
  returns: string[];
  customers: string[];
  purchaseOrders: string[];
  /** Location codes (from the tenant's records: "COL-DC", "Columbus" → its code). */
  locations: string[];
  invoices: string[];
  amounts: number[];
  /** Tenant names or slugs the text explicitly refers to ("tenant globex"). */
  tenants: string[];
  /** Ids the text wrote that fit several records of one kind ("563" for MW-0563 and QB-0563): asked about, never guessed. */
  choices: RecordChoice[];
}

export interface RecordChoice {
  term: string;
  kind: string;
  codes: string[];
}

export const emptyEntities = (): Entities => ({
  orders: [],
  skus: [],
  exceptions: [],
  shipments: [],
  returns: [],
  customers: [],
  purchaseOrders: [],
  locations: [],
  invoices: [],
  amounts: [],
  tenants: [],
  choices: [],
});

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
// Prefixes that name other document kinds; a token with one of these is never a SKU.
const NON_SKU_PREFIXES =
  /^(SO|PO|RMA|RET|SHP|SH|EXC|EX|INV|CUST|CUS|PAY|ORD|TRK|UUID|HTTP|HTTPS|RC|P1|P2|P3|SLA|ATS|ERP|WMS|OMS|API|SKU)$/i;

const unique = <T>(values: T[]): T[] => [...new Set(values)];

function all(text: string, pattern: RegExp, group = 1): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(pattern)) {
    const value = match[group];
    if (value) found.push(value);
  }
  return found;
}

/** Normalises "so 10482", "SO10482" and "SO-10482" to "SO-10482"; bare numbers stay as they are. */
export function normaliseOrderNumber(value: string): string {
  const prefixed = /^SO[\s-]?(\d+)$/i.exec(value.trim());
  return prefixed ? `SO-${prefixed[1]}` : value.trim();
}

/**
 * Money amounts: those a currency marks, on either side and in any locale's format ("€20", "12,50 €",
 * "EUR 1.234,50"), and bare ones after a refund cue ("refund 40", "for 45"). A number that runs on
 * into an id ("for 2025-IE-0414", "for 7100/22") is part of the id, not an amount.
 */
function amounts(text: string): number[] {
  const cued = moneyMentions(text).filter(
    (mention) =>
      !mention.marked &&
      /\b(?:refund|credit|amount(?:\s+of)?|for)\s+$/i.test(text.slice(0, mention.at)) &&
      !/^\s*(?:units?|pcs|items?|days?|%)/i.test(text.slice(mention.end)),
  );
  return unique([...markedAmounts(text), ...cued.map((mention) => mention.value)].filter((value) => value > 0));
}

/**
 * A tenant named after "client" or "merchant", words that are also everyday ones ("client wants the
 * tracking code", "client Ana Souza"): only a quoted name or a slug of words ("client 'brightside'", "merchant acme-eu").
 */
const NAMED_CLIENT = /\b(?:client|merchant)\s+(?:["']([a-z0-9][a-z0-9-]{1,62})|([a-z]+(?:-[a-z]+)+))\b/gi;

/** Extracts every entity mentioned in a piece of text, in order of appearance, without duplicates. */
export function extractEntities(text: string): Entities {
  const entities = emptyEntities();
  const uuids = all(text, new RegExp(`(${UUID.source})`, 'gi'));
  entities.orders = unique([
    ...all(text, /\b(SO[\s-]?\d{3,10})\b/gi).map(normaliseOrderNumber),
    // Not the first group of a number written with separators ("order 204.538"): the lookup reads that whole.
    ...all(text, /\border(?:s)?\s*(?:number|no\.?|num|#)?\s*[:#]?\s*(\d{3,10})\b(?![.,'’]\d)/gi),
    // "order GX-88001", "order BS48397", "order AMZ100245": channel prefixes vary by merchant.
    ...all(text, /\border\s*(?:number|no\.?|num|#)?\s*[:#]?\s*([A-Z]{1,5}-?\d{3,12})\b/gi).map((value) =>
      /^SO[\s-]?\d/i.test(value) ? normaliseOrderNumber(value) : value.toUpperCase(),
    ),
    ...all(text, /(?:^|\s)#(\d{4,10})\b/g),
  ]);
  entities.exceptions = unique([
    ...all(text, /\b(EXC?-\d{1,10})\b/gi).map((value) => value.toUpperCase()),
    ...uuids.filter((uuid) => new RegExp(`exception[^.]{0,40}${uuid}|${uuid}[^.]{0,20}exception`, 'i').test(text)),
  ]);
  entities.shipments = unique([
    ...all(text, /\b((?:SHP|SH)-?\d{1,10})\b/gi).map((value) => value.toUpperCase()),
    ...all(text, /\bshipment\s*(?:#|number|no\.?)?\s*[:#]?\s*([A-Z0-9-]*\d[A-Z0-9-]*)\b/gi),
  ]);
  entities.returns = unique([
    ...all(text, /\b((?:RMA|RET)-?\d{1,10})\b/gi).map((value) => value.toUpperCase()),
    ...all(text, /\breturn\s*(?:#|number|no\.?)\s*[:#]?\s*([A-Z0-9-]*\d[A-Z0-9-]*)\b/gi),
  ]);
  entities.customers = unique([
    // A customer code carries a digit ("CUST-0042"); the word "customer" is not one.
    ...all(text, /\b((?:CUST|CUS)-?(?=[A-Z]*\d)[A-Z0-9]{1,12})\b/gi).map((value) => value.toUpperCase()),
    ...all(text, /\bcustomer\s*(?:#|id|number|no\.?)\s*[:#]?\s*([A-Z0-9-]*\d[A-Z0-9-]*)\b/gi),
  ]);
  entities.purchaseOrders = unique(all(text, /\b(PO-?\d{1,10})\b/gi).map((value) => value.toUpperCase()));
  entities.skus = unique([
    ...all(text, /\bSKUs?\s*[:#]?\s*([A-Z0-9][A-Z0-9._-]{2,40}[A-Z0-9])\b/gi),
    // Whole tokens only: "IE-0413" inside the order number "2025-IE-0413" is not a SKU of its own.
    ...all(text, /(?<![\w./-])([A-Z][A-Z0-9]{1,12}(?:-[A-Z0-9]{1,12}){1,4})(?![\w]|[./-]\w)/g).filter((token) => {
      const prefix = token.split('-')[0]!;
      return !NON_SKU_PREFIXES.test(prefix) && /[A-Z]/.test(token);
    }),
  ]).filter((sku) => !/^(sku|skus|the|and|for)$/i.test(sku) && !/^\d+$/.test(sku) && !entities.orders.includes(sku.toUpperCase()));
  entities.amounts = amounts(text);
  entities.tenants = unique(
    [
      ...all(text, /\b(?:tenant|workspace)\s+["']?([a-z0-9][a-z0-9-]{1,62})\b/gi),
      ...all(text, NAMED_CLIENT, 1),
      ...all(text, NAMED_CLIENT, 2),
    ].map((value) => value.toLowerCase()),
  ).filter((value) => !/^(is|was|the|a|an|id|of|that|this|and|or|to)$/.test(value));
  return entities;
}

/** True when the text refers back to something said earlier ("its shipment", "that order", "the same one"). */
export function refersBack(text: string): boolean {
  return /\b(it|its|it's|that|this|the same|them|their|those|same order|the order|that order|this order)\b/i.test(text);
}

export function hasAnyEntity(entities: Entities): boolean {
  return (
    entities.orders.length +
      entities.skus.length +
      entities.exceptions.length +
      entities.shipments.length +
      entities.returns.length +
      entities.customers.length +
      entities.purchaseOrders.length +
      entities.locations.length +
      entities.invoices.length >
    0
  );
}

/** Entities of `primary`, with each empty kind filled from `fallback` (the conversation so far). */
export function mergeEntities(primary: Entities, fallback: Entities): Entities {
  const merged = emptyEntities();
  for (const key of Object.keys(merged) as Array<keyof Entities>) {
    const own = primary[key] as unknown[];
    (merged[key] as unknown[]) = own.length ? own : (fallback[key] as unknown[]);
  }
  return merged;
}
