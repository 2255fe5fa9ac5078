/**
 * Routes exceptions as they open (detected or reopened), in the transaction that opened them: the
 * tenant policy's routing rules pick a queue and/or owner, the choice and its reason go into the
 * exception's history (with the rule and policy version), the audit log gets one entry per batch,
 * and a work.assigned notice tells the queue/owner. Work someone already owns keeps its owner when
 * reopened (they know it best).
 */
import type { Tx } from '../../core/db/database.ts';
import {
  exceptionRoutingFacts,
  setExceptionAssignment,
  type ExceptionRoutingFacts,
  type OpenedExceptions,
} from '../../core/exceptions/index.ts';
import { appendAuditEntry } from '../audit/append-audit-entry.ts';
import { SYSTEM_ACTOR } from '../audit/audit-entry.ts';
import { loadActivePolicy, type PolicyVersion } from '../policy-store.ts';
import { routeWork, type RoutingDecision } from './route-work.ts';
import { appendWorkAssigned } from './work-notice.ts';

export const ROUTING_ACTOR = 'routing';

export function exceptionSubject(facts: ExceptionRoutingFacts) {
  return {
    kind: 'exception' as const,
    id: facts.exceptionId,
    title: facts.title,
    type: facts.exceptionType,
    severity: facts.severity,
    status: facts.status,
  };
}

export function routeException(policy: PolicyVersion, facts: ExceptionRoutingFacts): RoutingDecision {
  return routeWork(policy, {
    subject: 'exception',
    exceptionType: facts.exceptionType,
    severity: facts.severity,
    customerTier: facts.customerTier,
    amount: facts.amount,
    location: facts.location,
    channel: facts.channel,
  });
}

export async function routeOpenedExceptions(opened: OpenedExceptions, tx: Tx): Promise<void> {
  const facts = (await exceptionRoutingFacts(tx, opened.exceptionIds)).filter((item) => item.owner === null && item.queue === null);
  const policies = new Map<string, PolicyVersion>();
  const routed = new Map<string, Array<{ exceptionId: string; queue: string | null; owner: string | null; rule: string }>>();
  for (const item of facts) {
    let policy = policies.get(item.tenantId);
    if (!policy) {
      policy = await loadActivePolicy(tx, item.tenantId);
      policies.set(item.tenantId, policy);
    }
    const decision = routeException(policy, item);
    const reason = {
      by: 'rule' as const,
      rule: decision.rule,
      policyVersion: decision.policyVersion,
      reason: decision.reason,
      actor: ROUTING_ACTOR,
      at: opened.occurredAt.toISOString(),
    };
    await setExceptionAssignment(tx, item.exceptionId, {
      change: 'assigned',
      queue: decision.queue,
      owner: decision.owner,
      reason,
      now: opened.occurredAt,
    });
    await appendWorkAssigned(
      tx,
      {
        tenantId: item.tenantId,
        subject: exceptionSubject(item),
        orderNumber: item.codes.orderNumber,
        queue: decision.queue,
        owner: decision.owner,
        reason: decision.reason,
        rule: decision.rule,
        deadline: item.ackDueAt,
        recipients: { queues: decision.queue ? [decision.queue] : [], users: decision.owner ? [decision.owner] : [] },
        at: opened.occurredAt,
      },
      'assigned',
      ROUTING_ACTOR,
    );
    const list = routed.get(item.tenantId) ?? [];
    list.push({ exceptionId: item.exceptionId, queue: decision.queue, owner: decision.owner, rule: decision.rule });
    routed.set(item.tenantId, list);
  }
  // One audit entry per tenant and batch: detection may open hundreds at once, and each is in its history.
  for (const [tenantId, assignments] of routed) {
    await appendAuditEntry(tx, {
      tenantId,
      actor: { ...SYSTEM_ACTOR, ref: ROUTING_ACTOR },
      action: 'work.routed',
      entityType: 'exception',
      entityId: assignments.length === 1 ? assignments[0]!.exceptionId : null,
      after: { policyVersion: policies.get(tenantId)!.version, assignments },
    });
  }
}
