/**
 * POST /v1/chat: one chat turn, streamed as Server-Sent Events (token, tool_call, tool_result,
 * citation, proposal, error, done) — or, with `Accept: application/json`, answered as one JSON
 * document. GET /v1/chat/threads[/:id]: the caller's own threads. Input errors (bad body, unknown
 * thread) are ordinary JSON errors, raised before the stream starts.
 */
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { parseOrThrow, ValidationError } from '../../core/errors.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { chatRequestSchema, runChat, type ChatDependencies } from '../../agent/chat/chat.ts';
import type { AgentEvent } from '../../agent/events.ts';
import { getThread, listThreadMessages, listThreads } from '../../agent/transcripts/threads.ts';
import { requireRoles } from '../auth/require-auth.ts';
import { getPrincipal, type AppEnv } from '../context.ts';

export const CHAT_ROLES = ['rep', 'approver', 'admin'] as const;

/** The SSE payload of an event: the event without its `type` (that is the SSE event name); citations flat. */
export function ssePayload(event: AgentEvent): unknown {
  if (event.type === 'citation') return event.citation;
  const { type: _type, ...payload } = event;
  return payload;
}

async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new ValidationError('request body must be JSON: { "message": string, "threadId"?: uuid }');
  }
}

export function registerChatRoutes(app: Hono<AppEnv>, deps: ChatDependencies): void {
  app.post('/v1/chat', requireRoles(...CHAT_ROLES), async function chatTurn(c) {
    const principal: Principal = getPrincipal(c);
    const request = parseOrThrow(chatRequestSchema, await readJson(c.req.raw), 'chat request');
    // An unknown or foreign thread is a 404 now, not an error event inside a 200 stream.
    if (request.threadId) await getThread(deps.db, principal.tenantId, principal.userId, request.threadId);

    const accept = c.req.header('Accept') ?? '';
    if (accept.includes('application/json') && !accept.includes('text/event-stream')) {
      return c.json(await runChat(deps, principal, request));
    }

    return streamSSE(c, async (stream) => {
      const cancel = new AbortController();
      stream.onAbort(() => cancel.abort());
      // Events arrive synchronously from the run; writes are chained so they leave in order.
      let writing: Promise<void> = Promise.resolve();
      const onEvent = (event: AgentEvent): void => {
        if (event.type === 'run_started') return;
        writing = writing.then(() => (stream.aborted ? undefined : stream.writeSSE({ event: event.type, data: JSON.stringify(ssePayload(event)) })));
      };
      try {
        await runChat(deps, principal, request, { onEvent, signal: cancel.signal });
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'internal';
        onEvent({ type: 'error', code, message: code === 'internal' ? 'internal error' : (error as Error).message });
      }
      await writing;
    });
  });

  app.get('/v1/chat/threads', requireRoles(...CHAT_ROLES), async function listOwnThreads(c) {
    const principal = getPrincipal(c);
    const threads = await listThreads(deps.db, principal.tenantId, principal.userId);
    return c.json({ threads: threads.map((thread) => ({ id: thread.id, title: thread.title, createdAt: thread.createdAt, updatedAt: thread.updatedAt })) });
  });

  app.get('/v1/chat/threads/:id', requireRoles(...CHAT_ROLES), async function getOwnThread(c) {
    const principal = getPrincipal(c);
    const thread = await getThread(deps.db, principal.tenantId, principal.userId, c.req.param('id'));
    const messages = await listThreadMessages(deps.db, principal.tenantId, thread.id, 200);
    return c.json({ id: thread.id, title: thread.title, createdAt: thread.createdAt, updatedAt: thread.updatedAt, messages });
  });
}
