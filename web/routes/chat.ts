/**
 * POST /v1/chat: one chat turn, streamed as Server-Sent Events (token, tool_call, tool_result,
 * citation, proposal, error, done) — or, with `Accept: application/json`, answered as one JSON
 * document. GET /v1/chat/threads[/{threadId}]: the caller's own threads. Input errors (bad body,
 * unknown thread) are ordinary JSON errors, raised before any stream starts.
 */
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import type { Role } from '../../core/identity/roles.ts';
import { chatRequestSchema, runChat, type ChatDependencies } from '../../agent/chat/chat.ts';
import type { AgentEvent } from '../../agent/events.ts';
import { getThreadView } from '../../agent/chat/thread-view.ts';
import { getThread, listThreads } from '../../agent/transcripts/threads.ts';
import { transcriptProposalSchema } from '../../agent/transcripts/transcript-schema.ts';
import { citationSchema } from '../../retrieval/citation.ts';
import { addRoute, type ApiRouter } from '../api/openapi.ts';
import { getPrincipal } from '../context.ts';

export const CHAT_ROLES: readonly Role[] = ['rep', 'approver', 'admin'];

const chatResultSchema = z
  .object({
    threadId: z.uuid(),
    runId: z.uuid(),
    status: z.enum(['completed', 'failed']),
    answer: z.string(),
    citations: z.array(citationSchema),
    proposals: z.array(transcriptProposalSchema),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .meta({ id: 'ChatResult' });

const threadSchema = z.object({ id: z.uuid(), title: z.string(), createdAt: z.string(), updatedAt: z.string() });
const threadMessageSchema = z.object({
  role: z.enum(['user', 'assistant', 'event']).meta({
    description:
      '`event`: written by the system — what became of an action the thread proposed (approved, rejected, edited, expired, executed, confirmed, failed downstream).',
  }),
  content: z.string(),
  runId: z.string().nullable(),
  proposalId: z.string().nullable(),
  data: z
    .record(z.string(), z.unknown())
    .nullable()
    .meta({ description: 'Event turns: kind, proposalId, tool, status, by, comment, reason…' }),
  createdAt: z.string(),
});
const threadProposalSchema = z.object({
  id: z.string(),
  rootId: z.string(),
  revision: z.number().int(),
  tool: z.string(),
  args: z.unknown(),
  status: z.string(),
  decision: z.string(),
  approverRole: z.string().nullable(),
  reason: z.string(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  downstream: z.object({ status: z.string(), externalReference: z.string().nullable(), failureReason: z.string().nullable() }).nullable(),
  runId: z.string().nullable(),
  updatedAt: z.string(),
});

/** The SSE payload of an event: the event without its `type` (that is the SSE event name); citations flat. */
export function ssePayload(event: AgentEvent): unknown {
  if (event.type === 'citation') return event.citation;
  const { type: _type, ...payload } = event;
  return payload;
}

export function registerChatRoutes(api: ApiRouter, deps: ChatDependencies): void {
  addRoute(
    api,
    {
      method: 'post',
      path: '/v1/chat',
      tags: ['agent'],
      summary: 'One chat turn with the copilot, in a new or existing thread',
      description:
        'Streams `text/event-stream` with events token {text}, tool_call {id,name,args}, tool_result {id,name,status,decision,reason,error?}, ' +
        'citation {ref,title,…}, proposal {id,tool,args,decision,status,approverRole?,reason}, error {code,message} and done ' +
        '{runId,threadId,status,answer,citations,proposals}. With `Accept: application/json` (and not text/event-stream) it answers once with the JSON below.',
      access: CHAT_ROLES,
      body: chatRequestSchema,
      response: chatResultSchema,
      responseDescription: 'The answer (JSON mode); the SSE stream otherwise',
      errors: [404],
    },
    async (c, { body }) => {
      const principal = getPrincipal(c);
      // An unknown or foreign thread is a 404 now, not an error event inside a 200 stream.
      if (body.threadId) await getThread(deps.db, principal.tenantId, principal.userId, body.threadId);

      const accept = c.req.header('Accept') ?? '';
      if (accept.includes('application/json') && !accept.includes('text/event-stream')) return runChat(deps, principal, body);

      return streamSSE(c, async (stream) => {
        const cancel = new AbortController();
        stream.onAbort(() => cancel.abort());
        // Events arrive synchronously from the run; writes are chained so they leave in order.
        let writing: Promise<void> = Promise.resolve();
        const onEvent = (event: AgentEvent): void => {
          if (event.type === 'run_started') return;
          writing = writing.then(() =>
            stream.aborted ? undefined : stream.writeSSE({ event: event.type, data: JSON.stringify(ssePayload(event)) }),
          );
        };
        try {
          await runChat(deps, principal, body, { onEvent, signal: cancel.signal });
        } catch (error) {
          // Only domain errors speak to the caller; a driver error's `code` is a SQLSTATE and its message PostgreSQL's text.
          if (error instanceof AppError) onEvent({ type: 'error', code: error.code, message: error.message });
          else {
            c.get('logger').error('chat turn failed', { error });
            onEvent({ type: 'error', code: 'internal', message: 'internal error' });
          }
        }
        await writing;
      });
    },
  );

  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/chat/threads',
      tags: ['agent'],
      summary: 'The caller’s chat threads, most recent first',
      access: CHAT_ROLES,
      response: z.object({ threads: z.array(threadSchema) }),
      responseDescription: 'Threads',
    },
    async (c) => {
      const principal = getPrincipal(c);
      const threads = await listThreads(deps.db, principal.tenantId, principal.userId);
      return {
        threads: threads.map((thread) => ({
          id: thread.id,
          title: thread.title,
          createdAt: thread.createdAt.toISOString(),
          updatedAt: thread.updatedAt.toISOString(),
        })),
      };
    },
  );

  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/chat/threads/{threadId}',
      tags: ['agent'],
      summary: 'One of the caller’s threads with its turns and the actions it proposed',
      description:
        'Turns oldest first, including `event` turns the system wrote when a proposal of the thread was approved, rejected, edited, ' +
        'expired, executed, confirmed or failed downstream. `proposals`: each action the thread proposed at its latest revision, with its current status.',
      access: CHAT_ROLES,
      params: z.object({ threadId: z.string().min(1).max(100) }),
      response: threadSchema.extend({ messages: z.array(threadMessageSchema), proposals: z.array(threadProposalSchema) }),
      responseDescription: 'The thread, its turns and its proposals',
      errors: [404],
    },
    async (c, { params }) => {
      const principal = getPrincipal(c);
      const { thread, messages, proposals } = await getThreadView(deps.db, principal, params.threadId);
      return {
        id: thread.id,
        title: thread.title,
        createdAt: thread.createdAt.toISOString(),
        updatedAt: thread.updatedAt.toISOString(),
        messages: messages.map((message) => ({
          role: message.role,
          content: message.content,
          runId: message.runId,
          proposalId: message.proposalId,
          data: message.data,
          createdAt: message.createdAt.toISOString(),
        })),
        proposals: proposals.map((proposal) => ({ ...proposal, updatedAt: proposal.updatedAt.toISOString() })),
      };
    },
  );
}
