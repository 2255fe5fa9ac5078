/**
 * Reconciles what the rules of one detection run found with the exceptions table, set-based: one
 * statement per concern for the whole run, whatever its number of rules and findings — the lookup of
 * keys the preloaded scope did not know, marking closed causes cleared, refreshing live exceptions,
 * auto-resolving the gone ones, raising the new ones (insert-findings.ts). Rules are independent here
 * (each dedupe key starts with its type, and no rule reads the exceptions table), so the run decides
 * every rule first and then writes; the history entries come out in the order one rule after another,
 * one finding after another, wrote them. Each statement's plan is the same whatever its values (keys,
 * ids and a record set), so each is kept prepared on the embedded database (decision 011).
 */
import type { Tx } from '../db/database.ts';
import type { KnownException } from './detection-scope.ts';
import { EXCEPTION_COLUMNS, type ExceptionRow, type NewExceptionEvent } from './exception-rows.ts';
import { LIVE_STATUSES, maxSeverity, severityRank, type ExceptionStatus, type ExceptionType, type Severity } from './exception-types.ts';
import { insertFindings, type NewFinding } from './insert-findings.ts';
import { SCOPE_COLUMN_KEYS, type DetectionScope, type ExceptionFinding, type ExceptionRule, type RuleContext } from './rules/rule.ts';
import { computeSlaClocks } from './sla-policy.ts';

export interface DetectionReport {
  raised: string[];
  resolved: string[];
  updated: number;
  suppressed: number;
  byType: Partial<Record<ExceptionType, { raised: number; resolved: number }>>;
}

/** A rule's findings of one run, by dedupe key (evidence already checked against its type's schema). */
export interface RuleFindings {
  rule: Pick<ExceptionRule, 'type' | 'scopeColumns' | 'covers'>;
  findings: ReadonlyMap<string, ExceptionFinding>;
}

export interface Reconciliation {
  /** History entries to append, in order. */
  events: NewExceptionEvent[];
  /** The exceptions this run wrote, as they are after it, by id (their outbox messages need no re-read). */
  rows: Map<string, ExceptionRow>;
}

const isLive = (status: ExceptionStatus): boolean => (LIVE_STATUSES as readonly string[]).includes(status);

/** Whether a known exception lies inside what this rule evaluated. */
function inRuleScope(rule: RuleFindings['rule'], scope: DetectionScope | null, row: KnownException): boolean {
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

interface LiveUpdate {
  id: string;
  severity: Severity;
  title: string;
  evidence: Record<string, unknown>;
  sla_due_at: string;
}

/** What the run decided for one finding: its history entry now, or the raise it waits for. */
type FindingOutcome = { event: NewExceptionEvent } | { raise: NewFinding };

interface Decisions {
  updates: LiveUpdate[];
  /** Closed causes that cleared (gone) or are superseded by a worse occurrence. */
  cleared: KnownException[];
  goneLive: Array<{ type: ExceptionType; row: KnownException }>;
  /** Per rule, in order: its findings' outcomes, then its auto-resolved rows. */
  perRule: Array<{ type: ExceptionType; outcomes: FindingOutcome[]; goneLive: KnownException[] }>;
}

/**
 * Live and closed-while-present exceptions of the findings' keys that the preloaded scope did not
 * hold (rare: a finding about an entity the scope did not name), looked up in one statement for all
 * rules so suppression and refreshes hold for them too.
 */
async function lookUpUnknownKeys(
  run: { tx: Tx; context: RuleContext },
  detected: readonly RuleFindings[],
  known: readonly KnownException[],
) {
  if (run.context.scope === null) return [];
  const knownKeys = new Set(known.map((row) => row.dedupe_key));
  const unknownKeys = detected.flatMap(({ findings }) => [...findings.keys()].filter((key) => !knownKeys.has(key)));
  if (unknownKeys.length === 0) return [];
  const extra = await run.tx.query<KnownException>(
    `SELECT id, type, status, dedupe_key, severity, evidence, title, detected_at, sla_due_at, order_id, sku_id, customer_id, cause_cleared_at
       FROM exceptions WHERE dedupe_key = ANY($1::text[])
        AND (status IN ('open', 'triaging', 'awaiting_approval') OR cause_cleared_at IS NULL)`,
    [unknownKeys],
    { prepare: 'everywhere' },
  );
  return extra.rows;
}

function decide(
  run: { context: RuleContext; actor: string; report: DetectionReport },
  detected: readonly RuleFindings[],
  known: readonly KnownException[],
  extra: readonly KnownException[],
): Decisions {
  const { context, report } = run;
  const decisions: Decisions = { updates: [], cleared: [], goneLive: [], perRule: [] };
  for (const { rule, findings } of detected) {
    const ofType = known.filter((row) => row.type === rule.type);
    const liveByKey = new Map(ofType.filter((row) => isLive(row.status)).map((row) => [row.dedupe_key, row]));
    const closedByKey = new Map<string, KnownException>();
    const keepLatestClosed = (row: KnownException) => {
      const previous = closedByKey.get(row.dedupe_key);
      if (!previous || previous.detected_at < row.detected_at) closedByKey.set(row.dedupe_key, row);
    };
    for (const row of ofType) if (!isLive(row.status) && row.cause_cleared_at === null) keepLatestClosed(row);
    for (const row of extra) {
      if (!findings.has(row.dedupe_key)) continue;
      if (isLive(row.status)) liveByKey.set(row.dedupe_key, row);
      else keepLatestClosed(row);
    }

    const outcomes: FindingOutcome[] = [];
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
          outcomes.push({
            event: {
              exceptionId: live.id,
              kind: 'severity_raised',
              actor: run.actor,
              note: `severity ${live.severity} → ${severity}`,
              data: { from: live.severity, to: severity, evidence: finding.evidence },
              occurredAt: context.now,
            },
          });
        }
        decisions.updates.push({
          id: live.id,
          severity,
          title: finding.title,
          evidence: finding.evidence,
          sla_due_at: slaDueAt.toISOString(),
        });
        continue;
      }
      const closed = closedByKey.get(finding.dedupeKey);
      if (closed && severityRank(finding.severity) <= severityRank(closed.severity)) {
        report.suppressed += 1;
        continue;
      }
      if (closed) decisions.cleared.push(closed); // superseded by a worse occurrence
      outcomes.push({ raise: { type: rule.type, finding } });
    }
    const gone = ofType.filter((row) => !findings.has(row.dedupe_key) && inRuleScope(rule, context.scope, row));
    const goneLive = gone.filter((row) => isLive(row.status));
    decisions.cleared.push(...gone.filter((row) => !isLive(row.status)));
    decisions.goneLive.push(...goneLive.map((row) => ({ type: rule.type, row })));
    decisions.perRule.push({ type: rule.type, outcomes, goneLive });
  }
  return decisions;
}

async function markCleared(tx: Tx, rows: readonly KnownException[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `UPDATE exceptions SET cause_cleared_at = $2, updated_at = now() WHERE id = ANY($1::uuid[])`,
    [[...new Set(rows.map((row) => row.id))], now],
    { prepare: 'everywhere' },
  );
}

async function applyLiveUpdates(tx: Tx, updates: readonly LiveUpdate[], now: Date): Promise<ExceptionRow[]> {
  if (updates.length === 0) return [];
  const updated = await tx.query<ExceptionRow>(
    `UPDATE exceptions e
        SET severity = v.severity, title = v.title, evidence = v.evidence, sla_due_at = v.sla_due_at,
            last_detected_at = $2, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, severity text, title text, evidence jsonb, sla_due_at timestamptz)
      WHERE e.id = v.id
     RETURNING ${EXCEPTION_COLUMNS}`,
    [JSON.stringify(updates), now],
    { prepare: 'everywhere' },
  );
  return updated.rows;
}

async function autoResolve(tx: Tx, rows: readonly KnownException[], now: Date, actor: string): Promise<ExceptionRow[]> {
  if (rows.length === 0) return [];
  const resolved = await tx.query<ExceptionRow>(
    `UPDATE exceptions e
        SET status = 'resolved', resolution_how = 'auto', resolution_code = 'RES-AUTO',
            resolution_note = 'cause no longer present', resolved_at = $2, resolved_by = $3, cause_cleared_at = $2,
            claimed_at = NULL, claimed_by = NULL, updated_at = now()
      WHERE e.id = ANY($1::uuid[]) AND e.status IN ('open', 'triaging', 'awaiting_approval')
     RETURNING ${EXCEPTION_COLUMNS}`,
    [rows.map((row) => row.id), now, actor],
    { prepare: 'everywhere' },
  );
  return resolved.rows;
}

/**
 * Decides every rule's findings against the known exceptions, then writes: closed causes cleared
 * (before the raises that supersede them), live ones refreshed, gone ones auto-resolved, new ones
 * raised — one statement each. Fills the report; returns the history entries and the written rows.
 */
export async function reconcileFindings(
  run: { tx: Tx; context: RuleContext; actor: string; report: DetectionReport },
  detected: readonly RuleFindings[],
  known: readonly KnownException[],
): Promise<Reconciliation> {
  const { tx, context, report } = run;
  const extra = await lookUpUnknownKeys(run, detected, known);
  const decisions = decide(run, detected, known, extra);
  const rows = new Map<string, ExceptionRow>();
  const keep = (written: readonly ExceptionRow[]) => {
    for (const row of written) rows.set(row.id, row);
  };
  await markCleared(tx, decisions.cleared, context.now);
  keep(await applyLiveUpdates(tx, decisions.updates, context.now));
  report.updated += decisions.updates.length;
  keep(
    await autoResolve(
      tx,
      decisions.goneLive.map(({ row }) => row),
      context.now,
      run.actor,
    ),
  );
  const raises = decisions.perRule.flatMap(({ outcomes }) => outcomes.flatMap((outcome) => ('raise' in outcome ? [outcome.raise] : [])));
  const raised = await insertFindings(tx, raises, { tenantId: context.tenantId, now: context.now, calendar: context.calendar });
  keep([...raised.values()]);

  const events: NewExceptionEvent[] = [];
  for (const { type, outcomes, goneLive } of decisions.perRule) {
    const counts = { raised: 0, resolved: 0 };
    for (const outcome of outcomes) {
      if ('event' in outcome) {
        events.push(outcome.event);
        continue;
      }
      const { finding } = outcome.raise;
      // Not raised: a live exception of the key appeared meanwhile (a concurrent run): theirs is kept.
      const row = raised.get(finding.dedupeKey);
      if (!row) continue;
      events.push({
        exceptionId: row.id,
        kind: 'detected',
        toStatus: 'open',
        actor: run.actor,
        note: finding.title,
        data: { severity: finding.severity, evidence: finding.evidence },
        occurredAt: context.now,
      });
      report.raised.push(row.id);
      counts.raised += 1;
    }
    for (const row of goneLive) {
      events.push({
        exceptionId: row.id,
        kind: 'auto_resolved',
        fromStatus: row.status,
        toStatus: 'resolved',
        actor: run.actor,
        note: 'cause no longer present',
        data: { lastEvidence: row.evidence },
        occurredAt: context.now,
      });
    }
    report.resolved.push(...goneLive.map((row) => row.id));
    counts.resolved += goneLive.length;
    if (counts.raised || counts.resolved) report.byType[type] = counts;
  }
  return { events, rows };
}
