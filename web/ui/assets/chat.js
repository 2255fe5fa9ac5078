// Copilot chat: posts the message to /v1/chat and renders its SSE stream (token, tool_call, tool_result,
// citation, proposal, error, done) as it arrives. Proposals show their live status.
import { announce, api, citationHref, element } from './dom.js';
import { readServerSentEvents } from './sse.js';

const form = document.getElementById('chat-form');
const log = document.getElementById('chat-log');
const status = document.getElementById('chat-status');
const input = document.getElementById('chat-message');
const sendButton = form?.querySelector('button[type="submit"]');
let threadId = form?.dataset.threadId || undefined;

const TERMINAL_PROPOSAL_STATES = new Set(['executed', 'rejected', 'denied', 'failed', 'expired', 'superseded']);

function summarizeArgs(args) {
  if (args === undefined || args === null) return '';
  const text = typeof args === 'string' ? args : JSON.stringify(args);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

function tokenText(data) {
  if (typeof data === 'string') return data;
  return data?.text ?? data?.token ?? data?.delta ?? data?.content ?? '';
}

function renderAssistantMessage() {
  const steps = element('ol', { class: 'steps', 'aria-label': 'Tool steps' });
  const answer = element('div', { class: 'answer' });
  const citations = element('ol', { class: 'citations', 'aria-label': 'Sources' });
  const proposals = element('div', { class: 'proposals' });
  const footer = element('p', { class: 'muted run-link' });
  const message = element(
    'article',
    { class: 'message assistant', 'aria-busy': 'true' },
    element('h2', { class: 'visually-hidden' }, 'Copilot answer'),
    steps,
    answer,
    citations,
    proposals,
    footer,
  );
  log.append(message);
  return { message, steps, answer, citations, proposals, footer, stepsById: new Map(), citationRefs: new Set() };
}

function proposalTone(status) {
  if (status === 'executed') return 'ok';
  if (status === 'failed' || status === 'denied') return 'danger';
  if (status === 'rejected' || status === 'expired' || status === 'superseded') return 'neutral';
  return 'warn';
}

function proposalId(data) {
  return data?.proposalId ?? data?.id;
}

async function followProposal(id, badge) {
  for (let attempt = 0; attempt < 120; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    try {
      const proposal = await api(`/v1/proposals/${encodeURIComponent(id)}`);
      badge.textContent = proposal.status;
      badge.className = `badge ${proposalTone(proposal.status)}`;
      if (TERMINAL_PROPOSAL_STATES.has(proposal.status)) return;
    } catch {
      return;
    }
  }
}

function handleEvent(view, event, data) {
  switch (event) {
    case 'token':
      view.answer.append(document.createTextNode(tokenText(data)));
      break;
    case 'tool_call': {
      const item = element('li', {}, '→ ', element('code', {}, data?.name ?? 'tool'), ' ', summarizeArgs(data?.args));
      view.steps.append(item);
      if (data?.id) view.stepsById.set(data.id, item);
      break;
    }
    case 'tool_result': {
      const item =
        (data?.id && view.stepsById.get(data.id)) || view.steps.appendChild(element('li', {}, element('code', {}, data?.name ?? 'tool')));
      const outcome = data?.status ?? (data?.error ? 'failed' : 'ok');
      item.append(
        ' ',
        element(
          'span',
          {
            class: `badge ${outcome === 'ok' || outcome === 'executed' ? 'ok' : outcome === 'pending_approval' ? 'warn' : outcome === 'denied' || outcome === 'failed' ? 'danger' : 'neutral'}`,
          },
          outcome,
        ),
      );
      if (data?.durationMs !== undefined) item.append(' ', element('span', { class: 'muted' }, `${Math.round(data.durationMs)} ms`));
      break;
    }
    case 'citation': {
      const ref = data?.ref ?? JSON.stringify(data);
      if (view.citationRefs.has(ref)) break;
      view.citationRefs.add(ref);
      const href = citationHref(data ?? {});
      const label = data?.title ? `${data.title}${data.headingPath?.length ? ` › ${data.headingPath.join(' › ')}` : ''}` : ref;
      view.citations.append(element('li', {}, href ? element('a', { href }, label) : label));
      break;
    }
    case 'proposal': {
      const id = proposalId(data);
      const badge = element('span', { class: `badge ${proposalTone(data?.status)}` }, data?.status ?? 'pending_approval');
      view.proposals.append(
        element(
          'div',
          { class: 'proposal-inline' },
          element('strong', {}, 'Proposed action: '),
          element('code', {}, data?.tool ?? 'tool'),
          ' ',
          badge,
          data?.reason ? element('div', { class: 'muted' }, data.reason) : null,
          id ? element('div', {}, element('a', { href: `/approvals/${encodeURIComponent(id)}` }, 'Open in approvals inbox')) : null,
        ),
      );
      if (id && !TERMINAL_PROPOSAL_STATES.has(data?.status)) void followProposal(id, badge);
      break;
    }
    case 'error':
      view.message.append(element('p', { class: 'notice error', role: 'alert' }, data?.message ?? String(data)));
      break;
    case 'done':
      // The final answer is authoritative (streamed tokens are its sentences as they were checked).
      if (typeof data?.answer === 'string' && data.answer.trim()) view.answer.textContent = data.answer;
      if (data?.threadId) {
        threadId = data.threadId;
        // The address names the thread, so a reload (or a link) shows it with its proposals and their updates.
        if (location.pathname === '/chat') history.replaceState(null, '', `/chat/${encodeURIComponent(threadId)}`);
        followThread();
      }
      if (data?.runId) view.footer.append(element('a', { href: `/runs/${encodeURIComponent(data.runId)}` }, 'View this run'));
      break;
    default:
      break;
  }
}

const DOWNSTREAM_LABEL = {
  executed: 'awaiting confirmation',
  confirmed: 'confirmed',
  failed: 'failed downstream',
  unconfirmed: 'unconfirmed',
};
let eventsShown = Number(log?.dataset.eventCount ?? 0);
let following = false;

function renderEvent(message) {
  return element(
    'article',
    { class: 'message event', 'data-event-kind': message.data?.kind ?? '', 'data-proposal-id': message.proposalId ?? '' },
    element('h2', { class: 'visually-hidden' }, 'Update on a proposed action'),
    element('span', { class: 'muted' }, `${new Date(message.createdAt).toLocaleString()} · update`),
    ' ',
    element('span', { class: 'event-text' }, message.content),
  );
}

function updateProposalRows(proposals) {
  const body = document.querySelector('#thread-proposals tbody');
  if (!body) return;
  for (const proposal of proposals) {
    // An edit makes a new revision: the row follows its root.
    const row = body.querySelector(`tr[data-root-id="${CSS.escape(proposal.rootId)}"]`);
    if (!row) continue;
    row.dataset.proposalId = proposal.id;
    const cell = row.querySelector('td.status');
    const badges = [
      element('span', { class: `badge ${proposalTone(proposal.status)}`, 'data-proposal-status': proposal.status }, proposal.status),
    ];
    if (proposal.downstream) {
      const tone = proposal.downstream.status === 'confirmed' ? 'ok' : proposal.downstream.status === 'executed' ? 'info' : 'danger';
      const label = `${DOWNSTREAM_LABEL[proposal.downstream.status] ?? proposal.downstream.status}${proposal.downstream.externalReference ? ` ${proposal.downstream.externalReference}` : ''}`;
      badges.push(' ', element('span', { class: `badge ${tone}`, 'data-downstream': proposal.downstream.status }, label));
    }
    cell.replaceChildren(...badges);
    const link = row.querySelector('a');
    if (link) link.href = `/approvals/${encodeURIComponent(proposal.id)}`;
  }
}

/** Polls the thread: new notices of what became of its proposals appear, and the proposals' statuses stay current. */
function followThread() {
  if (following || !threadId) return;
  following = true;
  const tick = async () => {
    try {
      const thread = await api(`/v1/chat/threads/${encodeURIComponent(threadId)}`);
      const events = thread.messages.filter((message) => message.role === 'event');
      if (events.length > eventsShown) {
        for (const message of events.slice(eventsShown)) log.append(renderEvent(message));
        announce(status, events.at(-1).content);
        eventsShown = events.length;
      }
      updateProposalRows(thread.proposals);
    } catch {
      // A transient failure: try again on the next tick.
    }
    setTimeout(tick, 4000);
  };
  setTimeout(tick, 4000);
}

if (threadId) followThread();

async function send(text) {
  log.append(element('div', { class: 'message user' }, element('h2', { class: 'visually-hidden' }, 'You asked'), text));
  const view = renderAssistantMessage();
  sendButton.disabled = true;
  announce(status, 'Copilot is answering…');
  try {
    const response = await fetch(form.dataset.endpoint, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify(threadId ? { message: text, threadId } : { message: text }),
    });
    if (!response.ok || !response.headers.get('Content-Type')?.includes('text/event-stream')) {
      const body = await response.json().catch(() => undefined);
      handleEvent(view, 'error', { message: body?.error?.message ?? `chat failed with status ${response.status}` });
      return;
    }
    for await (const { event, data } of readServerSentEvents(response)) handleEvent(view, event, data);
    announce(status, 'Answer complete.');
  } catch (error) {
    handleEvent(view, 'error', { message: `connection lost: ${error.message}` });
  } finally {
    view.message.setAttribute('aria-busy', 'false');
    sendButton.disabled = false;
    input.focus();
  }
}

form?.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text || sendButton.disabled) return;
  input.value = '';
  void send(text);
});

input?.addEventListener('keydown', (event) => {
  // Enter sends; Shift+Enter adds a line.
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});
