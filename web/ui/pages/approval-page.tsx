/**
 * One proposal for an approver: the tool and its arguments (an edit shown as a diff against the
 * previous revision), rationale, citations, evidence, the policy rule and reason, and the approve /
 * edit / reject forms. The buttons are a convenience: the server enforces roles and four-eyes.
 */
import { hasAnyRole, type Principal } from '../../../core/identity/roles.ts';
import type { ProposalAssignment, ProposalDetail } from '../../../policies/index.ts';
import { diffArgs } from '../args-diff.ts';
import { CitationList } from '../components/citation-list.tsx';
import { DecisionBadge, ProposalAssignee, ProposalStatusBadge } from '../components/proposal-badges.tsx';
import { isProvenanceFact, ProvenanceCard, provenanceView } from '../components/provenance-card.tsx';
import { formatDateTime } from '../format.ts';
import { Layout } from '../layout.tsx';

function ArgsDiff({ before, after }: { before: unknown; after: unknown }) {
  return (
    <ul class="diff" aria-label="Changes to the arguments">
      {diffArgs(before, after).map((line) =>
        line.kind === 'same' ? (
          <li>{`  ${line.path}: ${line.after}`}</li>
        ) : (
          <>
            {line.before !== undefined ? (
              <li class="removed">
                <span class="visually-hidden">removed </span>
                {`- ${line.path}: ${line.before}`}
              </li>
            ) : null}
            {line.after !== undefined ? (
              <li class="added">
                <span class="visually-hidden">added </span>
                {`+ ${line.path}: ${line.after}`}
              </li>
            ) : null}
          </>
        ),
      )}
    </ul>
  );
}

/** executed → confirmed / failed downstream / unconfirmed, in words. */
function downstreamText(outcome: NonNullable<ProposalDetail['downstream']>): string {
  if (outcome.status === 'confirmed') return `executed → confirmed by the system of record (reference ${outcome.externalReference ?? '—'})`;
  if (outcome.status === 'failed') return `executed → failed downstream: ${outcome.failureReason ?? 'no reason given'}`;
  if (outcome.status === 'unconfirmed')
    return `executed → unconfirmed: no confirmation by ${formatDateTime(outcome.confirmBy ?? outcome.executedAt)}`;
  return outcome.confirmBy ? `executed, awaiting confirmation until ${formatDateTime(outcome.confirmBy)}` : 'executed';
}

export function ApprovalPage({
  principal,
  proposal,
  assignment,
}: {
  principal: Principal;
  proposal: ProposalDetail;
  /** Who decides it (owner and/or queue) and why; none before it was routed. */
  assignment?: ProposalAssignment | undefined;
}) {
  const provenance = provenanceView(proposal.evidence);
  const previous = proposal.revisions.find((revision) => revision.revision === proposal.revision - 1);
  const isOwn = proposal.proposer.userId === principal.userId;
  const mayDecide = proposal.status === 'pending' && hasAnyRole(principal, ['approver', 'admin']);
  return (
    <Layout title={`Proposal: ${proposal.tool}`} path="/approvals" principal={principal} scripts={['approvals.js']}>
      <p>
        <a href="/approvals">← Approvals inbox</a>
      </p>
      <h1>
        <code>{proposal.tool}</code> <ProposalStatusBadge status={proposal.status} />
      </h1>
      <div id="proposal" data-proposal-id={proposal.id}>
        <p id="proposal-outcome" role="status" aria-live="polite"></p>
        <div class="grid">
          <section class="card" aria-labelledby="args-heading">
            <h2 id="args-heading">Arguments{previous ? ` (edited: revision ${proposal.revision})` : ''}</h2>
            {previous ? (
              <ArgsDiff before={previous.args} after={proposal.args} />
            ) : (
              <pre>
                <code>{JSON.stringify(proposal.args, null, 2)}</code>
              </pre>
            )}
          </section>
          <section class="card" aria-labelledby="policy-heading">
            <h2 id="policy-heading">Policy</h2>
            <dl class="facts">
              <dt>Decision</dt>
              <dd>
                <DecisionBadge decision={proposal.decision} />
              </dd>
              <dt>Rule</dt>
              <dd>
                <code>{proposal.ruleId}</code> (policy v{proposal.policyVersion})
              </dd>
              <dt>Reason</dt>
              <dd>{proposal.reason}</dd>
              <dt>Approver</dt>
              <dd>{proposal.approverRole ?? '—'}</dd>
              <dt>With</dt>
              <dd id="proposal-assignment">
                <ProposalAssignee assignment={assignment} />
              </dd>
              {proposal.amount !== null ? (
                <>
                  <dt>Amount</dt>
                  <dd>{proposal.amount}</dd>
                </>
              ) : null}
              <dt>Proposed by</dt>
              <dd>
                {proposal.proposer.name} ({proposal.origin.kind}
                {proposal.origin.ref ? `: ${proposal.origin.ref}` : ''}) · {formatDateTime(proposal.createdAt)}
              </dd>
              {proposal.downstream ? (
                <>
                  <dt>Downstream</dt>
                  <dd id="proposal-downstream">{downstreamText(proposal.downstream)}</dd>
                </>
              ) : null}
              {proposal.expiresAt ? (
                <>
                  <dt>Expires</dt>
                  <dd>{formatDateTime(proposal.expiresAt)}</dd>
                </>
              ) : null}
              {proposal.exceptionId ? (
                <>
                  <dt>Exception</dt>
                  <dd>
                    <a href={`/exceptions/${proposal.exceptionId}`}>{proposal.exceptionType ?? 'exception'}</a>
                  </dd>
                </>
              ) : null}
              {proposal.runId ? (
                <>
                  <dt>Run</dt>
                  <dd>
                    <a href={`/runs/${proposal.runId}`}>Agent run</a>
                  </dd>
                </>
              ) : null}
            </dl>
          </section>
        </div>
        <section class="card" aria-labelledby="rationale-heading">
          <h2 id="rationale-heading">Rationale</h2>
          <p>{proposal.rationale ?? <span class="muted">None given.</span>}</p>
          <h3>Citations</h3>
          <CitationList citations={proposal.citations} />
        </section>
        {provenance ? <ProvenanceCard view={provenance} /> : null}
        <section class="card" aria-labelledby="evidence-heading">
          <h2 id="evidence-heading">Evidence</h2>
          <p class="muted">What the tool found when it checked current state before the decision.</p>
          <dl class="facts">
            {Object.entries(proposal.evidence)
              .filter(([name]) => !isProvenanceFact(name))
              .map(([name, value]) => (
                <>
                  <dt>{name}</dt>
                  <dd>{String(value)}</dd>
                </>
              ))}
          </dl>
        </section>
        {proposal.error ? (
          <p class="notice error">
            {proposal.error.code}: {proposal.error.message}
          </p>
        ) : null}
        {proposal.approvals.length ? (
          <section aria-labelledby="decisions-heading">
            <h2 id="decisions-heading">Decisions</h2>
            <ul>
              {proposal.approvals.map((approval) => (
                <li>
                  <strong>{approval.decision}</strong> by {approval.userName}, {formatDateTime(approval.createdAt)}
                  {approval.comment ? ` — “${approval.comment}”` : ''}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {mayDecide && isOwn ? <p class="notice">You proposed this action, so someone else has to approve it (four-eyes).</p> : null}
        {mayDecide && !isOwn ? (
          <section class="card" aria-labelledby="decide-heading" id="decide">
            <h2 id="decide-heading">Decide</h2>
            <form id="approve-form" class="field">
              <label for="approve-comment">Comment (optional)</label>
              <textarea id="approve-comment" name="comment" maxlength={2000}></textarea>
              <div class="actions">
                <button type="submit">Approve and execute</button>
              </div>
            </form>
            <form id="reject-form" class="field">
              <label for="reject-reason">Reason for rejecting</label>
              <textarea id="reject-reason" name="reason" maxlength={2000} required></textarea>
              <div class="actions">
                <button type="submit" class="danger">
                  Reject
                </button>
              </div>
            </form>
            <details>
              <summary>Edit the arguments</summary>
              <form id="edit-form" class="field">
                <label for="edit-args">Arguments (JSON)</label>
                <textarea id="edit-args" name="args" rows={10} spellcheck={false}>
                  {JSON.stringify(proposal.args, null, 2)}
                </textarea>
                <label for="edit-comment">Comment</label>
                <textarea id="edit-comment" name="comment" maxlength={2000}></textarea>
                <p class="muted">The edited call is validated and decided by the policy again; it may then need another approver.</p>
                <div class="actions">
                  <button type="submit" class="secondary">
                    Save edit
                  </button>
                </div>
              </form>
            </details>
          </section>
        ) : null}
      </div>
    </Layout>
  );
}
