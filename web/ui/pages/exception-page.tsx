/** One exception: facts, SLA, evidence, history, and the proposals drafted for it. */
import type { ExceptionDetail } from '../../../core/exceptions/index.ts';
import type { Principal } from '../../../core/identity/roles.ts';
import type { Proposal } from '../../../policies/index.ts';
import { AssignmentControls } from '../components/assignment-controls.tsx';
import { Age, SeverityBadge, SlaCountdown, StatusBadge } from '../components/exception-badges.tsx';
import { EvidenceList } from '../components/evidence-list.tsx';
import { forecastAnchor } from '../components/sku-forecast.tsx';
import { ProposalStatusBadge } from '../components/proposal-badges.tsx';
import { formatDateTime } from '../format.ts';
import { Layout } from '../layout.tsx';

/** Who has this exception and why, in words, at the top of the page (a hand-off reads as one, not as a failure). */
export function AssignmentBanner({ exception }: { exception: ExceptionDetail }) {
  const { owner, queue, reason } = exception.assignment;
  if (!owner && !queue && !reason) return null;
  const handedOff = reason?.by === 'agent';
  const live = exception.status === 'open' || exception.status === 'triaging' || exception.status === 'awaiting_approval';
  return (
    <section class={`notice ${handedOff && live ? 'warn' : 'info'}`} id="assignment" aria-label="Who has this exception">
      <p>
        <strong>{handedOff ? 'Handed to a person' : 'Assigned'}</strong> —{' '}
        {owner ? (
          <>
            with <strong>{owner}</strong>
            {queue ? (
              <>
                {' '}
                in queue <strong>{queue}</strong>
              </>
            ) : null}
          </>
        ) : (
          <>
            waiting in queue <strong>{queue}</strong>, no owner yet
          </>
        )}
        .
      </p>
      {reason ? (
        <p>
          <span class="why">{reason.reason}</span>{' '}
          <span class="muted">
            ({reason.by === 'rule' ? `routing rule ${reason.rule ?? ''}, policy v${reason.policyVersion ?? 0}` : reason.actor},{' '}
            {formatDateTime(new Date(reason.at))})
          </span>
        </p>
      ) : null}
    </section>
  );
}

/** A predicted exception links to what it was predicted from: the SKU's forecast at the location, or the risks view. */
function PredictionLinks({ exception }: { exception: ExceptionDetail }) {
  if (exception.type === 'stockout_risk') {
    const { skuCode, locationCode } = exception.evidence;
    return (
      <p>
        <a href={`/inventory/${encodeURIComponent(skuCode)}#${forecastAnchor(locationCode)}`}>
          Forecast and projected stock of {skuCode} at {locationCode}
        </a>{' '}
        · <a href="/risks">All predicted risks</a>
      </p>
    );
  }
  if (exception.type === 'late_shipment_risk')
    return (
      <p>
        <a href={`/orders/${encodeURIComponent(exception.evidence.orderNumber)}`}>Order {exception.evidence.orderNumber}</a> ·{' '}
        <a href="/risks">All predicted risks</a>
      </p>
    );
  return null;
}

export function ExceptionPage({
  principal,
  exception,
  proposals,
  now,
  assignmentError,
  assignmentDone,
}: {
  principal: Principal;
  exception: ExceptionDetail;
  proposals: Proposal[];
  now: Date;
  /** A take / hand-over / release that was refused, in words. */
  assignmentError?: string | undefined;
  assignmentDone?: string | undefined;
}) {
  return (
    <Layout title={exception.title} path="/exceptions" principal={principal} scripts={['countdown.js']}>
      <p>
        <a href="/exceptions">← Exception queue</a>
      </p>
      <h1>{exception.title}</h1>
      <AssignmentBanner exception={exception} />
      <AssignmentControls
        principal={principal}
        action={`/exceptions/${exception.id}/assignment`}
        state={{
          owner: exception.assignment.owner,
          queue: exception.assignment.queue,
          live: exception.status === 'open' || exception.status === 'triaging' || exception.status === 'awaiting_approval',
        }}
        error={assignmentError}
        done={assignmentDone}
      />
      <div class="grid">
        <section class="card" aria-labelledby="facts-heading">
          <h2 id="facts-heading">Facts</h2>
          <dl class="facts">
            <dt>Type</dt>
            <dd>{exception.type.replaceAll('_', ' ')}</dd>
            <dt>Severity</dt>
            <dd>
              <SeverityBadge severity={exception.severity} />
            </dd>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={exception.status} />
            </dd>
            <dt>Detected</dt>
            <dd>
              {formatDateTime(exception.detectedAt)} (<Age since={exception.detectedAt} now={now} /> ago)
            </dd>
            <dt>SLA</dt>
            <dd>
              <SlaCountdown exception={exception} now={now} /> · resolve by {formatDateTime(exception.slaDueAt)}
            </dd>
            {Object.entries(exception.codes).map(([name, code]) =>
              code ? (
                <>
                  <dt>{name}</dt>
                  <dd>
                    {name === 'orderNumber' ? (
                      <a href={`/orders/${encodeURIComponent(code)}`}>{code}</a>
                    ) : name === 'skuCode' ? (
                      <a href={`/inventory/${encodeURIComponent(code)}`}>{code}</a>
                    ) : (
                      code
                    )}
                  </dd>
                </>
              ) : null,
            )}
            <dt>Triage</dt>
            <dd>
              {exception.triage.lastRunId ? <a href={`/runs/${exception.triage.lastRunId}`}>Latest triage run</a> : 'not triaged yet'}
              {exception.triage.parked ? <span class="badge warn">parked</span> : null}
            </dd>
            {exception.resolution.resolvedAt ? (
              <>
                <dt>Resolution</dt>
                <dd>
                  {exception.resolution.how ?? '—'} · {exception.resolution.code ?? '—'} · {exception.resolution.note ?? ''}
                </dd>
              </>
            ) : null}
          </dl>
        </section>
        <section class="card" aria-labelledby="evidence-heading">
          <h2 id="evidence-heading">Evidence</h2>
          <PredictionLinks exception={exception} />
          <EvidenceList type={exception.type} evidence={exception.evidence as Record<string, unknown>} />
        </section>
      </div>
      <section aria-labelledby="proposals-heading">
        <h2 id="proposals-heading">Proposed actions</h2>
        {proposals.length === 0 ? (
          <p class="muted">
            {exception.assignment.reason?.by === 'agent'
              ? 'No action proposed: the agent handed this exception to a person (see why above).'
              : 'No actions proposed for this exception.'}
          </p>
        ) : (
          <ul>
            {proposals.map((proposal) => (
              <li>
                <a href={`/approvals/${proposal.id}`}>
                  <code>{proposal.tool}</code>
                </a>{' '}
                <ProposalStatusBadge status={proposal.status} /> — {proposal.reason}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <ol class="timeline">
          {exception.history.map((entry) => (
            <li>
              <div>
                <strong>{entry.kind.replaceAll('_', ' ')}</strong>
                {entry.toStatus ? (
                  <>
                    {' '}
                    → <StatusBadge status={entry.toStatus} />
                  </>
                ) : null}
              </div>
              <div class="meta">
                {formatDateTime(entry.occurredAt)} · {entry.actor}
              </div>
              {entry.note ? <div>{entry.note}</div> : null}
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}
