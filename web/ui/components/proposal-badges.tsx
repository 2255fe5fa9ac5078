/** Badges for proposal status and policy decision, and who decides it. */
import type { ProposalAssignment } from '../../../policies/index.ts';

const STATUS_TONE: Record<string, string> = {
  pending: 'warn',
  approved: 'info',
  executed: 'ok',
  failed: 'danger',
  rejected: 'neutral',
  expired: 'neutral',
  superseded: 'neutral',
  denied: 'danger',
};

export function ProposalStatusBadge({ status }: { status: string }) {
  return (
    <span class={`badge ${STATUS_TONE[status] ?? 'neutral'}`} data-proposal-status={status}>
      {status}
    </span>
  );
}

export function DecisionBadge({ decision }: { decision: string }) {
  const tone = decision === 'allow' ? 'ok' : decision === 'deny' ? 'danger' : 'warn';
  return <span class={`badge ${tone}`}>{decision.replaceAll('_', ' ')}</span>;
}

/** Who decides a proposal (its owner and/or queue) and why, in a few words. */
export function ProposalAssignee({ assignment }: { assignment: ProposalAssignment | undefined }) {
  if (!assignment || (!assignment.owner && !assignment.queue)) return <span class="muted">unassigned</span>;
  return (
    <span class="assignee">
      {assignment.owner ? <strong>{assignment.owner}</strong> : null}
      {assignment.owner && assignment.queue ? ' · ' : null}
      {assignment.queue ? `queue ${assignment.queue}` : null}
      {assignment.reason?.reason ? <div class="muted why">{assignment.reason.reason}</div> : null}
    </span>
  );
}
