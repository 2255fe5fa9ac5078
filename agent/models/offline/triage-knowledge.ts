/** What the offline triage planner has learned so far in a run: the exception, the entities it names, their records, the runbook. */
import { type EvidenceOf, type ExceptionType, type TypedEvidence, typedEvidenceSchema } from '../../../core/exceptions/index.ts';
import type { RunbookConditions } from '../../../retrieval/runbook-conditions.ts';
import type { RunbookContext } from '../../triage/runbook-context.ts';
import type { TriageSubject } from '../../triage/triage-message.ts';
import type { ToolExchange } from './conversation.ts';
import { firstString, isRecord, lastResultOf, passagesIn, resultsOf, type Passage } from './result-reading.ts';

export interface TriageKnowledge {
  exception: Record<string, unknown>;
  type: string;
  /** The exception's type with its evidence, read through the evidence contract; absent when it does not match it. */
  typedEvidence?: TypedEvidence;
  orderRef?: string;
  /** duplicate_order: the earlier order this one duplicates. */
  originalOrderRef?: string;
  sku?: string;
  locationRef?: string;
  shipmentRef?: string;
  returnRef?: string;
  customerRef?: string;
  order?: Record<string, unknown>;
  originalOrder?: Record<string, unknown>;
  inventory?: Record<string, unknown>;
  shipment?: Record<string, unknown>;
  return?: Record<string, unknown>;
  customer?: Record<string, unknown>;
  timeline?: Record<string, unknown>;
  /** Runbook passages retrieved, best first. */
  passages: Passage[];
  /** Sections of the tenant's own documents for this type; their rules take precedence. */
  tenantPassages: Passage[];
  /** The passage of the runbook that governs this exception type. */
  runbook?: Passage;
  /**
   * The governing runbook's conditions and thresholds (its front-matter `conditions`): the one place
   * the drafters read a retryable code, a day count or a grade from ({} without a runbook).
   */
  conditions: RunbookConditions;
  /** The runbook the conditions come from, for the reasons drafts give. */
  conditionsFrom?: string;
  searched: boolean;
  now: Date;
}

const asRecord = (value: unknown): Record<string, unknown> | undefined => (isRecord(value) ? value : undefined);

/** The evidence when the exception is of `type`, typed by the contract (core/exceptions/evidence); else undefined. */
export function evidenceOf<T extends ExceptionType>(knowledge: TriageKnowledge, type: T): EvidenceOf<T> | undefined {
  // The union narrows on `type`, but TypeScript cannot relate a generic T to it: the check above is what makes this safe.
  return knowledge.typedEvidence?.type === type ? (knowledge.typedEvidence.evidence as EvidenceOf<T>) : undefined;
}

/** The entity codes of an exception (`entities` in the tool view, `codes` in the core record), by exact name. */
function entityCode(exception: Record<string, unknown>, ...names: string[]): string | undefined {
  const sources = [exception.entities, exception.codes, exception]
    .map(asRecord)
    .filter((source): source is Record<string, unknown> => source !== undefined);
  for (const name of names) {
    for (const source of sources) {
      const value = source[name];
      if (typeof value === 'string' && value.trim()) return value;
    }
  }
  return undefined;
}

/** The result of `tool` whose `key` argument was `value` (a run may read two orders). */
function resultFor(exchanges: readonly ToolExchange[], tool: string, value: string | undefined): Record<string, unknown> | undefined {
  if (!value) return undefined;
  const exchange = exchanges.find(
    (candidate) => candidate.name === tool && candidate.outcome?.status === 'ok' && Object.values(candidate.args).includes(value),
  );
  return asRecord(exchange?.outcome?.result);
}

/** The retrieved runbook's sections as passages, each carrying the document's front-matter. */
export function runbookAsPassages(runbook: RunbookContext): Passage[] {
  return runbook.sections.map((section) => ({
    ref: section.ref,
    title: runbook.title,
    headingPath: section.headingPath,
    excerpt: section.text,
    documentId: runbook.documentId,
    appliesTo: runbook.appliesTo,
    actions: runbook.actions,
    docType: runbook.docType,
  }));
}

export function buildTriageKnowledge(
  subject: TriageSubject,
  exchanges: readonly ToolExchange[],
  now: Date,
  runbook?: RunbookContext,
): TriageKnowledge {
  const fetched = asRecord(lastResultOf(exchanges, 'get_exception'));
  const exception: Record<string, unknown> = { ...subject, ...(fetched ?? {}) };
  // Tool results are JSON from outside the model: the evidence is trusted only once it matches its type's schema.
  const typed = typedEvidenceSchema.safeParse({ type: exception.type, evidence: exception.evidence });
  const knowledge: TriageKnowledge = {
    exception,
    type: String(exception.type ?? subject.type),
    ...(typed.success ? { typedEvidence: typed.data } : {}),
    passages: runbook ? runbookAsPassages(runbook) : [],
    conditions: runbook?.conditions ?? {},
    ...(runbook ? { conditionsFrom: runbook.documentId } : {}),
    tenantPassages: (runbook?.tenantDocuments ?? []).flatMap((document) =>
      document.sections.map((section) => ({
        ref: section.ref,
        title: document.title,
        headingPath: section.headingPath,
        excerpt: section.text,
        documentId: document.documentId,
        docType: document.docType,
      })),
    ),
    searched: Boolean(runbook) || exchanges.some((exchange) => exchange.name === 'search_runbooks' && exchange.outcome !== undefined),
    now,
  };
  const set = <K extends keyof TriageKnowledge>(key: K, value: TriageKnowledge[K] | undefined): void => {
    if (value !== undefined) knowledge[key] = value;
  };
  set('orderRef', entityCode(exception, 'orderNumber', 'order'));
  set('originalOrderRef', entityCode(exception, 'originalOrderNumber') ?? evidenceOf(knowledge, 'duplicate_order')?.originalOrderNumber);
  set('sku', entityCode(exception, 'skuCode', 'sku'));
  set('locationRef', entityCode(exception, 'locationCode', 'location'));
  set('shipmentRef', entityCode(exception, 'shipmentRef', 'shipmentId', 'trackingNumber'));
  set('returnRef', entityCode(exception, 'rmaNumber', 'rma'));
  set('customerRef', entityCode(exception, 'customerCode', 'customer'));

  set('order', resultFor(exchanges, 'get_order', knowledge.orderRef));
  set('originalOrder', resultFor(exchanges, 'get_order', knowledge.originalOrderRef));
  // A stock conflict names no order: the order read is the one holding stock at the short location.
  if (!knowledge.order && !knowledge.orderRef) {
    const read = asRecord(lastResultOf(exchanges, 'get_order'));
    if (read) {
      knowledge.order = read;
      set('orderRef', firstString(read, /^orderNumber$/));
    }
  }
  set('customerRef', knowledge.customerRef ?? (knowledge.order ? firstString(knowledge.order, /^customer$/) : undefined));
  // An exception about a whole order (late-shipment risk) names no SKU: the line at stake is the first
  // still to ship, a backordered one first, since that is what holds the order back.
  if (!knowledge.sku && knowledge.type === 'late_shipment_risk') set('sku', lineAtStake(knowledge.order));
  set('inventory', asRecord(lastResultOf(exchanges, 'get_inventory')));
  set('shipment', asRecord(lastResultOf(exchanges, 'get_shipment')));
  set('return', asRecord(lastResultOf(exchanges, 'get_return')));
  set('customer', asRecord(lastResultOf(exchanges, 'get_customer')));
  set('timeline', asRecord(lastResultOf(exchanges, 'order_timeline')));

  for (const result of resultsOf(exchanges, 'search_runbooks')) {
    for (const passage of passagesIn(result)) {
      if (!knowledge.passages.some((known) => known.ref === passage.ref)) knowledge.passages.push(passage);
    }
  }
  set('runbook', runbook ? knowledge.passages[0] : governingRunbook(knowledge.passages, knowledge.type));
  return knowledge;
}

function lineAtStake(order: Record<string, unknown> | undefined): string | undefined {
  const lines = (order && Array.isArray(order.lines) ? order.lines : []).filter(isRecord);
  const open = lines.filter((line) => typeof line.sku === 'string' && Number(line.quantity ?? 0) > Number(line.shipped ?? 0));
  const line = open.find((candidate) => Number(candidate.backordered ?? 0) > 0) ?? open[0];
  return typeof line?.sku === 'string' ? line.sku : undefined;
}

const documentOf = (passage: Passage): string => passage.documentId ?? passage.ref.split('#')[0]!;

/**
 * The runbook that governs a type: among retrieved documents that apply to it, a runbook (not an SOP
 * or policy) first, then the one applying to the fewest types (the most specific), then search rank.
 */
export function governingRunbook(passages: readonly Passage[], type: string): Passage | undefined {
  const applying = passages.filter((passage) => passage.appliesTo?.includes(type));
  const candidates = applying.length ? applying : [];
  const isRunbook = (passage: Passage): boolean => passage.docType === 'runbook' || /^rb-/.test(documentOf(passage));
  return [...candidates].sort(
    (a, b) =>
      Number(isRunbook(b)) - Number(isRunbook(a)) ||
      (a.appliesTo?.length ?? 99) - (b.appliesTo?.length ?? 99) ||
      passages.indexOf(a) - passages.indexOf(b),
  )[0];
}

/** The passages of the governing runbook's document, for citing more than one section. */
export function runbookPassages(knowledge: TriageKnowledge): Passage[] {
  if (!knowledge.runbook) return [];
  const document = documentOf(knowledge.runbook);
  return knowledge.passages.filter((passage) => documentOf(passage) === document);
}

/**
 * The remediations the runbook prescribes, in its order of preference: its front-matter `actions`
 * when the search result carries them, else the tool names its retrieved sections mention in
 * backticks (runbooks name each remediation's tool), in order of appearance.
 */
export function runbookActions(knowledge: TriageKnowledge, toolNames: ReadonlySet<string>): string[] {
  const runbook = knowledge.runbook;
  if (!runbook) return [];
  if (runbook.actions?.length) return runbook.actions;
  const mentioned: string[] = [];
  for (const passage of runbookPassages(knowledge)) {
    for (const match of passage.excerpt.matchAll(/`([a-z_]+)`/g)) {
      const name = match[1]!;
      if (toolNames.has(name) && !mentioned.includes(name)) mentioned.push(name);
    }
  }
  return mentioned;
}
