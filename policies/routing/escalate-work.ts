/**
 * The SLA escalation ladder. Exceptions climb the tenant policy's `routing.escalation.exceptions`
 * rungs as their acknowledge and resolve clocks run down (notify the owner, then the queue lead,
 * then on-call); pending proposals climb `routing.escalation.proposals` before they expire. Each
 * rung is taken once, recorded (exception history `escalated` + exception.escalated; proposals in
 * the audit log) and told through a work.escalated notice. Driven by the clock passed in, so tests
 * (and a sweep that ran late) see exactly which rungs are due.
 */
import type { Database, Tx } from '../../core/db/database.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';

async function listTenantsIn(tx: Tx): Promise<string[]> {
  const result = await tx.query<{ tenant_id: string }>('SELECT DISTINCT tenant_id FROM policy_versions');
  return result.rows.map((row) => row.tenant_id);
}
import { listEscalationCandidates, recordExceptionEscalation, type ExceptionRoutingFacts } from '../../core/exceptions/index.ts';
import { appendAuditEntry } from '../audit/append-audit-entry.ts';
import { SYSTEM_ACTOR } from '../audit/audit-entry.ts';
import { loadActivePolicy, type PolicyVersion } from '../policy-store.ts';
import { advanceProposalEscalation, listExpiringAssignedProposals } from './proposal-assignments.ts';
import { exceptionSubject } from './route-exceptions.ts';
import { proposalSubject } from './route-proposals.ts';
import { findQueue } from './route-work.ts';
import type { ExceptionLadderStep, RoutingSettings } from './routing-document.ts';
import { appendWorkEscalated } from './work-notice.ts';

export const ESCALATION_ACTOR = 'sla-escalation';
type Target = ExceptionLadderStep['notify'];

/** Who a rung tells; a rung whose person is not set falls back to the whole queue, so nobody is skipped silently. */
export function recipientsFor(routing: RoutingSettings, target: Target, queue: string | null, owner: string | null) {
  const queueId = queue ?? routing.defaultQueue;
  const definition = findQueue(routing, queueId);
  const person =
    target === 'owner' ? owner : target === 'queueLead' ? definition?.lead : target === 'onCall' ? definition?.onCall : undefined;
  if (person)
    return {
      queues: [],
      users: [person],
      who: target === 'owner' ? `owner ${person}` : `${target === 'onCall' ? 'on-call' : 'queue lead'} ${person}`,
    };
  return { queues: [queueId], users: [], who: `queue ${queueId}` };
}

const WORDS: Record<Target, string> = { owner: 'the owner', queue: 'the queue', queueLead: 'the queue lead', onCall: 'on-call' };

function dueAt(step: ExceptionLadderStep, facts: ExceptionRoutingFacts): Date {
  const clock = step.clock === 'ack' ? facts.ackDueAt : facts.slaDueAt;
  return new Date(clock.getTime() - step.minutesBefore * 60_000);
}

async function policyFor(tx: Tx, cache: Map<string, PolicyVersion>, tenantId: string): Promise<PolicyVersion> {
  let policy = cache.get(tenantId);
  if (!policy) {
    policy = await loadActivePolicy(tx, tenantId);
    cache.set(tenantId, policy);
  }
  return policy;
}

export interface EscalationReport {
  exceptionSteps: number;
  proposalSteps: number;
}

/** Longest lead of a proposal ladder the schema allows (90 days before expiry). */
const PROPOSAL_LOOKAHEAD_MS = 90 * 24 * 3_600_000;

async function escalateExceptions(tx: Tx, tenantId: string, now: Date, policies: Map<string, PolicyVersion>): Promise<number> {
  let taken = 0;
  const ladder = (await policyFor(tx, policies, tenantId)).document.routing.escalation.exceptions;
  if (ladder.length === 0) return 0;
  const lead = Math.max(0, ...ladder.map((step) => step.minutesBefore)) * 60_000;
  for (const facts of await listEscalationCandidates(tx, tenantId, new Date(now.getTime() + lead), ladder.length)) {
    const policy = await policyFor(tx, policies, facts.tenantId);
    for (let index = facts.escalationStep; index < ladder.length; index += 1) {
      const step = ladder[index]!;
      const due = dueAt(step, facts);
      if (due > now) break;
      const number = index + 1;
      // An acknowledge-clock rung no longer applies once someone acknowledged the exception.
      const skip = step.clock === 'ack' && facts.acknowledgedAt !== null && facts.acknowledgedAt <= due;
      const recipients = recipientsFor(policy.document.routing, step.notify, facts.queue, facts.owner);
      const clockWords = step.clock === 'ack' ? 'acknowledge' : 'resolve';
      const late = now >= (step.clock === 'ack' ? facts.ackDueAt : facts.slaDueAt);
      const note = `SLA escalation step ${number}: ${late ? `the ${clockWords} deadline has passed` : `the ${clockWords} deadline is near`}; telling ${WORDS[step.notify]} (${recipients.who}).`;
      const recorded = await recordExceptionEscalation(
        tx,
        facts.exceptionId,
        { number, name: step.notify, note, notify: { queues: recipients.queues, users: recipients.users }, skip },
        now,
      );
      if (!recorded) continue;
      taken += 1;
      await appendWorkEscalated(
        tx,
        {
          tenantId: facts.tenantId,
          subject: exceptionSubject(facts),
          orderNumber: facts.codes.orderNumber,
          queue: facts.queue,
          owner: facts.owner,
          reason: note,
          rule: null,
          deadline: step.clock === 'ack' ? facts.ackDueAt : facts.slaDueAt,
          recipients,
          at: now,
        },
        { number, notify: step.notify, clock: step.clock },
      );
    }
  }
  return taken;
}

async function escalateProposals(tx: Tx, now: Date, policies: Map<string, PolicyVersion>): Promise<number> {
  let taken = 0;
  for (const { proposal, assignment } of await listExpiringAssignedProposals(tx, new Date(now.getTime() + PROPOSAL_LOOKAHEAD_MS))) {
    const policy = await policyFor(tx, policies, proposal.tenantId);
    // Earliest rung first: more minutes before expiry fires sooner.
    const ladder = [...policy.document.routing.escalation.proposals].sort((a, b) => b.minutesBeforeExpiry - a.minutesBeforeExpiry);
    for (let index = assignment.escalationStep; index < ladder.length; index += 1) {
      const step = ladder[index]!;
      const due = new Date(proposal.expiresAt!.getTime() - step.minutesBeforeExpiry * 60_000);
      if (due > now) break;
      const number = index + 1;
      if (!(await advanceProposalEscalation(tx, assignment.rootId, number))) break;
      taken += 1;
      const recipients = recipientsFor(policy.document.routing, step.notify, assignment.queue, assignment.owner);
      const minutesLeft = Math.max(0, Math.round((proposal.expiresAt!.getTime() - now.getTime()) / 60_000));
      const note = `Escalation step ${number}: ${proposal.tool} still waits for a decision and expires in ${minutesLeft} minutes; telling ${WORDS[step.notify]} (${recipients.who}).`;
      await appendAuditEntry(tx, {
        tenantId: proposal.tenantId,
        actor: { ...SYSTEM_ACTOR, ref: ESCALATION_ACTOR },
        action: 'proposal.escalated',
        entityType: 'proposal',
        entityId: proposal.id,
        after: {
          step: number,
          notify: step.notify,
          recipients: { queues: recipients.queues, users: recipients.users },
          expiresAt: proposal.expiresAt,
        },
      });
      await appendWorkEscalated(
        tx,
        {
          tenantId: proposal.tenantId,
          subject: proposalSubject(proposal, null),
          queue: assignment.queue,
          owner: assignment.owner,
          reason: note,
          rule: null,
          deadline: proposal.expiresAt,
          recipients,
          at: now,
        },
        { number, notify: step.notify, clock: 'expiry' },
      );
    }
  }
  return taken;
}

/** One pass over every tenant (serve runs it every minute). */
export async function escalateDueWork(db: Database, now: Date = new Date()): Promise<EscalationReport> {
  return asOperator(db, async (tx) => {
    const policies = new Map<string, PolicyVersion>();
    let exceptionSteps = 0;
    for (const tenant of await listTenantsIn(tx)) exceptionSteps += await escalateExceptions(tx, tenant, now, policies);
    const proposalSteps = await escalateProposals(tx, now, policies);
    return { exceptionSteps, proposalSteps };
  });
}
