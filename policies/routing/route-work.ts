/**
 * The routing decision: which queue and/or owner a piece of work goes to, with the rule that decided
 * and a reason a person can read — explained like the approval decision. Pure: facts in, decision out.
 * The first matching rule (top to bottom) wins; unmatched work goes to the default queue.
 */
import { evaluateCondition } from '../evaluate-condition.ts';
import type { ActivePolicy } from '../decide.ts';
import type { Queue, RoutingSettings } from './routing-document.ts';

export interface RoutingFacts {
  subject: 'exception' | 'proposal';
  exceptionType?: string | null;
  severity?: string | null;
  customerTier?: string | null;
  amount?: number | null;
  location?: string | null;
  channel?: string | null;
  /** Proposals: the tool and where the call came from. */
  tool?: string | null;
  origin?: string | null;
}

export interface RoutingDecision {
  queue: string | null;
  owner: string | null;
  /** The routing rule's id, or default:queue. */
  rule: string;
  reason: string;
  policyVersion: number;
}

export const DEFAULT_ROUTING_RULE = 'default:queue';

export function routeWork(policy: ActivePolicy, facts: RoutingFacts): RoutingDecision {
  const routing = policy.document.routing;
  const resolve = (field: string): unknown => (facts as unknown as Record<string, unknown>)[field] ?? undefined;
  const rule = routing.rules.find((candidate) =>
    Object.entries(candidate.when ?? {}).every(([field, condition]) => evaluateCondition(condition, resolve(field), resolve)),
  );
  if (!rule) {
    return {
      queue: routing.defaultQueue,
      owner: null,
      rule: DEFAULT_ROUTING_RULE,
      reason: `No routing rule matched, so it waits in the default queue ${routing.defaultQueue}.`,
      policyVersion: policy.version,
    };
  }
  return { queue: rule.queue ?? null, owner: rule.owner ?? null, rule: rule.id, reason: rule.reason, policyVersion: policy.version };
}

export function findQueue(routing: RoutingSettings, id: string | null): Queue | undefined {
  return id ? routing.queues.find((queue) => queue.id === id) : undefined;
}

/** Queues a user works: a member, the lead or on call. */
export function queuesOf(routing: RoutingSettings, userName: string): string[] {
  const queues = routing.queues
    .filter((queue) => queue.members.includes(userName) || queue.lead === userName || queue.onCall === userName)
    .map((queue) => queue.id);
  return queues;
}
