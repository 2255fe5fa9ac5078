/** The contract every detection rule implements: find the causes present now, within a scope. */
import type { QueryOptions, Tx } from '../../db/database.ts';
import type { EvidenceOf } from '../evidence/exception-evidence.ts';
import type { EntityCodes, EntityRefs, ExceptionType, Severity } from '../exception-types.ts';
import type { SlaCalendar } from '../sla-calendar.ts';

/** Entity ids a detection run is limited to (already expanded: an order brings its SKUs, customer …). */
export interface DetectionScope {
  orderIds: string[];
  skuIds: string[];
  locationIds: string[];
  customerIds: string[];
  shipmentIds: string[];
  returnIds: string[];
  invoiceIds: string[];
}

export interface RuleContext {
  tenantId: string;
  now: Date;
  /** The tenant's time zone (business-hour clocks, month-end). */
  timeZone: string;
  /** The tenant's SLA calendar: business hours, holidays (its time zone is timeZone). */
  calendar: SlaCalendar;
  /** null: a full sweep over the tenant. */
  scope: DetectionScope | null;
}

/** One cause a rule found. The dedupe key names the cause; evidence holds the numbers behind it (its type's schema). */
export interface ExceptionFinding<T extends ExceptionType = ExceptionType> {
  dedupeKey: string;
  severity: Severity;
  title: string;
  refs: EntityRefs;
  codes: EntityCodes;
  evidence: EvidenceOf<T>;
  /** A business deadline the resolve clock must not pass (ship-by date, month-end close). */
  resolveBy?: Date | null;
}

/** Exception columns that tie an exception to the scope it was detected in. */
export type ScopeColumn = 'order_id' | 'sku_id' | 'customer_id';

export const SCOPE_COLUMN_KEYS: Readonly<Record<ScopeColumn, keyof DetectionScope>> = {
  order_id: 'orderIds',
  sku_id: 'skuIds',
  customer_id: 'customerIds',
};

/** What detection knows about an existing exception when deciding whether a scoped run covered it. */
export interface KnownCause {
  order_id: string | null;
  sku_id: string | null;
  customer_id: string | null;
  evidence: Record<string, unknown>;
}

export interface ExceptionRule<T extends ExceptionType = ExceptionType> {
  type: T;
  /**
   * The rule's promise for scoped runs: it evaluates every cause whose exception would reference one
   * of the scope's ids in these columns. Live exceptions of this type referencing a scoped id that
   * the run did not find again are auto-resolved, so the promise must hold.
   */
  scopeColumns: readonly ScopeColumn[];
  /** Overrides scopeColumns when a cause involves an entity the exception does not reference by column. */
  covers?: (known: KnownCause, scope: DetectionScope) => boolean;
  /**
   * Event types that can create or remove this rule's cause. After an event of another type the rule
   * is skipped (detection runs in every event's transaction, so this keeps intake fast); time-based
   * causes and anything changed outside events are caught by the periodic sweep and by
   * redetectForEntities, which run every rule.
   */
  triggers: readonly string[];
  /**
   * A plan-cheap test for scoped runs: an SQL boolean over the scope's ids — $1 order ids, $2 SKU ids,
   * $3 customer ids (uuid[]) — that is false only when the rule would find nothing in the scope.
   * detectExceptions evaluates every rule's test in one statement and skips the rules whose test is
   * false (their known exceptions in scope are reconciled against no findings, as an empty result is);
   * detect itself never runs it.
   */
  scopedPrecheck?: string;
  detect(tx: Tx, context: RuleContext): Promise<ExceptionFinding<T>[]>;
}

/** The scope's ids for an `inScope` filter's parameter: null (a sweep) means everything. */
export function scopeIds(context: RuleContext, key: keyof DetectionScope): string[] | null {
  return context.scope ? context.scope[key] : null;
}

/**
 * A rule statement's scope filter over parameter `$n` (the scope's ids, `uuid[]`): in a scoped run the
 * `condition` alone; in a sweep, where the parameter is null, `($n::uuid[] IS NULL OR condition)`. Two
 * texts instead of one with the null test, so a scoped run's statement has one plan whatever its
 * values and is kept prepared (`scopedPlan`): with the null test in the text, a generic plan could
 * not probe the ids' index, and one settled on while a table is small would scan it for good.
 */
export function inScope(context: RuleContext, parameter: number, condition: string): string {
  return context.scope ? `(${condition})` : `($${parameter}::uuid[] IS NULL OR ${condition})`;
}

/**
 * As `inScope`, for a statement told by a boolean parameter `$n` whether it is scoped (its ids in
 * other parameters, empty in a sweep): `($n::boolean AND (condition))` in a scoped run, a
 * pseudo-constant the generic plan tests once; `($n::boolean IS FALSE OR condition)` in a sweep.
 */
export function inScopeWhenFlagged(context: RuleContext, parameter: number, condition: string): string {
  return context.scope ? `($${parameter}::boolean AND (${condition}))` : `($${parameter}::boolean IS FALSE OR ${condition})`;
}

/**
 * How a rule's statement runs: a scoped run's (after every executed write and in every event's
 * transaction) is kept prepared, its plan being the same for any ids (`inScope`); a sweep's runs as
 * it is, planned for the whole tenant each time (it runs rarely, and its best plan depends on the data).
 */
export function scopedPlan(context: RuleContext): QueryOptions | undefined {
  return context.scope ? { prepare: 'everywhere' } : undefined;
}

/** True when a scoped run has nothing for the given keys, so the rule can skip its query. */
export function scopeIsEmpty(context: RuleContext, keys: ReadonlyArray<keyof DetectionScope>): boolean {
  return context.scope !== null && keys.every((key) => context.scope![key].length === 0);
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * An amount for an exception's title in the record's own currency ("$96.50", "€96.50", "SEK 96.50"):
 * a Slovenian or Finnish tenant's captures are not dollars. Minus before the symbol ("-$12.00").
 */
export function money(value: number, currency = 'USD'): string {
  const code = /^[A-Z]{3}$/.test(currency.trim().toUpperCase()) ? currency.trim().toUpperCase() : 'USD';
  let format = moneyFormats.get(code);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: code,
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
      useGrouping: false,
    });
    moneyFormats.set(code, format);
  }
  // Intl puts a no-break space after a letter code ("SEK 96.50"); titles are searched and copied as plain text.
  return format.format(value).replace(/\u00a0/g, ' ');
}
export const hoursBetween = (from: Date, to: Date): number => Math.round(((to.getTime() - from.getTime()) / 3_600_000) * 10) / 10;
export const daysBetween = (from: Date, to: Date): number => Math.floor((to.getTime() - from.getTime()) / 86_400_000);
