import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineChatModel } from '../../agent/models/offline/offline-chat-model.ts';
import { sampleData } from '../../agent/testing/fixtures.ts';
import { createScriptedToolbox } from '../../agent/testing/scripted-toolbox.ts';
import type { Database } from '../../core/db/database.ts';
import { createApiKey } from '../../core/identity/api-keys.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { createTenant } from '../../core/tenants/tenants.ts';
import { identify } from '../auth/identify.ts';
import type { AppEnv } from '../context.ts';
import { errorResponse } from '../errors.ts';
import { createApiRouter } from '../api/openapi.ts';
import { createLogger } from '../logging/logger.ts';
import { registerChatRoutes } from './chat.ts';
import { registerRunRoutes } from './runs.ts';

let db: Database;
let app: Hono<AppEnv>;
const keys: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDb();
  const a = await createTenant(db, { slug: 'tenant-a', name: 'Tenant A' });
  const b = await createTenant(db, { slug: 'tenant-b', name: 'Tenant B' });
  keys.rep = (await createApiKey(db, { tenantId: a.id, roles: ['rep'], userName: 'rita' })).key;
  keys.rep2 = (await createApiKey(db, { tenantId: a.id, roles: ['rep'], userName: 'ralf' })).key;
  keys.evaluator = (await createApiKey(db, { tenantId: a.id, roles: ['evaluator'], userName: 'eve' })).key;
  keys.otherRep = (await createApiKey(db, { tenantId: b.id, roles: ['rep'], userName: 'bea' })).key;
  app = new Hono<AppEnv>();
  app.onError((error, c) => errorResponse(c, error));
  app.use('*', identify(db));
  app.use('*', async (c, next) => {
    c.set('logger', createLogger({ level: 'silent' }));
    await next();
  });
  const api = createApiRouter();
  registerChatRoutes(api, {
    db,
    model: { id: 'offline', model: new OfflineChatModel() },
    toolboxFor: () => createScriptedToolbox(sampleData()),
  });
  registerRunRoutes(api, { db });
  app.route('/', api);
});
afterAll(async () => {
  await db.close();
});

const post = (body: unknown, key?: string, accept = 'text/event-stream') =>
  app.request('http://localhost/v1/chat', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: accept, ...(key ? { Authorization: `Bearer ${keys[key]}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const get = (path: string, key: string) => app.request(`http://localhost${path}`, { headers: { Authorization: `Bearer ${keys[key]}` } });

async function readEvents(response: Response): Promise<Array<{ event: string; data: any }>> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) };
    });
}

describe('POST /v1/chat', () => {
  it('requires authentication', async () => {
    const response = await post({ message: 'hi' });
    expect(response.status).toBe(401);
  });

  it('rejects a bad body with a 400 naming the field', async () => {
    const response = await post({ message: '' }, 'rep');
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/message/);
    expect((await post('not json', 'rep')).status).toBe(400);
  });

  it('streams typed events and keeps the thread for the next turn', async () => {
    const response = await post({ message: 'what is the status of order SO-10482?' }, 'rep');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toContain('text/event-stream');
    const events = await readEvents(response);
    const names = events.map((event) => event.event);
    expect(names).toContain('tool_call');
    expect(names).toContain('tool_result');
    expect(names).toContain('token');
    expect(names).toContain('citation');
    expect(names.at(-1)).toBe('done');
    expect(events.find((event) => event.event === 'tool_call')!.data).toMatchObject({
      name: 'get_order',
      args: { orderNumber: 'SO-10482' },
    });
    expect(events.find((event) => event.event === 'citation')!.data).toMatchObject({ ref: 'tool:get_order:SO-10482' });
    const done = events.at(-1)!.data;
    const answer = events
      .filter((event) => event.event === 'token')
      .map((event) => event.data.text)
      .join('');
    expect(answer.trim()).toBe(done.answer);

    const next = await readEvents(await post({ message: 'and its shipment?', threadId: done.threadId }, 'rep'));
    expect(next.filter((event) => event.event === 'tool_call').map((event) => event.data)).toContainEqual(
      expect.objectContaining({ name: 'get_shipment', args: { orderNumber: 'SO-10482' } }),
    );
    expect(next.at(-1)!.data.threadId).toBe(done.threadId);

    const thread = await (await get(`/v1/chat/threads/${done.threadId}`, 'rep')).json();
    expect(thread.messages.map((message: { role: string }) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(thread.proposals).toEqual([]); // read-only questions propose nothing
    expect((await get(`/v1/chat/threads/${done.threadId}`, 'rep2')).status).toBe(404);
    expect((await post({ message: 'hi', threadId: done.threadId }, 'rep2')).status).toBe(404);
    expect((await post({ message: 'hi', threadId: done.threadId }, 'otherRep')).status).toBe(404);

    const run = await get(`/v1/runs/${done.runId}`, 'rep');
    expect(run.status).toBe(200);
    expect(await run.json()).toMatchObject({ id: done.runId, kind: 'chat', threadId: done.threadId, format: 'ops-copilot.run/v1' });
    expect((await get(`/v1/runs/${done.runId}`, 'rep2')).status).toBe(404);
    expect((await get(`/v1/runs/${done.runId}`, 'evaluator')).status).toBe(200);
    expect((await get(`/v1/runs/${done.runId}`, 'otherRep')).status).toBe(404);
    const listed = await (await get('/v1/runs?kind=chat', 'evaluator')).json();
    expect(listed.runs.map((summary: { id: string }) => summary.id)).toContain(done.runId);
  });

  it('answers with one JSON document when asked for JSON', async () => {
    const response = await post({ message: 'please refund $40 on order SO-10482' }, 'rep', 'application/json');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.status).toBe('completed');
    expect(body.proposals).toEqual([expect.objectContaining({ tool: 'issue_refund', status: 'pending_approval' })]);
    expect(body.answer).toMatch(/not executed/i);
  });

  it('emits a proposal event for a write the gate routes to approval', async () => {
    const events = await readEvents(await post({ message: 'please refund $12 on order SO-10482' }, 'rep'));
    expect(events.find((event) => event.event === 'proposal')!.data).toMatchObject({
      tool: 'issue_refund',
      status: 'pending_approval',
      decision: 'require_approval',
    });
  });
});

describe('POST /v1/chat when the turn fails inside', () => {
  // A driver error as node-postgres and PGlite raise it: a SQLSTATE in `code` and PostgreSQL's own words.
  const databaseError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021', severity: 'ERROR' });
  let failing: Hono<AppEnv>;

  beforeAll(() => {
    failing = new Hono<AppEnv>();
    failing.onError((error, c) => errorResponse(c, error));
    failing.use('*', identify(db));
    failing.use('*', async (c, next) => {
      c.set('logger', createLogger({ level: 'silent' }));
      await next();
    });
    const api = createApiRouter();
    registerChatRoutes(api, {
      db,
      model: { id: 'offline', model: new OfflineChatModel() },
      toolboxFor: () => {
        throw databaseError;
      },
    });
    failing.route('/', api);
  });

  const send = (accept: string) =>
    failing.request('http://localhost/v1/chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: accept, Authorization: `Bearer ${keys.rep2}` },
      body: JSON.stringify({ message: 'where is order SO-10482?' }),
    });
  const threadsOfRalf = async () => (await (await get('/v1/chat/threads', 'rep2')).json()).threads.length;

  it('never shows database text, and leaves no empty thread behind', async () => {
    const before = await threadsOfRalf();
    const events = await readEvents(await send('text/event-stream'));
    const error = events.find((event) => event.event === 'error');
    expect(error?.data).toEqual({ code: 'internal', message: 'internal error' });
    expect(JSON.stringify(events)).not.toContain('byte sequence');

    const json = await send('application/json');
    expect(json.status).toBe(500);
    expect(await json.text()).not.toContain('byte sequence');
    expect(await threadsOfRalf()).toBe(before);
  });
});
