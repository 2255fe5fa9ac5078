/** What the offline triage planner has learned so far in a run: the exception, the entities it names, their records, the runbook. */
import type { TriageSubject } from '../../triage/triage-message.ts';
import type { ToolExchange } from './conversation.ts';
import { firstString, isRecord, lastResultOf, passagesIn, resultsOf, type Passage } from './result-reading.ts';

export interface TriageKnowledge {
  exception: Record<string, unknown>;
  type: string;
  orderRef?: string;
  sku?: string;
  shipmentRef?: string;
  returnRef?: string;
  customerRef?: string;
  order?: Record<string, unknown>;
  inventory?: Record<string, unknown>;
  shipment?: Record<string, unknown>;
  return?: Record<string, unknown>;
  customer?: Record<string, unknown>;
  /** The runbook passages retrieved, best first; `runbook` is the one that applies to this type. */
  passages: Passage[];
  runbook?: Passage;
  /** Whether search_runbooks has been called (and answered) in this run. */
  searched: boolean;
  now: Date;
}

const asRecord = (value: unknown): Record<string, unknown> | undefined => (isRecord(value) ? value : undefined);

// Where exception records keep their entity references; checked in this order.
const REF_PATTERNS = {
  order: /^(order(Id|Number|Ref)?|order_(id|number))$/i,
  sku: /^(sku|skuCode|sku_code)$/i,
  shipment: /^(shipment(Id|Number)?|shipment_id)$/i,
  return: /^(return(Id|Number)?|rma(Number)?|return_id)$/i,
  customer: /^(customer(Id|Number|Ref)?|customer_id)$/i,
};

export function buildTriageKnowledge(subject: TriageSubject, exchanges: readonly ToolExchange[], now: Date): TriageKnowledge {
  const fetched = asRecord(lastResultOf(exchanges, 'get_exception'));
  const exception = { ...subject, ...(fetched ?? {}) };
  const order = asRecord(lastResultOf(exchanges, 'get_order'));
  const knowledge: TriageKnowledge = {
    exception,
    type: String(exception.type ?? subject.type),
    passages: [],
    searched: exchanges.some((exchange) => exchange.name === 'search_runbooks' && exchange.outcome !== undefined),
    now,
  };
  const orderRef = firstString(exception, REF_PATTERNS.order);
  if (orderRef) knowledge.orderRef = orderRef;
  const sku = firstString(exception, REF_PATTERNS.sku) ?? (order ? firstString(order, REF_PATTERNS.sku) : undefined);
  if (sku) knowledge.sku = sku;
  const shipmentRef = firstString(exception, REF_PATTERNS.shipment) ?? (order ? firstString(order, REF_PATTERNS.shipment) : undefined);
  if (shipmentRef) knowledge.shipmentRef = shipmentRef;
  const returnRef = firstString(exception, REF_PATTERNS.return);
  if (returnRef) knowledge.returnRef = returnRef;
  const customerRef = firstString(exception, REF_PATTERNS.customer) ?? (order ? firstString(order, REF_PATTERNS.customer) : undefined);
  if (customerRef) knowledge.customerRef = customerRef;
  if (order) knowledge.order = order;
  const inventory = asRecord(lastResultOf(exchanges, 'get_inventory'));
  if (inventory) knowledge.inventory = inventory;
  const shipment = asRecord(lastResultOf(exchanges, 'get_shipment'));
  if (shipment) knowledge.shipment = shipment;
  const returned = asRecord(lastResultOf(exchanges, 'get_return'));
  if (returned) knowledge.return = returned;
  const customer = asRecord(lastResultOf(exchanges, 'get_customer'));
  if (customer) knowledge.customer = customer;

  for (const result of resultsOf(exchanges, 'search_runbooks')) {
    for (const passage of passagesIn(result)) {
      if (!knowledge.passages.some((known) => known.ref === passage.ref)) knowledge.passages.push(passage);
    }
  }
  const type = knowledge.type;
  const runbook =
    knowledge.passages.find((passage) => passage.appliesTo?.includes(type) && passage.actions?.length) ??
    knowledge.passages.find((passage) => passage.appliesTo?.includes(type)) ??
    undefined;
  if (runbook) knowledge.runbook = runbook;
  return knowledge;
}

/** The passages of the chosen runbook's document, for citing more than its first section. */
export function runbookPassages(knowledge: TriageKnowledge): Passage[] {
  if (!knowledge.runbook) return [];
  const documentOf = (passage: Passage): string => passage.documentId ?? passage.ref.split('#')[0]!;
  const document = documentOf(knowledge.runbook);
  return knowledge.passages.filter((passage) => documentOf(passage) === document);
}
