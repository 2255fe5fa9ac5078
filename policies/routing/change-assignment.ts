/**
 * A person takes, hands over or releases work (an exception, or a pending proposal). Each change is
 * in the exception's history (proposals: their audit trail), in the audit log with the person, and
 * goes out as a work.assigned notice to whoever now has it.
 */
import { z } from 'zod';
import type { Database, Tx } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { ConflictError, ForbiddenError, NotFoundError, parseOrThrow, ValidationError } from '../../core/errors.ts';
import {
  exceptionRoutingFacts,
  queueNameSchema,
  setExceptionAssignment,
  type AssignmentReason,
  type OperationalException,
} from '../../core/exceptions/index.ts';
import { findUsersByName } from '../../core/identity/user-directory.ts';
import { hasAnyRole, type Principal } from '../../core/identity/roles.ts';
import { safeTextSchema } from '../../core/text/safe-text.ts';
import { appendAuditEntry } from '../audit/append-audit-entry.ts';
import { actorFromPrincipal } from '../audit/audit-entry.ts';
import { loadActivePolicy } from '../policy-store.ts';
import { findProposal } from '../proposals/proposal-store.ts';
import { lockProposalAssignment, upsertProposalAssignment, type ProposalAssignment } from './proposal-assignments.ts';
import { exceptionSubject } from './route-exceptions.ts';
import { proposalSubject } from './route-proposals.ts';
import type { RoutingSettings } from './routing-document.ts';
import { appendWorkAssigned } from './work-notice.ts';

const noteSchema = safeTextSchema.pipe(z.string().trim().min(1).max(1000));

export const assignmentActionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('take'), note: noteSchema.optional() }),
  z.strictObject({
    action: z.literal('hand_over'),
    to: z
      .strictObject({ owner: safeTextSchema.pipe(z.string().trim().min(1).max(200)).optional(), queue: queueNameSchema.optional() })
      .refine((to) => to.owner !== undefined || to.queue !== undefined, { message: 'name an owner, a queue or both' }),
    /** Why, in words: shown at the top of the page and in the queue. */
    note: noteSchema,
  }),
  z.strictObject({ action: z.literal('release'), note: noteSchema.optional() }),
]);
export type AssignmentAction = z.infer<typeof assignmentActionSchema>;

const WORKERS = ['rep', 'approver', 'admin'] as const;

interface Current {
  queue: string | null;
  owner: string | null;
}

interface Target extends Current {
  change: 'taken' | 'handed_over' | 'released';
  reason: string;
  recipients: { queues: string[]; users: string[] };
}

/** What the action turns the current assignment into, after checking the person may do it. */
async function plan(tx: Tx, principal: Principal, routing: RoutingSettings, current: Current, action: AssignmentAction): Promise<Target> {
  if (!hasAnyRole(principal, WORKERS)) throw new ForbiddenError('only reps, approvers and admins take, hand over or release work');
  const me = principal.userName;
  const isAdmin = principal.roles.includes('admin');
  if (action.action === 'take') {
    if (current.owner === me) throw new ConflictError(`you already own it`, { owner: me });
    if (current.owner && !isAdmin) {
      throw new ConflictError(`it is owned by ${current.owner}; ask them to hand it over or release it`, { owner: current.owner });
    }
    return {
      change: 'taken',
      queue: current.queue,
      owner: me,
      reason: action.note ? `${me} took it: ${action.note}` : `${me} took it${current.owner ? ` from ${current.owner}` : ''}.`,
      recipients: { queues: [], users: current.owner ? [current.owner] : [] },
    };
  }
  if (action.action === 'release') {
    if (!current.owner) throw new ConflictError('nobody owns it, so there is nothing to release', { owner: null });
    if (current.owner !== me && !isAdmin) throw new ForbiddenError(`only ${current.owner} (or an admin) can release it`);
    const queue = current.queue ?? routing.defaultQueue;
    return {
      change: 'released',
      queue,
      owner: null,
      reason: action.note ? `${me} released it back to queue ${queue}: ${action.note}` : `${me} released it back to queue ${queue}.`,
      recipients: { queues: [queue], users: [] },
    };
  }
  const queue = action.to.queue ?? current.queue;
  if (action.to.queue && action.to.queue !== routing.defaultQueue && !routing.queues.some((entry) => entry.id === action.to.queue)) {
    throw new ValidationError(`to.queue: ${action.to.queue} is not a queue of the tenant policy`, [
      { path: 'to.queue', message: `unknown queue ${action.to.queue}` },
    ]);
  }
  const owner = action.to.owner ?? null;
  if (owner && !(await findUsersByName(tx, principal.tenantId, [owner])).has(owner)) {
    throw new ValidationError(`to.owner: no user named ${owner} in this tenant`, [{ path: 'to.owner', message: `unknown user ${owner}` }]);
  }
  const whereTo = [owner, queue && `queue ${queue}`].filter(Boolean).join(' in ');
  return {
    change: 'handed_over',
    queue,
    owner,
    reason: `${me} handed it over to ${whereTo}: ${action.note}`,
    recipients: { queues: owner ? [] : queue ? [queue] : [], users: owner ? [owner] : [] },
  };
}

function personReason(principal: Principal, reason: string, now: Date): AssignmentReason {
  return { by: 'person', reason, actor: principal.userName, at: now.toISOString() };
}

export async function changeExceptionAssignment(
  db: Database,
  principal: Principal,
  exceptionId: string,
  input: unknown,
  now: Date = new Date(),
): Promise<OperationalException> {
  const action = parseOrThrow(assignmentActionSchema, input, 'assignment change');
  return withTenant(db, principal.tenantId, async (tx) => {
    const facts = (await exceptionRoutingFacts(tx, [exceptionId]))[0];
    if (!facts) throw new NotFoundError('exception', exceptionId);
    const policy = await loadActivePolicy(tx, principal.tenantId);
    const target = await plan(tx, principal, policy.document.routing, facts, action);
    const updated = await setExceptionAssignment(tx, exceptionId, {
      change: target.change,
      queue: target.queue,
      owner: target.owner,
      reason: personReason(principal, target.reason, now),
      expectOwner: facts.owner,
      now,
    });
    await appendAuditEntry(tx, {
      tenantId: principal.tenantId,
      actor: actorFromPrincipal(principal),
      action: `exception.${target.change}`,
      entityType: 'exception',
      entityId: exceptionId,
      before: { queue: facts.queue, owner: facts.owner },
      after: { queue: target.queue, owner: target.owner, note: action.note ?? null },
    });
    await appendWorkAssigned(
      tx,
      {
        tenantId: principal.tenantId,
        subject: { ...exceptionSubject(facts), status: updated.status },
        orderNumber: facts.codes.orderNumber,
        queue: target.queue,
        owner: target.owner,
        reason: target.reason,
        rule: null,
        deadline: facts.ackDueAt,
        recipients: target.recipients,
        at: now,
      },
      target.change,
      principal.userName,
    );
    return updated;
  });
}

export async function changeProposalAssignment(
  db: Database,
  principal: Principal,
  proposalId: string,
  input: unknown,
  now: Date = new Date(),
): Promise<ProposalAssignment> {
  const action = parseOrThrow(assignmentActionSchema, input, 'assignment change');
  return withTenant(db, principal.tenantId, async (tx) => {
    const proposal = await findProposal(tx, proposalId);
    if (!proposal) throw new NotFoundError('proposal', proposalId);
    if (proposal.status !== 'pending') {
      throw new ConflictError(`proposal ${proposalId} is ${proposal.status}; only pending proposals can be assigned`, {
        status: proposal.status,
      });
    }
    const current = (await lockProposalAssignment(tx, proposal.rootId)) ?? { queue: null, owner: null };
    const policy = await loadActivePolicy(tx, principal.tenantId);
    const target = await plan(tx, principal, policy.document.routing, current, action);
    const reason = personReason(principal, target.reason, now);
    await upsertProposalAssignment(tx, principal.tenantId, proposal.rootId, { queue: target.queue, owner: target.owner, reason });
    await appendAuditEntry(tx, {
      tenantId: principal.tenantId,
      actor: actorFromPrincipal(principal),
      action: `proposal.${target.change}`,
      entityType: 'proposal',
      entityId: proposal.id,
      before: { queue: current.queue, owner: current.owner },
      after: { queue: target.queue, owner: target.owner, note: action.note ?? null },
    });
    const exception = proposal.exceptionId ? (await exceptionRoutingFacts(tx, [proposal.exceptionId]))[0] : undefined;
    await appendWorkAssigned(
      tx,
      {
        tenantId: principal.tenantId,
        subject: proposalSubject(proposal, exception?.severity ?? null),
        orderNumber: exception?.codes.orderNumber,
        queue: target.queue,
        owner: target.owner,
        reason: target.reason,
        rule: null,
        deadline: proposal.expiresAt,
        recipients: target.recipients,
        at: now,
      },
      target.change,
      principal.userName,
    );
    return {
      rootId: proposal.rootId,
      queue: target.queue,
      owner: target.owner,
      reason,
      escalationStep: 'escalationStep' in current ? current.escalationStep : 0,
    };
  });
}
