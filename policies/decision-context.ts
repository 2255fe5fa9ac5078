/** The inputs a policy decision sees, and how rule conditions name them. */
import type { Role } from '../core/identity/roles.ts';
import type { CallProvenance } from '../tools/outcome.ts';
import type { RiskLevel, ToolFacts, ToolKind, ToolOrigin } from '../tools/tool.ts';

/** What the policy needs to know about a tool (a registered tool satisfies it). */
export interface ToolDescriptor {
  name: string;
  kind: ToolKind;
  risk: RiskLevel;
  roles: readonly Role[];
}

/** Auto-allowed calls of the tool in the tenant, per budget window, including their total amount. */
export type BudgetUsage = Record<'minute' | 'hour' | 'day', { calls: number; amount: number }>;

export interface DecisionInput {
  toolName: string;
  /** Undefined when the name is not in the registry: always denied. */
  tool: ToolDescriptor | undefined;
  args: unknown;
  /** The write tool's inspect() facts (empty for reads). */
  facts: ToolFacts;
  callerRoles: readonly Role[];
  origin: ToolOrigin['kind'];
  /** Set by trusted callers (the triage agent) when the call remediates an exception; facts win. */
  exceptionType?: string;
  now: Date;
  /** The tenant's time zone; the policy document's own `timezone` takes precedence. */
  timezone: string;
  usage?: BudgetUsage;
  /** Where an agent's write came from; untrusted raises any allow to require_approval. */
  provenance?: CallProvenance;
}

/**
 * Resolves a condition field. Named context fields first (`role`, `origin`, `timeOfDay`, `weekday`,
 * `tool`, `exceptionType`), then `facts.x` / `args.a.b` explicitly, then a bare name from the facts
 * and, failing that, a top-level argument. Facts win over arguments because the tool computed them
 * from current state, while arguments are whatever the caller sent.
 */
export function resolveField(field: string, input: DecisionInput, timezone: string): unknown {
  switch (field) {
    case 'role':
      return [...input.callerRoles];
    case 'origin':
      return input.origin;
    case 'tool':
      return input.toolName;
    case 'timeOfDay':
      return clockIn(input.now, timezone).timeOfDay;
    case 'weekday':
      return clockIn(input.now, timezone).weekday;
    case 'provenance':
      return input.provenance ? (input.provenance.untrusted ? 'untrusted' : 'trusted') : 'unknown';
    case 'exceptionType':
      return pick(input.facts, 'exceptionType') ?? input.exceptionType;
  }
  if (field.startsWith('facts.')) return pick(input.facts, field.slice('facts.'.length));
  if (field.startsWith('args.')) return pathInto(input.args, field.slice('args.'.length).split('.'));
  const fact = pick(input.facts, field);
  return fact !== undefined ? fact : pathInto(input.args, [field]);
}

function pick(record: ToolFacts, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function pathInto(value: unknown, path: string[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  // Only scalars are comparable; objects and arrays of objects are not condition values.
  return typeof current === 'object' && current !== null && !Array.isArray(current) ? undefined : current;
}

const WEEKDAYS: Record<string, string> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

/** Local wall-clock time in a time zone ("HH:MM", "mon".."sun"); unknown zones fall back to UTC. */
export function clockIn(now: Date, timezone: string): { timeOfDay: string; weekday: string } {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
  } catch {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' });
  }
  const parts = Object.fromEntries(format.formatToParts(now).map((part) => [part.type, part.value]));
  return { timeOfDay: `${parts.hour}:${parts.minute}`, weekday: WEEKDAYS[parts.weekday ?? ''] ?? 'mon' };
}
