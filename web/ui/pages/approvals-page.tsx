/** Approvals inbox: proposals by status (pending first), each with tool, target, policy reason and age. */
import { hasAnyRole, type Principal } from '../../../core/identity/roles.ts';
import type { Proposal, ProposalAssignment, ProposalStatus } from '../../../policies/index.ts';
import { Age } from '../components/exception-badges.tsx';
import { ProposalAssignee, ProposalStatusBadge } from '../components/proposal-badges.tsx';
import { provenanceView } from '../components/provenance-card.tsx';
import { Layout } from '../layout.tsx';

export const INBOX_FILTERS = ['pending', 'executed', 'rejected', 'failed', 'expired', 'denied', 'all'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

/** A one-line description of what the call would do, from its arguments. */
export function argsSummary(args: unknown): string {
  if (args === null || typeof args !== 'object') return JSON.stringify(args);
  return Object.entries(args)
    .filter(([, value]) => typeof value !== 'object' || value === null)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(' · ');
}

export function ApprovalsPage({
  principal,
  filter,
  proposals,
  assignments = new Map(),
  now,
}: {
  principal: Principal;
  filter: InboxFilter;
  proposals: Proposal[];
  /** Who decides each proposal, by its root id. */
  assignments?: ReadonlyMap<string, ProposalAssignment>;
  now: Date;
}) {
  const decider = hasAnyRole(principal, ['approver', 'admin']);
  return (
    <Layout title="Approvals" path="/approvals" principal={principal}>
      <h1>Approvals</h1>
      {decider ? null : <p class="notice">You can follow your own proposals here; approving needs the approver or admin role.</p>}
      <nav aria-label="Proposal status" class="actions">
        {INBOX_FILTERS.map((option) => (
          <a
            class={`button ${option === filter ? '' : 'secondary'}`}
            href={`/approvals?status=${option}`}
            aria-current={option === filter ? 'page' : undefined}
          >
            {option}
          </a>
        ))}
      </nav>
      {proposals.length === 0 ? (
        <p class="notice ok">Nothing {filter === 'all' ? 'here' : filter}.</p>
      ) : (
        <div class="table-wrap">
          <table id="approvals-inbox">
            <caption class="visually-hidden">Proposals ({filter})</caption>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Status</th>
                <th scope="col">Why it needs approval</th>
                <th scope="col">Proposed by</th>
                <th scope="col">With</th>
                <th scope="col">Waiting</th>
              </tr>
            </thead>
            <tbody>
              {proposals.map((proposal) => (
                <tr data-proposal-id={proposal.id}>
                  <td>
                    <a href={`/approvals/${proposal.id}`}>
                      <code>{proposal.tool}</code>
                    </a>
                    {provenanceView(proposal.evidence)?.untrusted ? (
                      // The approver sees before opening it that untrusted text (a note, an address, ERP text) asked for or shaped this.
                      <>
                        {' '}
                        <span
                          class="badge danger"
                          data-provenance="untrusted"
                          title="Its arguments or its trigger came from untrusted text"
                        >
                          untrusted source
                        </span>
                      </>
                    ) : null}
                    <div class="muted">{argsSummary(proposal.args)}</div>
                  </td>
                  <td>
                    <ProposalStatusBadge status={proposal.status} />
                  </td>
                  <td>
                    {proposal.reason}
                    {proposal.approverRole ? (
                      <div class="muted">
                        for: {proposal.approverRole}
                        {proposal.amount !== null ? ` · amount ${proposal.amount}` : ''}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    {proposal.proposer.name} <span class="muted">({proposal.origin.kind})</span>
                  </td>
                  <td class="assignment">
                    <ProposalAssignee assignment={assignments.get(proposal.rootId)} />
                  </td>
                  <td>{proposal.status === 'pending' ? <Age since={proposal.createdAt} now={now} /> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function inboxQuery(filter: InboxFilter): { status?: ProposalStatus; limit: number } {
  return filter === 'all' ? { limit: 200 } : { status: filter, limit: 200 };
}
