/**
 * Copilot chat: the answer streams in (POST /v1/chat, SSE) with tool steps, citations and proposals.
 * An open thread shows its earlier turns — including the system's notices of what became of its
 * proposals — and every action it proposed with its current status (kept fresh by chat.js).
 */
import type { Principal } from '../../../core/identity/roles.ts';
import type { ThreadProposalView, ThreadView } from '../../../agent/chat/thread-view.ts';
import type { Thread } from '../../../agent/transcripts/threads.ts';
import { ProposalStatusBadge } from '../components/proposal-badges.tsx';
import { formatDateTime } from '../format.ts';
import { Layout } from '../layout.tsx';

const DOWNSTREAM_LABEL: Record<string, string> = {
  executed: 'awaiting confirmation',
  confirmed: 'confirmed',
  failed: 'failed downstream',
  unconfirmed: 'unconfirmed',
};

function summarizeArgs(args: unknown): string {
  const text = typeof args === 'string' ? args : JSON.stringify(args ?? {});
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

function ProposalRow({ proposal }: { proposal: ThreadProposalView }) {
  const downstream = proposal.downstream;
  return (
    <tr data-proposal-id={proposal.id} data-root-id={proposal.rootId}>
      <td>
        <code>{proposal.tool}</code> <span class="muted">{summarizeArgs(proposal.args)}</span>
        {proposal.revision > 1 ? <span class="muted"> (revision {proposal.revision})</span> : null}
      </td>
      <td class="status">
        <ProposalStatusBadge status={proposal.status} />
        {downstream ? (
          <span
            class={`badge ${downstream.status === 'confirmed' ? 'ok' : downstream.status === 'executed' ? 'info' : 'danger'}`}
            data-downstream={downstream.status}
          >
            {DOWNSTREAM_LABEL[downstream.status] ?? downstream.status}
            {downstream.externalReference ? ` ${downstream.externalReference}` : ''}
          </span>
        ) : null}
        {proposal.error && proposal.status !== 'expired' ? <div class="muted why">{proposal.error.message}</div> : null}
      </td>
      <td class="updated">{formatDateTime(proposal.updatedAt)}</td>
      <td>
        <a href={`/approvals/${encodeURIComponent(proposal.id)}`}>Open</a>
      </td>
    </tr>
  );
}

function ThreadTurns({ view }: { view: ThreadView }) {
  return (
    <>
      {view.messages.map((message) =>
        message.role === 'user' ? (
          <div class="message user">
            <h2 class="visually-hidden">You asked</h2>
            {message.content}
          </div>
        ) : message.role === 'event' ? (
          <article class="message event" data-event-kind={String(message.data?.kind ?? '')} data-proposal-id={message.proposalId ?? ''}>
            <h2 class="visually-hidden">Update on a proposed action</h2>
            <span class="muted">{formatDateTime(message.createdAt)} · update</span> <span class="event-text">{message.content}</span>
          </article>
        ) : (
          <article class="message assistant">
            <h2 class="visually-hidden">Copilot answer</h2>
            <div class="answer">{message.content}</div>
            {message.runId ? (
              <p class="muted run-link">
                <a href={`/runs/${encodeURIComponent(message.runId)}`}>View this run</a>
              </p>
            ) : null}
          </article>
        ),
      )}
    </>
  );
}

export function ChatPage({
  principal,
  initialMessage,
  threads = [],
  view,
}: {
  principal: Principal;
  initialMessage?: string;
  threads?: readonly Thread[];
  view?: ThreadView;
}) {
  return (
    <Layout title="Copilot" path="/chat" principal={principal} scripts={['chat.js']}>
      <h1>{view ? view.thread.title : 'Copilot'}</h1>
      <p class="muted">
        Ask about an order, a SKU’s stock or an exception. Answers cite the runbooks and tool results they rest on; actions it proposes go
        to the approvals inbox, and this conversation is told what became of them.
      </p>
      {threads.length ? (
        <details class="threads" open={!view}>
          <summary>Your conversations ({threads.length})</summary>
          <ul id="chat-threads">
            {view ? (
              <li>
                <a href="/chat">New conversation</a>
              </li>
            ) : null}
            {threads.map((thread) => (
              <li>
                <a href={`/chat/${thread.id}`} aria-current={view?.thread.id === thread.id ? 'page' : undefined}>
                  {thread.title}
                </a>{' '}
                <span class="muted">{formatDateTime(thread.updatedAt)}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {view ? (
        <section aria-labelledby="thread-proposals-heading" id="thread-proposals" data-thread-id={view.thread.id}>
          <h2 id="thread-proposals-heading">Proposed actions in this conversation</h2>
          {view.proposals.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">Action</th>
                  <th scope="col">Status</th>
                  <th scope="col">Updated</th>
                  <th scope="col">
                    <span class="visually-hidden">Link</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {view.proposals.map((proposal) => (
                  <ProposalRow proposal={proposal} />
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">Nothing proposed in this conversation yet.</p>
          )}
        </section>
      ) : null}
      <section class="chat" aria-label="Conversation">
        <div
          id="chat-log"
          class="chat-log"
          data-event-count={String(view?.messages.filter((message) => message.role === 'event').length ?? 0)}
        >
          {view ? <ThreadTurns view={view} /> : null}
        </div>
        <p id="chat-status" class="visually-hidden" role="status" aria-live="polite"></p>
        <form id="chat-form" class="chat-form" data-endpoint="/v1/chat" data-thread-id={view?.thread.id}>
          <div class="field">
            <label for="chat-message">Message</label>
            <textarea id="chat-message" name="message" required maxlength={4000} placeholder="Why is order 10482 stuck?">
              {initialMessage ?? ''}
            </textarea>
          </div>
          <button type="submit">Send</button>
        </form>
      </section>
    </Layout>
  );
}
