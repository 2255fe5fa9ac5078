/** Agent runs: the recent list, and one run's transcript as a timeline (messages, tool calls, decisions, timings). */
import type { Principal } from '../../../core/identity/roles.ts';
import type { RunTranscript, TranscriptToolCall } from '../../../agent/transcripts/transcript-schema.ts';
import { CitationList } from '../components/citation-list.tsx';
import { DecisionBadge, ProposalStatusBadge } from '../components/proposal-badges.tsx';
import { formatDateTime } from '../format.ts';
import { Layout } from '../layout.tsx';

const statusTone = (status: string) =>
  status === 'completed' || status === 'ok' || status === 'executed'
    ? 'ok'
    : status === 'running' || status === 'pending_approval'
      ? 'warn'
      : 'danger';

export function RunsPage({ principal, runs }: { principal: Principal; runs: RunTranscript[] }) {
  return (
    <Layout title="Runs" path="/runs" principal={principal}>
      <h1>Agent runs</h1>
      {runs.length === 0 ? (
        <p class="notice">No runs yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Kind</th>
                <th scope="col">Input</th>
                <th scope="col">Status</th>
                <th scope="col">Outcome</th>
                <th scope="col" class="num">
                  Tool calls
                </th>
                <th scope="col" class="num">
                  Duration
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr>
                  <td>
                    <a href={`/runs/${run.id}`}>{formatDateTime(run.startedAt)}</a>
                  </td>
                  <td>{run.kind}</td>
                  <td>{run.input.message.slice(0, 100)}</td>
                  <td>
                    <span class={`badge ${statusTone(run.status)}`}>{run.status}</span>
                  </td>
                  <td>{run.outcome?.kind ?? '—'}</td>
                  <td class="num">{run.toolCalls.length}</td>
                  <td class="num">{run.timings.totalMs !== undefined ? `${Math.round(run.timings.totalMs)} ms` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

function ToolCallEntry({ call }: { call: TranscriptToolCall }) {
  return (
    <li class="tool-call">
      <div>
        <strong>Tool call</strong> <code>{call.name}</code> <span class={`badge ${statusTone(call.status)}`}>{call.status}</span>{' '}
        {call.decision ? <DecisionBadge decision={call.decision} /> : null}
      </div>
      <div class="meta">
        step {call.step} · {formatDateTime(call.startedAt)} · {Math.round(call.durationMs)} ms{call.rule ? ` · rule ${call.rule}` : ''}
      </div>
      {call.reason ? <div>{call.reason}</div> : null}
      <details>
        <summary>Arguments and result</summary>
        <pre>
          <code>{JSON.stringify(call.args, null, 2)}</code>
        </pre>
        {call.error ? (
          <p class="notice error">
            {call.error.code}: {call.error.message}
          </p>
        ) : (
          <pre>
            <code>{JSON.stringify(call.result, null, 2)?.slice(0, 4000)}</code>
          </pre>
        )}
      </details>
      {call.proposalId ? (
        <div>
          <a href={`/approvals/${call.proposalId}`}>Proposal</a>
        </div>
      ) : null}
    </li>
  );
}

export function RunPage({ principal, run }: { principal: Principal; run: RunTranscript }) {
  const callsById = new Map(run.toolCalls.map((call) => [call.id, call]));
  return (
    <Layout title={`Run ${run.id.slice(0, 8)}`} path="/runs" principal={principal}>
      <p>
        <a href="/runs">← All runs</a>
      </p>
      <h1>
        {run.kind === 'triage' ? 'Triage run' : 'Chat run'} <span class={`badge ${statusTone(run.status)}`}>{run.status}</span>
      </h1>
      <dl class="facts card">
        <dt>Started</dt>
        <dd>{formatDateTime(run.startedAt)}</dd>
        <dt>Model</dt>
        <dd>{run.model}</dd>
        {run.exceptionId ? (
          <>
            <dt>Exception</dt>
            <dd>
              <a href={`/exceptions/${run.exceptionId}`}>{run.exceptionId}</a>
            </dd>
          </>
        ) : null}
        <dt>Outcome</dt>
        <dd>{run.outcome ? `${run.outcome.kind}${run.outcome.reason ? ` — ${run.outcome.reason}` : ''}` : '—'}</dd>
        <dt>Timings</dt>
        <dd>
          total {run.timings.totalMs !== undefined ? Math.round(run.timings.totalMs) : '—'} ms · model{' '}
          {run.timings.modelMs !== undefined ? Math.round(run.timings.modelMs) : '—'} ms ({run.timings.modelCalls ?? 0} calls) · tools{' '}
          {run.timings.toolMs !== undefined ? Math.round(run.timings.toolMs) : '—'} ms ({run.timings.toolCalls ?? 0} calls)
        </dd>
        {run.usage ? (
          <>
            <dt>Tokens</dt>
            <dd>
              {run.usage.inputTokens} in · {run.usage.outputTokens} out
            </dd>
          </>
        ) : null}
      </dl>
      <h2>Timeline</h2>
      <ol class="timeline" id="run-timeline">
        {run.messages.map((message) => {
          if (message.role === 'system') {
            return (
              <li>
                <details>
                  <summary>System prompt</summary>
                  <pre>{message.content}</pre>
                </details>
              </li>
            );
          }
          if (message.role === 'tool') return null;
          return (
            <>
              {message.content || message.role === 'user' ? (
                <li>
                  <strong>{message.role === 'user' ? 'User' : 'Assistant'}</strong>
                  <div class="answer">{message.content}</div>
                </li>
              ) : null}
              {(message.toolCalls ?? []).map((requested) => {
                const call = callsById.get(requested.id);
                return call ? (
                  <ToolCallEntry call={call} />
                ) : (
                  <li>
                    <strong>Tool call</strong> <code>{requested.name}</code>
                  </li>
                );
              })}
            </>
          );
        })}
        {run.decisions.length ? (
          <li>
            <strong>Policy decisions</strong>
            <ul>
              {run.decisions.map((decision) => (
                <li>
                  <code>{decision.tool}</code> <DecisionBadge decision={decision.decision} /> — {decision.reason}
                  {decision.rule ? ` (rule ${decision.rule})` : ''}
                </li>
              ))}
            </ul>
          </li>
        ) : null}
        {run.proposals.length ? (
          <li>
            <strong>Proposals</strong>
            <ul>
              {run.proposals.map((proposal) => (
                <li>
                  <a href={`/approvals/${proposal.id}`}>
                    <code>{proposal.tool}</code>
                  </a>{' '}
                  <ProposalStatusBadge status={proposal.status === 'pending_approval' ? 'pending' : proposal.status} /> — {proposal.reason}
                </li>
              ))}
            </ul>
          </li>
        ) : null}
        {run.error ? (
          <li>
            <p class="notice error">
              {run.error.code}: {run.error.message}
            </p>
          </li>
        ) : null}
        <li>
          <strong>Finished</strong> <span class="meta">{run.finishedAt ? formatDateTime(run.finishedAt) : 'still running'}</span>
        </li>
      </ol>
      {run.citations.length ? (
        <>
          <h2>Citations</h2>
          <CitationList citations={run.citations} />
        </>
      ) : null}
    </Layout>
  );
}
