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
import { isEmptyTouched, loadDetectionContext } from './detection-scope.ts';
import { appendExceptionEvents, type NewExceptionEvent } from './exception-rows.ts';
import { EXCEPTION_TYPES, type ExceptionType, type PredictedExceptionType, type TouchedEntities } from './exception-types.ts';
import { insertFindings } from './insert-findings.ts';
import { type DetectionReport, reconcileFindings, type RuleFindings } from './reconcile-findings.ts';
import { EXCEPTION_RULES } from './rules/index.ts';
import { checkEvidence, EVIDENCE_SCHEMAS } from './evidence/exception-evidence.ts';
import type { DetectionScope, ExceptionFinding, ExceptionRule, RuleContext } from './rules/rule.ts';
import { readSlaCalendar } from './tenant-sla-calendar.ts';

export type { DetectionReport } from './reconcile-findings.ts';

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

async function detectFindings(tx: Tx, rule: ExceptionRule, context: RuleContext): Promise<RuleFindings> {
  const findings = new Map<string, ExceptionFinding>();
  // The evidence contract is checked before anything is stored: a rule that breaks it fails loudly here.
  for (const finding of await rule.detect(tx, context)) {
    const evidence = checkEvidence(rule.type, finding.evidence, `found by the ${rule.type} rule (${finding.dedupeKey})`);
    findings.set(finding.dedupeKey, { ...finding, evidence });
  }
  return { rule, findings };
}

/**
 * The rules of a scoped run whose pre-check (ExceptionRule.scopedPrecheck) says they would find
 * nothing: every rule's test in one statement, instead of one probe per rule.
 */
async function failedPrechecks(tx: Tx, rules: readonly ExceptionRule[], scope: DetectionScope | null): Promise<Set<ExceptionRule>> {
  const checked = scope ? rules.filter((rule) => rule.scopedPrecheck) : [];
  if (checked.length === 0 || !scope) return new Set();
  const result = await tx.query<Record<string, boolean>>(
    // Each parameter typed once here: a test may leave some unused, and PostgreSQL refuses an untyped one.
    `SELECT ${checked.map((rule, index) => `(${rule.scopedPrecheck}) AS check_${index}`).join(', ')}
       FROM (SELECT $1::uuid[] AS order_ids, $2::uuid[] AS sku_ids, $3::uuid[] AS customer_ids) AS scope`,
    [scope.orderIds, scope.skuIds, scope.customerIds],
    // One text per set of rules checked (a handful), each test an index probe whatever the ids: kept prepared.
    { prepare: 'everywhere' },
  );
  const row = result.rows[0]!;
  return new Set(checked.filter((_, index) => row[`check_${index}`] !== true));
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
  const context: RuleContext = { tenantId: options.tenantId, now, timeZone, calendar, scope };
  // Every rule first (reads only), then one reconciliation for all of them (reconcile-findings.ts).
  const skipped = await failedPrechecks(tx, rules, scope);
  const detected: RuleFindings[] = [];
  for (const rule of rules) detected.push(skipped.has(rule) ? { rule, findings: new Map() } : await detectFindings(tx, rule, context));
  const { events, rows } = await reconcileFindings({ tx, context, actor: options.actor ?? 'exception-rules', report }, detected, known);
  await appendExceptionEvents(tx, events, rows);
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
  const finding = { ...input.finding, evidence: evidence as ExceptionFinding['evidence'] };
  const raised = await insertFindings(tx, [{ type: input.type, finding }], { tenantId: input.tenantId, now, calendar });
  const row = raised.get(finding.dedupeKey);
  if (!row) return null;
  const detected: NewExceptionEvent = {
    exceptionId: row.id,
    kind: 'detected',
    toStatus: 'open',
    actor: input.actor ?? 'system',
    note: finding.title,
    data: { severity: finding.severity, evidence: finding.evidence },
    occurredAt: now,
  };
  await appendExceptionEvents(tx, [detected], raised);
  return row.id;
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
  const context: RuleContext = { tenantId: input.tenantId, now, timeZone, calendar, scope: null };
  const rule: ExceptionRule = { type: input.type, scopeColumns: [], triggers: [], detect: async () => findings };
  const { events, rows } = await reconcileFindings(
    { tx, context, actor: input.actor ?? 'forecast', report },
    [await detectFindings(tx, rule, context)],
    known,
  );
  await appendExceptionEvents(tx, events, rows);
  return report;
}
