/** Badges for proposal status and policy decision. */
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
