/**
 * The chat thread hears what became of the actions it proposed. When an approver approves, rejects or
 * edits a proposal, when it expires, runs or fails, and when the system of record confirms it or
 * reports it failed, the thread whose run proposed it gets an `event` turn saying so — written in the
 * transaction of the change, once per change. What the run itself already reported (a proposal made
 * pending, an allowed action executed or denied in the same turn) is not repeated.
 */
import type { ActionOutcomeEvent } from '../../core/actions/index.ts';
import type { Tx } from '../../core/db/database.ts';
import { findProposalInTransaction, type ProposalEvent } from '../../policies/index.ts';
import { appendThreadEvent, findThreadOfRun } from '../transcripts/threads.ts';

/** What happened to a proposal, as the thread reports it. */
export const THREAD_EVENT_KINDS = [
  'proposal.approved',
  'proposal.rejected',
  'proposal.edited',
  'proposal.expired',
  'action.executed',
  'action.failed',
  'action.confirmed',
  'action.failed_downstream',
  'action.unconfirmed',
] as const;
export type ThreadEventKind = (typeof THREAD_EVENT_KINDS)[number];

export interface ThreadEventFacts {
  kind: ThreadEventKind;
  proposalId: string;
  tool: string;
  /** The proposal's status after the change (the downstream status for action.* outcomes). */
  status: string;
  by?: string;
  comment?: string;
  reason?: string;
  revision?: number;
  revisionId?: string;
  externalReference?: string;
  system?: string;
}

const shortId = (id: string): string => id.slice(0, 8);
const quoted = (text: string | undefined): string => (text ? `: “${text.length > 300 ? `${text.slice(0, 299)}…` : text}”` : '');

/** The sentence the thread shows (and the next turn's model reads, fenced as data). */
export function describeThreadEvent(facts: ThreadEventFacts): string {
  const subject = `${facts.tool} (proposal ${shortId(facts.proposalId)})`;
  const by = facts.by ? ` by ${facts.by}` : '';
  switch (facts.kind) {
    case 'proposal.approved':
      return `${subject} was approved${by}${quoted(facts.comment)}.`;
    case 'proposal.rejected':
      return `${subject} was rejected${by}${quoted(facts.reason)}. Nothing was executed.`;
    case 'proposal.edited':
      return `${subject} was edited${by} into revision ${facts.revision ?? '?'}${facts.revisionId ? ` (proposal ${shortId(facts.revisionId)})` : ''}${quoted(facts.comment)}; the new revision is decided again.`;
    case 'proposal.expired':
      return `${subject} expired: nobody decided it in time. Nothing was executed.`;
    case 'action.executed':
      return `${subject} was executed.`;
    case 'action.failed':
      return `${subject} failed when it ran${quoted(facts.reason)}.`;
    case 'action.confirmed':
      return `${subject} was confirmed by ${facts.system ?? 'the system of record'}${facts.externalReference ? ` (reference ${facts.externalReference})` : ''}.`;
    case 'action.failed_downstream':
      return `${subject} failed downstream in ${facts.system ?? 'the system of record'}${quoted(facts.reason)}.`;
    case 'action.unconfirmed':
      return `${subject} was not confirmed by the system of record in time; it may not have been applied there.`;
  }
}

const asText = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);

/** The thread event for a proposal change, or undefined for changes the run itself reported. */
export function factsForProposalChange(event: ProposalEvent): ThreadEventFacts | undefined {
  const base = { proposalId: event.proposalId, tool: event.tool, status: event.status };
  const by = event.actor?.kind === 'system' ? undefined : event.actor?.name;
  const note = event.note ?? {};
  const byField = by ? { by } : {};
  switch (event.status) {
    case 'approved': {
      const comment = asText(note.comment);
      return { ...base, kind: 'proposal.approved', ...byField, ...(comment ? { comment } : {}) };
    }
    case 'rejected': {
      const reason = asText(note.reason) ?? event.error?.message;
      return { ...base, kind: 'proposal.rejected', ...byField, ...(reason ? { reason } : {}) };
    }
    case 'superseded': {
      const comment = asText(note.comment);
      const revisionId = asText(note.supersededBy);
      return {
        ...base,
        kind: 'proposal.edited',
        ...byField,
        ...(typeof note.revision === 'number' ? { revision: note.revision } : {}),
        ...(revisionId ? { revisionId } : {}),
        ...(comment ? { comment } : {}),
      };
    }
    case 'expired':
      return { ...base, kind: 'proposal.expired' };
    // An allowed action ran inside the chat turn that proposed it; that turn's answer already says so.
    case 'executed':
      return event.decision === 'allow' ? undefined : { ...base, kind: 'action.executed' };
    case 'failed':
      return event.decision === 'allow'
        ? undefined
        : { ...base, kind: 'action.failed', ...(event.error?.message ? { reason: event.error.message } : {}) };
    default:
      return undefined;
  }
}

export function factsForActionOutcome(event: ActionOutcomeEvent): ThreadEventFacts | undefined {
  const { outcome } = event;
  const base = {
    proposalId: outcome.proposalId,
    tool: outcome.tool,
    status: outcome.status,
    ...(event.system ? { system: event.system } : {}),
  };
  if (outcome.status === 'confirmed') {
    return { ...base, kind: 'action.confirmed', ...(outcome.externalReference ? { externalReference: outcome.externalReference } : {}) };
  }
  if (outcome.status === 'failed') {
    return { ...base, kind: 'action.failed_downstream', ...(outcome.failureReason ? { reason: outcome.failureReason } : {}) };
  }
  if (outcome.status === 'unconfirmed') return { ...base, kind: 'action.unconfirmed' };
  return undefined;
}

async function post(tx: Tx, tenantId: string, runId: string | null | undefined, facts: ThreadEventFacts): Promise<void> {
  if (!runId) return;
  const threadId = await findThreadOfRun(tx, tenantId, runId);
  if (!threadId) return;
  await appendThreadEvent(tx, {
    tenantId,
    threadId,
    content: describeThreadEvent(facts),
    proposalId: facts.proposalId,
    data: { ...facts },
    eventKey: `${facts.proposalId}:${facts.kind}`,
  });
}

/** Listener for policies' onProposalChanged. */
export async function postProposalChange(event: ProposalEvent, tx: Tx): Promise<void> {
  const facts = factsForProposalChange(event);
  if (facts) await post(tx, event.tenantId, event.runId, facts);
}

/** Listener for core's onActionOutcome. */
export async function postActionOutcome(event: ActionOutcomeEvent, tx: Tx): Promise<void> {
  const facts = factsForActionOutcome(event);
  if (!facts) return;
  const proposal = await findProposalInTransaction(tx, event.outcome.proposalId);
  await post(tx, event.tenantId, proposal?.runId, facts);
}
