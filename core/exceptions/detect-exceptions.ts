/**
 * Runs the detection rules and reconciles their findings with the exceptions table in the caller's
 * transaction: raise new causes, refresh live ones (evidence; severity only ever rises), and
 * auto-resolve live exceptions whose cause is gone. Scoped runs (an event's touched entities) only
 * reconcile exceptions inside the scope; a run without scope is a full sweep of the tenant.
 *
 * A cause closed by a person or the agent while it persisted (resolved or dismissed with
 * cause_cleared_at NULL) is not raised again until it has cleared once — unless it got worse
 * (higher severity) — so a human decision is not undone by the next sweep.
 */
import type { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { parseOrThrow } from '../errors.ts';
import { PREDICTED_EVIDENCE_SCHEMAS } from './predicted-evidence.ts';
import { isEmptyTouched, loadDetectionContext, type KnownException } from './detection-scope.ts';
import { appendExceptionEvents, type NewExceptionEvent } from './exception-rows.ts';
import {
  EXCEPTION_TYPES,
  LIVE_STATUSES,
  maxSeverity,
  severityRank,
  type ExceptionStatus,
  type ExceptionType,
  type PredictedExceptionType,
  type Severity,
  type TouchedEntities,
} from './exception-types.ts';
import { EXCEPTION_RULES } from './rules/index.ts';
import { checkEvidence, EVIDENCE_SCHEMAS } from './evidence/exception-evidence.ts';
import { SCOPE_COLUMN_KEYS, type DetectionScope, type ExceptionFinding, type ExceptionRule, type RuleContext } from './rules/rule.ts';
import { computeSlaClocks } from './sla-policy.ts';
import { readSlaCalendar } from './tenant-sla-calendar.ts';

export interface DetectExceptionsOptions {
  tenantId: string;
  /** The entities an event or tool touched; omitted or null = full sweep of the tenant. */
  scope?: TouchedEntities | null;
  /** Detection time (an event's occurredAt when replaying history); default now. */
  now?: Date;
  /** Limit to these rules (default: all). */
  types?: readonly ExceptionType[];
  /** Written to the history of what this run changes. */
  actor?: string;
  /**
   * The event type that caused this run (the after-event hook sets it): only rules whose triggers
   * include it run. Omitted: every rule runs.
   */
  eventType?: string;
  /** The scope already lists each touched order's customer and SKUs, as applyEvent's handlers do (skips expansion). */
  touchedIsComplete?: boolean;
}

export interface DetectionReport {
  raised: string[];
  resolved: string[];
  updated: number;
  suppressed: number;
  byType: Partial<Record<ExceptionType, { raised: number; resolved: number }>>;
}

type KnownRow = KnownException;

const isLive = (status: ExceptionStatus): boolean => (LIVE_STATUSES as readonly string[]).includes(status);

/** Whether a known exception lies inside what this rule evaluated. */
function inRuleScope(rule: ExceptionRule, scope: DetectionScope | null, row: KnownRow): boolean {
  if (scope === null) return true;
  if (rule.covers) return rule.covers(row, scope);
  return rule.scopeColumns.some((column) => {
    const value = row[column];
    return value !== null && scope[SCOPE_COLUMN_KEYS[column]].includes(value);
  });
}

/** Stable JSON for comparing evidence (jsonb does not keep key order). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

interface Reconciler {
  tx: Tx;
  context: RuleContext;
  actor: string;
  report: DetectionReport;
  events: NewExceptionEvent[];
}

async function insertFinding(run: Reconciler, type: ExceptionType, finding: ExceptionFinding): Promise<string | null> {
  const { now, calendar, tenantId } = run.context;
  const clocks = computeSlaClocks(type, finding.severity, now, calendar, finding.resolveBy);
  const refs = finding.refs;
  // A concurrent run (sweep vs. event) may have raised the same cause a moment ago: keep theirs.
  const result = await run.tx.query<{ id: string }>(
    `INSERT INTO exceptions (tenant_id, type, severity, title, dedupe_key, order_id, sku_id, location_id, customer_id,
                             shipment_id, return_id, invoice_id, entity_codes, evidence, detected_at, last_detected_at, ack_due_at, sla_due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14::jsonb, $15, $15, $16, $17)
     ON CONFLICT (tenant_id, dedupe_key) WHERE status IN ('open', 'triaging', 'awaiting_approval') DO NOTHING
     RETURNING id`,
    [
      tenantId,
      type,
      finding.severity,
      finding.title,
      finding.dedupeKey,
      refs.orderId ?? null,
      refs.skuId ?? null,
      refs.locationId ?? null,
      refs.customerId ?? null,
      refs.shipmentId ?? null,
      refs.returnId ?? null,
      refs.invoiceId ?? null,
      JSON.stringify(finding.codes),
      JSON.stringify(finding.evidence),
      now,
      clocks.ackDueAt,
      clocks.slaDueAt,
    ],
  );
  const id = result.rows[0]?.id ?? null;
  if (id) {
    run.events.push({
      exceptionId: id,
      kind: 'detected',
      toStatus: 'open',
      actor: run.actor,
      note: finding.title,
      data: { severity: finding.severity, evidence: finding.evidence },
      occurredAt: now,
    });
  }
  return id;
}

interface LiveUpdate {
  id: string;
  severity: Severity;
  title: string;
  evidence: Record<string, unknown>;
  sla_due_at: string;
}

async function applyLiveUpdates(tx: Tx, updates: readonly LiveUpdate[], now: Date): Promise<void> {
  if (updates.length === 0) return;
  await tx.query(
    `UPDATE exceptions e
        SET severity = v.severity, title = v.title, evidence = v.evidence, sla_due_at = v.sla_due_at,
            last_detected_at = $2, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, severity text, title text, evidence jsonb, sla_due_at timestamptz)
      WHERE e.id = v.id`,
    [JSON.stringify(updates), now],
  );
}

async function autoResolve(run: Reconciler, rows: readonly KnownRow[]): Promise<void> {
  if (rows.length === 0) return;
  const { now } = run.context;
  await run.tx.query(
    `UPDATE exceptions
        SET status = 'resolved', resolution_how = 'auto', resolution_code = 'RES-AUTO',
            resolution_note = 'cause no longer present', resolved_at = $2, resolved_by = $3, cause_cleared_at = $2,
            claimed_at = NULL, claimed_by = NULL, updated_at = now()
      WHERE id = ANY($1::uuid[]) AND status IN ('open', 'triaging', 'awaiting_approval')`,
    [rows.map((row) => row.id), now, run.actor],
  );
  for (const row of rows) {
    run.events.push({
      exceptionId: row.id,
      kind: 'auto_resolved',
      fromStatus: row.status,
      toStatus: 'resolved',
      actor: run.actor,
      note: 'cause no longer present',
      data: { lastEvidence: row.evidence },
      occurredAt: now,
    });
  }
}

async function markCleared(tx: Tx, rows: readonly KnownRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(`UPDATE exceptions SET cause_cleared_at = $2, updated_at = now() WHERE id = ANY($1::uuid[])`, [
    rows.map((row) => row.id),
    now,
  ]);
}

async function reconcileRule(run: Reconciler, rule: ExceptionRule, known: readonly KnownRow[]): Promise<void> {
  const { context, report } = run;
  const findings = new Map<string, ExceptionFinding>();
  // The evidence contract is checked before anything is stored: a rule that breaks it fails loudly here.
  for (const finding of await rule.detect(run.tx, context)) {
    const evidence = checkEvidence(rule.type, finding.evidence, `found by the ${rule.type} rule (${finding.dedupeKey})`);
    findings.set(finding.dedupeKey, { ...finding, evidence });
  }
  const ofType = known.filter((row) => row.type === rule.type);
  const liveByKey = new Map(ofType.filter((row) => isLive(row.status)).map((row) => [row.dedupe_key, row]));
  const closedByKey = new Map<string, KnownRow>();
  for (const row of ofType) {
    if (isLive(row.status) || row.cause_cleared_at !== null) continue;
    const previous = closedByKey.get(row.dedupe_key);
    if (!previous || previous.detected_at < row.detected_at) closedByKey.set(row.dedupe_key, row);
  }
  // Closed-while-present causes outside the preloaded scope (rare: a finding about an entity the
  // scope did not name) are looked up by key so suppression holds for them too.
  const unknownKeys = [...findings.keys()].filter((key) => !liveByKey.has(key) && !closedByKey.has(key));
  if (unknownKeys.length > 0 && context.scope !== null) {
    const extra = await run.tx.query<KnownRow>(
      `SELECT id, type, status, dedupe_key, severity, evidence, title, detected_at, sla_due_at, order_id, sku_id, customer_id, cause_cleared_at
         FROM exceptions WHERE dedupe_key = ANY($1::text[])
          AND (status IN ('open', 'triaging', 'awaiting_approval') OR cause_cleared_at IS NULL)`,
      [unknownKeys],
    );
    for (const row of extra.rows) {
      if (isLive(row.status)) liveByKey.set(row.dedupe_key, row);
      else if (!closedByKey.has(row.dedupe_key) || closedByKey.get(row.dedupe_key)!.detected_at < row.detected_at)
        closedByKey.set(row.dedupe_key, row);
    }
  }

  const counts = { raised: 0, resolved: 0 };
  const updates: LiveUpdate[] = [];
  for (const finding of findings.values()) {
    const live = liveByKey.get(finding.dedupeKey);
    if (live) {
      const severity = maxSeverity(live.severity, finding.severity);
      const raisedSeverity = severity !== live.severity;
      if (!raisedSeverity && live.title === finding.title && canonical(live.evidence) === canonical(finding.evidence)) continue;
      let slaDueAt = live.sla_due_at;
      if (raisedSeverity) {
        const clocks = computeSlaClocks(rule.type, severity, live.detected_at, context.calendar, finding.resolveBy);
        if (clocks.slaDueAt < slaDueAt) slaDueAt = clocks.slaDueAt;
        run.events.push({
          exceptionId: live.id,
          kind: 'severity_raised',
          actor: run.actor,
          note: `severity ${live.severity} → ${severity}`,
          data: { from: live.severity, to: severity, evidence: finding.evidence },
          occurredAt: context.now,
        });
      }
      updates.push({ id: live.id, severity, title: finding.title, evidence: finding.evidence, sla_due_at: slaDueAt.toISOString() });
      continue;
    }
    const closed = closedByKey.get(finding.dedupeKey);
    if (closed && severityRank(finding.severity) <= severityRank(closed.severity)) {
      report.suppressed += 1;
      continue;
    }
    if (closed) await markCleared(run.tx, [closed], context.now); // superseded by a worse occurrence
    const id = await insertFinding(run, rule.type, finding);
    if (id) {
      report.raised.push(id);
      counts.raised += 1;
    }
  }
  await applyLiveUpdates(run.tx, updates, context.now);
  report.updated += updates.length;

  const gone = ofType.filter((row) => !findings.has(row.dedupe_key) && inRuleScope(rule, context.scope, row));
  const goneLive = gone.filter((row) => isLive(row.status));
  await autoResolve(run, goneLive);
  await markCleared(
    run.tx,
    gone.filter((row) => !isLive(row.status)),
    context.now,
  );
  report.resolved.push(...goneLive.map((row) => row.id));
  counts.resolved += goneLive.length;
  if (counts.raised || counts.resolved) report.byType[rule.type] = counts;
}

/**
 * Detects exceptions for a tenant inside the caller's transaction, which must be
 * `withTenant(db, tenantId, …)` (the rules rely on row-level security for tenant isolation).
 */
export async function detectExceptions(tx: Tx, options: DetectExceptionsOptions): Promise<DetectionReport> {
  const report: DetectionReport = { raised: [], resolved: [], updated: 0, suppressed: 0, byType: {} };
  if (options.scope && isEmptyTouched(options.scope)) return report;
  const now = options.now ?? new Date();
  const types = options.types ?? EXCEPTION_TYPES;
  const rules = EXCEPTION_RULES.filter(
    (rule) => types.includes(rule.type) && (options.eventType === undefined || rule.triggers.includes(options.eventType)),
  );
  if (rules.length === 0) return report;
  const { timeZone, calendar, scope, known } = await loadDetectionContext(
    tx,
    options.tenantId,
    options.scope ?? null,
    rules.map((rule) => rule.type),
    {
      touchedIsComplete: options.touchedIsComplete,
    },
  );
  const run: Reconciler = {
    tx,
    context: { tenantId: options.tenantId, now, timeZone, calendar, scope },
    actor: options.actor ?? 'exception-rules',
    report,
    events: [],
  };
  for (const rule of rules) await reconcileRule(run, rule, known);
  await appendExceptionEvents(tx, run.events);
  return report;
}

/** Re-runs detection for entities a tool or a person just changed (events run it themselves). */
export function redetectForEntities(tx: Tx, tenantId: string, touched: TouchedEntities, now: Date = new Date()): Promise<DetectionReport> {
  return detectExceptions(tx, { tenantId, scope: touched, now });
}

/**
 * Raises one exception that no rule detects (an action that failed in the system of record): deduped
 * against a live exception with the same key, clocked by the type's SLA, opened with a `detected` entry
 * (which routes it and tells the outside). Returns its id, or null when a live one already had the key.
 */
export async function raiseException(
  tx: Tx,
  input: { tenantId: string; type: ExceptionType; finding: ExceptionFinding; now?: Date; actor?: string },
): Promise<string | null> {
  const evidence = parseOrThrow(
    EVIDENCE_SCHEMAS[input.type] as z.ZodType<Record<string, unknown>>,
    input.finding.evidence,
    `${input.type} evidence`,
  );
  const now = input.now ?? new Date();
  // Read directly (not through the detection context), so a sweep running as the operator can raise it too.
  const { calendar } = await readSlaCalendar(tx, input.tenantId);
  const run: Reconciler = {
    tx,
    context: { tenantId: input.tenantId, now, timeZone: calendar.timezone, calendar, scope: null },
    actor: input.actor ?? 'system',
    report: { raised: [], resolved: [], updated: 0, suppressed: 0, byType: {} },
    events: [],
  };
  const id = await insertFinding(run, input.type, { ...input.finding, evidence: evidence as ExceptionFinding['evidence'] });
  await appendExceptionEvents(tx, run.events);
  return id;
}

export interface PredictedFindings {
  tenantId: string;
  type: PredictedExceptionType;
  /** Every cause of this type present now: live exceptions of the type not among them are auto-resolved. */
  findings: readonly ExceptionFinding[];
  now?: Date;
  actor?: string;
}

/**
 * Reconciles a forecast run's findings for one predicted type with the queue, exactly as detection
 * does for its rules (raise, refresh, auto-resolve when the projection recovers, respect a human's
 * close), after validating each finding's evidence against the type's schema.
 */
export async function reconcilePredictedExceptions(tx: Tx, input: PredictedFindings): Promise<DetectionReport> {
  const validate = (evidence: unknown): ExceptionFinding['evidence'] =>
    input.type === 'stockout_risk'
      ? parseOrThrow(PREDICTED_EVIDENCE_SCHEMAS.stockout_risk, evidence, 'stockout_risk evidence')
      : parseOrThrow(PREDICTED_EVIDENCE_SCHEMAS.late_shipment_risk, evidence, 'late_shipment_risk evidence');
  const findings = input.findings.map((finding) => ({
    ...finding,
    evidence: validate(finding.evidence),
  }));
  const report: DetectionReport = { raised: [], resolved: [], updated: 0, suppressed: 0, byType: {} };
  const now = input.now ?? new Date();
  const { timeZone, calendar, known } = await loadDetectionContext(tx, input.tenantId, null, [input.type]);
  const run: Reconciler = {
    tx,
    context: { tenantId: input.tenantId, now, timeZone, calendar, scope: null },
    actor: input.actor ?? 'forecast',
    report,
    events: [],
  };
  const rule: ExceptionRule = { type: input.type, scopeColumns: [], triggers: [], detect: async () => findings };
  await reconcileRule(run, rule, known);
  await appendExceptionEvents(tx, run.events);
  return report;
}
